# Two commands for a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := data/sample-disclosure.txt
OUT := out

.PHONY: demo test install install-test browsers virtuoso jena reasoner clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q .

install-test: $(BIN)/python
	$(BIN)/pip install -q ".[test]"

demo: install
	@mkdir -p $(OUT)
	$(BIN)/budgetkg build $(SAMPLE) -o $(OUT)/sample.ttl --summary
	$(BIN)/budgetkg build $(SAMPLE) -o $(OUT)/sample.trig
	$(BIN)/budgetkg query projects --data $(OUT)/sample.ttl --format table

# Debian's Chromium for tests/test_browser.py (started by the test, headless); a no-op when present.
browsers:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "budgetkg: could not install Debian's chromium; the browser tests will be skipped"

# Debian's Virtuoso 7 server and client (virtuoso-t, isql-vt) for tests/test_queries_virtuoso.py,
# which starts it on 127.0.0.1 with a throw-away database; only the binaries, no system service.
virtuoso:
	@command -v virtuoso-t >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin >/dev/null) \
		|| echo "budgetkg: could not install Debian's virtuoso-opensource-7-bin; the Virtuoso tests will be skipped"

# Java for HermiT (bundled with owlready2) in tests/test_ontology_reasoner.py; a no-op when present.
reasoner:
	@command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null) \
		|| echo "budgetkg: could not install Java; the reasoner tests will be skipped"

# Debian's Jena (ARQ, TDB2) for tests/test_queries_jena.py, which runs it on the local Java.
jena:
	@test -e /usr/share/java/jena-arq.jar || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libapache-jena-java >/dev/null) \
		|| echo "budgetkg: could not install Debian's libapache-jena-java; the Jena tests will be skipped"

test: install-test browsers virtuoso jena reasoner
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(OUT) build dist
