"""
Pages as a visitor sees them: headless Chromium at a phone's and a desktop's
width, failing on console errors (CSP violations among them), failed requests
and sideways scrolling. Screenshots land in `screenshots/` (or $SCREENSHOT_DIR).
"""

import re

import pytest

from tests.browser.chromium import SCREENSHOTS, chromium

PAGES = {
    "home": "/",
    "series": "/series/marvels-jessica-jones/",
    "season": "/seasons/jessica-jones-season-1/",
    "episode": "/episodes/aka-its-called-whiskey/",
    "character": "/characters/trish-walker/",
    "person": "/people/krysten-ritter/",
    "guide": "/series/marvels-jessica-jones/episodes/",
    "article": "/wiki/season-2-premieres-on-8-march-2018/",
    "history": "/wiki/trish-walker/history/",
    "changes": "/changes/",
    "log": "/logs/",
    "signup": "/accounts/signup/",
    "search": "/search/?q=kilgrave",
    "category": "/categories/characters/",
    "progress": "/progress/",
    "spoilers": "/characters/kilgrave/?progress=S1E3",
}
WIDTHS = [360, 1280]
pytestmark = pytest.mark.browser


def test_pages_render_cleanly_on_phones_and_desktops(site):
    problems = []
    with chromium() as browser:
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.on(
                "console",
                lambda message: (
                    message.type == "error"
                    and problems.append(f"console: {message.text}")
                ),
            )
            # A request the next navigation cancels (ERR_ABORTED) did not fail.
            page.on(
                "requestfailed",
                lambda r: (
                    "ERR_ABORTED" not in (r.failure or "")
                    and problems.append(f"failed: {r.url} {r.failure}")
                ),
            )
            page.on(
                "response",
                lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"),
            )
            for name, path in PAGES.items():
                response = page.goto(site + path)
                assert response.status == 200, path
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - window.innerWidth"
                )
                if overflow > 0:
                    problems.append(
                        f"{path} at {width}px scrolls sideways by {overflow}px"
                    )
                page.screenshot(
                    path=SCREENSHOTS / f"{name}-{width}.png", full_page=True
                )
            page.close()

    assert problems == []
    assert len(list(SCREENSHOTS.glob("*.png"))) >= len(PAGES) * len(WIDTHS)


def test_the_search_box_suggests_titles_while_typing(site):
    from playwright.sync_api import expect

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(site + "/")
        page.locator("#site-search-q").press_sequentially("tris", delay=50)
        first = page.locator("#site-search-suggestions [role=option]").first
        expect(first).to_contain_text("Trish Walker", timeout=5000)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url("**/characters/trish-walker/")
        page.screenshot(path=SCREENSHOTS / "suggest-1280.png")

    assert errors == []


def test_images_show_and_videos_load_only_when_played(transactional_db, live_server):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    from multimedia.models import GalleryItem, Video
    from multimedia.services import upload_image
    from tests.factories import make_revised_page

    out = io.BytesIO()
    PILImage.new("RGB", (1400, 800), "teal").save(out, "PNG")
    image = upload_image(
        upload=SimpleUploadedFile("office.png", out.getvalue()),
        title="Alias office",
        alt_text="A cluttered office",
        caption="Where Jessica works",
    )
    page = make_revised_page(
        title="Behind the scenes", body="[[File:Alias office|The set]]"
    )
    GalleryItem.objects.create(page=page, image=image)
    Video.objects.create(
        page=page, title="Season 2 trailer", site="youtube", video_id="abc123XYZ"
    )
    with chromium() as browser:
        for width in WIDTHS:
            view = browser.new_page(viewport={"width": width, "height": 800})
            requests, errors = [], []
            view.on("request", lambda r, seen=requests: seen.append(r.url))
            view.on(
                "console",
                lambda m, seen=errors: m.type == "error" and seen.append(m.text),
            )
            view.goto(live_server.url + page.get_absolute_url())
            view.wait_for_load_state("networkidle")
            assert not [u for u in requests if "youtube" in u]
            assert errors == []
            loaded = view.evaluate(
                "[...document.images].filter(i => i.naturalWidth > 0).length"
            )
            assert loaded >= 1
            overflow = view.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0
            view.screenshot(path=SCREENSHOTS / f"media-{width}.png", full_page=True)
            view.click("a.video__poster")
            frame = view.locator("iframe.video__frame")
            frame.wait_for(state="attached", timeout=5000)
            assert "youtube-nocookie.com/embed/abc123XYZ" in frame.get_attribute("src")
            view.close()


def test_a_reader_sets_progress_in_two_clicks_and_shows_one_passage(site):
    from playwright.sync_api import expect

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(site + "/characters/kilgrave/")
        expect(page.locator(".infobox")).to_contain_text("Deceased")

        page.get_by_role("link", name="Watched: Everything").click()
        page.get_by_role("button", name=re.compile(r"^Watched up to S1E3 ")).click()

        page.wait_for_url("**/characters/kilgrave/")
        expect(page.locator(".progress-link")).to_contain_text("S1E3")
        expect(page.locator(".infobox")).not_to_contain_text("Deceased")
        expect(page.locator(".prose")).not_to_contain_text("breaks his neck")
        notice = page.locator(".prose .reveal-notice")
        expect(notice).to_have_count(1)
        expect(notice).not_to_contain_text("S1E")
        notice.get_by_role("link", name="Show one more passage").click()
        expect(page.locator("#shown-passage")).to_be_visible()
        expect(page.locator(".prose")).not_to_contain_text("breaks his neck")
        page.locator(".prose .reveal-notice").get_by_role(
            "link", name="Show the whole page"
        ).click()
        expect(page.locator(".prose")).to_contain_text("breaks his neck")
        page.screenshot(path=SCREENSHOTS / "spoilers-shown-360.png", full_page=True)

    assert errors == []
