"""
A contributor builds the structured wiki in Chromium, against a live server:
creates a character, credits a new guest star as that character in an
episode (making the actor's page on the way), and ties the character to
another; the episode's cast, the character's infobox, the appearances strip,
the season's grid and the family diagram all show it.
"""

import pytest

from tests.browser.chromium import SCREENSHOTS, chromium
from tests.factories import make_user

pytestmark = pytest.mark.browser
EPISODE = "/episodes/aka-crush-syndrome/"  # S1E2


@pytest.fixture
def contributor(site):
    from django.contrib.auth.models import Group, Permission

    # The seed's transactional test flushed the roles' groups: make them again.
    group, _ = Group.objects.get_or_create(name="Contributors")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="wiki",
            codename__in=["edit_pages", "create_articles"],
        )
    )
    return make_user(username="builder")


def _log_in(page, site):
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", "builder")
    page.fill("#id_password", "a-long-passphrase")
    page.click("form.account-form button[type=submit]")


def _text(page, selector) -> str:
    # text_content: a drawing's text too (an SVG element has no inner text).
    return " ".join(page.locator(selector).first.text_content().split())


def test_a_guest_appearance_and_a_new_character_with_a_relation(site, contributor):
    problems = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        _log_in(page, site)

        # A new character, first seen in S1E2.
        page.goto(f"{site}/create/character/")
        page.fill("#id_title", "Nadia Kessler")
        page.fill("#id_revealed_in", "S1E2")
        page.fill("#id_description", "A neighbour of Hope's family.")
        page.click("form.edit-form button[name=save]")
        page.wait_for_url(f"{site}/characters/nadia-kessler/")

        # On the episode: a guest star with no page yet, typed with suggestions.
        page.goto(site + EPISODE)
        page.locator(".credit-add summary").first.click()
        page.fill(".credit-add input[name=person]", "Dana Whitlock")
        page.check(".credit-add input[name=new_person]")
        page.fill(".credit-add input[name=character]", "Nadia Kess")
        # The page's script fills the suggestions from the server.
        suggested = "#credit-character-names option[value='Nadia Kessler']"
        page.locator(suggested).first.wait_for(state="attached")
        page.fill(".credit-add input[name=character]", "Nadia Kessler")
        page.select_option(".credit-add select[name=billing]", "3")
        page.click(".credit-add button:has-text('Add to the cast')")
        page.wait_for_url(site + EPISODE)
        cast = _text(page, "section[aria-labelledby=cast-heading]")
        assert "Guest starring" in cast and "Dana Whitlock as Nadia Kessler" in cast
        page.screenshot(path=SCREENSHOTS / "structured-episode.png", full_page=True)

        # The character: its infobox and appearances strip.
        page.goto(f"{site}/characters/nadia-kessler/")
        infobox = _text(page, ".infobox")
        assert "Dana Whitlock" in infobox and "AKA Crush Syndrome" in infobox
        page.locator(".chart--strip details.chart__table summary").click()
        assert "S1E2 AKA Crush Syndrome Yes: Guest" in _text(page, ".chart--strip")

        # A tie to Hope Shlottman, both ways.
        tools = "details.relation-tools__add"
        page.locator(f"{tools} summary").click()
        page.select_option(f"{tools} select[name=kind]", "sister")
        page.fill(f"{tools} input[name=other]", "Hope Shlottman")
        page.select_option(f"{tools} select[name=inverse]", "sister")
        page.click(f"{tools} button[type=submit]")
        page.wait_for_url(f"{site}/characters/nadia-kessler/")
        assert "Sister of Hope Shlottman" in _text(page, ".infobox")
        page.locator(".chart--family details.chart__table summary").click()
        assert "Hope Shlottman" in _text(page, ".chart--family svg")
        assert "Hope Shlottman" in _text(page, ".chart--family table")
        page.screenshot(path=SCREENSHOTS / "structured-character.png", full_page=True)
        page.goto(f"{site}/characters/hope-shlottman/")
        assert "Sister of Nadia Kessler" in _text(page, ".infobox")

        # The season's appearances grid has her row.
        page.goto(f"{site}/seasons/jessica-jones-season-1/")
        assert "Nadia Kessler" in _text(page, ".chart--grid svg")
    assert problems == []
