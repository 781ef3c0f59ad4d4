import pytest
from django.test import Client

from episodes.models import Episode
from tests.factories import make_character, make_episode, make_revised_page, make_user
from tests.html_forms import form_data
from wiki import services
from wiki.models import Article, Page, Revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor(client):
    user = make_user(username="contributor")
    client.force_login(user)
    return user


def _form_data(page, **changes):
    page.refresh_from_db()
    data = {
        key: "" if value is None else value
        for key, value in services.snapshot(services.typed(page)).items()
    }
    data["base_revision"] = page.current_revision_id
    data["summary"] = "Tidied up"
    return data | changes


def test_the_edit_form_has_the_body_and_the_structured_fields(client, contributor):
    episode = make_episode(title="AKA Sin Bin", runtime=52)
    services.record_revision(page=episode)

    html = client.get(f"/wiki/{episode.slug}/edit/").text

    for name in ("title", "number", "number_overall", "release_date", "runtime",
                 "synopsis", "body", "summary", "is_minor"):  # fmt: skip
        assert f'name="{name}"' in html
    assert 'value="52"' in html
    assert "[[Page title]]" in html  # the syntax help


def test_an_edit_through_the_site_is_saved_as_a_revision(client, contributor):
    episode = make_episode(title="AKA Sin Bin", runtime=52)
    services.record_revision(page=episode)

    response = client.post(
        f"/wiki/{episode.slug}/edit/",
        _form_data(
            episode, runtime="53", synopsis="Jessica and Kilgrave talk.", is_minor="on"
        ),  # fmt: skip
    )

    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.runtime == 53
    revision = episode.current_revision
    assert revision.author == contributor
    assert revision.summary == "Tidied up"
    assert revision.is_minor
    assert revision.data["synopsis"] == "Jessica and Kilgrave talk."


def test_invalid_input_keeps_everything_typed_and_names_the_field(client, contributor):
    episode = make_episode(title="AKA Sin Bin")
    services.record_revision(page=episode)

    response = client.post(
        f"/wiki/{episode.slug}/edit/",
        _form_data(episode, runtime="long", body="My careful new text."),
    )

    assert response.status_code == 400
    html = response.text
    assert "My careful new text." in html
    assert 'value="long"' in html
    assert "Enter a whole number." in html
    assert Episode.objects.get().current_revision.number == 1


def test_preview_shows_the_rendered_text_without_saving(client, contributor):
    page = make_revised_page(body="Old.")
    make_revised_page(title="Kilgrave", slug="kilgrave")

    response = client.post(
        f"/wiki/{page.slug}/edit/",
        _form_data(page, body="Now with [[Kilgrave]].", preview="1"),
    )

    assert response.status_code == 200
    assert "Preview" in response.text
    assert 'class="wikilink"' in response.text
    page.refresh_from_db()
    assert page.body == "Old." and page.revisions.count() == 1


def test_a_conflicting_edit_keeps_the_users_text(client, contributor):
    page = make_revised_page(body="Original.")
    stale = _form_data(page, body="My version of the text.")
    services.revise_page(
        page=page,
        author=make_user(username="other"),
        changes=services.snapshot(page) | {"body": "Their version."},
        base_revision=page.current_revision,
    )

    response = client.post(f"/wiki/{page.slug}/edit/", stale)

    assert response.status_code == 409
    html = response.text
    assert "Edit conflict" in html
    assert "My version of the text." in html
    assert "Their version." in html
    page.refresh_from_db()
    assert page.body == "Their version."
    # The form now carries the current revision, so saving again goes through.
    assert f'name="base_revision" value="{page.current_revision_id}"' in html


def test_saving_again_after_a_conflict_keeps_what_others_changed_elsewhere(
    client, contributor
):
    episode = make_episode(title="AKA Sin Bin", runtime=52, body="Original.")
    services.record_revision(page=episode)
    stale = _form_data(episode, body="My version.")
    services.revise_page(
        page=episode,
        author=make_user(username="other"),
        changes={"body": "Their version.", "runtime": 55},
        base_revision=episode.current_revision,
    )

    response = client.post(f"/wiki/{episode.slug}/edit/", stale)

    assert response.status_code == 409
    shown = form_data(response.text, "edit-form")
    assert (shown["body"], shown["runtime"]) == ("My version.", "55")

    again = client.post(f"/wiki/{episode.slug}/edit/", shown | {"save": ""})

    assert again.status_code == 302
    episode.refresh_from_db()
    assert (episode.body, episode.runtime) == ("My version.", 55)


def test_extra_post_fields_are_ignored(client, contributor):
    page = make_revised_page()
    other = make_user(username="someone-else")

    client.post(
        f"/wiki/{page.slug}/edit/",
        _form_data(
            page,
            body="Edited.",
            is_staff="1",
            author=other.pk,
            is_protected="1",
            kind="episode",
            slug="hijack",
        ),  # fmt: skip
    )

    page.refresh_from_db()
    contributor.refresh_from_db()
    assert page.body == "Edited."
    assert not page.is_protected and page.kind == "article"
    assert page.slug != "hijack"
    assert page.current_revision.author == contributor
    assert not contributor.is_staff


def test_a_base_revision_of_another_page_is_refused(client, contributor):
    page = make_revised_page(title="One")
    other = make_revised_page(title="Two")

    response = client.post(
        f"/wiki/{page.slug}/edit/",
        _form_data(page, body="Sneaky.", base_revision=other.current_revision_id),
    )

    assert response.status_code == 400
    assert "another page" in response.text
    assert Page.objects.get(pk=page.pk).body == "First text."


def test_a_logged_out_save_shows_the_text_again(client, db):
    page = make_revised_page()

    response = client.post(f"/wiki/{page.slug}/edit/", _form_data(page, body="Kept."))

    assert response.status_code == 403
    assert "Kept." in response.text
    assert "not logged in" in response.text
    assert page.revisions.count() == 1


def test_a_stale_csrf_token_shows_the_text_again(db):
    user = make_user()
    page = make_revised_page()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(
        f"/wiki/{page.slug}/edit/",
        _form_data(page, body="Typed before the expiry."),
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 403
    assert "Typed before the expiry." in response.text
    assert "session expired" in response.text
    assert page.revisions.count() == 1


def test_a_cross_site_post_gets_no_form_back(db):
    """A forged POST from another site must not come back as a form to save."""
    user = make_user()
    page = make_revised_page()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(
        f"/wiki/{page.slug}/edit/",
        _form_data(page, body="Vandalism from elsewhere."),
        HTTP_ORIGIN="https://evil.example",
    )

    assert response.status_code == 403
    assert "Vandalism from elsewhere." not in response.text
    assert "That form had expired" in response.text


def test_a_save_without_its_starting_revision_is_refused(client, contributor):
    page = make_revised_page()
    data = _form_data(page, body="Overwrite blindly.")
    del data["base_revision"]

    response = client.post(f"/wiki/{page.slug}/edit/", data)

    assert response.status_code == 400
    assert "Overwrite blindly." in response.text
    assert Page.objects.get(pk=page.pk).body == "First text."


def test_a_user_over_the_rate_limit_is_refused_and_nothing_is_saved(
    client, contributor, settings, frozen_clock
):
    settings.WIKI_RATE_LIMITS = settings.WIKI_RATE_LIMITS | {
        "edit": {"user": (2, 60), "ip": (100, 60)}
    }
    page = make_revised_page()
    for n in range(2):
        client.post(f"/wiki/{page.slug}/edit/", _form_data(page, body=f"Edit {n}"))

    response = client.post(
        f"/wiki/{page.slug}/edit/", _form_data(page, body="One too many.")
    )

    assert response.status_code == 429
    assert "One too many." in response.text
    page.refresh_from_db()
    assert page.body == "Edit 1"
    assert page.revisions.count() == 3


def test_a_protected_page_refuses_a_contributor(client, contributor):
    page = make_revised_page()
    services.set_protection(page=page, author=None, protected=True)

    response = client.post(f"/wiki/{page.slug}/edit/", _form_data(page, body="No."))

    assert response.status_code == 403
    assert "protected" in response.text
    assert Page.objects.get(pk=page.pk).body == "First text."


def test_a_red_link_offers_to_create_the_page(client, contributor):
    response = client.get("/wiki/raft-prison/")

    assert response.status_code == 404
    assert 'href="/create/?title=Raft%20prison"' in response.text


def test_creating_an_article_from_a_title(client, contributor):
    form = client.get("/create/", {"title": "Raft Prison"}).text
    assert 'value="Raft Prison"' in form

    response = client.post(
        "/create/",
        {"title": "Raft Prison", "article_type": "place", "published_on": "",
         "body": "A prison for the [[Gifted]].", "sources": "", "summary": "New"},
    )  # fmt: skip

    assert response.status_code == 302
    article = Article.objects.get(slug="raft-prison")
    assert article.current_revision.number == 1
    assert article.current_revision.author == contributor
    assert article.current_revision.action == "create"


def test_creating_a_page_that_exists_is_refused_with_the_text_kept(client, contributor):
    make_revised_page(title="IGH", slug="igh")

    response = client.post(
        "/create/",
        {"title": "IGH", "article_type": "", "body": "Duplicate text.", "sources": ""},
    )

    assert response.status_code == 400
    assert "There is already a page called" in response.text
    assert "Duplicate text." in response.text


def test_the_edit_form_round_trips_every_value_unchanged(client, contributor, seeded):
    import re

    episode = Episode.objects.get(season__number=1, number=9)
    html = client.get(f"/wiki/{episode.slug}/edit/").text
    assert 'name="release_date" value="2015-11-20"' in html
    data = dict(re.findall(r'<input type="(?:text|number|date|hidden)" name="(\w+)" '
                           r'value="([^"]*)"', html))  # fmt: skip
    for name in ("synopsis", "credits_note", "body", "sources"):
        match = re.search(
            rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S
        )
        data[name] = match[1].replace("\n", "\r\n")  # as browsers send it
    from html import unescape

    data = {key: unescape(value) for key, value in data.items()}

    response = client.post(f"/wiki/{episode.slug}/edit/", data)

    assert response.status_code == 302
    episode.refresh_from_db()
    assert str(episode.release_date) == "2015-11-20"
    assert episode.revisions.count() == 1  # nothing changed, nothing recorded


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"body": "Before\x00after"}, "Null characters are not allowed."),
        ({"body": "x" * 2_000_000}, "at most 200000 characters"),
        ({"base_revision": "99999999999999999999"}, "does not say which version"),
        ({"base_revision": "-3"}, "does not say which version"),
    ],
    ids=["nul", "two-megabytes", "huge-base", "negative-base"],
)
def test_an_edit_that_cannot_be_saved_is_refused_with_the_text_kept(
    client, contributor, changes, message
):
    page = make_revised_page(title="Hell's Kitchen", body="A neighbourhood.")
    data = _form_data(page, summary="My summary") | changes

    response = client.post(f"/wiki/{page.slug}/edit/", data)

    assert response.status_code == 400
    assert message in response.text
    assert "My summary" in response.text  # what was typed is still there
    assert page.revisions.count() == 1
    # A NUL cannot be in HTML: where it was shows as the replacement character.
    assert "\x00" not in response.text
    if "nul" in message.lower():
        assert "Before\ufffdafter" in response.text


def test_the_edit_form_states_the_longest_text(client, contributor):
    page = make_revised_page(title="Hell's Kitchen")

    html = client.get(f"/wiki/{page.slug}/edit/").text

    assert "At most 200,000 characters." in html
    assert 'maxlength="200000"' in html


def test_control_characters_pasted_into_an_edit_are_dropped(client, contributor):
    page = make_revised_page(title="Hell's Kitchen", body="A neighbourhood.")

    client.post(
        f"/wiki/{page.slug}/edit/",
        _form_data(page, body="\x1b[31mRed\x1b[0m text\x08\x0b\x0c\r\nand more"),
    )

    page.refresh_from_db()
    assert page.body == "[31mRed[0m text\nand more"
    assert page.current_revision.data["body"] == page.body


def test_saving_a_seeded_page_unchanged_makes_no_revision(client, contributor, seeded):
    page = Page.objects.get(slug="alias-investigations")
    # As a seed loaded before text was normalised stored it: its files end in
    # a newline, which a text area's value loses.
    old = page.current_revision
    Page.objects.filter(pk=page.pk).update(body=page.body + "\n")
    Revision.objects.filter(pk=old.pk).update(
        data=old.data | {"body": old.data["body"] + "\n"}
    )
    revisions = page.revisions.count()

    response = client.post(f"/wiki/{page.slug}/edit/", _form_data(page), follow=True)

    assert "Nothing to save" in response.text
    assert page.revisions.count() == revisions


def test_an_edit_of_a_seeded_body_merges_with_another_fields_edit(
    client, contributor, seeded
):
    page = Page.objects.get(slug="alias-investigations")
    old = page.current_revision
    Revision.objects.filter(pk=old.pk).update(
        data=old.data | {"body": old.data["body"] + "\n"}
    )
    old.refresh_from_db()
    form = _form_data(page, body="A new first line.\n\n" + page.body)
    form["base_revision"] = old.pk
    services.revise_page(
        page=page,
        author=make_user(username="other"),
        changes=old.data | {"sources": "https://example.org/new"},
        base_revision=old,
    )

    response = client.post(f"/wiki/{page.slug}/edit/", form)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body.startswith("A new first line.")
    assert page.sources == "https://example.org/new"


def test_preview_shows_facts_as_the_page_does(client, contributor):
    character = make_character(
        title="Malcolm Ducasse",
        affiliations="[[Alias Investigations]]\nS3E1: [[Jeri Hogarth]]'s law firm",
        aliases="Malcolm.\nS2E1: Mal.",
        status="Alive\nS1E13: Missing",
        description="A neighbour.\nS2E1: An investigator.",
    )
    services.record_revision(page=character)
    make_revised_page(title="Alias Investigations", slug="alias-investigations")

    response = client.post(
        f"/wiki/{character.slug}/edit/", _form_data(character, preview="1")
    )

    html = response.text
    assert '<a class="wikilink" href="/wiki/alias-investigations/"' in html
    assert "[[" not in html.split('class="preview"')[1].split("</section>")[0]
    assert ".;" not in html
    preview = html.split('class="preview"')[1].split("</section>")[0]
    # Aliases are plain text, listed; a status and a description are their
    # latest values only, as the infobox shows them.
    assert "Malcolm.<br>Mal." in preview
    assert "<dd>Missing</dd>" in preview and "Alive" not in preview
    assert "<dd>An investigator.</dd>" in preview and "A neighbour" not in preview
