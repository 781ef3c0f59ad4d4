"""A reader at S1E3 never receives what S1E13 reveals, on any surface; a reader
at "everything" does. Strings from the seed content:

- Kilgrave's biography block tagged S1E13 ("breaks his neck"),
- his status from S1E13 ("Deceased") and his description from S1E13,
- the synopsis of S1E13, "AKA Smile" ("snapping his neck").
"""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from credits.models import CastCredit
from episodes.models import Episode, Series
from tests.factories import make_person
from wiki.models import Revision

BIOGRAPHY = "breaks his neck"
SYNOPSIS = "snapping his neck"
STATUS = "Deceased"
DESCRIPTION = "breaking his neck at the end of season 1"

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def series():
    return Series.objects.get()


@pytest.fixture
def early(client, series):
    """A visitor who has watched up to S1E3."""
    client.cookies["progress"] = f"{series.pk}:S1E3"
    return client


def _both(client, series, url, later=""):
    """(html at S1E3, html at everything, or at `later`) of one address."""
    client.cookies["progress"] = f"{series.pk}:S1E3"
    at_s1e3 = client.get(url)
    client.cookies["progress"] = f"{series.pk}:{later}" if later else ""
    at_everything = client.get(url)
    assert at_s1e3.status_code == at_everything.status_code == 200
    return at_s1e3.content.decode(), at_everything.content.decode()


def test_page_body_hides_a_later_block_behind_a_notice(client, series):
    early, everything = _both(client, series, "/characters/kilgrave/")

    assert BIOGRAPHY not in early
    assert BIOGRAPHY in everything
    # The notice says that more is hidden, never where, how much or when.
    assert "More of this page is past where you have watched." in early
    biography = re.search(r'id="biography-heading".*?</section>', early, re.S)[0]
    assert "AKA Smile" not in early and "S1E13" not in biography
    assert "Revealed in S1E13" in everything


def test_show_one_more_passage_reveals_the_next_without_javascript(early):
    html = early.get("/characters/kilgrave/").content.decode()
    link = re.search(r'href="(\?more=1#shown-passage)">Show one more passage', html)

    shown = early.get(f"/characters/kilgrave/{link[1]}").content.decode()

    assert 'id="shown-passage"' in shown
    assert shown.count("Revealed in S") == html.count("Revealed in S") + 1
    assert 'href="?more=2#shown-passage"' in shown
    assert "hallucination" not in shown  # a much later block stays hidden


def test_the_appearances_notice_shows_whatever_is_hidden(early):
    # A character seen only up to S1E3 and one seen all along read alike.
    for slug in ("kilgrave", "jessica-jones", "trish-walker"):
        html = early.get(f"/characters/{slug}/").content.decode()
        assert "Only appearances up to S1E3 are listed." in html


def test_infobox_facts_are_as_of_the_reader(client, series):
    early, everything = _both(client, series, "/characters/kilgrave/")
    infobox = re.compile(r'<aside class="infobox".*?</aside>', re.S)

    assert STATUS not in infobox.search(early)[0]
    assert "<dd>Alive" in infobox.search(early)[0]
    assert "As of S1E3" in early
    assert STATUS in infobox.search(everything)[0]
    assert "Kevin" not in early  # an alias revealed in S1E8
    assert "Kevin" in everything


def test_episode_guide_collapses_later_synopses(client, series):
    early, everything = _both(client, series, f"/series/{series.slug}/episodes/")

    assert SYNOPSIS not in early
    assert SYNOPSIS in everything
    assert "Synopsis hidden until you have watched S1E13" in early
    # Episodes already watched keep theirs.
    assert "shoots her own parents" in early


def test_guide_show_anyway_opens_one_episode(early, series):
    html = early.get(f"/series/{series.slug}/episodes/?show=S1E13").content.decode()

    assert SYNOPSIS in html
    assert "Synopsis hidden until you have watched S1E12" in html


def test_episode_page_keeps_its_plot_and_credits_until_reached(client, series):
    episode = Episode.objects.get(season__number=1, number=13)
    guest = make_person(title="Somebody Only In The Finale")
    CastCredit.objects.create(person=guest, role="Finale guest", episode=episode)

    early, everything = _both(client, series, episode.get_absolute_url())

    for text in (SYNOPSIS, guest.title):
        assert text not in early
        assert text in everything
    assert "This episode’s synopsis and cast are hidden until S1E13" in early


def test_appearances_stop_at_the_readers_episode(client, series):
    assert CastCredit.objects.filter(
        character__slug="kilgrave", episode__title="AKA Smile"
    ).exists()

    early, everything = _both(client, series, "/characters/kilgrave/")
    appearances = re.compile(r'id="appearances-heading".*?</section>', re.S)

    assert "AKA Smile" not in appearances.search(early)[0]
    assert "AKA Smile" in appearances.search(everything)[0]
    assert "Only appearances up to S1E3 are listed." in early


def test_search_neither_matches_nor_shows_later_text(client, series):
    early, everything = _both(client, series, "/search/?q=breaks+neck")

    assert 'href="/characters/kilgrave/"' not in early
    assert 'href="/characters/kilgrave/"' in everything
    assert "<mark>neck</mark>" in everything
    assert "<mark>neck</mark>" not in early


def test_search_snippets_never_carry_later_text(client, series):
    early, everything = _both(client, series, "/search/?q=Kilgrave")

    for text in (SYNOPSIS, BIOGRAPHY, DESCRIPTION):
        assert text not in early
    assert 'href="/characters/kilgrave/"' in early


def test_title_suggestions_only_offer_reached_aliases(client, series):
    kilgrave = series.characters.get(slug="kilgrave")
    kilgrave.aliases += "\nS1E13: The Purple Menace"
    kilgrave.save()
    from wiki.search import documents

    documents.refresh(kilgrave)

    early, everything = _both(client, series, "/search/suggest/?q=The+Purple")

    assert json.loads(early)["results"] == []
    assert json.loads(everything)["results"][0]["title"] == "Kilgrave"
    assert "Menace" not in early


def test_new_pages_feed_follows_the_progress_in_its_address(client, series):
    url = "/feeds/new/?kind=episode"
    early = client.get(f"{url}&progress={series.pk}:S1E3").content.decode()
    everything = client.get(url).content.decode()

    assert SYNOPSIS not in early
    assert SYNOPSIS in everything


def test_recent_changes_feed_leaves_summaries_out_before_everything(client, series):
    kilgrave = series.characters.get(slug="kilgrave")
    revision = kilgrave.current_revision
    Revision.objects.filter(pk=revision.pk).update(
        summary=f"He is {STATUS} now", created_at=timezone.now() + timedelta(days=1)
    )

    early = client.get(f"/changes/feed/?progress={series.pk}:S1E3").content.decode()
    everything = client.get("/changes/feed/").content.decode()

    assert STATUS not in early
    assert f"He is {STATUS} now" in everything


def test_opengraph_description_is_as_of_the_reader(client, series):
    # The description changes again later: compare with a reader at S1E13.
    early, everything = _both(client, series, "/characters/kilgrave/", "S1E13")
    og = re.compile(r'<meta property="og:description" content="([^"]*)"')

    assert DESCRIPTION not in og.search(early)[1]
    assert "believed he was dead" in og.search(early)[1]
    assert DESCRIPTION in og.search(everything)[1]


def test_json_ld_leaves_out_an_episode_not_reached(client, series):
    episode = Episode.objects.get(season__number=1, number=13)
    early, everything = _both(client, series, episode.get_absolute_url())
    ld = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

    early_data = json.loads(ld.search(early)[1])
    everything_data = json.loads(ld.search(everything)[1])
    assert "description" not in early_data
    assert early_data["actor"] == []  # roles may spoil
    assert SYNOPSIS in everything_data["description"]
    assert everything_data["actor"]
    # Who directed it spoils nothing.
    assert early_data["director"] == everything_data["director"] != []


def test_api_sets_progress_by_parameter(client, series):
    early = client.get("/api/characters/kilgrave", {"progress": "S1E3"}).json()
    everything = client.get("/api/characters/kilgrave").json()
    at_finale = client.get("/api/characters/kilgrave", {"progress": "S1E13"}).json()
    finale = client.get("/api/episodes/aka-smile", {"progress": "S1E3"}).json()

    assert early["status"] == "Alive"
    assert "Kevin (childhood name)" not in early["aliases"]
    assert DESCRIPTION not in early["description"]
    assert everything["status"] == STATUS
    assert DESCRIPTION in at_finale["description"]
    assert at_finale["status"] == STATUS
    assert finale["synopsis"] is None
    assert finale["cast"] == finale["crew"] == []
    full = client.get("/api/episodes/aka-smile").json()
    assert SYNOPSIS in full["synopsis"]


def test_api_ignores_the_progress_cookie(early):
    assert early.get("/api/characters/kilgrave").json()["status"] == STATUS


def test_api_credit_lists_leave_out_later_credits(client, series):
    episode = Episode.objects.get(season__number=1, number=13)
    guest = make_person(title="Finale Only")
    CastCredit.objects.create(person=guest, role="Finale guest", episode=episode)

    early = client.get(
        "/api/credits/cast", {"person": guest.slug, "progress": "S1E3"}
    ).json()
    everything = client.get("/api/credits/cast", {"person": guest.slug}).json()
    per_series = client.get(
        "/api/credits/cast", {"person": guest.slug, "progress": f"{series.pk}:S1E13"}
    ).json()

    assert early["count"] == 0
    assert everything["count"] == per_series["count"] == 1


def test_search_engines_see_everything(client):
    html = client.get("/characters/kilgrave/").content.decode()

    assert BIOGRAPHY in html
    assert STATUS in html
