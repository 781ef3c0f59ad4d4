"""What the charts of credits share: how a billing is shaded and said, how a
name is shortened to fit, the mark of a note, where a staged chart stops."""

from credits.models import CastCredit
from wiki import storytime

Billing = CastCredit.Billing
# A cell's shade, by billing; None is a billing no source gives.
SHADES = {
    Billing.MAIN: "main",
    Billing.RECURRING: "recurring",
    Billing.GUEST: "guest",
    None: "unknown",
}
BILLING_LABELS = {**{b.value: b.label for b in Billing}, None: "Billing unknown"}


def fit(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def corner(right: int, top: int, size: int = 7) -> str:
    """The small triangle in a cell's top right corner that marks a note."""
    return f"M{right - size} {top}H{right}V{top + size}Z"


def named(episode, title: str) -> str:
    """`S1E3 AKA It's Called Whiskey`, or the code alone where the reader
    hides the titles of episodes not watched yet."""
    return episode.code if title == episode.code else f"{episode.code} {title}"


def staged_at(pos: int) -> str:
    return storytime.code(pos) if pos < storytime.EVERYTHING else ""


def best(billings):
    """The highest billing of an appearance told by several credits (two
    actors in one role, a flashback beside the present)."""
    known = [b for b in billings if b is not None]
    return min(known) if known else None


def appearance_label(credits) -> str:
    """`Main`, `Guest (voice only)`, `Main; Guest (flashback)`."""
    parts = []
    for credit in credits:
        part = BILLING_LABELS[credit.billing]
        part += f" ({credit.note})" if credit.note else ""
        if part not in parts:
            parts.append(part)
    return "; ".join(parts)
