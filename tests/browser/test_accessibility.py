"""
What a new reader's walk-through found, checked in the browser: contrast of
focus rings and search highlights, where the keyboard goes, the size and fit
of the history's controls, and what a page loads.
"""

import re

import pytest

from tests.browser.chromium import chromium

pytestmark = pytest.mark.browser


def _luminance(css_colour: str) -> float:
    red, green, blue = (int(n) / 255 for n in re.findall(r"\d+", css_colour)[:3])

    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_headers_focus_ring_stands_out_from_the_header(site, scheme):
    with chromium() as browser:
        page = browser.new_page(color_scheme=scheme)
        page.goto(site + "/")
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")  # the site's name, in the header
        focused = page.evaluate_handle("document.activeElement")
        ring = focused.evaluate("el => getComputedStyle(el).outlineColor")
        header = page.eval_on_selector(
            ".site-header", "el => getComputedStyle(el).backgroundColor"
        )

        assert focused.evaluate("el => el.classList.contains('brand')")
        assert _contrast(ring, header) >= 3


def test_search_highlights_are_readable_in_dark_mode(site):
    with chromium() as browser:
        page = browser.new_page(color_scheme="dark")
        page.goto(site + "/search/?q=kilgrave")
        marks = page.locator("mark")
        assert marks.count() > 0
        for index in range(marks.count()):
            mark = marks.nth(index)
            text = mark.evaluate("el => getComputedStyle(el).color")
            background = mark.evaluate("el => getComputedStyle(el).backgroundColor")
            assert _contrast(text, background) >= 4.5


def test_the_sign_up_trap_for_bots_is_out_of_the_keyboards_way(site):
    with chromium() as browser:
        page = browser.new_page()
        page.goto(site + "/accounts/signup/")
        reached = []
        for _ in range(40):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("document.activeElement.name || ''"))

        assert "username" in reached and "password2" in reached
        assert "website" not in reached


def test_the_history_fits_a_phone_and_its_choices_are_large_enough(site):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(site + "/wiki/trish-walker/history/")
        table = page.locator(".table-scroll")
        sizes = page.locator(".history input[type=radio]").evaluate_all(
            "els => els.map(el => [el.offsetWidth, el.offsetHeight])"
        )

        assert table.evaluate("el => el.scrollWidth <= el.clientWidth")
        assert sizes and all(w >= 24 and h >= 24 for w, h in sizes)


def test_a_page_loads_only_what_it_uses(site):
    with chromium() as browser:
        page = browser.new_page()
        asked = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(site + "/characters/trish-walker/")
        page.wait_for_load_state("networkidle")

        assert sum("favicon" in url for url in asked) == 1
        assert not [url for url in asked if "video-embed" in url]

        asked.clear()
        page.goto(site + "/wiki/season-2-premieres-on-8-march-2018/")  # a video
        page.wait_for_load_state("networkidle")
        assert [url for url in asked if "video-embed" in url]
