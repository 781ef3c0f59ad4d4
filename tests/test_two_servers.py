"""
Two app servers (gunicorn, production settings) sharing one PostgreSQL and one
Redis: an edit made through one is what the other serves at once, though it
had the page in its cache. SQLite's in-memory test database cannot be shared
with other processes, so this runs on PostgreSQL only (CI), saying so.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import connection

from tests.factories import make_revised_page, make_user

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the servers share the test database: PostgreSQL only (CI runs it)",
    ),
]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url():
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return (
        f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}"
    )


@pytest.fixture
def servers(tmp_path):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    redis_db = 10 + int(re.sub(r"\D", "", worker) or 0)
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "wiki.settings",
        "DATABASE_URL": _database_url(),
        "CACHE_URL": f"rediscache://127.0.0.1:6379/{redis_db}",
        "DEBUG": "False",
        "SECRET_KEY": "two-servers-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "-c", f"import redis; redis.Redis(db={redis_db}).flushdb()"],
        check=True,
    )
    processes, urls = [], []
    try:
        for _ in range(2):
            port = _free_port()
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "wiki.wsgi",
                        "--workers",
                        "1",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--log-level",
                        "warning",
                    ],
                    cwd=ROOT,
                    env=env,
                )  # fmt: skip
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            _wait_for(url)
        yield urls
    finally:
        # However the test ends, no server outlives it.
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for(url):
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/robots.txt")  # noqa: S310
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not start serving")


def _get(url, opener=None):
    response = (opener or urllib.request.build_opener()).open(url)
    return response.headers, response.read().decode()


def _logged_in(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _, html = _get(base + "/accounts/login/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    data = {"csrfmiddlewaretoken": token, "username": "jess"}
    data["password"] = "a-long-passphrase"
    opener.addheaders = [("Referer", base + "/accounts/login/")]
    opener.open(base + "/accounts/login/", urllib.parse.urlencode(data).encode())
    return opener


def test_an_edit_through_one_server_is_served_by_the_other_at_once(servers):
    one, other = servers
    page = make_revised_page(title="Hell's Kitchen", body="A neighbourhood.")
    # Tests that commit empty the tables between them, the roles the data
    # migration made included: give the right itself.
    user = make_user(username="jess", role=None)
    # The servers run the site's settings, which hash passwords the slow way.
    user.password = make_password("a-long-passphrase", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    user.user_permissions.add(Permission.objects.get(codename="edit_pages"))
    url = page.get_absolute_url()
    # The servers look at the content generation at most a second apart, as
    # the site's settings say: past that, they have seen the writes above, so
    # the two reads below fall in one generation however slow the machine.
    time.sleep(1.2)

    _get(other + url)
    headers, html = _get(other + url)
    assert headers["X-Page-Cache"] == "hit"
    assert "A neighbourhood." in html

    editor = _logged_in(one)
    _, form = _get(one + f"/wiki/{page.slug}/edit/", editor)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    fields = {
        "csrfmiddlewaretoken": token,
        "base_revision": re.search(r'name="base_revision" value="(\d+)"', form)[1],
        "title": page.title,
        "body": "A neighbourhood of Manhattan, west of Midtown.",
        "summary": "Where it is",
        "save": "1",
    }  # fmt: skip
    editor.addheaders = [("Referer", one + f"/wiki/{page.slug}/edit/")]
    editor.open(
        one + f"/wiki/{page.slug}/edit/", urllib.parse.urlencode(fields).encode()
    )

    headers, html = _get(other + url)
    assert "west of Midtown" in html
    assert headers["X-Page-Cache"] == "miss"
