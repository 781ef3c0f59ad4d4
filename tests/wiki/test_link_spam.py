"""The link blocklist: kept by editors on the site, checked when a newcomer
adds a link; and rel="nofollow ugc" on every external link of user text."""

import pytest

from tests.factories import make_article, make_revised_page, make_user
from tests.wiki.moderating import (
    THRESHOLD,
    edit,
    latest,
    make_established,
    make_newcomer,
)
from wiki import markup, services
from wiki.models import Article, LinkRule, LogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.WIKI_ESTABLISHED = THRESHOLD


@pytest.fixture
def editor():
    return make_user(username="eddie", role="Editors")


@pytest.fixture
def rules(editor):
    LinkRule.objects.create(pattern="casino.example", reason="Gambling spam")
    LinkRule.objects.create(
        pattern=r"free-?pills", is_regex=True, reason="Pharmacy spam"
    )


# Keeping the list ---------------------------------------------------------


def test_an_editor_adds_a_domain_and_it_is_logged(client, editor):
    client.force_login(editor)

    response = client.post(
        "/blocks/links/",
        {"pattern": "Casino.Example.", "reason": "Gambling spam"},
        follow=True,
    )

    rule = LinkRule.objects.get()
    assert rule.pattern == "casino.example" and not rule.is_regex
    assert rule.added_by == editor
    assert "casino.example</code>" in response.text
    entry = LogEntry.objects.get(action=LogEntry.Action.LINK_BLOCKLIST)
    assert (entry.actor, entry.target, entry.details["change"]) == (
        editor,
        "casino.example",
        "added",
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"pattern": "not a domain", "reason": "x"}, "tick “regular expression”"),
        (
            {"pattern": "(unclosed", "is_regex": "on", "reason": "x"},
            "Not a valid regular expression",
        ),
        ({"pattern": "spam.example", "reason": ""}, "This field is required"),
    ],
)
def test_bad_patterns_are_refused_with_the_form_kept(client, editor, data, error):
    client.force_login(editor)

    response = client.post("/blocks/links/", data)

    assert response.status_code == 400
    assert error in response.text
    assert not LinkRule.objects.exists()


def test_an_editor_removes_a_pattern_and_it_is_logged(client, editor, rules):
    client.force_login(editor)
    rule = LinkRule.objects.get(pattern="casino.example")

    client.post(f"/blocks/links/{rule.pk}/remove/")
    again = client.post(f"/blocks/links/{rule.pk}/remove/", follow=True)

    assert not LinkRule.objects.filter(pk=rule.pk).exists()
    assert "already off the blocklist" in again.text
    entry = LogEntry.objects.get(action=LogEntry.Action.LINK_BLOCKLIST)
    assert entry.details["change"] == "removed" and entry.target == "casino.example"


@pytest.mark.parametrize("role", [None, "Contributors"])
def test_others_may_not_see_or_change_the_list(client, rules, role):
    if role:
        client.force_login(make_user(username="c", role=role))
    rule = LinkRule.objects.first()

    seen = client.get("/blocks/links/")
    added = client.post("/blocks/links/", {"pattern": "a.example", "reason": "x"})
    removed = client.post(f"/blocks/links/{rule.pk}/remove/")

    assert seen.status_code == added.status_code == removed.status_code == 403
    assert LinkRule.objects.count() == 2
    assert not LogEntry.objects.exists()


def test_removing_refuses_get(client, editor, rules):
    client.force_login(editor)

    assert (
        client.get(f"/blocks/links/{LinkRule.objects.first().pk}/remove/").status_code
        == 405
    )


# Saves checked ------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Play at [the casino](https://www.casino.example/win).",
        "Bare https://casino.example/ in text.",
        'Raw <a href="http://CASINO.example">html</a>.',
        "Buy [pills](https://shop.example/free-pills).",
    ],
)
def test_a_newcomer_adding_a_blocked_link_is_refused_with_the_text_kept(
    client, rules, body
):
    page = make_revised_page(body="Old.")
    client.force_login(make_newcomer())

    response = edit(client, page, body=body)

    assert response.status_code == 400
    assert "is on the spam blocklist" in response.text
    assert "spam)" in response.text  # the reason, in brackets
    assert "Old." == latest(page).data["body"]
    assert "Remove it and save again" in response.text
    assert body.split("(")[0].split("<")[0] in response.text


def test_the_refusal_names_the_link(client, rules):
    page = make_revised_page()
    client.force_login(make_newcomer())

    response = edit(client, page, body="[x](https://casino.example/poker)")

    assert (
        "The link https://casino.example/poker is on the spam blocklist"
        in response.text
    )
    assert "Gambling spam" in response.text


def test_a_newcomer_creating_a_page_with_a_blocked_link_is_refused(client, rules):
    client.force_login(make_newcomer())

    response = client.post(
        "/create/", {"title": "Casino", "body": "See https://casino.example."}
    )

    assert response.status_code == 400
    assert "spam blocklist" in response.text
    assert not Article.objects.filter(title="Casino").exists()


def test_links_in_sources_are_checked_too(client, rules):
    page = make_revised_page()
    client.force_login(make_newcomer())

    response = edit(client, page, sources="https://casino.example/source")

    assert response.status_code == 400


def test_an_established_contributor_may_add_the_link(client, rules):
    page = make_revised_page()
    client.force_login(make_established())

    response = edit(client, page, body="A review on https://casino.example/review.")

    assert response.status_code == 302
    assert "casino.example" in latest(page).data["body"]


def test_a_link_already_on_the_page_does_not_block_other_changes(client, rules):
    page = make_article(body="Seen on https://casino.example/old.")
    services.record_revision(page=page)
    client.force_login(make_newcomer())

    response = edit(client, page, body="Seen on https://casino.example/old. More text.")

    assert response.status_code == 302


def test_unlisted_links_are_fine_for_newcomers(client, rules):
    page = make_revised_page()
    client.force_login(make_newcomer())

    assert (
        edit(client, page, body="See https://netflix.example/show.").status_code == 302
    )


def test_restoring_a_revision_with_a_blocked_link_is_refused_for_a_newcomer(
    client, rules
):
    page = make_article(body="Spam https://casino.example/x")
    services.record_revision(page=page)
    services.revise_page(
        page=page,
        author=None,
        changes=services.snapshot(page) | {"body": "Cleaned."},
        base_revision=page.current_revision,
    )
    client.force_login(make_newcomer())

    page.refresh_from_db()
    response = client.post(
        f"/wiki/{page.slug}/history/1/restore/",
        {"base_revision": page.current_revision_id},
        follow=True,
    )

    assert "spam blocklist" in response.text
    assert latest(page).data["body"] == "Cleaned."


def test_an_upload_with_a_blocked_link_in_its_credit_is_refused(client, rules):
    from tests.wiki.test_blocks import _png

    client.force_login(make_newcomer())

    response = client.post(
        "/upload/",
        {
            "file": _png(),
            "title": "Poster",
            "alt_text": "A poster",
            "credit": "From https://casino.example/poster",
        },
    )

    assert response.status_code == 400
    assert "spam blocklist" in response.text


# nofollow ugc ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[a](https://example.org/a)",
        "<https://example.org/b>",
        '<a href="https://example.org/c" rel="follow">raw</a>',
        "[d](//example.org/d)",
    ],
)
def test_external_links_in_user_text_carry_nofollow_ugc(text):
    html = markup.render_markdown(text)

    assert 'rel="nofollow ugc noopener"' in html
    assert 'rel="follow"' not in html


def test_internal_links_are_followed():
    make_revised_page(title="Jessica Jones")

    html = markup.render_markdown("[[Jessica Jones]] and [x](/wiki/jessica-jones/)")

    assert "nofollow" not in html


def test_rendered_pages_and_sources_carry_nofollow_ugc(client):
    page = make_article(
        body="See [Netflix](https://netflix.example/jj).",
        sources="https://news.example/story",
    )
    services.record_revision(page=page)

    html = client.get(page.get_absolute_url()).text

    assert '<a href="https://netflix.example/jj" rel="nofollow ugc noopener">' in html
    assert '<a href="https://news.example/story" rel="nofollow ugc noopener">' in html
