"""
Text as the wiki keeps it, whichever way it came in (the site's forms, the
admin, a season file, the seed, the shell): line ends are LF, no control
characters but tabs and line ends, nothing around it. Pasted from a terminal,
a control character would otherwise sit in a page unseen and break every
feed that carries it (XML 1.0 forbids them).
"""

import re

# C0 controls but tab and line feed, and DEL; carriage returns are line ends.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(value: str) -> str:
    """The text as it is stored and compared."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", value).strip()


def normalised(data: dict) -> dict:
    """A snapshot of fields with each text normalised, so that text stored
    before normalising compares equal to the same text stored after."""
    return {k: normalise(v) if isinstance(v, str) else v for k, v in data.items()}


def xml_safe(value: str) -> str:
    """Text fit for XML 1.0 (feeds), whatever was stored."""
    return CONTROL.sub("", value or "")
