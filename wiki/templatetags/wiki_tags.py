import json
import weakref
from datetime import datetime

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from wiki import addresses, fragments, kinds, markup, ratelimit, reading, storytime
from wiki.markup import plain_text
from wiki.models import Category, Redirect
from wiki.permissions import create_refusal

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, using):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.using = using

    def render(self, context):
        return fragments.render(
            context.get("request"),
            self.name.resolve(context),
            [value.resolve(context) for value in self.vary_on],
            lambda: self._render_fresh(context),
        )

    def _render_fresh(self, context):
        extra = (self.using.resolve(context) if self.using else None) or {}
        with context.push(**extra):
            return self.nodelist.render(context)


@register.tag
def fragment(parser, token):
    """`{% fragment "name" [vary_on …] [with deferred] %}…{% endfragment %}`: a
    rendered part of a page kept in the cache (wiki/fragments.py). `with` names
    the view's `fragments.deferred` context, worked out only when the fragment
    is rendered afresh. Whatever the fragment sets in the context stays inside
    it, and it must hold no form."""
    bits = token.split_contents()
    using = None
    if len(bits) > 3 and bits[-2] == "with":
        using = parser.compile_filter(bits[-1])
        bits = bits[:-2]
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
        using,
    )


class OnceNode(template.Node):
    nodes = weakref.WeakSet()  # to forget what they rendered when settings change

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered = {}  # (script prefix, URLconf) → HTML
        self.nodes.add(self)

    def render(self, context):
        key = (get_script_prefix(), get_urlconf())
        if key not in self.rendered:
            self.rendered[key] = self.nodelist.render(context)
        return self.rendered[key]


@receiver(setting_changed)
def _forget_once(**kwargs):
    for node in list(OnceNode.nodes):
        node.rendered.clear()


@register.tag
def once(parser, token):
    """`{% once %}…{% endonce %}`: the chrome of every page that depends on the
    code and settings alone (links to views, static files), rendered once a
    process instead of once a request."""
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist)


def passages_asked(request) -> int:
    """How many hidden passages the reader asked to see (`?more=2`)."""
    value = request.GET.get("more", "")
    return min(int(value), 500) if value.isdecimal() and len(value) < 6 else 0


@register.simple_tag(takes_context=True)
def page_body(context, page, text=None):
    """A page's body (or another of its texts) rendered as of the reader's
    progress: `.html`, `.headings` for "on this page", `.hidden`."""
    request = context["request"]

    def show_more(count):
        query = request.GET.copy()
        query["more"] = str(count)
        return f"?{query.urlencode()}#shown-passage"

    rendered = markup.render(
        page.body if text is None else text,
        position=request.progress.at(page.story_series_id),
        more=passages_asked(request),
        series_id=page.story_series_id,
        show_more=show_more,
    )
    rendered.html = mark_safe(rendered.html)  # noqa: S308 (sanitised by nh3)
    return rendered


@register.simple_tag(takes_context=True)
def asks_progress(context) -> bool:
    """Whether every page asks the reader how far they have watched: until
    they have said (the page cache keeps both versions apart)."""
    request = context.get("request")
    return request is not None and not reading.has_chosen(request)


@register.filter
def episode_title(episode, progress):
    """`{{ episode|episode_title:request.progress }}` (see storytime.episode_title)."""
    return storytime.episode_title(episode, progress)


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
def machine_time(moment):
    """A time for `<time datetime>`, to the second: HTML allows at most three
    digits of fractions, and isoformat() writes six. Python's own format,
    not the `date` filter, which is slower across a list of hundreds."""
    return moment.isoformat(timespec="seconds")


@register.filter
def from_iso(text):
    """A time a log entry's details keep as ISO text, as a datetime."""
    try:
        return datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


@register.filter
def episode_code(position):
    return storytime.code(position)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with its `page` parameter set to `number`."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def script(context, path):
    """A script's tag, once a response however many parts of the page use it
    (a character's page has both credit and relation forms)."""
    loaded = context["request"].__dict__.setdefault("_wiki_scripts", set())
    if path in loaded:
        return ""
    loaded.add(path)
    return format_html('<script src="{}" defer></script>', static(path))


@register.simple_tag
def slug_url(url_name, slug):
    """`{% url name slug %}` for lists, reversing each view once."""
    return addresses.slug_url(url_name, slug)


@register.simple_tag
def kind_indexes():
    """The index pages the kinds of page registered (episodes, characters…)."""
    return kinds.indexes()


@register.simple_tag(takes_context=True)
def may_create(context) -> bool:
    """Whether the reader may create pages: signed in, allowed to, not blocked
    (the links that start a new page show only then). Never inside a
    fragment, which others with the same rights are given."""
    request = context["request"]
    return create_refusal(request.user, ip=ratelimit.client_ip(request)) is None


@register.simple_tag
def site_url(url_name):
    """`{% url name %}` for views without arguments, reversed once."""
    return addresses.fixed_url(url_name)


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
    found = Redirect.objects.filter(slug=slugify(title), target_id=page.pk).first()
    return found.title if found else ""


@register.simple_tag
def categories_of(page, position=storytime.EVERYTHING):
    """The categories a page is in as of a position, A–Z (one query)."""
    return list(
        Category.objects.filter(
            memberships__page_id=page.pk, memberships__revealed_in__lte=position
        )
    )


@register.simple_tag
def sources_of(page, position=storytime.EVERYTHING):
    """The sources a reader at a position may see: an address can spoil."""
    return page.source_list(position)


@register.inclusion_tag("includes/meta.html", takes_context=True)
def page_meta(context, page, description="", kind="article", url=None, title=None):
    """Canonical address, OpenGraph and Twitter card tags for a page."""
    request = context["request"]
    return {
        "title": page.title if title is None else title,
        "description": " ".join(str(description).split())[:300],
        "url": request.build_absolute_uri(url or page.get_absolute_url()),
        "type": kind,
    }


@register.filter
def json_ld(data):
    """A schema.org description as a JSON-LD block, safe inside HTML."""
    # The same escaping as Django's json_script: nothing can close the tag.
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for char, escaped in (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
