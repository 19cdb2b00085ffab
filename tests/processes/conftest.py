import secrets

import pytest

from onestop.processes import services

from . import handlers  # noqa: F401 - registers the test handlers


@pytest.fixture
def publish():
    """Publishes a definition under a fresh key and returns the key."""
    def make(steps, title="测试流程"):
        key = f"test-{secrets.token_hex(4)}"
        services.publish_definition(key, {"title": title, "steps": steps})
        return key

    return make
