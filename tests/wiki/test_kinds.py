"""The registry of kinds: what it refuses, so that an app plugging in wrong
is told at once rather than silently ignored."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core import checks

from episodes.admin import SeasonAdmin
from episodes.models import Episode, Season
from tests.factories import make_user
from wiki import kinds


@pytest.fixture
def extensions(monkeypatch):
    """Extensions added by a test are gone after it."""
    monkeypatch.setattr(kinds, "_extensions", list(kinds._extensions))


def test_extending_a_kind_nobody_registers_fails_the_checks(db, extensions):
    kinds.extend("epsiode", context=lambda request, page, context: {})

    # On the primary only: the replica's alias in the test settings mirrors it.
    found = checks.run_checks(databases=["default"])
    errors = [e for e in found if e.id.startswith("wiki.")]

    assert [e.id for e in errors] == ["wiki.E001"]
    assert "'epsiode'" in errors[0].msg


def test_the_same_extension_added_twice_counts_once(extensions):
    def hook(request, page, context):
        return {}

    kinds.extend("episode", context=hook)
    kinds.extend("episode", context=hook)

    assert sum(ext.context is hook for ext in kinds.get("episode").extensions) == 1


def test_an_extension_may_not_replace_what_the_view_read(extensions, rf):
    kinds.extend("article", context=lambda request, page, context: {"page": None})

    with pytest.raises(ValueError, match="would replace {'page'}"):
        kinds.get("article").details(rf.get("/"), page=None, context={"page": 1})


def test_a_page_admin_that_sets_actions_fails_the_checks():
    class Careless(SeasonAdmin):
        actions = ["delete_selected"]

    errors = Careless(Season, admin.site).check()

    assert "wiki.E002" in [e.id for e in errors]


def test_an_inline_of_pages_saved_without_their_revisions_fails_the_checks():
    class BareEpisodes(admin.TabularInline):
        model = Episode
        fk_name = "season"

    class Careless(SeasonAdmin):
        inlines = [BareEpisodes]

    errors = Careless(Season, admin.site).check()

    assert "wiki.E003" in [e.id for e in errors]
    assert "wiki.E003" not in [e.id for e in SeasonAdmin(Season, admin.site).check()]


@pytest.mark.parametrize(
    ("rights", "allowed"),
    [({"add_season"}, False), ({"add_season", "change_season", "view_season"}, True)],
)
def test_an_admin_tool_shows_and_answers_only_where_allowed(
    client, db, rights, allowed
):
    staff = make_user(username="clerk", role=None)
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(codename__in=rights))
    client.force_login(staff)

    tool = client.get("/admin/episodes/season/import/")
    changelist = client.get("/admin/episodes/season/").text

    assert tool.status_code == (200 if allowed else 403)
    assert ("Import a season file" in changelist) is allowed
