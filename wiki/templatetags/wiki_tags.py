import json

from django import template
from django.utils.safestring import mark_safe

from wiki import kinds, markup, storytime
from wiki.markup import plain_text

register = template.Library()


def shown_blocks(request) -> set[int]:
    """The hidden blocks the reader asked to see anyway (`?show=2&show=5`)."""
    return {int(v) for v in request.GET.getlist("show")[:50] if v.isdecimal()}


@register.simple_tag(takes_context=True)
def page_body(context, page, text=None):
    """A page's body (or another of its texts) rendered as of the reader's
    progress: `.html`, `.headings` for "on this page", `.hidden`."""
    request = context["request"]
    shown = shown_blocks(request)

    def show_link(index):
        query = request.GET.copy()
        query.setlist("show", [str(i) for i in sorted(shown | {index})])
        return f"?{query.urlencode()}#reveal-{index}"

    rendered = markup.render(
        page.body if text is None else text,
        position=request.progress.at(page.story_series_id),
        shown=shown,
        series_id=page.story_series_id,
        show_link=show_link,
    )
    rendered.html = mark_safe(rendered.html)  # noqa: S308 (sanitised by nh3)
    return rendered


@register.simple_tag(takes_context=True)
def story_position(context, page):
    """The reader's position in the page's series."""
    return context["request"].progress.at(page.story_series_id)


@register.simple_tag(takes_context=True)
def page_summary(context, page, text=None):
    """A page's body as plain text as of the reader's progress (descriptions)."""
    position = context["request"].progress.at(page.story_series_id)
    return plain_text(page.body if text is None else text, position=position)


@register.filter
def episode_code(position):
    return storytime.code(position)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with its `page` parameter set to `number`."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag
def slug_url(url_name, slug):
    """`{% url name slug %}` for lists, reversing each view once."""
    return kinds.slug_url(url_name, slug)


@register.simple_tag(takes_context=True)
def page_url_with(context, name, value):
    """The current address with `value` added to its `name` parameters."""
    query = context["request"].GET.copy()
    if str(value) not in query.getlist(name):
        query.appendlist(name, str(value))
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
