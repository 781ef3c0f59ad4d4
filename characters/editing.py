"""Relations added and removed on the site. A relation belongs to its
subject's page (characters/parts.py), so each change is an edit of that page:
made with the page's row locked, then recorded as its revision."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from characters.models import Character, Relation
from characters.parts import line
from wiki.models import Page
from wiki.services import record_revision

GONE = (
    "This relation is no longer recorded: someone removed or changed it since "
    "the list was shown. Nothing was removed; check the list as it is now."
)
CHANGED = (
    "This relation was changed since the list was shown (its episode or note). "
    "Nothing was removed; check it as it is now, then remove it again."
)


def _locked(*pks) -> dict[int, Character]:
    """The characters, read afresh once their pages are locked (in one order,
    so that two edits of the same two pages cannot wait on each other): the
    revision records the page as it is now, not as the request first read it."""
    list(Page.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    return Character.objects.in_bulk(pks)


def _checked(relation, field=None) -> None:
    """Refuse a relation already recorded, then anything `full_clean` finds;
    the reasons under `field` when they are about the inverse."""
    taken = Relation.objects.filter(
        subject=relation.subject, kind=relation.kind, other=relation.other
    ).exists()
    try:
        if taken:
            raise ValidationError(
                f"{relation.subject.title} is already recorded as the "
                f"{relation.kind} of {relation.other.title}."
            )
        relation.full_clean()
    except ValidationError as error:
        if field is None and hasattr(error, "error_dict"):
            raise
        raise ValidationError({field or NON_FIELD_ERRORS: error.messages}) from None


def add_relation(
    *,
    subject: Character,
    kind: str,
    other: Character,
    author,
    revealed_in: int = 0,
    note: str = "",
    inverse_kind: str = "",
) -> list[Relation]:
    """Record that `subject` is the `kind` of `other`, as an edit of the
    subject's page; with `inverse_kind`, that `other` is the `inverse_kind`
    of `subject` too, as an edit of the other's page, in the same step (both
    or neither). The inverse has the same episode and note."""
    with transaction.atomic():
        found = _locked(subject.pk, other.pk)
        if subject.pk not in found or other.pk not in found:
            gone = subject if subject.pk not in found else other
            raise ValidationError(f"“{gone.title}” was deleted meanwhile.")
        subject, other = found[subject.pk], found[other.pk]
        values = {"revealed_in": revealed_in, "note": note}
        relations = [Relation(subject=subject, kind=kind, other=other, **values)]
        _checked(relations[0])
        if inverse_kind:
            inverse = Relation(
                subject=other, kind=inverse_kind, other=subject, **values
            )
            _checked(inverse, "inverse")
            relations.append(inverse)
        for relation in relations:
            relation.save()
            record_revision(
                page=relation.subject,
                author=author,
                summary=f"Added a relation: {line(relation)}",
            )
        return relations


def remove_relation(
    *, subject: Character, kind: str, other_id: int, revealed_in: int, note: str, author
) -> Relation:
    """Remove the relation of `subject` that was shown as (`kind`, `other_id`,
    `revealed_in`, `note`), as an edit of the subject's page, and give it
    back. If it is gone or differs now, nothing is removed: ValidationError
    says why."""
    with transaction.atomic():
        subject = _locked(subject.pk).get(subject.pk)
        relation = (
            Relation.objects.filter(subject=subject, kind=kind, other_id=other_id)
            .select_related("other")
            .first()
            if subject
            else None
        )
        if relation is None:
            raise ValidationError(GONE, code="gone")
        if (relation.revealed_in, relation.note) != (revealed_in, note):
            raise ValidationError(CHANGED, code="changed")
        said = f"Removed a relation: {line(relation)}"
        relation.delete()
        record_revision(page=subject, author=author, summary=said)
        return relation
