"""Requests that once answered 500: each now gets a 4xx or a normal page."""

from xml.etree import ElementTree

import pytest

from tests.factories import make_revised_page
from wiki.models import Page

pytestmark = pytest.mark.usefixtures("seeded")
HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=a%00b", "/search/suggest/?q=%00", "/changes/?user=%00",
        "/changes/feed/?user=%00", "/users/%00/", "/api/characters/%00",
        "/api/episodes?series=%00", "/wiki/kil%00grave/", "/?%00=1",
    ],
)  # fmt: skip
def test_a_nul_character_in_an_address_is_refused(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "That request couldn’t be read" in response.text


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"/changes/?page={HUGE}", "No changes"),
        (f"/changes/?page={HUGE}&hideminor=1", "No changes"),
        (f"/search/?q=jessica&progress={HUGE}:S1E1", "/characters/jessica-jones/"),
        (f"/feeds/new/?progress={HUGE}:S1E1", "<feed"),
        ("/feeds/new/?progress=nothing", "<feed"),
    ],
)
def test_numbers_past_any_column_are_read_as_what_they_can_be(client, url, shown):
    response = client.get(url)

    assert response.status_code == 200
    assert shown in response.text


def test_suggestions_with_an_impossible_series_in_the_progress(client):
    response = client.get("/search/suggest/", {"q": "tri", "progress": f"{HUGE}:S1E1"})

    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "Trish Walker"


def test_progress_sent_with_nonsense_is_refused_with_a_message(client):
    response = client.post(
        "/progress/",
        {"series": "a\x00b", "position": "S1E1", "next": "-1"},
        headers={"Origin": "http://testserver"},
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain[0][0] == "/"  # "-1" is no address of ours
    assert "That is not an episode of a series on this wiki." in response.text


def test_control_characters_never_break_a_feed(client):
    page = make_revised_page(title="Pasted", body="From a terminal.")
    # Stored without the site's cleaning, as an old row or a bulk write may be.
    Page.objects.filter(pk=page.pk).update(title="Pasted \x1b[31mred\x08\x0b\x0c")

    new_pages = client.get("/feeds/new/")
    changes = client.get("/changes/feed/")

    assert new_pages.status_code == changes.status_code == 200
    texts = [e.text for e in ElementTree.fromstring(new_pages.content).iter()]
    assert "Pasted [31mred" in texts
    assert ElementTree.fromstring(changes.content).tag.endswith("feed")
