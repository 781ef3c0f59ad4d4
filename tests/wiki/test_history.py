import pytest

from tests.factories import make_episode, make_revised_page, make_user
from tests.html_forms import form_data
from wiki import services
from wiki.models import Redirect

pytestmark = pytest.mark.django_db


def _edit(page, author, is_minor=False, **changes):
    page.refresh_from_db()
    return services.revise_page(
        page=page,
        author=author,
        changes=services.snapshot(services.typed(page)) | changes,
        base_revision=page.current_revision,
        summary="an edit",
        is_minor=is_minor,
    )


@pytest.fixture
def edited_episode():
    episode = make_episode(title="AKA Sin Bin", runtime=50, body="Line one.\nLine two.")
    services.record_revision(page=episode, summary="Imported")
    _edit(episode, make_user(username="alice"), runtime=53,
          body="Line one.\nLine two, improved.\nLine three.")  # fmt: skip
    return episode


def test_the_history_lists_every_revision(client, edited_episode):
    html = client.get(f"/wiki/{edited_episode.slug}/history/").text

    assert "#1" in html and "#2" in html
    assert "alice" in html and "Importer" in html
    assert 'name="from"' in html and 'name="to"' in html


def test_an_old_revision_shows_as_it_rendered(client, edited_episode):
    html = client.get(f"/wiki/{edited_episode.slug}/history/1/").text

    assert "Line two." in html and "improved" not in html
    assert "This is an old version" in html
    assert "50" in html


def test_a_diff_shows_each_changed_field_and_the_words_that_changed(
    client, edited_episode
):
    html = client.get(f"/wiki/{edited_episode.slug}/diff/?from=1&to=2").text

    assert "Runtime" in html
    assert "<del>50</del>" in html and "<ins>53</ins>" in html
    assert "<ins>, improved</ins>" in html
    assert "Line three." in html
    assert "Synopsis" not in html  # unchanged fields are not listed


@pytest.mark.parametrize(
    "query", ["?from=1&to=9", "?from=x&to=y&extra=1", "?to=" + "9" * 30]
)
def test_odd_revision_numbers_fall_back_to_real_revisions(
    client, edited_episode, query
):
    response = client.get(f"/wiki/{edited_episode.slug}/diff/{query}")

    assert response.status_code == 200
    assert "Revision 1 → 2" in response.text


def test_recent_changes_can_be_filtered(client, edited_episode):
    article = make_revised_page(title="IGH")
    bob = make_user(username="bob")
    _edit(article, bob, body="Typo fixed.", is_minor=True)
    _edit(article, bob, body="Rewritten the whole thing.")

    everything = client.get("/changes/").text
    episodes = client.get("/changes/?kind=episode").text
    by_bob = client.get("/changes/?user=bob").text
    no_minor = client.get("/changes/?user=bob&hideminor=1").text

    assert "AKA Sin Bin" in everything and "IGH" in everything
    assert "AKA Sin Bin" in episodes and "IGH" not in episodes
    assert "IGH" in by_bob and "AKA Sin Bin" not in by_bob
    assert by_bob.count('title="Minor edit"') == 1
    assert by_bob.count("<q>an edit</q>") == 2
    assert no_minor.count('title="Minor edit"') == 0
    assert no_minor.count("<q>an edit</q>") == 1


def test_recent_changes_has_an_atom_feed(client, edited_episode):
    response = client.get("/changes/feed/?kind=episode")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<feed" in response.text
    assert "AKA Sin Bin" in response.text
    assert "alice" in response.text


def test_a_users_page_lists_their_contributions(client, edited_episode):
    html = client.get("/users/alice/").text

    assert "alice" in html and "1 edit" in html
    assert "AKA Sin Bin" in html


def test_what_links_here_lists_linking_pages_and_redirects(client):
    target = make_revised_page(title="Kilgrave", slug="kilgrave")
    Redirect.objects.create(slug="purple-man", title="Purple Man", target=target)
    make_revised_page(title="Hope", body="Freed from [[Kilgrave]].")
    make_revised_page(title="Comics", body="Known as [[Purple Man]].")
    make_revised_page(title="Unrelated", body="Nothing here.")

    html = client.get("/wiki/kilgrave/links/").text

    assert "Hope" in html and "Comics" in html and "Unrelated" not in html
    assert "(through a redirect)" in html
    assert "Purple Man" in html


def test_a_redirect_lands_on_the_target_with_a_note(client, seeded):
    response = client.get("/wiki/melissa-rosenburg/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/people/melissa-rosenberg/")
    assert "Redirected from" in response.text and "Melissa Rosenburg" in response.text


def test_an_alias_works_on_typed_addresses_too(client, seeded):
    response = client.get("/characters/patsy/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/characters/trish-walker/")
    assert "Redirected from" in response.text


def test_a_forged_redirect_note_is_not_shown(client, seeded):
    html = client.get("/characters/kilgrave/?redirectedfrom=Anything").text

    assert "<title>Kilgrave · Fanwiki</title>" in html
    assert "Redirected from" not in html


def test_seeded_pages_have_a_first_revision(seeded):
    from wiki.models import Page

    assert Page.objects.exists()
    assert not Page.objects.filter(current_revision__isnull=True).exists()


BUDGETS = {
    "/wiki/{slug}/history/": 6,
    "/wiki/{slug}/diff/?from=100&to=250": 5,
    "/wiki/{slug}/history/200/": 5,
    "/changes/": 4,
    "/changes/?kind=article&hideminor=1": 4,
    "/changes/feed/": 3,
    "/users/editor0/": 5,
    "/wiki/{slug}/links/": 5,
}


def test_history_pages_stay_within_budget_with_hundreds_of_revisions(
    client, django_assert_max_num_queries
):
    page = make_revised_page(title="Busy page")
    editors = [make_user(username=f"editor{n}") for n in range(5)]
    for n in range(30):
        make_revised_page(title=f"Linker {n}", body="[[Busy page]]")
    for n in range(300):
        _edit(page, editors[n % 5], body=f"Version {n}\n[[Link {n % 7}]]")

    for url, budget in BUDGETS.items():
        with django_assert_max_num_queries(budget):
            response = client.get(url.format(slug=page.slug))
        assert response.status_code == 200, url
        assert "Busy page" in response.text or "editor0" in response.text, url


def test_recent_changes_pages_through_without_counting(
    client, django_assert_max_num_queries
):
    for n in range(120):
        make_revised_page(title=f"Page {n:03}")

    with django_assert_max_num_queries(4) as captured:
        first = client.get("/changes/").text
    third = client.get("/changes/", {"page": 3}).text
    beyond = client.get("/changes/", {"page": 9}).text

    assert not any("COUNT(" in q["sql"] for q in captured.captured_queries)
    assert "Page 1</span>" in first and 'rel="next" href="?page=2"' in first
    assert "Page 119" in first and "Page 069" not in first
    assert "Page 3</span>" in third and 'rel="prev" href="?page=2"' in third
    assert 'rel="next"' not in third and "Page 000" in third
    assert "No changes match." in beyond and 'rel="prev"' in beyond


def test_restoring_first_shows_what_it_changes_and_asks_why(client, db):
    page = make_revised_page(title="Hell's Kitchen", body="First text.")
    services.revise_page(
        page=page,
        author=None,
        changes=services.snapshot(services.typed(page)) | {"body": "Vandalised."},
        base_revision=page.current_revision,
    )
    client.force_login(make_user(username="fixer"))

    confirm = client.get(f"/wiki/{page.slug}/history/1/restore/")
    page.refresh_from_db()

    assert confirm.status_code == 200
    assert "Restore revision 1?" in confirm.text
    assert "Vandalised" in confirm.text and "First text" in confirm.text
    assert 'name="summary"' in confirm.text
    assert page.body == "Vandalised."  # looking changes nothing

    client.post(
        f"/wiki/{page.slug}/history/1/restore/",
        {"summary": "Vandalism", "base_revision": page.current_revision_id},
    )

    page.refresh_from_db()
    assert page.body == "First text."
    assert page.current_revision.summary == "Restored revision 1: Vandalism"


def test_visitors_asking_to_restore_are_sent_to_log_in(client, db):
    page = make_revised_page(title="Hell's Kitchen")

    response = client.get(f"/wiki/{page.slug}/history/1/restore/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _vandalised():
    page = make_revised_page(title="Hell's Kitchen", body="First text.")
    _edit(page, make_user(username="vandal"), body="Vandalised.")
    return page


def _restore_form(client, page, number=1):
    url = f"/wiki/{page.slug}/history/{number}/restore/"
    return url, form_data(client.get(url).text, "edit-form")


def test_a_restore_keeps_what_was_edited_elsewhere_after_it_was_shown(client):
    page = _vandalised()
    client.force_login(make_user(username="fixer"))
    url, form = _restore_form(client, page)
    _edit(page, make_user(username="jess"), sources="Netflix press kit")

    response = client.post(url, form | {"summary": "Vandalism"})

    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.body, page.sources) == ("First text.", "Netflix press kit")
    assert page.current_revision.summary == "Restored revision 1: Vandalism"


def test_a_restore_over_a_field_changed_since_it_was_shown_is_refused(client):
    page = _vandalised()
    client.force_login(make_user(username="fixer"))
    url, form = _restore_form(client, page)
    _edit(page, make_user(username="jess"), body="Vandalised, then improved.")
    page.refresh_from_db()
    revisions = page.revisions.count()

    response = client.post(url, form | {"summary": "Vandalism"})

    assert response.status_code == 409
    assert "Edit conflict" in response.text
    assert "Body (by jess, " in response.text
    assert "Nothing was restored" in response.text
    assert f"/wiki/{page.slug}/diff/?from=2&amp;to=3" in response.text
    assert "improved" in response.text  # what restoring changes now
    assert page.revisions.count() == revisions

    shown = form_data(response.text, "edit-form")
    again = client.post(url, shown | {"summary": "Vandalism"})

    assert again.status_code == 302
    page.refresh_from_db()
    assert page.body == "First text."


def test_a_restore_that_does_not_say_what_it_was_shown_is_refused(client):
    page = _vandalised()
    client.force_login(make_user(username="fixer"))

    response = client.post(f"/wiki/{page.slug}/history/1/restore/", {"summary": "x"})

    assert response.status_code == 400
    assert "does not say which version of the page it was shown" in response.text
    page.refresh_from_db()
    assert page.body == "Vandalised."


@pytest.mark.parametrize("base", ["0", "abc", "99999999999999999999", "1\x00"])
def test_a_restore_with_an_odd_base_is_refused(client, base):
    page = _vandalised()
    client.force_login(make_user(username="fixer"))

    response = client.post(
        f"/wiki/{page.slug}/history/1/restore/", {"base_revision": base}
    )

    assert response.status_code == 400
    page.refresh_from_db()
    assert page.body == "Vandalised."
