# SmartStock: `make run` serves the product, `make test` runs every test.
# Both install what they need on a fresh machine and are quick when everything is in place.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NPM := npm --prefix frontend
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/tsconfig*.json frontend/package.json -type f 2>/dev/null)
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

.PHONY: run test install install-test frontend browser client check-client clean

run: install frontend
	$(BIN)/smartstock run

# pytest in two processes (pytest-xdist): each has its own databases; a test module runs whole on
# one of them, the browser tests together (see tests/conftest.py).
test: install-test frontend browser
	$(NPM) test
	$(BIN)/pytest -n 2 --dist loadscope

install: $(VENV)/.stamp-install
install-test: $(VENV)/.stamp-install-test
frontend: frontend/dist/index.html
browser: /usr/bin/chromium $(CJK_FONT)

$(VENV)/.stamp-install: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[deep]'
	touch $@

$(VENV)/.stamp-install-test: $(VENV)/.stamp-install pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,deep]'
	touch $@

frontend/node_modules/.package-lock.json: frontend/package-lock.json frontend/package.json
	$(NPM) ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	$(NPM) run build
	touch $@

# Debian's Chromium and the CJK fonts Korean text needs (the tests drive it with Playwright).
/usr/bin/chromium $(CJK_FONT):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk

# Regenerate the frontend's TypeScript client from the backend's OpenAPI document.
client: install frontend/node_modules/.package-lock.json
	$(BIN)/smartstock openapi frontend/openapi.json
	$(NPM) run gen:client

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
