"""A chart read back from its page: the SVG parsed as XML (which fails unless
it is well-formed), the table beside it as the text of its cells."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

SVG = "{http://www.w3.org/2000/svg}"


def _start(html: str, name: str) -> int:
    return html.index(f'class="chart chart--{name}"')


def svg(html: str, name: str) -> ET.Element:
    """The picture of the chart `chart--<name>` on the page."""
    begin = html.index('<svg class="chart__svg"', _start(html, name))
    end = html.index("</svg>", begin) + len("</svg>")
    return ET.fromstring(html[begin:end])


def titles(picture: ET.Element) -> list[str]:
    """The tooltips of the picture's parts (its own title first)."""
    return [element.text or "" for element in picture.iter(f"{SVG}title")]


def texts(picture: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in picture.iter(f"{SVG}text")]


def shapes(picture: ET.Element, css_class: str) -> list[ET.Element]:
    return [
        element
        for element in picture.iter()
        if css_class in (element.get("class") or "").split()
    ]


def links(picture: ET.Element) -> list[str]:
    return [a.get("href") for a in picture.iter(f"{SVG}a")]


class _TableReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.cell, self.done = [], None, False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None and not self.done:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.done = True

    def handle_data(self, data):
        if self.cell is not None and not self.done:
            self.cell.append(data)


def table(html: str, name: str) -> list[list[str]]:
    """The rows of the chart's table, its header row first, as text."""
    begin = html.index("<table", _start(html, name))
    reader = _TableReader()
    reader.feed(html[begin:])
    return reader.rows


def has_chart(html: str, name: str) -> bool:
    return f'class="chart chart--{name}"' in html
