import pytest
from django.core.exceptions import ValidationError

from episodes.models import Episode
from tests.factories import make_episode, make_revised_page, make_user
from wiki import services
from wiki.models import Page, Redirect, Revision

pytestmark = pytest.mark.django_db


def _edit(page, author, base=None, **changes):
    page.refresh_from_db()
    data = services.snapshot(services.typed(page)) | changes
    return services.revise_page(
        page=page,
        author=author,
        changes=data,
        base_revision=base or page.current_revision,
        summary="test",
    )


def test_an_edit_appends_a_revision_and_moves_the_page_to_it():
    page = make_revised_page()
    user = make_user()

    revision = _edit(page, user, body="Second text.")

    page.refresh_from_db()
    assert revision.number == 2
    assert revision.parent.number == 1
    assert revision.author == user
    assert page.current_revision == revision
    assert page.body == "Second text."
    assert revision.data["body"] == "Second text."


def test_an_edit_that_changes_nothing_makes_no_revision():
    page = make_revised_page()

    assert _edit(page, make_user()) is None
    assert page.revisions.count() == 1


def test_revisions_are_append_only():
    revision = make_revised_page().current_revision
    revision.summary = "rewritten"

    with pytest.raises(ValueError, match="append-only"):
        revision.save()


def test_edits_to_different_fields_merge():
    episode = make_episode(synopsis="Old synopsis.", runtime=50)
    services.record_revision(page=episode)
    base = Episode.objects.get().current_revision
    alice, bob = make_user(username="alice"), make_user(username="bob")

    _edit(episode, alice, base=base, runtime=53)
    _edit(episode, bob, base=base, synopsis="New synopsis.")

    episode.refresh_from_db()
    assert episode.runtime == 53
    assert episode.synopsis == "New synopsis."
    assert episode.revisions.count() == 3


def test_edits_to_the_same_field_conflict_and_change_nothing():
    page = make_revised_page()
    base = page.current_revision
    _edit(page, make_user(username="alice"), base=base, body="Alice's text.")

    with pytest.raises(services.EditConflict) as conflict:
        _edit(page, make_user(username="bob"), base=base, body="Bob's text.")

    assert conflict.value.fields == ["body"]
    assert conflict.value.current.number == 2
    page.refresh_from_db()
    assert page.body == "Alice's text."
    assert page.revisions.count() == 2


def test_saving_the_same_edit_twice_makes_one_revision():
    page = make_revised_page()
    base = page.current_revision
    user = make_user()

    first = _edit(page, user, base=base, body="Once.")
    second = _edit(page, user, base=base, body="Once.")

    assert first is not None and second is None
    assert page.revisions.count() == 2


def test_renaming_leaves_a_redirect_and_renaming_back_removes_it():
    page = make_revised_page(title="Alias Investigations", slug="alias-investigations")
    user = make_user()

    _edit(page, user, title="Alias Investigations Agency")

    page.refresh_from_db()
    assert page.slug == "alias-investigations-agency"
    assert page.current_revision.action == Revision.Action.RENAME
    assert Redirect.objects.get(slug="alias-investigations").target_id == page.pk

    _edit(page, user, title="Alias Investigations")

    page.refresh_from_db()
    assert page.slug == "alias-investigations"
    assert list(Redirect.objects.values_list("slug", flat=True)) == [
        "alias-investigations-agency"
    ]


def test_a_rename_onto_another_pages_title_is_refused():
    make_revised_page(title="IGH", slug="igh")
    page = make_revised_page(title="Alias Investigations")

    with pytest.raises(ValidationError) as error:
        _edit(page, make_user(), title="IGH")

    assert "title" in error.value.message_dict
    assert Page.objects.get(pk=page.pk).title == "Alias Investigations"


def test_restore_brings_back_structured_fields_and_the_body():
    episode = make_episode(title="AKA Sin Bin", runtime=50, synopsis="First.")
    services.record_revision(page=episode)
    user = make_user()
    _edit(episode, user, runtime=60, synopsis="Vandalised.", body="Spam")
    old = episode.revisions.get(number=1)

    episode.refresh_from_db()
    revision = services.restore_revision(
        page=episode,
        revision=old,
        author=user,
        base_revision=episode.current_revision,
    )

    episode.refresh_from_db()
    assert (episode.runtime, episode.synopsis, episode.body) == (50, "First.", "")
    assert revision.number == 3
    assert revision.action == Revision.Action.RESTORE


def test_rollback_undoes_the_last_authors_consecutive_edits():
    page = make_revised_page(body="Good.")
    good, vandal = make_user(username="good"), make_user(username="vandal")
    _edit(page, good, body="Better.")
    _edit(page, vandal, body="Spam 1")
    _edit(page, vandal, body="Spam 2")
    page.refresh_from_db()

    services.rollback(
        page=page, author=make_user(username="ed"), expected=page.current_revision
    )

    page.refresh_from_db()
    assert page.body == "Better."
    assert page.current_revision.action == Revision.Action.ROLLBACK
    assert "vandal" in page.current_revision.summary


def test_a_stale_rollback_is_refused():
    page = make_revised_page(body="Good.")
    vandal = make_user(username="vandal")
    _edit(page, vandal, body="Spam")
    page.refresh_from_db()
    stale = page.current_revision
    _edit(page, make_user(username="fixer"), body="Fixed by hand.")

    with pytest.raises(services.StaleRollback):
        services.rollback(page=page, author=make_user(username="ed"), expected=stale)

    page.refresh_from_db()
    assert page.body == "Fixed by hand."


def test_links_are_recorded_for_what_links_here():
    page = make_revised_page(body="See [[Kilgrave]] and [[IGH|the lab]].")

    assert set(page.outgoing_links.values_list("target_slug", flat=True)) == {
        "kilgrave",
        "igh",
    }

    _edit(page, make_user(), body="Only [[IGH]] now.")

    assert list(page.outgoing_links.values_list("target_slug", flat=True)) == ["igh"]


def test_a_failure_inside_a_save_leaves_no_revision(monkeypatch):
    page = make_revised_page()

    def broken(page):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "update_links", broken)
    with pytest.raises(RuntimeError):
        _edit(page, make_user(), body="Lost?")

    page.refresh_from_db()
    assert page.body == "First text."
    assert page.revisions.count() == 1
    assert page.current_revision.number == 1
