"""A character's relations as a part of its page (see `kinds.Part`): adding
or removing one is an edit of the subject's page, restored with it."""

from characters.models import Character, Relation
from wiki import invalidation, kinds, storytime


def line(relation) -> str:
    note = f" ({relation.note})" if relation.note else ""
    hidden = (
        f" [hidden until {storytime.code(relation.revealed_in)}]"
        if relation.revealed_in
        else ""
    )
    return f"{relation.kind.capitalize()} of {relation.other.title}{note}{hidden}"


def read(page) -> list[dict]:
    relations = Relation.objects.filter(subject=page.pk).select_related("other")
    return [
        {
            "kind": relation.kind,
            "other": relation.other_id,
            "revealed_in": relation.revealed_in,
            "note": relation.note,
            "line": line(relation),
        }
        for relation in relations.order_by("kind", "other__title")
    ]


def write(page, rows) -> None:
    """Make the page's relations those of `rows` (a relation to a character
    deleted for good since is left out)."""
    known = set(
        Character.objects.filter(pk__in=[row["other"] for row in rows]).values_list(
            "pk", flat=True
        )
    )
    wanted = {(row["kind"], row["other"]): row for row in rows if row["other"] in known}
    existing = {
        (r.kind, r.other_id): r for r in Relation.objects.filter(subject=page.pk)
    }
    Relation.objects.filter(
        pk__in=[r.pk for key, r in existing.items() if key not in wanted]
    ).delete()
    for (kind, other), row in wanted.items():
        values = {"revealed_in": row["revealed_in"], "note": row["note"]}
        Relation.objects.update_or_create(
            subject_id=page.pk, kind=kind, other_id=other, defaults=values
        )


PARTS = (kinds.Part("relations", "Relations", read, write),)


def shown_on(page, *, old, new, face) -> set[int]:
    """The characters on the other end of relations added or removed; when
    the page's title or address changed, every character related to it."""
    shown = {row["other"] for row in invalidation.changed_rows(old, new, "relations")}
    if face:
        ends = Relation.objects.filter(other_id=page.pk).values_list(
            "subject_id", flat=True
        )
        shown |= set(ends)
    return shown - {page.pk}
