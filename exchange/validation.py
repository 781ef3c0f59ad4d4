"""
Reading a data file against its declared schema (exchange/schemas.py), with
errors that name the file, and the line or field at fault.
"""

import json
from datetime import date
from functools import cache

from django.core.exceptions import ValidationError
from pydantic import TypeAdapter
from pydantic import ValidationError as SchemaError

from wiki.storytime import parse_code, validate_timeline

# Errors shown at once; a file broken everywhere is reported by its first few.
SHOWN = 5
TYPE_NAMES = {
    "bool_type": "bool",
    "date_type": "date",
    "dict_type": "dict",
    "int_type": "int",
    "list_type": "list",
    "model_type": "dict",
    "model_attributes_type": "dict",
    "string_type": "str",
}


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


def _where(name: str, loc: tuple) -> str:
    """`season2.json: episodes[5].title`, from pydantic's location."""
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
    return f"{name}: {path.lstrip('.')}" if path else name


def _describe(error: dict) -> tuple[tuple, str]:
    """(where, what) of one schema error, worded for people, not pydantic."""
    kind, loc = error["type"], error["loc"]
    if kind == "missing":
        return loc[:-1], f"missing field {loc[-1]!r}"
    if kind in TYPE_NAMES:
        return loc, f"expected {TYPE_NAMES[kind]}, found {error['input']!r}"
    if kind == "value_error":
        return loc, str(error["ctx"]["error"])
    return loc, f"{error['msg']}, found {error['input']!r}"


def validate(schema, data, name: str):
    """`data` as `schema` (a model or any type pydantic reads) says, or a
    FileError naming the file and each field at fault."""
    try:
        return _adapter(schema).validate_python(data, strict=True)
    except SchemaError as error:
        faults = [_describe(e) for e in error.errors(include_url=False)]
        lines = [f"{_where(name, loc)}: {what}" for loc, what in faults[:SHOWN]]
        if len(faults) > SHOWN:
            lines.append(f"and {len(faults) - SHOWN} more")
        raise FileError("; ".join(lines)) from None


@cache
def _adapter(schema) -> TypeAdapter:
    return TypeAdapter(schema)


# Validators the schemas share; a ValueError's text is what the user reads.


def iso_date(value):
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from None


def names(value):
    """A list of strings, where a single string counts as a list of one and
    null as none."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("empty")
    return value


def at_least(minimum: int):
    def check(value: int) -> int:
        if value < minimum:
            raise ValueError(f"must be {minimum} or more")
        return value

    return check


def timeline(lines: list[str]) -> list[str]:
    """A fact over story time: lines, each maybe tagged `S1E13: …`."""
    try:
        validate_timeline("\n".join(lines))
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None
    return lines


def episode_code(value):
    """An episode code (`S2E6`) as its position; null or empty: from the start."""
    if value is None or value == "":
        return 0
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value  # already a position (written by code, not by a file)
    if isinstance(value, str) and (pos := parse_code(value)) is not None:
        return pos
    raise ValueError(f"not an episode code such as S2E6: {value!r}")
