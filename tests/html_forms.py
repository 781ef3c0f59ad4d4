"""What a browser would send back from a form of a page, read from its HTML,
hidden fields included: tests post exactly what the page carries."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, marker):
        super().__init__(convert_charrefs=True)
        self.marker = marker  # the form's id, or one of its classes
        self.inside = False
        self.data = {}
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            classes = (attrs.get("class") or "").split()
            self.inside = self.marker == attrs.get("id") or self.marker in classes
        name = attrs.get("name")
        if not self.inside:
            return
        kind = attrs.get("type", "text")
        if tag == "input" and name and kind not in ("submit", "file", "button"):
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind == "checkbox" else ""
            self.data[name] = attrs.get("value", default)
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            # A browser drops the line break that opens a textarea's text.
            text = self.data[self.textarea]
            self.data[self.textarea] = text.removeprefix("\n")
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def form_data(html: str, marker: str) -> dict:
    """The fields of the form with this id (or class) as a browser posts them
    untouched."""
    reader = _FormReader(marker)
    reader.feed(html)
    return reader.data
