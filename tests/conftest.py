import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the full demo catalogue (1,135 items), loaded once per run."""
    with django_db_blocker.unblock():
        call_command("load_demo", "--force", verbosity=0)

