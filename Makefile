# The two commands a new user needs: `make run` (the main job on the bundled example) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	mkdir -p out
	$(BIN)/counterpoint compare examples/seed-pair/reports.jsonl --format html --out out/seed-pair.html
	$(BIN)/counterpoint compare examples/seed-pair/reports.jsonl --format json --out out/seed-pair.json
	$(BIN)/counterpoint compare examples/seed-pair/reports.jsonl
	@echo "wrote out/seed-pair.html and out/seed-pair.json"

test: install
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out build dist src/*.egg-info
