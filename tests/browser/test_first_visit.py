"""The first-visit question on a phone: it fits, it is answered without
JavaScript's help, and it is gone once answered."""

import pytest

from tests.browser.chromium import SCREENSHOTS, chromium

pytestmark = pytest.mark.browser
FINALE = "/episodes/aka-smile/"
SYNOPSIS = "snapping his neck"  # the finale's synopsis


def _wider_than_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_a_first_visitor_answers_and_the_question_goes(site):
    with chromium() as browser:
        page = browser.new_page(
            viewport={"width": 360, "height": 800}, java_script_enabled=False
        )
        page.goto(site + FINALE)
        banner = page.get_by_role("region", name="How far have you watched?")
        assert banner.is_visible()
        assert not _wider_than_the_screen(page)
        page.screenshot(path=SCREENSHOTS / "first-visit-360.png")

        banner.get_by_label("Last episode you have seen").fill("S1E3")
        banner.get_by_role("button", name="Hide what comes later").click()

        assert page.url == site + FINALE
        assert page.get_by_role("region", name="How far have you watched?").count() == 0
        assert SYNOPSIS not in page.content()
        assert "Showing everything up to S1E3" in page.content()
        page.reload()
        assert page.get_by_role("region", name="How far have you watched?").count() == 0
