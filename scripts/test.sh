#!/usr/bin/env bash
# Runs the whole test suite. By default on a throwaway PostgreSQL 15 server started from the
# machine's own packages; ONESTOP_TEST_DB=sqlite runs it on SQLite instead. Installs Debian's
# chromium and CJK fonts for the browser tests when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_debian_packages chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext
if [ "${ONESTOP_TEST_DB:-postgres}" = "sqlite" ]; then
  export DATABASE_URL="sqlite:///$PWD/var/test.sqlite3"
  # Each test runs in one transaction; IMMEDIATE would hold the write lock for the whole test and
  # block the browser tests' server. tests/core/test_sqlite_concurrency.py checks IMMEDIATE itself.
  export SQLITE_TRANSACTION_MODE=DEFERRED
else
  trap stop_postgres EXIT
  start_postgres
fi
export ONESTOP_DEV=1
.venv/bin/python manage.py collectstatic --noinput -v0
# The English catalogue (.po in the repository, .mo compiled here; gettext's msgfmt does it).
.venv/bin/python manage.py compilemessages --ignore '.venv' --ignore 'node_modules' -v0
.venv/bin/python -m pytest "$@"
