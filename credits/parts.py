"""
Cast and crew as parts of the page of their scope (an episode, a season, a
series): its revisions hold them, so adding, changing or removing a credit is
an edit of that page, shown in its history and diffs, and restored with it.

A credit is known in a revision by its person and role (cast) or job (crew),
the pair that is unique on a scope; ids are left out, so a credit removed and
made again reads the same.
"""

from credits.models import CastCredit, CrewCredit
from wiki import invalidation, kinds, storytime

SCOPES = ("episode", "season", "series")  # the kinds of page credits belong to


def _scope(page) -> dict:
    return {f"{page.kind}_id": page.pk}


def _reveal_words(credit) -> str:
    return (
        f" [hidden until {storytime.code(credit.revealed_in)}]"
        if (credit.revealed_in)
        else ""
    )


def cast_line(credit) -> str:
    billing = credit.get_billing_display() if credit.billing else "Billing unknown"
    note = f" ({credit.note})" if credit.note else ""
    page = ""
    if credit.character_id and credit.character.title != credit.role:
        page = f" → {credit.character.title}"
    return f"{billing}: {credit.person.title} as {credit.role}{page}{note}" + (
        _reveal_words(credit)
    )


def crew_line(credit) -> str:
    return f"{credit.get_job_display()}: {credit.person.title}" + _reveal_words(credit)


def read_cast(page) -> list[dict]:
    credits = CastCredit.objects.filter(**_scope(page)).select_related(
        "person", "character"
    )
    return [
        {
            "person": credit.person_id,
            "role": credit.role,
            "character": credit.character_id,
            "billing": credit.billing,
            "order": credit.order,
            "note": credit.note,
            "revealed_in": credit.revealed_in,
            "line": cast_line(credit),
        }
        for credit in credits
    ]


def read_crew(page) -> list[dict]:
    credits = CrewCredit.objects.filter(**_scope(page)).select_related("person")
    return [
        {
            "person": credit.person_id,
            "job": credit.job,
            "order": credit.order,
            "revealed_in": credit.revealed_in,
            "line": crew_line(credit),
        }
        for credit in credits
    ]


def _write(model, page, rows, key: str, values: tuple[str, ...]) -> None:
    """Make the scope's shown credits those of `rows`, matched on (person,
    key); credits hidden with a deleted page are left for its undeletion."""
    scope = _scope(page)
    wanted = {(row["person"], row[key]): row for row in rows}
    existing = {
        (credit.person_id, getattr(credit, key)): credit
        for credit in model.objects.filter(**scope)
    }
    gone = [credit.pk for pair, credit in existing.items() if pair not in wanted]
    model.objects.filter(pk__in=gone).delete()
    for (person, name), row in wanted.items():
        credit = existing.get((person, name))
        given = {field: row[field] for field in values if field in row}
        if credit is None:
            model.objects.create(person_id=person, **{key: name}, **scope, **given)
        elif any(getattr(credit, field) != value for field, value in given.items()):
            model.objects.filter(pk=credit.pk).update(**given)


def write_cast(page, rows) -> None:
    # A character deleted for good since: the role keeps its name, unlinked.
    named = {row["character"] for row in rows if row.get("character")}
    Character = kinds.get("character").model
    known = set(Character.objects.filter(pk__in=named).values_list("pk", flat=True))
    rows = [
        row | {"character": row.get("character") if row.get("character") in known
               else None}
        for row in rows
    ]  # fmt: skip
    _write(
        CastCredit,
        page,
        rows,
        "role",
        ("character", "billing", "order", "note", "revealed_in"),
    )


def write_crew(page, rows) -> None:
    _write(CrewCredit, page, rows, "job", ("order", "revealed_in"))


PARTS = (
    kinds.Part("cast", "Cast", read_cast, write_cast),
    kinds.Part("crew", "Crew", read_crew, write_crew),
)


def shown_on(page, *, old, new, face) -> set[int]:
    """The pages showing what changed (see `kinds.Extension`): the people and
    characters of credits added, changed or removed; and when the page's
    title or address changed, every page its credits put it on."""
    shown = set()
    for part in ("cast", "crew"):
        for row in invalidation.changed_rows(old, new, part):
            shown |= {row["person"], row.get("character")}
    if face:
        for model, ends in (
            (CastCredit, ("person", "character")),
            (CrewCredit, ("person",)),
        ):
            scopes = ("series_id", "season_id", "episode_id")
            if page.kind in SCOPES:
                named = model.objects.filter(**_scope(page))
                shown |= {pk for row in named.values_list(*ends) for pk in row}
            for end in ends:
                naming = model.objects.filter(**{f"{end}_id": page.pk})
                shown |= {pk for row in naming.values_list(*scopes) for pk in row}
    return shown - {None, page.pk}
