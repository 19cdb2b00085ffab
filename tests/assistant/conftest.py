import pytest

from onestop.assistant import index_store


@pytest.fixture(autouse=True)
def _fresh_index():
    # The in-process index must not outlive a test whose rows were rolled back.
    index_store.forget()
    yield
    index_store.forget()
