"""
Contributors create pages of every kind on the site (`/create/<kind>/`), each
with its first revision, as articles always were; refusals keep what they
typed. Seasons and episodes, made inside their series and season, are
tested in tests/episodes/test_creating.py.
"""

import pytest

from characters.models import Character
from credits.models import Person
from tests.factories import make_character, make_revised_page, make_series, make_user
from tests.html_forms import form_data
from tests.locations.models import Location
from wiki import services
from wiki.models import Article, Page
from wiki.moderation import blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor(client):
    user = make_user(username="contributor")
    client.force_login(user)
    return user


@pytest.fixture
def featured():
    return make_series(title="Marvel's Jessica Jones", is_featured=True)


def _create(client, kind, **fields):
    """What the new page's form sends, with these fields filled in."""
    data = form_data(client.get(f"/create/{kind}/").text, "edit-form")
    return client.post(f"/create/{kind}/", data | fields)


def test_creating_a_character_records_its_first_revision(client, contributor, featured):
    response = _create(
        client,
        "character",
        title="Malcolm Ducasse",
        description="Jessica's neighbour.",
        status="Alive",
        revealed_in="S1E1",
        body="Lives across the hall from [[Jessica Jones]].",
        summary="New character",
    )

    character = Character.objects.get(slug="malcolm-ducasse")
    assert response.status_code == 302
    assert response["Location"] == "/characters/malcolm-ducasse/"
    assert character.series == featured  # the featured series, unless told
    assert character.revealed_in == 1001
    revision = character.current_revision
    assert (revision.number, revision.action) == (1, "create")
    assert revision.author == contributor
    assert revision.summary == "New character"
    assert revision.data["description"] == "Jessica's neighbour."
    page = client.get(response["Location"]).text
    assert "Malcolm Ducasse" in page and "The page was created." in page
    assert "Malcolm Ducasse" in client.get("/changes/").text
    assert "New character" in client.get("/wiki/malcolm-ducasse/history/").text


def test_a_character_may_be_given_another_series_or_none(client, contributor, featured):
    other = make_series(title="Marvel's Luke Cage")

    _create(client, "character", title="Misty Knight", series=str(other.pk))
    _create(client, "character", title="Stan Lee", series="")

    assert Character.objects.get(title="Misty Knight").series == other
    assert Character.objects.get(title="Stan Lee").series is None


def test_the_character_form_says_what_first_revealed_in_is(client, contributor):
    html = client.get("/create/character/").text

    assert "The episode in which the character first appears" in html
    assert 'name="revealed_in"' in html


def test_a_new_character_stays_hidden_until_its_first_appearance(
    client, contributor, featured
):
    _create(client, "character", title="Kilgrave", revealed_in="S1E2")
    client.logout()

    client.cookies["progress"] = f"{featured.pk}:S1E1"
    assert "Kilgrave" not in client.get("/characters/").text
    client.cookies["progress"] = f"{featured.pk}:S1E2"
    assert "Kilgrave" in client.get("/characters/").text


def test_creating_a_person(client, contributor):
    response = _create(
        client, "person", title="Krysten Ritter", short_bio="Plays Jessica."
    )

    person = Person.objects.get()
    assert response["Location"] == "/people/krysten-ritter/"
    assert person.short_bio == "Plays Jessica."
    assert person.current_revision.action == "create"
    assert "Krysten Ritter" in client.get("/changes/?kind=person").text


def test_a_kind_registered_by_an_app_is_created_the_same_way(client, contributor):
    response = _create(client, "location", title="Hell's Kitchen", district="West")

    location = Location.objects.get()
    assert response.status_code == 302
    assert location.district == "West"
    assert location.current_revision.number == 1


def test_a_red_link_title_fills_any_kinds_form(client, contributor):
    missing = client.get("/wiki/trish-walker/").text
    assert 'href="/create/?title=Trish%20walker"' in missing

    chooser = client.get("/create/", {"title": "Trish Walker"}).text
    assert 'href="/create/character/?title=Trish%20Walker"' in chooser
    form = client.get("/create/character/", {"title": "Trish Walker"}).text
    assert 'name="title" value="Trish Walker"' in form
    assert "New character" in form


def test_the_new_page_action_chooses_among_the_kinds_made_here(client, contributor):
    html = client.get("/create/").text

    for kind in ("article", "character", "person", "series", "season", "episode"):
        assert f'href="/create/{kind}/"' in html
    assert '/create/image/"' not in html  # images are uploaded, with their file
    assert client.get("/create/image/").status_code == 404
    assert client.get("/create/nonsense/").status_code == 404


def test_create_article_still_makes_an_article():
    page = services.create_article(author=None, changes={"title": "IGH", "body": "."})

    assert isinstance(page, Article)
    assert page.current_revision.action == "create"


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get("/create/character/?title=Kilgrave")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "create/character/" in response["Location"]


def test_a_title_that_is_taken_is_refused_with_the_input_kept(client, contributor):
    make_character(title="Kilgrave", slug="kilgrave")

    response = _create(
        client, "character", title="Kilgrave", body="My careful biography."
    )

    assert response.status_code == 400
    assert "There is already a page called “Kilgrave”" in response.text
    assert "My careful biography." in response.text
    assert Character.objects.count() == 1


def test_a_title_a_redirect_holds_is_refused(client, contributor):
    page = make_revised_page(title="Kevin Thompson", slug="kevin-thompson")
    services.revise_page(
        page=page, author=None, changes={"title": "Kilgrave"}, base_revision=None
    )

    response = _create(client, "person", title="Kevin Thompson", short_bio="Mine.")

    assert response.status_code == 400
    assert "“Kevin Thompson” already leads to “Kilgrave”" in response.text
    assert 'value="Mine."' in response.text


def test_a_user_without_the_right_is_refused_with_the_input_kept(client):
    client.force_login(make_user(username="reader", role=None))

    response = client.post(
        "/create/person/", {"title": "Carrie-Anne Moss", "short_bio": "Plays Jeri."}
    )

    assert response.status_code == 403
    assert "Your account may not create pages." in response.text
    assert 'value="Plays Jeri."' in response.text
    assert not Person.objects.exists()


def test_a_blocked_user_is_refused_with_the_input_kept(client, contributor):
    blocks.block(actor=None, user=contributor, duration=None, reason="Vandalism")

    response = client.post(
        "/create/character/", {"title": "Trish Walker", "status": "Alive"}
    )

    assert response.status_code == 403
    assert "Your account is blocked" in response.text
    assert "Alive" in response.text
    assert not Character.objects.exists()


def test_a_user_over_the_rate_limit_is_refused_with_the_input_kept(
    client, contributor, settings, frozen_clock
):
    settings.WIKI_RATE_LIMITS = settings.WIKI_RATE_LIMITS | {
        "edit": {"user": (1, 60), "ip": (100, 60)}
    }
    _create(client, "person", title="Mike Colter")

    response = _create(client, "person", title="Rachael Taylor", short_bio="Trish.")

    assert response.status_code == 429
    assert "You are saving too often" in response.text
    assert 'value="Trish."' in response.text
    assert list(Person.objects.values_list("title", flat=True)) == ["Mike Colter"]


def test_a_preview_saves_nothing(client, contributor, featured):
    response = _create(
        client,
        "character",
        title="Hope Shlottman",
        status="Alive\nS1E4: Deceased",
        preview="",
        preview_as="S1E2",
    )

    assert response.status_code == 200
    shown = response.text.split('<section class="preview"')[1].split("</section>")[0]
    assert "Hope Shlottman" in shown and "Alive" in shown
    assert "Deceased" not in shown  # as a reader at S1E2
    assert not Page.objects.filter(title="Hope Shlottman").exists()


def test_start_links_show_to_those_who_may_create(client, contributor):
    assert 'href="/create/character/"' in client.get("/characters/").text
    assert 'href="/create/person/"' in client.get("/people/").text
    assert 'href="/create/">New page</a>' in client.get("/").text


def test_start_links_do_not_show_to_anonymous_or_blocked_users(client, contributor):
    blocks.block(actor=None, user=contributor, duration=None, reason="Vandalism")

    for user in (contributor, None):
        if user is None:
            client.logout()
        assert "/create/character/" not in client.get("/characters/").text
        assert "/create/person/" not in client.get("/people/").text


# A save reads each of the page's parts once for its first revision: the
# gallery of every page, a character's relations; and finds the pages that
# show the new page (wiki/invalidation.py: a character's, in its relations).
@pytest.mark.parametrize(
    ("kind", "form_queries", "save_queries"),
    [("character", 8, 57), ("person", 6, 54), ("article", 6, 44)],
)
def test_the_create_form_and_a_save_keep_to_a_query_budget(
    client,
    contributor,
    featured,
    django_assert_max_num_queries,
    settings,
    kind,
    form_queries,
    save_queries,
):
    # As in production: with rendered pages kept, a save finds what shows it.
    settings.WIKI_PAGE_CACHE = settings.WIKI_FRAGMENT_CACHE = "default"
    for n in range(20):  # more pages and series change nothing
        make_series(title=f"Series {n}")
        make_character(title=f"Character {n}")
    with django_assert_max_num_queries(form_queries):
        data = form_data(client.get(f"/create/{kind}/").text, "edit-form")
    with django_assert_max_num_queries(save_queries):
        response = client.post(f"/create/{kind}/", data | {"title": "New one"})

    assert response.status_code == 302
