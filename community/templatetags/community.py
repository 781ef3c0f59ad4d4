"""The header's count of unread notifications and the watch star of every
page: both the reader's own, so never inside `{% once %}` or a fragment."""

from django import template

from community import counts, watching

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    user = context.get("user")
    return counts.unread(user) if user is not None and user.is_authenticated else 0


@register.inclusion_tag("community/watch_button.html", takes_context=True)
def watch_button(context, page):
    request = context["request"]
    return {
        "page": page,
        "request": request,
        "watching": watching.is_watching(request.user, page),
    }
