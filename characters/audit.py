"""What relations tell, for the spoiler audit's ledger (wiki/audit/ledger.py):
a tie, as its line reads, is a secret on its subject's page until revealed."""

from characters.models import Relation
from wiki.audit.ledger import PHRASE, Entry


def ledger_entries():
    for relation in Relation.objects.shown():
        yield Entry(
            relation.reveal,
            f"{relation.kind} of {relation.other.title}",
            f"relation: {relation}",
            relation.subject.get_absolute_url(),
            PHRASE,
            True,
        )
