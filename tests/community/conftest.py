import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import make_user


def run_queue():
    """The task worker, as `make run` starts it, until the queue is empty."""
    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, verbosity=0
    )


class StandIn:
    """A comment as the discussions app will send it with `comment_posted`:
    only what the community app reads of one."""

    def __init__(self, *, author, url="/talk/alias-investigations/#c1"):
        self.author = author
        self.url = url

    def get_absolute_url(self):
        return self.url


@pytest.fixture
def jess(client):
    user = make_user(username="jess")
    client.force_login(user)
    return user


@pytest.fixture
def other_client():
    return Client()
