"""
No input makes the site fail: every URL pattern, the admin's included, is
sent values that have broken it (NUL bytes, control characters, numbers past
any column's range, negative numbers, very long text), in its path, its query
string and a posted form, by an editor and by a visitor. Each must get a
normal page or a 4xx, never a 5xx.

The sweep runs on a small wiki made by factories, not the seed: each route
gets a page of its own kind (a series' routes a series, the admin's change
views a row of their model), so that its view runs and meets the values.
"""

import re
from datetime import date
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from characters.models import Relation
from community.models import Notification, Preferences, Watch
from multimedia.models import Video
from multimedia.services import add_to_gallery
from talk.services import start_thread
from tests.factories import (
    make_article,
    make_cast_credit,
    make_character,
    make_crew_credit,
    make_episode,
    make_person,
    make_season,
    make_series,
    make_user,
)
from tests.locations.models import Location
from tests.multimedia.images import make_image
from wiki import storytime
from wiki.models import Block, LinkRule, Redirect
from wiki.services import record_revision

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
ADMIN_MODEL = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/<path:object_id>/")
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
def editor(db):
    user = make_user(username="editor", role="Editors")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def samples(editor):
    """A small wiki with a page of every kind and a row of each of the
    admin's models, so that each route's view finds its object and meets
    the bad value in its query string or form."""
    series = make_series(title="Marvel's Jessica Jones", is_featured=True)
    season = make_season(series=series, release_date=date(2015, 11, 20))
    episode = make_episode(season=season, title="AKA Ladies Night")
    kilgrave = make_character(
        title="Kilgrave",
        slug="kilgrave",
        series=series,
        body="He controls minds.\n\n::: S1E13\nHe dies.\n:::",
        status="Alive\nS1E13: Deceased",
        aliases="Purple Man",
        revealed_in=storytime.position(1, 1),
    )
    jessica = make_character(title="Jessica Jones", series=series)
    Relation.objects.create(subject=kilgrave, kind=Relation.Kind.MOTHER, other=jessica)
    person = make_person(title="David Tennant")
    cast = make_cast_credit(person=person, character=kilgrave, episode=episode)
    make_crew_credit(person=person, episode=episode)
    article = make_article(
        title="Alias Investigations", body="[[Kilgrave]]\n\n[[Category:Places]]"
    )
    Redirect.objects.create(slug="purple-man", title="Purple Man", target=kilgrave)
    image = make_image(title="Office")
    Video.objects.create(page=episode, title="Trailer")
    place = Location.objects.create(title="Hell's Kitchen", slug="hells-kitchen")
    for page in (series, season, episode, kilgrave, jessica, person, article, place):
        record_revision(page=page, summary="Created")
    add_to_gallery(page=kilgrave, image=image, caption="At work", author=None)
    revision = kilgrave.revisions.order_by("number").first()
    Watch.objects.create(user=editor, page=kilgrave)
    Notification.objects.create(
        recipient=editor, kind=Notification.Kind.WATCHED, page=kilgrave, url="/"
    )
    Preferences.objects.get_or_create(user=editor)
    comment = start_thread(
        author=make_user(username="talker"),
        title="Topic",
        body="A comment.",
        page=kilgrave,
    )
    block = Block.objects.create(user=make_user(username="vandal"), reason="Spam")
    rule = LinkRule.objects.create(pattern="spam.example", reason="Spam")
    return {
        "slug": "kilgrave",
        "number": str(revision.number),
        "username": "editor",
        "object_id": str(kilgrave.pk),
        "app_label": "characters",
        "section": "pages",
        "path": "nothing.png",
        "url": "",
        "season": "1",
        "uidb64": "MQ",
        "token": "set-password",
        "thread_id": str(comment.thread_id),
        "comment_id": str(comment.pk),
        "kind": "character",
        "what": "cast",
        "pk": str(cast.pk),
        "block_id": str(block.pk),
        "rule_id": str(rule.pk),
        "revision_id": str(revision.pk),
        # Each kind's routes are given a page of that kind.
        "slugs": {
            "series/": series.slug,
            "api/series/": series.slug,
            "seasons/": season.slug,
            "api/seasons/": season.slug,
            "episodes/": episode.slug,
            "api/episodes/": episode.slug,
            "people/": person.slug,
            "api/people/": person.slug,
            "files/": image.slug,
            "categories/": "places",
            "locations/": place.slug,
        },
    }


def _values(route, samples):
    """The sample values for a route's placeholders: a page of the route's
    kind, and in the admin a row of the route's model."""
    values = {k: v for k, v in samples.items() if k != "slugs"}
    for prefix, slug in samples["slugs"].items():
        if route.startswith(prefix):
            values["slug"] = slug
    if match := ADMIN_MODEL.match(route):
        model = apps.get_model(match["app"], match["model"])
        row = model._default_manager.order_by("pk").first()
        values["object_id"] = str(row.pk) if row else values["object_id"]
    return values


def _requests(route, samples, bad):
    """A route's view met with the bad value: in its query string, in its
    address, in a posted form."""
    params = dict.fromkeys(PARAMS, bad)
    if route.startswith("admin/"):
        params |= dict.fromkeys(_admin_lookups(), bad)
    values = _values(route, samples)
    yield "GET", _fill(route, values), params
    if PLACEHOLDER.search(route):  # else the address has no place for it
        yield "GET", _fill(route, dict.fromkeys(values, bad)), {}
    yield "POST", _fill(route, values), dict.fromkeys(FIELDS, bad)


# One test a value, so that the processes running the suite share the work.
@pytest.mark.parametrize("bad", NASTY, ids=range(len(NASTY)))
def test_no_input_makes_any_page_fail(samples, editor, bad):
    # As sent from the wiki's own pages, so that views checking where a form
    # came from go on to read it.
    origin = {"Origin": "http://testserver"}
    failures = []
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
