import pytest

from tests.factories import make_revised_page
from wiki import services
from wiki.markup import render_markdown
from wiki.models import Category, Page

pytestmark = pytest.mark.django_db


def test_a_category_tag_puts_the_page_in_the_category_and_shows_nothing(client):
    page = make_revised_page(
        title="Raft", body="A prison.\n\n[[Category:Prisons]] [[Category:Places]]"
    )

    assert sorted(page.category_links.values_list("category__name", flat=True)) == [
        "Places",
        "Prisons",
    ]
    assert "Category:" not in render_markdown(page.body)
    html = client.get(page.get_absolute_url()).text
    assert 'href="/categories/prisons/"' in html


def test_the_categories_field_works_too(client):
    page = make_revised_page(
        title="Hell's Kitchen", categories="Places\nNeighbourhoods"
    )

    assert set(page.category_links.values_list("category__slug", flat=True)) == {
        "places",
        "neighbourhoods",
    }


def test_removing_the_tag_removes_the_page_from_the_category():
    page = make_revised_page(body="[[Category:Prisons]]")
    services.revise_page(
        page=page,
        author=None,
        changes=services.snapshot(page) | {"body": "No longer a prison."},
        base_revision=page.current_revision,
    )

    assert not page.category_links.exists()


def test_typed_pages_get_automatic_categories(seeded):
    def members(name):
        return Category.objects.get(name=name).memberships.count()

    assert members("Characters") == 32
    assert members("Episodes") == 39
    assert members("Jessica Jones season 2 episodes") == 13
    assert members("Cast") > 20 and members("Crew") > 20
    assert members("Organisations") == 2


def test_category_pages_list_members_a_to_z_with_counts(client, seeded):
    index = client.get("/categories/").text
    assert 'Characters</a> <span class="muted">(32)</span>' in index

    html = client.get("/categories/characters/").text

    assert "32 pages in this category" in html
    assert html.index("Alisa Jones") < html.index("Zaya Okonjo")


def test_a_link_to_a_category_page(db):
    html = render_markdown("See [[:Category:Prisons|all prisons]].")

    assert '<a class="wikilink" href="/categories/prisons/">all prisons</a>' in html


def test_random_page_leads_to_a_page(client, seeded):
    addresses = {page.get_absolute_url() for page in Page.objects.all()}

    response = client.get("/random/")

    assert response.status_code == 302
    assert response["Location"] in addresses
    assert client.get(response["Location"], follow=True).status_code == 200


def test_long_bodies_get_an_on_this_page_contents(client):
    page = make_revised_page(
        title="Long",
        body="## Early life\n\ntext\n\n## Powers\n\ntext\n\n### Strength\n\nx",
    )

    html = client.get(page.get_absolute_url()).text

    assert "On this page" in html
    assert '<a href="#s-early-life">Early life</a>' in html
    assert '<h2 id="s-early-life">Early life</h2>' in html


def test_category_pages_stay_within_budget(client, django_assert_max_num_queries):
    for n in range(250):
        make_revised_page(
            title=f"Member {n}", body=f"[[Category:Big]] [[Category:C{n}]]"
        )

    expected = {"/categories/": "Big", "/categories/big/": "Member 0"}
    for url, shown in expected.items():
        with django_assert_max_num_queries(3):
            response = client.get(url)
        assert response.status_code == 200
        assert shown in response.text, url
    with django_assert_max_num_queries(3):
        assert client.get("/random/")["Location"].startswith("/wiki/member-")
