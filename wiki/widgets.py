"""Widgets that the edit forms of several kinds of page share."""

from django import forms


def date_input() -> forms.DateInput:
    """The browser's own date picker; it reads and writes ISO dates."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def text_area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})
