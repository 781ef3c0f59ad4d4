"""
Django's SQLite backend, reading numbers past 64 bits as PostgreSQL does.

sqlite3 raises OverflowError for an integer parameter it cannot hold, so
`?page=99999999999999999999` or an admin address with such an id would fail
wherever it meets a query. PostgreSQL compares such a number as a numeric and
finds nothing; binding it as a float here does the same (no stored integer
equals it, and it sorts past every one).
"""

from django.db.backends.sqlite3 import base

LIMIT = 2**63


def _bounded(value):
    if type(value) is int and not -LIMIT <= value < LIMIT:
        return float(value)
    return value


def _bounded_params(params):
    if params is None:
        return None
    if isinstance(params, dict):
        return {name: _bounded(value) for name, value in params.items()}
    return [_bounded(value) for value in params]


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def execute(self, query, params=None):
        return super().execute(query, _bounded_params(params))

    def executemany(self, query, param_list):
        return super().executemany(query, map(_bounded_params, param_list))


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)
