# Two commands for a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := data/sample-disclosure.txt
OUT := out

.PHONY: demo test install install-test clean

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

test: install-test
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(OUT) build dist
