"""The site's form renderer: Django's, except that a value shown back in a
refused form never carries a NUL character (invalid in HTML), but the
replacement character in its place, so the writer sees where it was."""

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


class ShownBoundField(BoundField):
    def value(self):
        value = super().value()
        return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


class FormRenderer(DjangoTemplates):
    bound_field_class = ShownBoundField
