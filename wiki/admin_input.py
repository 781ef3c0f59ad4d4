"""
The admin, robust to whatever a form or an address carries: Django's
autocomplete widget looks up the selected value as it came (`?person=abc`,
a NUL byte) and fails on one that is not an id; the ones here show such a
value as no choice, and the form's own check says what is wrong.
"""

from django.contrib.admin import widgets
from django.core import checks
from django.core.exceptions import ValidationError


def _valid_ids(widget, value):
    target = widget.field.remote_field.get_related_field()
    valid = []
    for item in value:
        try:
            target.to_python(item)
        except (ValidationError, TypeError, ValueError):
            continue
        valid.append(item)
    return valid


class CheckedAutocompleteSelect(widgets.AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_ids(self, value), attr)


class CheckedAutocompleteSelectMultiple(widgets.AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_ids(self, value), attr)


class CheckedInputMixin:
    """For every ModelAdmin and inline of the site (a check makes sure)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def check_admins(site, app_configs=None, **kwargs):
    """wiki.E004: an admin (or inline) with autocomplete fields that is not
    robust to bad input. Django's own apps' admins are left as they are."""
    errors = []
    for model, model_admin in site._registry.items():
        if model._meta.app_label in ("auth", "sites", "contenttypes"):
            continue
        for admin_class in [type(model_admin), *model_admin.inlines]:
            if admin_class.autocomplete_fields and not issubclass(
                admin_class, CheckedInputMixin
            ):
                errors.append(
                    checks.Error(
                        f"{admin_class.__qualname__} has autocomplete fields "
                        "but not wiki.admin_input.CheckedInputMixin.",
                        hint="Add the mixin first among its bases.",
                        obj=admin_class,
                        id="wiki.E004",
                    )
                )
    return errors
