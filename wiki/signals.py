"""
The wiki's own signals, sent explicitly by the services that write (never by
model signals, which bulk writes skip), after the transaction commits.
Apps above the core (notifications, watchlists) listen to them.
"""

from django.dispatch import Signal

# A page gained a revision: kwargs `revision` (its page, author and action).
revision_recorded = Signal()

# A comment was posted on a discussion: kwargs `comment`, `page` (the page or
# user page the discussion belongs to, or None), `replied_to` (authors of the
# comments it answers) and `mentioned` (users it names).
comment_posted = Signal()
