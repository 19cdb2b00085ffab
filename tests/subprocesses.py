"""Helpers for tests that start processes of their own (the browser tests' server, task workers)."""

from django.conf import settings


def database_url() -> str:
    """The test database as a DATABASE_URL, for the processes the tests start (server, workers)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
