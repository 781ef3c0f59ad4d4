"""The log's record and the signal a saved revision sends."""

import logging

import pytest

from tests.factories import make_revised_page, make_user
from wiki import logs, services, signals
from wiki.models import LogEntry, Revision

pytestmark = pytest.mark.django_db


def test_a_log_entry_keeps_what_it_concerned_and_cannot_be_changed():
    page = make_revised_page(title="Alias Investigations")
    moderator = make_user(username="mod", role="Editors")

    entry = logs.record(
        logs.Action.PROTECT, actor=moderator, page=page, reason="vandalism " * 80
    )

    assert entry.page_title == "Alias Investigations"
    assert len(entry.reason) == 500
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    assert LogEntry.objects.get().actor == moderator


def test_a_saved_revision_is_announced_once_committed(commit):
    page = make_revised_page()
    heard = []

    def listener(sender, revision, **kwargs):
        heard.append(revision)

    signals.revision_recorded.connect(listener)
    try:
        with commit():
            revision = services.revise_page(
                page=page,
                author=make_user(),
                changes={"body": "Changed."},
                base_revision=page.current_revision,
            )
    finally:
        signals.revision_recorded.disconnect(listener)
    assert heard == [revision]


def test_a_failing_listener_is_logged_and_leaves_the_edit_saved(commit, caplog):
    page = make_revised_page()

    def broken(sender, revision, **kwargs):
        raise RuntimeError("listener broke")

    signals.revision_recorded.connect(broken)
    try:
        with caplog.at_level(logging.ERROR, logger="wiki.services"), commit():
            services.revise_page(
                page=page,
                author=make_user(),
                changes={"body": "Changed."},
                base_revision=page.current_revision,
            )
    finally:
        signals.revision_recorded.disconnect(broken)
    assert Revision.objects.filter(page=page).count() == 2
    assert "failed on revision" in caplog.text
