import json

from django import template
from django.utils.safestring import mark_safe

from wiki.markup import plain_text, render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown with wiki links; the output is sanitised by nh3."""
    return mark_safe(render_markdown(text))  # noqa: S308


@register.filter
def plaintext(text):
    """A Markdown body as plain text (for previews); costs no query."""
    return plain_text(text)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with its `page` parameter set to `number`."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def redirected_from(context, page):
    """The title the reader followed to get here, if it really redirects here."""
    title = context["request"].GET.get("redirectedfrom", "")
    if not title:
        return ""
    from django.utils.text import slugify

    from wiki.models import Redirect

    found = Redirect.objects.filter(slug=slugify(title), target_id=page.pk).first()
    return found.title if found else ""


@register.simple_tag
def categories_of(page):
    """The categories a page is in, A–Z (one query)."""
    from wiki.models import Category

    return list(Category.objects.filter(memberships__page_id=page.pk))


@register.filter
def toc(text):
    """The headings of a body, as (level, id, text), for "on this page"."""
    from wiki.markup import headings

    return headings(text)


@register.inclusion_tag("includes/meta.html", takes_context=True)
def page_meta(context, page, description="", kind="article", url=None):
    """Canonical address, OpenGraph and Twitter card tags for a page."""
    request = context["request"]
    return {
        "title": page.title,
        "description": " ".join(str(description).split())[:300],
        "url": request.build_absolute_uri(url or page.get_absolute_url()),
        "type": kind,
    }


@register.filter
def json_ld(data):
    """A schema.org description as a JSON-LD block, safe inside HTML."""
    from django.core.serializers.json import DjangoJSONEncoder

    # The same escaping as Django's json_script: nothing can close the tag.
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for char, escaped in (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
