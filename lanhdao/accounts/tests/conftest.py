import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """The token endpoint's throttle counts in the cache: each test starts with none of another test's calls."""
    cache.clear()
    yield
    cache.clear()
