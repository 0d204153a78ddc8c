# Two commands for a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := data/sample-disclosure.txt
OUT := out

.PHONY: demo test install install-viz install-test browsers fonts graphviz virtuoso jena reasoner \
	system-packages clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q .

# the viz extra: matplotlib and squarify for `budgetkg chart`
install-viz: $(BIN)/python
	$(BIN)/pip install -q ".[viz]"

install-test: $(BIN)/python
	$(BIN)/pip install -q ".[test]"

demo: install install-viz fonts
	@mkdir -p $(OUT)
	$(BIN)/budgetkg build $(SAMPLE) -o $(OUT)/sample.ttl --summary
	$(BIN)/budgetkg build $(SAMPLE) -o $(OUT)/sample.trig
	$(BIN)/budgetkg query projects --data $(OUT)/sample.ttl --format table
	$(BIN)/budgetkg chart $(OUT)/sample.ttl --kind functions -o $(OUT)/functions.png
	$(BIN)/budgetkg site $(OUT)/sample.ttl -o $(OUT)/site
	$(BIN)/budgetkg export $(OUT)/sample.ttl -o $(OUT)/overview.html
	@echo "budgetkg: open in a browser or image viewer:"
	@echo "  chart       $(abspath $(OUT))/functions.png"
	@echo "  site        $(abspath $(OUT))/site/index.html"
	@echo "  graph view  $(abspath $(OUT))/overview.html"

# Debian packages the outputs need, each installed only when missing (a no-op otherwise), and
# never failing the build: without them the tests that need them skip or fail and say why.
# apt waits for a dpkg lock held by another apt run rather than giving up at once.
APT := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -qq
apt_install = ($(APT) install $(1) >/dev/null 2>&1 || (apt-get -o DPkg::Lock::Timeout=600 update -qq && $(APT) install $(1) >/dev/null)) \
	|| echo "budgetkg: could not install Debian's $(1); $(2)"

# Chromium for tests/test_browser.py (started by the test, headless).
browsers:
	@command -v chromium >/dev/null || $(call apt_install,chromium,the browser tests will be skipped)

# Noto CJK, so that PNG charts and browser screenshots draw Chinese rather than boxes; present
# when fontconfig knows a font for Chinese. Without one the PNG chart and pixel tests fail.
fonts:
	@fc-list :lang=zh family 2>/dev/null | grep -q . || $(call apt_install,fonts-noto-cjk,PNG charts will draw Chinese as boxes)

# Graphviz's dot for the DOT layout tests; without it they are skipped.
graphviz:
	@command -v dot >/dev/null || $(call apt_install,graphviz,the DOT layout tests will be skipped)

# Debian's Virtuoso 7 server and client (virtuoso-t, isql-vt) for tests/test_queries_virtuoso.py,
# which starts it on 127.0.0.1 with a throw-away database; only the binaries, no system service.
virtuoso:
	@command -v virtuoso-t >/dev/null || $(call apt_install,--no-install-recommends virtuoso-opensource-7-bin,the Virtuoso tests will be skipped)

# Java for HermiT (bundled with owlready2) in tests/test_ontology_reasoner.py.
reasoner:
	@command -v java >/dev/null || $(call apt_install,--no-install-recommends default-jre-headless,the reasoner tests will be skipped)

# Debian's Jena (ARQ, TDB2) for tests/test_queries_jena.py, which runs it on the local Java.
jena:
	@test -e /usr/share/java/jena-arq.jar || $(call apt_install,--no-install-recommends libapache-jena-java,the Jena tests will be skipped)

system-packages: browsers fonts graphviz virtuoso jena reasoner

test: install-test system-packages
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(OUT) build dist
