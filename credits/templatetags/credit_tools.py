from django import template

from credits.edit_views import add_forms
from credits.forms import NOTES

register = template.Library()


@register.inclusion_tag("credits/add_forms.html", takes_context=True)
def credit_forms(context, page):
    """The forms that add a credit from a page, for contributors. Never
    inside a cached fragment: others are given those."""
    request = context["request"]
    shown = request.user.has_perm("wiki.edit_pages")
    return {
        "request": request,
        "page": page,
        "shown": shown,
        "notes": NOTES,
        "csrf_token": context.get("csrf_token"),
        **(add_forms(page) if shown else {}),
    }
