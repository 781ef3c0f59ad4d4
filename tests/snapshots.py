"""
Rows written once and copied into every test that asks for them.

Loading the seed through its command takes seconds; copying the rows it wrote
into a test's own transaction takes milliseconds. A snapshot is taken by
running the real code inside a transaction that is then rolled back, so each
test starts from exactly the rows that code writes, and whatever the test
changes rolls back with its own transaction.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

# SQLite keeps a full-text table's index in shadow tables of its own: they
# are rebuilt by inserting into the full-text table, never copied.
FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple]
    virtual: bool = False  # SQLite's full-text table: rows keyed by rowid


def _virtual_tables(cursor) -> set[str]:
    if connection.vendor != "sqlite":
        return set()
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
    )
    return {name for (name,) in cursor.fetchall()}


def _tables(cursor) -> dict[str, bool]:
    """Every table that holds rows of its own: {name: is virtual}."""
    virtual = _virtual_tables(cursor)
    shadows = {f"{name}{suffix}" for name in virtual for suffix in FTS_SHADOWS}
    names = connection.introspection.table_names(cursor, include_views=False)
    return {name: name in virtual for name in names if name not in shadows}


def _count(cursor, table) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
    return cursor.fetchone()[0]


def _read(cursor, table, *, virtual) -> Table:
    quoted = connection.ops.quote_name(table)
    # A virtual table's rowid is not among its columns; ask for it by name.
    cursor.execute(f"SELECT {'rowid, ' if virtual else ''}* FROM {quoted}")  # noqa: S608
    columns = tuple(column[0] for column in cursor.description)
    return Table(table, columns, cursor.fetchall(), virtual)


def take(write) -> list[Table]:
    """The rows `write()` adds, read before its transaction is rolled back.
    It may only write to tables that were empty, so that a copy can go into
    a test's database at the start of the test, before anything else."""
    with transaction.atomic(), connection.cursor() as cursor:
        tables = _tables(cursor)
        before = {table: _count(cursor, table) for table in tables}
        write()
        written = [t for t in tables if _count(cursor, t) != before[t]]
        if refused := [table for table in written if before[table]]:
            raise RuntimeError(f"A snapshot only covers empty tables: {refused}")
        snapshot = [_read(cursor, t, virtual=tables[t]) for t in written]
        transaction.set_rollback(True)
    return snapshot


def restore(snapshot: list[Table]) -> None:
    """Copy the rows into the database, in one transaction (foreign keys are
    deferred, so checked once all rows are in). The tables must still be
    empty: a row written before, with an id the snapshot also holds, would
    clash, and only on some databases."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # Django's flush after a test that commits leaves the full-text
        # table alone: it only mirrors rows of tables that are empty now.
        for table in (t for t in snapshot if t.virtual):
            cursor.execute(f"DELETE FROM {quote(table.name)}")  # noqa: S608
        if taken := [t.name for t in snapshot if _count(cursor, t.name)]:
            raise RuntimeError(
                f"Rows were written to {', '.join(taken)} before the snapshot was "
                "copied in: ask for the `seeded` fixture before those that write."
            )
        for table in snapshot:
            columns = ", ".join(map(quote, table.columns))
            values = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(
                f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({values})",  # noqa: S608
                table.rows,
            )
        _reset_sequences([t.name for t in snapshot])


def _reset_sequences(tables) -> None:
    """Let new rows take ids after the copied ones (PostgreSQL; SQLite moves
    its counters on every insert)."""
    models = [m for m in apps.get_models() if m._meta.db_table in tables]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
