"""The family diagram on a character's page."""

import pytest

from characters import family
from characters.models import Relation
from tests.charts import reading
from tests.factories import make_character
from wiki.storytime import EVERYONE, Progress

pytestmark = pytest.mark.django_db


def _page(client, character, progress="everything"):
    return client.get(f"{character.get_absolute_url()}?progress={progress}").text


def _names(picture):
    """The texts drawn, a label's lines joined by a space."""
    return {" ".join(text.itertext()) for text in picture.iter(f"{reading.SVG}text")}


def test_the_diagram_draws_each_tie_and_its_table_says_the_same(client, story):
    html = _page(client, story.jessica)
    picture = reading.svg(html, "family")

    assert picture.get("role") == "img"
    assert {"Jessica Jones", "Trish Walker", "Alisa Jones"} <= _names(picture)
    assert {"adoptive sister", "mother"} <= _names(picture)
    assert reading.table(html, "family") == [
        ["Who", "Is the", "Of", "Note"],
        ["Jessica Jones", "daughter of", "Alisa Jones", ""],
        ["Jessica Jones", "adoptive sister of", "Trish Walker", ""],
        ["Alisa Jones", "mother of", "Jessica Jones", ""],
        ["Trish Walker", "adoptive sister of", "Jessica Jones", ""],
    ]
    hrefs = reading.links(picture)
    assert sorted(hrefs) == sorted(
        [story.alisa.get_absolute_url(), story.trish.get_absolute_url()]
    )
    assert "Above: Alisa Jones. Beside: Trish Walker." in html


def test_a_tie_waits_for_the_episode_that_reveals_it(client, story):
    # Alisa's page is there from S2E1; that she is Jessica's mother, from S2E2.
    early = _page(client, story.jessica, progress="S2E1")
    later = _page(client, story.jessica, progress="S2E2")

    section = early.split('id="family-heading"')[1].split("</section>")[0]
    assert "Alisa Jones" not in section and "mother" not in section
    assert "Trish Walker" in section
    assert "Only ties revealed by S2E1 are drawn." in early
    assert "Alisa Jones" in _names(reading.svg(later, "family"))


def test_a_character_with_no_ties_reached_has_no_diagram(client, story):
    html = _page(client, story.alisa, progress="S2E1")

    assert 'id="family-heading"' not in html
    assert not reading.has_chart(html, "family")


def test_rows_follow_generations_up_beside_and_down(story):
    son = make_character(title="Jessica's son", series=story.series)
    Relation.objects.create(subject=son, kind="son", other=story.jessica)
    partner = make_character(title="Oscar Arocho", series=story.series)
    Relation.objects.create(subject=story.jessica, kind="former partner", other=partner)

    diagram = family.diagram(story.jessica, EVERYONE)
    place = {node.character.title: node for node in diagram.nodes}

    center = place["Jessica Jones"]
    assert place["Alisa Jones"].y < center.y < place["Jessica's son"].y
    assert place["Trish Walker"].y == center.y > place["Alisa Jones"].y
    assert place["Trish Walker"].x < center.x < place["Oscar Arocho"].x
    labels = {edge.label: edge for edge in diagram.edges}
    # What each is to the character, even where only its own side is recorded.
    assert set(labels) == {"mother", "adoptive sister", "son", "former partner"}
    assert labels["former partner"].is_former
    assert diagram.view_box.split()[2:] == [str(diagram.width), str(diagram.height)]


def test_ties_recorded_from_one_side_are_named_from_the_others(story):
    child = make_character(title="Child", series=story.series)
    Relation.objects.create(subject=story.jessica, kind="mother", other=child)

    diagram = family.diagram(story.jessica, EVERYONE)

    assert "child" in {edge.label for edge in diagram.edges}
    assert next(n for n in diagram.nodes if n.character == child) in diagram.down


def test_a_deleted_character_is_not_drawn(client, story):
    from django.utils import timezone

    story.trish.deleted_at = timezone.now()
    story.trish.save()

    html = _page(client, story.jessica)

    assert "Trish Walker" not in _names(reading.svg(html, "family"))


def test_a_character_of_another_series_waits_for_the_reader_there(story):
    from tests.factories import make_series

    elsewhere = make_series(title="Luke Cage")
    luke = make_character(title="Luke Cage", series=elsewhere)
    Relation.objects.create(subject=luke, kind="former partner", other=story.jessica)
    luke.revealed_in = 1001
    luke.save()

    seen = family.diagram(story.jessica, Progress(series=((elsewhere.pk, 1001),)))
    unseen = family.diagram(story.jessica, Progress(series=((elsewhere.pk, 0),)))

    assert luke in [node.character for node in seen.nodes]
    assert luke not in [node.character for node in unseen.nodes]


def test_the_relations_around_a_character_take_one_query(
    story, django_assert_num_queries
):
    with django_assert_num_queries(1):
        relations = list(Relation.objects.around(story.jessica))

    assert len(relations) == 4
