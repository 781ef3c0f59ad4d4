import pytest

from tests import snapshots


@pytest.fixture
def site(transactional_db, seed_snapshot, live_server):
    """The seeded wiki, served to a browser: the seed's rows copied in (the
    command ran once for the whole process), as for `seeded`."""
    snapshots.restore(seed_snapshot)
    return live_server.url
