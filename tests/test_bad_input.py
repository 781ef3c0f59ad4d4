"""
No input makes the site fail: every URL pattern, the admin's included, is
sent values that have broken it (NUL bytes, control characters, numbers past
any column's range, negative numbers, very long text), in its path, its query
string and a posted form, by an editor and by a visitor. Each must get a
normal page or a 4xx, never a 5xx.
"""

import re
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from characters.models import Character
from talk.services import start_thread
from tests.factories import make_user
from wiki.models import Revision

NASTY = [
    "a\x00b",  # a NUL inside text, where forms and URLs refuse it
    "99999999999999999999",
    "-1",
    "\x1b[31mred\x08\x0b\x0c",
    "x" * 3000,
    "99999999999999999999:S1E1",
]
PARAMS = [
    "q", "page", "kind", "user", "progress", "series", "season", "show",
    "letter", "next", "redirectedfrom", "title", "from", "to", "hideminor",
    "job", "person", "character", "o", "p", "e", "all", "_changelist_filters",
    "reply",
]  # fmt: skip
FIELDS = [
    *PARAMS, "body", "summary", "base_revision", "is_minor", "preview_as",
    "categories", "sources", "username", "password", "password1", "password2",
    "email", "website", "position", "revision", "protected", "alt_text",
    "caption", "credit", "number", "number_overall", "runtime", "synopsis",
    "release_date", "description", "aliases", "status", "affiliations",
    "short_bio", "action", "_selected_action", "slug", "target", "file",
    "reply_to", "reason", "other", "note", "inverse", "revealed_in",
]  # fmt: skip


def _admin_lookups():
    """The admin's list filters and date drill-downs, as query parameters."""
    names = set()
    for model_admin in admin.site._registry.values():
        if model_admin.date_hierarchy:
            field = model_admin.date_hierarchy
            names |= {f"{field}__year", f"{field}__month", f"{field}__day"}
        for entry in model_admin.list_filter:
            if isinstance(entry, str):
                names |= {f"{entry}__exact", f"{entry}__id__exact", entry}
    return sorted(names)


# The admin's views a visitor reaches; the others only redirect to log in.
VISITORS_ADMIN = ("admin/login/", "admin/logout/", "admin/password_change")
PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _routes():
    """Every route of the site as text, its placeholders named."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return sorted(set(walk(get_resolver().url_patterns, "")))


def _fill(route, values):
    return "/" + PLACEHOLDER.sub(
        lambda m: quote(values.get(m[1] or m[2], "x"), safe=""), route
    )


@pytest.fixture
def samples(seeded):
    """Real values for each kind of placeholder, so that a route's view runs
    and meets the bad value in its query string or form."""
    revision = Revision.objects.filter(page__slug="kilgrave").first()
    comment = start_thread(
        author=make_user(username="talker"),
        title="Topic",
        body="A comment.",
        page=revision.page,
    )
    return {
        "slug": "kilgrave",
        "number": str(revision.number),
        "username": "editor",
        "object_id": str(Character.objects.get(slug="kilgrave").pk),
        "app_label": "characters",
        "section": "pages",
        "path": "nothing.png",
        "url": "",
        "season": "1",
        "uidb64": "MQ",
        "token": "set-password",
        "thread_id": str(comment.thread_id),
        "comment_id": str(comment.pk),
    }


def _editor():
    user = make_user(username="editor", role="Editors")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def _requests(route, samples, bad):
    """A route's view met with the bad value: in its query string, in its
    address, in a posted form."""
    params = dict.fromkeys(PARAMS, bad)
    if route.startswith("admin/"):
        params |= dict.fromkeys(_admin_lookups(), bad)
    yield "GET", _fill(route, samples), params
    yield "GET", _fill(route, dict.fromkeys(samples, bad)), {}
    yield "POST", _fill(route, samples), dict.fromkeys(FIELDS, bad)


# One test a value, so that the processes running the suite share the work.
@pytest.mark.parametrize("bad", NASTY, ids=range(len(NASTY)))
def test_no_input_makes_any_page_fail(samples, bad):
    # As sent from the wiki's own pages, so that views checking where a form
    # came from go on to read it.
    origin = {"Origin": "http://testserver"}
    failures = []
    editor = _editor()
    for who in ("visitor", "editor"):
        client = Client(raise_request_exception=False)
        for route in _routes():
            if (
                who == "visitor"
                and route.startswith("admin/")
                and not route.startswith(VISITORS_ADMIN)
            ):
                continue  # every other admin view sends a visitor to log in
            for method, path, data in _requests(route, samples, bad):
                send = client.get if method == "GET" else client.post
                # Each request on its own: a database error must not leave the
                # next one a broken transaction (PostgreSQL).
                with transaction.atomic():
                    if who == "editor" and "_auth_user_id" not in client.session:
                        client.force_login(editor)  # again: a route logged out
                    response = send(path, data, headers=origin)
                    transaction.set_rollback(True)
                if response.status_code >= 500:
                    failures.append(f"{who} {method} {path[:80]!r}")
                if who == "editor" and route.startswith("admin/"):
                    # The sweep must reach the admin's views, not its log-in.
                    assert "/admin/login/" not in response.get("Location", ""), path
    assert failures == [], "\n".join(failures)
