"""Relations added and removed on the site: each change is an edit of its
subject's page (in its history, diffs and restores), shown in the infobox and
the family diagram; refusals keep what was typed."""

import pytest
from django.core.exceptions import ValidationError

from characters import editing
from characters.models import Relation
from tests.factories import make_character, make_series, make_user
from tests.html_forms import form_data
from wiki import services
from wiki.models import Block, Page
from wiki.storytime import position

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return make_series(title="Marvel's Jessica Jones")


def _character(series, title, slug, **fields):
    character = make_character(title=title, slug=slug, series=series, **fields)
    services.record_revision(page=character, summary="Created")
    return character


@pytest.fixture
def jessica(series):
    return _character(series, "Jessica Jones", "jessica-jones")


@pytest.fixture
def alisa(series):
    return _character(series, "Alisa Jones", "alisa-jones", revealed_in=position(2, 1))


@pytest.fixture
def contributor(client):
    user = make_user(username="malcolm")
    client.force_login(user)
    return user


def _tie(subject, kind, other, **fields):
    """A relation as pages get them: in a revision of the subject's page."""
    relation = Relation.objects.create(
        subject=subject, kind=kind, other=other, **fields
    )
    services.record_revision(page=subject, summary="Tied")
    return relation


def _add(client, character, **data):
    return client.post(f"/wiki/{character.slug}/relations/add/", data)


def _ties(character=None):
    found = Relation.objects.order_by("subject__title", "kind")
    if character is not None:
        found = found.filter(subject=character)
    return [
        (r.subject.title, r.kind, r.other.title, r.revealed_in, r.note) for r in found
    ]


def test_the_character_page_offers_contributors_the_form(client, contributor, jessica):
    html = client.get(jessica.get_absolute_url()).text

    assert "<summary>Add a relation</summary>" in html
    assert f'action="/wiki/{jessica.slug}/relations/add/"' in html
    assert 'list="character-names"' in html
    assert 'data-suggest-url="/search/names/character/"' in html
    assert "js/name-suggest" in html
    assert f'href="/wiki/{jessica.slug}/relations/">Edit relations</a>' in html


def test_readers_get_no_form(client, jessica):
    html = client.get(jessica.get_absolute_url()).text

    assert "Add a relation" not in html and "Edit relations" not in html
    assert "name-suggest" not in html


def test_adding_a_relation_is_an_edit_of_the_subjects_page(
    client, contributor, jessica, alisa
):
    response = _add(
        client, jessica, kind="daughter", other="alisa jones", revealed_in="S2E2"
    )

    assert response.status_code == 302
    assert response["Location"] == jessica.get_absolute_url()
    assert _ties() == [("Jessica Jones", "daughter", "Alisa Jones", 2002, "")]
    jessica.refresh_from_db()
    revision = jessica.current_revision
    assert revision.number == 2 and revision.author == contributor
    assert revision.summary == (
        "Added a relation: Daughter of Alisa Jones [hidden until S2E2]"
    )
    assert [row["line"] for row in revision.data["relations"]] == [
        "Daughter of Alisa Jones [hidden until S2E2]"
    ]
    alisa.refresh_from_db()
    assert alisa.current_revision.number == 1  # no inverse asked for

    page = client.get(jessica.get_absolute_url()).text
    assert "Added: Jessica Jones is the daughter of Alisa Jones." in page
    assert 'Daughter of <a href="/characters/alisa-jones/">Alisa Jones</a>' in page
    assert 'id="family-heading"' in page and "Above: Alisa Jones." in page
    diff = client.get(f"/wiki/{jessica.slug}/diff/?from=1&to=2").text
    assert "Relations" in diff
    assert "Daughter of Alisa Jones [hidden until S2E2]" in diff
    history = client.get(f"/wiki/{jessica.slug}/history/").text
    assert "Added a relation: Daughter of Alisa Jones" in history


def test_the_inverse_is_an_edit_of_the_others_page_in_the_same_step(
    client, contributor, jessica, alisa
):
    response = _add(
        client,
        jessica,
        kind="daughter",
        other="Alisa Jones",
        note="biological",
        inverse="mother",
    )

    assert response.status_code == 302
    assert _ties() == [
        ("Alisa Jones", "mother", "Jessica Jones", 0, "biological"),
        ("Jessica Jones", "daughter", "Alisa Jones", 0, "biological"),
    ]
    alisa.refresh_from_db()
    assert alisa.current_revision.summary == (
        "Added a relation: Mother of Jessica Jones (biological)"
    )
    assert alisa.current_revision.author == contributor
    page = client.get(alisa.get_absolute_url()).text
    assert 'Mother of <a href="/characters/jessica-jones/">Jessica Jones</a>' in page
    assert "Below: Jessica Jones." in page
    messages = client.get(jessica.get_absolute_url()).text
    assert "Jessica Jones is the daughter of Alisa Jones." not in messages
    diff = client.get(f"/wiki/{alisa.slug}/diff/?from=1&to=2").text
    assert "Mother of Jessica Jones (biological)" in diff


def test_restoring_the_earlier_revision_takes_the_relation_away(
    client, contributor, jessica, alisa
):
    _add(client, jessica, kind="daughter", other="Alisa Jones")

    shown = client.get(f"/wiki/{jessica.slug}/history/1/restore/")
    response = client.post(
        f"/wiki/{jessica.slug}/history/1/restore/", form_data(shown.text, "edit-form")
    )

    assert response.status_code == 302
    assert _ties() == []
    assert "Daughter of" not in client.get(jessica.get_absolute_url()).text
    client.post(
        f"/wiki/{jessica.slug}/history/2/restore/",
        form_data(
            client.get(f"/wiki/{jessica.slug}/history/2/restore/").text, "edit-form"
        ),
    )
    assert _ties() == [("Jessica Jones", "daughter", "Alisa Jones", 0, "")]


def test_a_tie_past_the_reader_is_added_but_not_shown_to_them(
    client, contributor, jessica, alisa
):
    session = client.session
    session["progress"] = "S1E3"
    session.save()

    response = _add(client, jessica, kind="daughter", other="Alisa Jones")
    page = client.get(jessica.get_absolute_url()).text

    assert response.status_code == 302
    assert "It is past where you have watched" in page
    assert "Daughter of" not in page


REFUSALS = [
    ({"other": "Nobody Here"}, "There is no character called “Nobody Here”"),
    ({"other": "Jessica Jones"}, "A character cannot be related to itself"),
    ({"revealed_in": "season two"}, "Give an episode code such as S1E3"),
    ({"kind": "cousin"}, "Select a valid choice."),
    ({"note": "x" * 201}, "Ensure this value has at most 200 characters"),
]


@pytest.mark.parametrize(("change", "said"), REFUSALS)
def test_bad_input_is_refused_and_kept(
    client, contributor, jessica, alisa, change, said
):
    typed = {"kind": "daughter", "other": "Alisa Jones", "note": "by birth"}
    typed |= change

    response = _add(client, jessica, **typed)

    assert response.status_code == 400
    assert said in response.text
    assert f'value="{typed["other"]}"' in response.text
    assert f'value="{typed["note"]}"' in response.text
    assert "<h1>Add a relation</h1>" in response.text
    assert _ties() == []
    jessica.refresh_from_db()
    assert jessica.current_revision.number == 1


def test_a_relation_already_recorded_is_refused(client, contributor, jessica, alisa):
    _tie(jessica, "daughter", alisa)

    response = _add(client, jessica, kind="daughter", other="Alisa Jones", note="Mine")

    assert response.status_code == 400
    assert (
        "Jessica Jones is already recorded as the daughter of Alisa Jones."
        in response.text
    )
    assert 'value="Mine"' in response.text


def test_an_inverse_already_recorded_saves_neither_side(
    client, contributor, jessica, alisa
):
    _tie(alisa, "mother", jessica)

    response = _add(
        client, jessica, kind="daughter", other="Alisa Jones", inverse="mother"
    )

    assert response.status_code == 400
    assert "Alisa Jones is already recorded as the mother of Jessica Jones." in (
        response.text
    )
    assert '<option value="mother" selected>' in response.text
    assert _ties(jessica) == []
    jessica.refresh_from_db()
    assert jessica.current_revision.number == 1


def test_a_former_name_finds_the_character(client, contributor, jessica, alisa):
    services.revise_page(
        page=alisa,
        author=None,
        changes={"title": "Alisa Jones-Dalton"},
        base_revision=None,
    )

    response = _add(client, jessica, kind="daughter", other="alisa-jones")

    assert response.status_code == 302
    assert _ties() == [("Jessica Jones", "daughter", "Alisa Jones-Dalton", 0, "")]


def test_saving_too_often_is_refused(client, contributor, jessica, alisa, settings):
    settings.WIKI_RATE_LIMITS = settings.WIKI_RATE_LIMITS | {"edit": {"user": (0, 60)}}

    response = _add(client, jessica, kind="daughter", other="Alisa Jones")

    assert response.status_code == 429
    assert "You are saving too often" in response.text
    assert 'value="Alisa Jones"' in response.text
    assert _ties() == []


def test_visitors_are_asked_to_log_in_and_keep_what_they_typed(client, jessica, alisa):
    for address in ("relations/add/", "relations/"):
        response = client.get(f"/wiki/{jessica.slug}/{address}")
        assert response["Location"].startswith("/accounts/login/?next=")

    response = _add(client, jessica, kind="daughter", other="Alisa Jones")
    removed = client.post(f"/wiki/{jessica.slug}/relations/remove/", {})

    assert response.status_code == 403
    assert "You are not logged in" in response.text
    assert 'value="Alisa Jones"' in response.text
    assert removed["Location"].startswith("/accounts/login/")
    assert _ties() == []


def test_a_blocked_contributor_may_neither_add_nor_remove(
    client, contributor, jessica, alisa
):
    _tie(jessica, "daughter", alisa)
    shown = client.get(f"/wiki/{jessica.slug}/relations/").text
    Block.objects.create(user=contributor, reason="Vandalism")

    added = _add(client, jessica, kind="sister", other="Alisa Jones", note="Mine")
    removed = client.post(
        f"/wiki/{jessica.slug}/relations/remove/", form_data(shown, "remove-1")
    )

    assert added.status_code == 403 and "Your account is blocked" in added.text
    assert 'value="Mine"' in added.text
    assert removed.status_code == 403 and "Your account is blocked" in removed.text
    assert 'name="kind"' not in removed.text  # no remove buttons
    assert _ties() == [("Jessica Jones", "daughter", "Alisa Jones", 0, "")]
    assert "Add a relation" not in client.get(jessica.get_absolute_url()).text


def test_a_semi_protected_page_refuses_a_newcomer(client, contributor, jessica, alisa):
    services.set_protection(
        page=jessica, author=None, level=Page.Protection.ESTABLISHED
    )

    response = _add(client, jessica, kind="daughter", other="Alisa Jones")

    assert response.status_code == 403
    assert "This page is semi-protected" in response.text
    assert 'value="Alisa Jones"' in response.text
    assert _ties() == []
    assert "Add a relation" not in client.get(jessica.get_absolute_url()).text


def test_an_inverse_on_a_protected_page_is_refused_with_both_sides(
    client, contributor, jessica, alisa
):
    services.set_protection(page=alisa, author=None, level=Page.Protection.EDITORS)

    response = _add(
        client, jessica, kind="daughter", other="Alisa Jones", inverse="mother"
    )

    assert response.status_code == 403
    assert "You may not edit Alisa Jones’s page: This page is protected" in (
        response.text
    )
    assert '<option value="mother" selected>' in response.text
    assert _ties() == []


def test_the_list_shows_every_tie_and_removes_the_pages_own(
    client, contributor, jessica, alisa
):
    _tie(jessica, "daughter", alisa, revealed_in=position(2, 2))
    _tie(alisa, "mother", jessica, note="birth")

    shown = client.get(f"/wiki/{jessica.slug}/relations/").text
    response = client.post(
        f"/wiki/{jessica.slug}/relations/remove/", form_data(shown, "remove-1")
    )

    assert "S2E2" in shown and "birth" in shown
    assert shown.count('class="relation-table__remove"') == 1
    assert f'href="/wiki/{alisa.slug}/relations/">their relations</a>' in shown
    assert response.status_code == 302
    assert response["Location"] == f"/wiki/{jessica.slug}/relations/"
    assert _ties() == [("Alisa Jones", "mother", "Jessica Jones", 0, "birth")]
    jessica.refresh_from_db()
    assert jessica.current_revision.summary == (
        "Removed a relation: Daughter of Alisa Jones [hidden until S2E2]"
    )
    assert jessica.current_revision.data["relations"] == []
    after = client.get(f"/wiki/{jessica.slug}/relations/").text
    assert "Removed: daughter of Alisa Jones." in after
    assert "No relations are recorded on this page yet." in after


@pytest.mark.parametrize(
    ("meanwhile", "said"),
    [
        ({"note": "adoptive"}, "This relation was changed since the list was shown"),
        ({"revealed_in": 2005}, "This relation was changed since the list was shown"),
        (None, "This relation is no longer recorded"),
    ],
)
def test_a_stale_removal_removes_nothing(
    client, contributor, jessica, alisa, meanwhile, said
):
    relation = _tie(jessica, "daughter", alisa)
    shown = client.get(f"/wiki/{jessica.slug}/relations/").text
    if meanwhile is None:
        relation.delete()
    else:
        Relation.objects.filter(pk=relation.pk).update(**meanwhile)

    revisions = jessica.revisions.count()

    response = client.post(
        f"/wiki/{jessica.slug}/relations/remove/", form_data(shown, "remove-1")
    )

    assert response.status_code == 409
    assert said in response.text and "Nothing was removed" in response.text
    assert Relation.objects.count() == (0 if meanwhile is None else 1)
    assert jessica.revisions.count() == revisions


def test_a_removal_that_names_nothing_is_refused(client, contributor, jessica):
    response = client.post(
        f"/wiki/{jessica.slug}/relations/remove/", {"kind": "daughter"}
    )

    assert response.status_code == 400
    assert "does not say which relation to remove" in response.text


def test_the_list_is_for_the_whole_story(client, contributor, series, jessica, alisa):
    _tie(jessica, "daughter", alisa)
    session = client.session
    session["progress"] = f"{series.pk}:S1E3"
    session.save()

    warned = client.get(f"/wiki/{jessica.slug}/relations/").text
    client.post("/whole-story/", {"next": f"/wiki/{jessica.slug}/relations/"})
    shown = client.get(f"/wiki/{jessica.slug}/relations/").text

    assert "Show the editing tools anyway" in warned and "Alisa" not in warned
    assert "Alisa Jones" in shown


def test_the_form_is_never_served_from_a_shared_fragment(
    client, settings, jessica, alisa
):
    """Fragments are kept per rights: a blocked contributor has a
    contributor's rights, yet never gets another's form, nor they theirs."""
    settings.WIKI_FRAGMENT_CACHE = "default"
    blocked = make_user(username="blocked")
    Block.objects.create(user=blocked, reason="Vandalism")
    client.force_login(blocked)
    assert "Add a relation" not in client.get(jessica.get_absolute_url()).text

    client.force_login(make_user(username="trish"))
    first = client.get(jessica.get_absolute_url()).text
    client.force_login(blocked)
    again = client.get(jessica.get_absolute_url()).text

    assert "<summary>Add a relation</summary>" in first
    assert "Add a relation" not in again


def test_services_add_both_sides_or_neither(jessica, alisa):
    author = make_user(username="author")
    _tie(alisa, "mother", jessica)

    with pytest.raises(ValidationError) as refused:
        editing.add_relation(
            subject=jessica,
            kind="daughter",
            other=alisa,
            inverse_kind="mother",
            author=author,
        )

    assert list(refused.value.message_dict) == ["inverse"]
    assert _ties(jessica) == []
    added = editing.add_relation(
        subject=jessica, kind="daughter", other=alisa, author=author
    )
    assert [r.pk for r in added] == list(
        Relation.objects.filter(subject=jessica).values_list("pk", flat=True)
    )


def test_services_remove_only_what_was_shown(jessica, alisa):
    author = make_user(username="author")
    _tie(jessica, "daughter", alisa, note="a")
    shown = {"subject": jessica, "kind": "daughter", "other_id": alisa.pk}

    with pytest.raises(ValidationError, match="changed since"):
        editing.remove_relation(**shown, revealed_in=0, note="b", author=author)
    removed = editing.remove_relation(**shown, revealed_in=0, note="a", author=author)

    assert removed.other == alisa and _ties() == []
    with pytest.raises(ValidationError, match="no longer recorded"):
        editing.remove_relation(**shown, revealed_in=0, note="a", author=author)


def _crowd(series, jessica, count):
    """`count` characters, each tied to Jessica both ways."""
    for n in range(count):
        other = make_character(title=f"Cousin {n:02d}", series=series)
        Relation.objects.create(subject=jessica, kind="sibling", other=other)
        Relation.objects.create(subject=other, kind="sibling", other=jessica)


@pytest.mark.parametrize("count", [1, 30])
def test_the_tools_cost_the_same_for_many_relations(
    client, contributor, series, jessica, alisa, django_assert_max_num_queries, count
):
    _crowd(series, jessica, count)
    services.record_revision(page=jessica, summary="Cousins")

    # The site's chrome for a contributor (5), the page and the check of
    # blocks; then the list, in one query.
    with django_assert_max_num_queries(8):
        listed = client.get(f"/wiki/{jessica.slug}/relations/")
    with django_assert_max_num_queries(7):
        form = client.get(f"/wiki/{jessica.slug}/relations/add/")
    # Finding the other, locking and checking both sides (8), then an edit
    # of each page, with its revision, links, categories and search entry.
    with django_assert_max_num_queries(85):
        added = _add(
            client, jessica, kind="daughter", other="Alisa Jones", inverse="mother"
        )

    assert listed.status_code == 200 and listed.text.count("Cousin ") >= 2 * count
    assert form.status_code == 200 and "<h1>Add a relation</h1>" in form.text
    assert added.status_code == 302


def test_a_contributors_character_page_stays_within_its_budget(
    client, contributor, series, jessica, django_assert_max_num_queries
):
    _crowd(series, jessica, 20)

    # A contributor's page (its tools, notifications, rights), and the block
    # the form checks.
    with django_assert_max_num_queries(16):
        response = client.get(jessica.get_absolute_url())

    assert "<summary>Add a relation</summary>" in response.text


def test_the_form_alone_waits_for_the_character_too(client, contributor, series, alisa):
    session = client.session
    session["progress"] = f"{series.pk}:S1E3"
    session.save()

    response = client.get(f"/wiki/{alisa.slug}/relations/add/")

    assert response.status_code == 404
    assert "Alisa" not in response.text
