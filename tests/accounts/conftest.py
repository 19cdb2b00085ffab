import secrets

import pytest


@pytest.fixture
def mobile() -> str:
    """A mobile number no demo person has (demo numbers are 1380000…, 1590000…, 1860000…)."""
    return f"137{secrets.randbelow(10**8):08d}"
