# onestop: `make run` starts the platform on SQLite with demo data; `make test` runs the whole suite on PostgreSQL.
PYTHON ?= python3
VENV := .venv
PORT ?= 8000
export PORT

.PHONY: run test test-sqlite setup setup-test assets bench clean name-eval route-eval qa-eval messages

run: setup assets
	./scripts/run.sh

test: setup-test assets
	./scripts/test.sh

# The suite on SQLite, without PostgreSQL (quicker local runs).
test-sqlite: setup-test assets
	ONESTOP_TEST_DB=sqlite ./scripts/test.sh

setup: $(VENV)/.base-installed
setup-test: $(VENV)/.test-installed

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

$(VENV)/.base-installed: requirements/base.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install -q -r requirements/base.txt
	touch $@

$(VENV)/.test-installed: requirements/base.txt requirements/test.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install -q -r requirements/test.txt
	touch $(VENV)/.base-installed $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Only the built files that pages load are served (see STATICFILES_DIRS in onestop/settings.py).
assets: node_modules/.installed
	mkdir -p var/vendor/htmx var/vendor/echarts var/vendor/leaflet
	cp node_modules/htmx.org/dist/htmx.min.js var/vendor/htmx/
	cp node_modules/echarts/dist/echarts.min.js var/vendor/echarts/
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images var/vendor/leaflet/

# Company name self-declaration: checks each JSONL case against its own register, one JSON line out
# per case; the accuracy over cases with "expected" goes to stderr (see docs/business-names.md).
CASES ?= onestop/business/eval/cases.jsonl
name-eval:
	@$(MAKE) --no-print-directory -s setup >&2
	@$(VENV)/bin/python -m onestop.business.names.evaluate $(CASES)

# Complaint routing: one JSON line {"id","category","department"} per message of a JSONL file of
# {"id","title","text"}; first-level accuracy to stderr when lines carry "category" (docs/complaints-routing.md).
MESSAGES ?= onestop/complaints/eval/test.jsonl
route-eval:
	@$(MAKE) --no-print-directory -s setup >&2
	@$(VENV)/bin/python -m onestop.complaints.evaluate $(MESSAGES)

bench: setup-test assets
	./scripts/bench.sh

clean:
	rm -rf $(VENV) node_modules var db.sqlite3

# Q&A assistant: builds an in-memory index from the KB file alone (no database), one JSON line out
# per question with its top-10 KB ids; top-1/top-5 accuracy over lines with "answer_id" to stderr
# (see docs/assistant.md).
KB ?= onestop/assistant/eval/kb.jsonl
QUERIES ?= onestop/assistant/eval/questions.jsonl
qa-eval:
	@$(MAKE) --no-print-directory -s setup >&2
	@$(VENV)/bin/python -m onestop.assistant.evaluate $(KB) $(QUERIES)

# The English catalogue: msgids are the Chinese text of templates and Python; after changing UI text,
# run this, translate the new entries in onestop/locale/en/LC_MESSAGES/django.po (docs/i18n.md).
messages: setup
	ONESTOP_DEV=1 $(VENV)/bin/python manage.py makemessages -l en --no-obsolete \
	  --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'simulators/*'
