"""What the credits tell readers, for the spoiler audit's ledger
(wiki/audit/ledger.py): each revealed at `credit.reveal`."""

from credits.models import CastCredit, CrewCredit
from wiki.audit.ledger import NAME, PHRASE, Entry

SCOPE = ("person", "series", "season__series", "episode__season__series")


def ledger_entries():
    """A role is a name, a secret until its credit is revealed unless some
    page or earlier credit names it, and on its person's page until then; a
    credit's person is a secret on the page of its scope (an episode's guest
    star) and of its character."""
    for credit in CastCredit.objects.select_related(*SCOPE, "character"):
        where = f"cast credit: {credit}"
        scope_url = credit.scope.get_absolute_url()
        if credit.role:
            # A role with a page of its own is a name anywhere; one without
            # ("Guard", "Nurse Brad") only on the pages that list the credit.
            named = credit.character_id is not None
            form = NAME if named else PHRASE
            yield Entry(credit.reveal, credit.role, where, scope_url, form, not named)
            person_url = credit.person.get_absolute_url()
            yield Entry(credit.reveal, credit.role, where, person_url, PHRASE, True)
        yield Entry(credit.reveal, credit.person.title, where, scope_url, PHRASE, True)
        if credit.character_id:
            character_url = credit.character.get_absolute_url()
            yield Entry(
                credit.reveal, credit.person.title, where, character_url, PHRASE, True
            )
    for credit in CrewCredit.objects.select_related(*SCOPE):
        where = f"crew credit: {credit}"
        scope_url = credit.scope.get_absolute_url()
        yield Entry(credit.reveal, credit.person.title, where, scope_url, PHRASE, True)
