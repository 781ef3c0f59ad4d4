from django import template

from characters.forms import RelationForm
from wiki import ratelimit
from wiki.permissions import edit_refusal

register = template.Library()


@register.simple_tag(takes_context=True)
def relation_form(context, character):
    """The form adding a relation to `character`, for a reader who may edit
    its page; else None. Never inside a fragment: a blocked contributor has
    the same rights as one who is not, and the form carries a CSRF token."""
    request = context["request"]
    if edit_refusal(request.user, character, ip=ratelimit.client_ip(request)):
        return None
    return RelationForm(subject=character)
