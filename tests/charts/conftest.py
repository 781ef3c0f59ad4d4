from types import SimpleNamespace

import pytest

from characters.models import Relation
from credits.models import CastCredit, CrewCredit
from tests.factories import (
    make_cast_credit,
    make_character,
    make_crew_credit,
    make_episode,
    make_person,
    make_season,
    make_series,
)
from wiki import storytime

MAIN, RECURRING, GUEST = (
    CastCredit.Billing.MAIN,
    CastCredit.Billing.RECURRING,
    CastCredit.Billing.GUEST,
)


@pytest.fixture
def story(db):
    """Two seasons (three episodes, then two) with appearances of every kind,
    a role without a page, a tie known from the start and one revealed in
    S2E2, and a lead who also directs."""
    series = make_series(title="Marvel's Jessica Jones")
    one = make_season(series=series, number=1, title="Season one")
    two = make_season(series=series, number=2, title="Season two")
    titles = ["AKA Ladies Night", "AKA Crush Syndrome", "AKA It's Called Whiskey"]
    episodes = {
        f"S1E{n}": make_episode(season=one, number=n, title=title)
        for n, title in enumerate(titles, 1)
    }
    for n, title in enumerate(["AKA Start at the Beginning", "AKA Freak Accident"], 1):
        episodes[f"S2E{n}"] = make_episode(
            season=two, number=n, number_overall=3 + n, title=title
        )
    jessica = make_character(title="Jessica Jones", series=series)
    trish = make_character(title="Trish Walker", series=series)
    kilgrave = make_character(
        title="Kilgrave", series=series, revealed_in=storytime.position(1, 2)
    )
    alisa = make_character(
        title="Alisa Jones", series=series, revealed_in=storytime.position(2, 1)
    )
    krysten = make_person(title="Krysten Ritter")
    rachael = make_person(title="Rachael Taylor")
    david = make_person(title="David Tennant")
    janet = make_person(title="Janet McTeer")

    def appears(person, character, code, billing, note=""):
        make_cast_credit(
            person=person,
            character=character,
            episode=episodes[code],
            billing=billing,
            note=note,
        )

    for code in ["S1E1", "S1E2", "S1E3", "S2E1", "S2E2"]:
        appears(krysten, jessica, code, MAIN)
    appears(rachael, trish, "S1E1", RECURRING)
    appears(rachael, trish, "S1E3", None)
    appears(david, kilgrave, "S1E2", GUEST, note="voice only")
    appears(david, kilgrave, "S1E3", GUEST)
    appears(janet, alisa, "S2E2", GUEST, note="flashback")
    make_cast_credit(
        person=make_person(title="Extra"),
        role="Detective",
        episode=episodes["S1E1"],
        billing=GUEST,
    )
    make_crew_credit(
        person=krysten, job=CrewCredit.Job.DIRECTOR, episode=episodes["S2E1"]
    )
    for a, kind, b, revealed_in in [
        (trish, "adoptive sister", jessica, 0),
        (jessica, "adoptive sister", trish, 0),
        (alisa, "mother", jessica, storytime.position(2, 2)),
        (jessica, "daughter", alisa, storytime.position(2, 2)),
    ]:
        Relation.objects.create(subject=a, kind=kind, other=b, revealed_in=revealed_in)
    return SimpleNamespace(
        series=series,
        seasons=(one, two),
        episodes=episodes,
        jessica=jessica,
        trish=trish,
        kilgrave=kilgrave,
        alisa=alisa,
        krysten=krysten,
    )
