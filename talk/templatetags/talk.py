from django import template
from django.urls import reverse
from django.utils.html import format_html

from talk.models import Discussion
from wiki import fragments
from wiki.addresses import slug_url

register = template.Library()


@register.simple_tag(takes_context=True)
def discussion_link(context, page=None, user=None):
    """ "Discussion (N)": N comments not hidden. The number is kept with the
    page's fragments, so a page whose fragments are cached reads nothing; a
    comment starts a new content generation, so it shows at once."""
    if page is not None:
        url, found = slug_url("talk:page", page.slug), {"page_id": page.pk}
    else:
        url = reverse("talk:user", kwargs={"username": user.get_username()})
        found = {"user_id": user.pk}

    def count():
        counts = Discussion.objects.filter(**found).order_by()
        return next(iter(counts.values_list("comment_count", flat=True)[:1]), 0)

    request = context.get("request")
    number = fragments.kept(request, "discussion", count) if request else count()
    return format_html('<a href="{}">Discussion ({})</a>', url, number)
