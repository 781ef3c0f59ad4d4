"""The search backend of the database in use: PostgreSQL's or SQLite's."""

from django.db import connection

from wiki.search import postgres, sqlite


def current():
    return postgres if connection.vendor == "postgresql" else sqlite


def index_many(entries) -> None:
    """Bring the database's full-text index up to date with saved entries."""
    current().index_many(entries)


def unindex(entry_ids) -> None:
    """Take entries about to be deleted out of the full-text index."""
    current().unindex(entry_ids)
