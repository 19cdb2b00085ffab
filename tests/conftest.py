import pytest
from django.core.management import call_command

from onestop.certs.keys import forget_cached_keys

# The simulators of outside systems (population register, SMS gateway) for every test package.
pytest_plugins = ["tests.simulator_fixtures"]

@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the full demo catalogue (1,138 items), loaded once per run."""
    with django_db_blocker.unblock():
        call_command("load_demo", "--force", verbosity=0)

@pytest.fixture(autouse=True)
def _forget_cached_signing_keys():
    # Keys a test made inside its rolled-back transaction must not outlive it in process caches.
    yield

    forget_cached_keys()
