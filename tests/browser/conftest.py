import pytest
from django.core.management import call_command


@pytest.fixture
def site(transactional_db, live_server):
    """The seeded wiki, served to a browser."""
    call_command("load_seed", verbosity=0)
    return live_server.url
