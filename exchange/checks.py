"""Checking JSON data field by field, naming the file and field at fault."""

import json
from datetime import date


class FileError(Exception):
    """A data file is missing or malformed; nothing was written."""


def parse_json(text: str, name: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise FileError(
            f"{name}: not valid JSON (line {error.lineno}, column "
            f"{error.colno}: {error.msg})"
        ) from None


def check(value, expected, where):
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        names = (
            " or ".join(t.__name__ for t in expected)
            if isinstance(expected, tuple)
            else expected.__name__
        )
        raise FileError(f"{where}: expected {names}, found {value!r}")
    return value


def field(record, key, expected, where, *, optional=False):
    if key not in record:
        if optional:
            return None
        raise FileError(f"{where}: missing field {key!r}")
    value = record[key]
    if value is None and optional:
        return None
    return check(value, expected, f"{where}.{key}")


def date_field(record, key, where):
    value = field(record, key, str, where, optional=True)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FileError(f"{where}.{key}: not a date (YYYY-MM-DD): {value!r}") from None


def names(record, key, where):
    """A list of strings, where a single string also counts as a list of one."""
    value = field(record, key, (list, str), where, optional=True) or []
    listed = [value] if isinstance(value, str) else value
    for index, name in enumerate(listed):
        check(name, str, f"{where}.{key}[{index}]")
    return listed


def as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
