"""Search has one contract on PostgreSQL and on SQLite; CI runs these on both."""

import pytest

from tests.factories import make_character, make_revised_page
from wiki import services
from wiki.search import backends, search

pytestmark = pytest.mark.django_db


def test_title_and_alias_matches_rank_first(seeded):
    results = search("kilgrave")

    assert results.hits[0].title == "Kilgrave"
    assert results.total > 10
    assert results.suggestion is None


def test_an_alias_finds_its_page_first(seeded):
    results = search("patsy")

    assert results.hits[0].title == "Trish Walker"


def test_bodies_and_synopses_are_searched_with_highlighted_snippets(seeded):
    results = search("anesthetic")

    titles = [hit.title for hit in results.hits]
    assert "AKA Crush Syndrome" in titles
    snippet = str(results.hits[titles.index("AKA Crush Syndrome")].snippet)
    assert "<mark>" in snippet and "anesthetic" in snippet.lower()


def test_snippets_are_escaped(db):
    from tests.factories import make_character
    from wiki.services import record_revision

    record_revision(
        page=make_character(
            title="Tricky", description="The <b>bold</b> tag & the word zebra."
        )
    )

    snippet = str(search("zebra").hits[0].snippet)

    assert "<b>" not in snippet  # PostgreSQL drops tags, SQLite's get escaped
    assert "&amp; the word <mark>zebra</mark>" in snippet


def test_a_near_miss_offers_the_right_spelling(seeded):
    results = search("Killgrave")

    assert results.suggestion == "Kilgrave"


def test_results_can_be_narrowed_to_a_kind(seeded):
    results = search("kilgrave", kind="episode")

    assert results.hits
    assert {hit.kind for hit in results.hits} == {"episode"}


def test_results_are_paginated(seeded):
    first = search("jessica", limit=5)
    second = search("jessica", offset=5, limit=5)

    assert len(first.hits) == len(second.hits) == 5
    assert not {h.page_id for h in first.hits} & {h.page_id for h in second.hits}
    assert first.total == second.total > 10


def test_an_edit_is_searchable_at_once(client, db):
    page = make_revised_page(title="Raft", body="An island prison.")
    assert search("flamingo").total == 0
    from wiki import services

    services.revise_page(
        page=page,
        author=None,
        changes=services.snapshot(page) | {"body": "A pink flamingo lives here."},
        base_revision=page.current_revision,
    )

    assert [hit.title for hit in search("flamingo").hits] == ["Raft"]


def test_the_search_page_shows_results_snippets_and_suggestions(client, seeded):
    html = client.get("/search/", {"q": "Killgrave"}).text

    assert "Did you mean" in html and ">Kilgrave</a>" in html

    html = client.get("/search/", {"q": "anesthetic"}).text

    assert 'href="/episodes/aka-crush-syndrome/"' in html
    assert "<mark>" in html


@pytest.mark.parametrize(
    "query",
    ["", "k", "x" * 10_000, "%_'\";--", "***", "()", '"', "AND OR NOT", "a* b*",
     "<script>alert(1)</script>", "' OR 1=1 --", "NEAR(a b)", "title:kilgrave"],
)  # fmt: skip
def test_search_survives_any_query(client, seeded, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert response.context["query"] == " ".join(query.split())[:200]
    assert "<script>alert(1)</script>" not in response.text


@pytest.mark.parametrize("page", ["0", "-1", "999999", "abc"])
def test_search_survives_any_page_number(client, seeded, page):
    response = client.get("/search/", {"q": "jessica", "page": page})

    assert response.status_code == 200
    # A number that names no page of results shows the first.
    assert "/characters/jessica-jones/" in response.text


def test_title_suggestions_as_json(client, seeded):
    data = client.get("/search/suggest/", {"q": "tri"}).json()

    assert data["query"] == "tri"
    assert data["results"][0] == {
        "title": "Trish Walker",
        "url": "/characters/trish-walker/",
        "kind": "Character",
        "alias": "",
    }
    assert len(data["results"]) <= 8


def test_search_pages_stay_within_budget(
    client, large_series, django_assert_max_num_queries
):
    for page in large_series.seasons.get(number=1).episodes.all()[:3]:
        services.record_revision(page=page)  # searchable, as saved pages are

    with django_assert_max_num_queries(6):
        found = client.get("/search/", {"q": "episode"})
    with django_assert_max_num_queries(1):
        suggested = client.get("/search/suggest/", {"q": "epi"}).json()

    assert "Episode 1x1" in found.text
    assert "Episode 1x1" in {result["title"] for result in suggested["results"]}


def _cap_counting_at(count, monkeypatch):
    monkeypatch.setattr(backends.current(), "COUNTED", count)


def test_a_very_common_query_is_counted_up_to_a_limit(client, db, monkeypatch):
    for n in range(8):
        make_revised_page(title=f"Note {n}", body="A zebra ran.")
    make_revised_page(title="Zebra Crossing", body="Stripes.")
    _cap_counting_at(5, monkeypatch)

    results = search("zebra")
    beyond = search("zebra", offset=5)

    assert results.more and results.total == 5
    assert len(results.hits) == 5
    assert results.hits[0].title == "Zebra Crossing"  # title matches never drop
    assert beyond.hits == []
    assert "More than 5 pages found" in client.get("/search/", {"q": "zebra"}).text

    _cap_counting_at(20, monkeypatch)

    exact = search("zebra")

    assert not exact.more and exact.total == 9


def test_pages_of_a_capped_search_never_repeat_a_result(db, monkeypatch):
    for n in range(12):
        make_revised_page(title=f"Note {n}", body="A zebra ran.")
    _cap_counting_at(9, monkeypatch)

    pages = [search("zebra", offset=offset, limit=3) for offset in (0, 3, 6, 9)]
    seen = [hit.page_id for results in pages for hit in results.hits]

    assert all(results.more and results.total == 9 for results in pages)
    assert len(seen) == len(set(seen)) == 9
    assert seen == [hit.page_id for hit in search("zebra", limit=9).hits]


def test_snippets_and_feed_summaries_read_as_text_not_markup(client, db):
    character = make_character(
        title="Malcolm Ducasse",
        description="A neighbour who works for Jessica.",
        affiliations="[[Alias Investigations]]",
        body="A neighbour who works for Jessica. [[File:Office|His desk at work]]",
    )
    services.record_revision(page=character)

    found = client.get("/search/", {"q": "Alias Investigations"}).text
    feed = client.get("/feeds/new/").text

    for text in (found, feed):
        assert "[[" not in text and "File:" not in text
    assert "His desk at work" in feed
    entry = character.search_entries.get()
    assert entry.text.count("A neighbour who works for Jessica.") == 1
    assert "Alias Investigations" in entry.text
