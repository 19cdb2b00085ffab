#!/usr/bin/env bash
# Starts the platform on SQLite with the Doumen demo data: migrations, static files, demo data,
# then every process in Procfile.dev (Ctrl-C stops them all).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
# WeasyPrint (certificate PDFs) needs pango and CJK fonts from Debian.
ensure_debian_packages fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext
export ONESTOP_DEV="${ONESTOP_DEV:-1}"
export PORT="${PORT:-8000}"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$PWD/db.sqlite3}"
PY=.venv/bin/python
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
# The English catalogue (.po in the repository, .mo compiled here; gettext's msgfmt does it).
$PY manage.py compilemessages --ignore '.venv' --ignore 'node_modules' -v0
$PY manage.py load_demo
# The Q&A index: encodes only entries that are new or changed since the last run (a minute or two the
# first time). It runs beside the server: until it is done, the assistant answers from BM25 alone.
mkdir -p var
$PY manage.py build_assistant_index > var/assistant-index.log 2>&1 &
echo "onestop: http://127.0.0.1:${PORT}/  (admin: http://127.0.0.1:${PORT}/admin/, API: http://127.0.0.1:${PORT}/api/docs)"
exec .venv/bin/honcho --no-prefix -f Procfile.dev start
