"""
Cast and crew changed on the site. A credit belongs to the page of its scope
(an episode, a season, the series): adding, changing or removing one is an
edit of that page, recorded as its revision (the credits are a part of its
revisions, `credits/parts.py`), in one transaction with the page locked.

A change or removal is made from what the credit was when the contributor
was shown it (`fingerprint`): if it changed since, nothing is done and
`CreditChanged` says so, so nobody's change is silently overwritten.
"""

import hashlib
import json

from django.db import transaction

from credits import parts
from credits.models import CastCredit, CrewCredit
from wiki import categories, invalidation, services
from wiki.models import Page

MODELS = {"cast": CastCredit, "crew": CrewCredit}
SCOPE = ("series", "season__series", "episode__season")  # what `credit.scope` reads


class CreditChanged(Exception):
    """The credit changed, or went, since the contributor was shown it."""


def line(credit) -> str:
    is_cast = isinstance(credit, CastCredit)
    return parts.cast_line(credit) if is_cast else parts.crew_line(credit)


def fingerprint(credit) -> str:
    """What a credit is, in a few characters, for a form to say what it showed."""
    values = {
        field.attname: getattr(credit, field.attname)
        for field in credit._meta.concrete_fields
    }
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _record(credit, *, author, summary):
    """Record the change as a revision of the credit's page, and keep the
    person's Cast and Crew categories right."""
    services.record_revision(page=credit.scope, author=author, summary=summary)
    categories.refresh(credit.person)
    invalidation.pages_touched([credit.person_id])


def _lock(credit) -> None:
    Page.objects.select_for_update().get(pk=credit.scope.pk)


def add(credit, *, author, summary=""):
    """Save a new credit (validated: one person has a role once on a scope)."""
    credit.full_clean()
    with transaction.atomic():
        _lock(credit)
        credit.save()
        said = f"Added {_what(credit)}: {line(credit)}"
        _record(credit, author=author, summary=_with(said, summary))
    return credit


def change(what: str, pk: int, *, shown: str, values: dict, author, summary=""):
    """Change a credit as the contributor was shown it to `values`."""
    with transaction.atomic():
        credit = _current(what, pk, shown)
        before = line(credit)
        for name, value in values.items():
            setattr(credit, name, value)
        credit.full_clean()
        credit.save()
        said = f"Changed {_what(credit)}: {before} → {line(credit)}"
        _record(credit, author=author, summary=_with(said, summary))
    return credit


def remove(what: str, pk: int, *, shown: str, author, summary=""):
    with transaction.atomic():
        credit = _current(what, pk, shown)
        said = f"Removed {_what(credit)}: {line(credit)}"
        credit.delete()
        _record(credit, author=author, summary=_with(said, summary))
    return credit


def _current(what, pk, shown):
    """The credit, its page locked, if it is still as it was shown."""
    model = MODELS[what]
    credit = model.objects.select_related("person", *SCOPE).filter(pk=pk).first()
    if credit is None:
        raise CreditChanged("This credit was removed since you opened it.")
    _lock(credit)
    credit = model.objects.select_related("person", *SCOPE).filter(pk=pk).first()
    if credit is None or fingerprint(credit) != shown:
        raise CreditChanged(
            "This credit was changed since you opened it, so nothing was saved. "
            "It is shown below as it is now: make your change again."
        )
    return credit


def _what(credit) -> str:
    return "cast" if isinstance(credit, CastCredit) else "crew"


def _with(said: str, summary: str) -> str:
    return f"{said} ({summary})" if summary else said
