"""
Markdown → safe HTML, with `[[wiki links]]`.

Rendering parses first, resolves every wiki link of the text in one query,
renders, then sanitises the result with nh3 (Ammonia), so whatever HTML an
author writes, only an allow-list of tags, attributes and URL schemes survives.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from html import unescape
from urllib.parse import urlencode

import nh3
from django.db.models import CharField, Value
from django.urls import reverse
from django.utils.html import escape, format_html, strip_tags
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from wiki import kinds, reveals
from wiki.models import Page, Redirect
from wiki.storytime import EVERYTHING, NOTHING

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "kbd", "li", "ol", "p", "section",
    "pre", "q", "s", "small", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align", "scope"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "img": {
        "src",
        "srcset",
        "sizes",
        "alt",
        "title",
        "width",
        "height",
        "loading",
        "decoding",
    },
    "section": {"id"},
    "div": {"id"},
    "li": {"id"},
}
ALLOWED_CLASSES = {
    "a": {"wikilink", "wikilink-new"},
    # Pictures ([[File:…|thumb|left|border]]): multimedia/embeds.py.
    "figure": {
        "wiki-file",
        "wiki-file--thumb",
        "wiki-file--frame",
        "wiki-file--left",
        "wiki-file--right",
        "wiki-file--center",
        "wiki-file--none",
    },
    "img": {"wiki-file__image", "wiki-file__image--border"},
    "section": {"reveal"},
    "div": {"reveal-notice"},
    "p": {"reveal__tag"},
}


@dataclass(frozen=True)
class Embed:
    """A kind of `[[Prefix:Name|label]]` embed (files…) that an app registers.

    `resolve(slugs)` gives {slug: render(label, link=…, position=…) → HTML}
    for the names a text embeds, once per text: `link(title)` is where a page
    the label names leads (None: the reader has not reached it), `position`
    the reader's. `caption(label)` is the label as plain text reads it;
    `links(label)` the titles of the pages the label links to, resolved with
    the text's own links; `is_block(label)` whether the embed stands apart
    from the text, splitting its paragraph, as a <figure> must."""

    resolve: Callable
    caption: Callable = str
    links: Callable = lambda label: ()
    is_block: Callable = lambda label: False


_embeds: dict[str, Embed] = {}


def register_embed(prefix: str, resolve, **hooks) -> None:
    _embeds[prefix.lower()] = Embed(resolve, **hooks)


URL_SCHEMES = {"http", "https", "mailto"}
MAX_SLUG = 200  # the length of Page.slug


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if not src.startswith("[[", start):
        return False
    end = src.find("]]", start + 2)
    if end == -1:
        return False
    inner = src[start + 2 : end]
    target, _, label = inner.partition("|")
    target = target.strip()
    if not target or "[" in inner or "\n" in inner or not slugify(target):
        return False
    if len(slugify(target)) > MAX_SLUG:
        return False
    if not silent:
        kind = "wikilink"
        prefix = target.split(":", 1)[0].strip().lower() if ":" in target else ""
        if prefix in _embeds:
            kind, target = "embed", target.split(":", 1)[1].strip()
        elif target.lower().startswith("category:"):
            kind, target = "category_tag", target.split(":", 1)[1].strip()
        elif target.lower().startswith(":category:"):
            kind, target = "category_link", target.split(":", 2)[2].strip()
        token = state.push(kind, "", 0)
        token.meta = {"target": target, "label": label.strip(), "prefix": prefix}
        if kind == "embed":
            token.meta["block"] = _embeds[prefix].is_block(token.meta["label"])
    state.pos = end + 2
    return True


def _render_embed(renderer, tokens, idx, options, env):
    meta = tokens[idx].meta
    end = "\n" if tokens[idx].block else ""  # one set apart from the text
    if env.get("quiet"):  # plain text: a picture is its caption
        return escape(_embeds[meta["prefix"]].caption(meta["label"])) + end
    found = env.get("embeds", {}).get((meta["prefix"], slugify(meta["target"])))
    if found:
        position = env.get("position", EVERYTHING)
        link = partial(_label_link, env)
        return found(meta["label"], link=link, position=position) + end
    missing = format_html(
        '<a class="wikilink-new" href="{}" title="{} (no such file)">{}:{}</a>',
        _missing_url(
            slugify(meta["target"]), f"{meta['prefix'].capitalize()}:{meta['target']}"
        ),
        meta["target"],
        meta["prefix"].capitalize(),
        meta["target"],
    )
    # A missing picture that would have stood apart is a line of its own.
    return format_html("<p>{}</p>\n", missing) if end else missing


def _label_link(env, title: str) -> str | None:
    """Where a page named in an embed's label (`link=Title`) leads: the page,
    or the address to create it; nowhere if the reader has not reached it."""
    slug = slugify(title)
    found = env.get("wikilinks", {}).get(slug)
    if found is None:
        return _missing_url(slug, title)
    url, _, reveal = found
    return None if reveal > env.get("position", EVERYTHING) else url


def _missing_url(slug: str, title: str) -> str:
    """Where a red link leads: the missing page's address, with its title as
    it was written, so that creating it keeps its capitals ("WNEX Radio")."""
    return f"{kinds.get(kinds.ARTICLE).url_for(slug)}?{urlencode({'title': title})}"


def _render_wikilink(renderer, tokens, idx, options, env):
    meta = tokens[idx].meta
    meta["label"] = meta["label"] or meta["target"]
    slug = slugify(meta["target"])
    found = env.get("wikilinks", {}).get(slug)
    if found and found[2] > env.get("position", EVERYTHING):
        # A page the reader has not reached: its name stays words, and the
        # text naming it must itself be revealed no earlier than it is.
        return escape(meta["label"])
    if found:
        url, title, _ = found
        return format_html(
            '<a class="wikilink" href="{}" title="{}">{}</a>', url, title, meta["label"]
        )
    return format_html(
        '<a class="wikilink-new" href="{}" title="{} (page does not exist)">{}</a>',
        _missing_url(slug, meta["target"]),
        meta["target"],
        meta["label"],
    )


def _render_category_link(renderer, tokens, idx, options, env):
    meta = tokens[idx].meta
    meta["label"] = meta["label"] or meta["target"]
    url = reverse("wiki:category", kwargs={"slug": slugify(meta["target"])})
    return format_html('<a class="wikilink" href="{}">{}</a>', url, meta["label"])


def _heading_ids(state) -> None:
    """Give h2–h4 headings stable ids, so "on this page" can link to them.

    Not mdit-py-plugins' anchors: it numbers a repeated heading from -1, not
    -2, and leaves the text of [[links]] out of ids, so the addresses readers
    have linked to would change."""
    seen: dict[str, int] = {}
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3", "h4"):
            base = f"s-{slugify(tokens[index + 1].content) or 'section'}"
            seen[base] = seen.get(base, 0) + 1
            token.attrSet("id", base if seen[base] == 1 else f"{base}-{seen[base]}")


def _lift_block_embeds(state) -> None:
    """An embed set apart from the text (a thumbnail, a floated picture) is a
    block of its own, as in MediaWiki: the paragraph holding it is split
    around it, since HTML allows no <figure> inside a <p>."""
    tokens, source = [], state.tokens
    index = 0
    while index < len(source):
        token = source[index]
        inline = source[index + 1] if index + 1 < len(source) else None
        if (
            token.type == "paragraph_open"
            and not token.hidden
            and any(
                child.type == "embed" and child.meta.get("block")
                for child in inline.children or ()
            )
        ):
            tokens += _split_paragraph(token, inline)
            index += 3
            continue
        tokens.append(token)
        index += 1
    state.tokens = tokens


def _split_paragraph(opening, inline) -> list:
    """The paragraph as paragraphs of its text and, between them, its block
    embeds; a stretch of nothing but line breaks and spaces is left out."""
    found, run = [], []

    def close_run():
        while run and _blank(run[0]):
            run.pop(0)
        while run and _blank(run[-1]):
            run.pop()
        if run:
            lines = opening.map
            found.append(Token("paragraph_open", "p", 1, map=lines, block=True))
            found.append(
                Token("inline", "", 0, children=list(run), map=lines, block=True)
            )
            found.append(Token("paragraph_close", "p", -1, block=True))
        run.clear()

    for child in inline.children:
        if child.type == "embed" and child.meta.get("block"):
            close_run()
            found.append(Token("embed", "", 0, meta=child.meta, block=True))
        else:
            run.append(child)
    close_run()
    return found


def _blank(token) -> bool:
    return token.type in ("softbreak", "hardbreak") or (
        token.type == "text" and not token.content.strip()
    )


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": True}).enable(
        ["table", "strikethrough", "replacements", "smartquotes"]
    )
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.core.ruler.push("heading_ids", _heading_ids)
    md.core.ruler.push("block_embeds", _lift_block_embeds)
    reveals.install(md)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("category_link", _render_category_link)
    md.add_render_rule("category_tag", lambda *args: "")
    md.add_render_rule("embed", _render_embed)
    return md


_parser = _build_parser()


def _children(tokens, kind):
    """The tokens of a kind, in the text's lines or standing apart."""
    for token in tokens:
        if token.type == kind:
            yield token
        elif token.type == "inline":
            yield from (child for child in token.children or () if child.type == kind)


def wikilink_targets(tokens) -> set[str]:
    """The slugs of the pages a text links to, embeds' labels included."""
    targets = {slugify(child.meta["target"]) for child in _children(tokens, "wikilink")}
    for child in _children(tokens, "embed"):
        titles = _embeds[child.meta["prefix"]].links(child.meta["label"])
        targets |= {slugify(title) for title in titles} - {""}
    return targets


def embed_targets(text: str) -> set[str]:
    """The slugs of the files (and other embeds) a text shows."""
    tokens = _parser.parse(text or "", {})
    return {slugify(child.meta["target"]) for child in _children(tokens, "embed")}


def reveal_points(text: str) -> set[int]:
    """The positions at which blocks of a text are revealed."""
    tokens = _parser.parse(text or "", {})
    return {token.meta["reveal"] for token in tokens if token.type == reveals.OPEN}


def category_names(text: str) -> list[tuple[str, int]]:
    """(name, reveal) of the categories a text puts its page in with
    [[Category:Name]]; one inside a reveal block is revealed with it."""
    found, opened = [], [NOTHING]
    for token in _parser.parse(text or "", {}):
        if token.type == reveals.OPEN:
            opened.append(max(opened[-1], token.meta["reveal"]))
        elif token.type == reveals.CLOSE and len(opened) > 1:
            opened.pop()
        for child in token.children or () if token.type == "inline" else ():
            if child.type == "category_tag":
                found.append((child.meta["target"], opened[-1]))
    return found


def resolve_embeds(tokens) -> dict:
    """{(prefix, slug): render} for every embed of the text; a query a prefix."""
    wanted: dict[str, set[str]] = {}
    for child in _children(tokens, "embed"):
        wanted.setdefault(child.meta["prefix"], set()).add(
            slugify(child.meta["target"])
        )
    found = {}
    for prefix, slugs in wanted.items():
        for slug, render in _embeds[prefix].resolve(slugs).items():
            found[(prefix, slug)] = render
    return found


def link_targets(text: str) -> set[str]:
    """The slugs that the [[links]] of a text point at."""
    return wikilink_targets(_parser.parse(text or "", {}))


def resolve_links(slugs: set[str]) -> dict[str, tuple[str, str, int]]:
    """Map each slug that names a page, or redirects to one, to its URL, title
    and the position that reveals it."""
    if not slugs:
        return {}
    # One query, each half using its slug index (an OR across the join would not).
    pages = (
        Page.objects.filter(slug__in=slugs)
        .order_by()
        .values_list(
            "slug",
            "kind",
            "title",
            "revealed_in",
            Value("", output_field=CharField()),
        )
    )
    redirects = (
        Redirect.objects.filter(slug__in=slugs, target__deleted_at__isnull=True)
        .order_by()
        .values_list(
            "target__slug",
            "target__kind",
            "target__title",
            "target__revealed_in",
            "slug",
        )
    )
    rows = pages.union(redirects, all=True).order_by()
    found = {}
    for slug, kind, title, reveal, alias in rows:
        url = kinds.get(kind).url_for(slug)
        for name in (slug, alias):
            if name in slugs:
                found[name] = (url, title, reveal)
    return found


# An <a> start tag as nh3 writes it: every value in double quotes, with any
# double quote inside escaped, so a ">" inside a value cannot end the match.
A_TAG = re.compile(r'<a((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*>')
EXTERNAL_HREF = re.compile(r'\shref="(?:https?:|//)', re.IGNORECASE)
USER_LINK_REL = "nofollow ugc noopener"


def _mark_external(match) -> str:
    attributes = match.group(1)
    if EXTERNAL_HREF.search(attributes):
        return f'<a{attributes} rel="{USER_LINK_REL}">'
    return match.group(0)


def sanitise(html: str, *, attributes=None) -> str:
    """Allow-listed HTML only; every link off the site, however it was
    written (Markdown, an autolink, raw HTML), says it is user content that
    search engines should not credit (`rel="nofollow ugc"`), and no author's
    own `rel` survives."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES if attributes is None else attributes,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return A_TAG.sub(_mark_external, clean)


@dataclass
class Rendered:
    html: str
    headings: list[tuple[int, str, str]]
    hidden: list[int]  # the positions of the blocks left out


def render(
    text: str,
    *,
    position: int = EVERYTHING,
    more: int = 0,
    series_id: int | None = None,
    show_more=None,
) -> Rendered:
    """Render a page body to sanitised HTML as of a reader's position, resolving
    its links in one query; blocks revealed later are left out, but for the
    `more` the reader asked to see; `show_more(n)` is the address that shows
    n of them (wiki/reveals.py)."""
    env: dict = {
        "position": position,
        "more": more,
        "series_id": series_id,
        "show_more": show_more,
    }
    tokens = _parser.parse(text or "", env)
    env["wikilinks"] = resolve_links(wikilink_targets(tokens))
    env["embeds"] = resolve_embeds(tokens)
    html = sanitise(_parser.renderer.render(tokens, _parser.options, env))
    return Rendered(html, _headings(tokens), env.get("hidden", []))


def render_many(texts: list[str]) -> list[str]:
    """Several short texts (the comments of a discussion) to sanitised HTML,
    resolving the links of all of them together: a query in all rather than
    one a text. Headings get no ids, which would repeat from text to text."""
    envs = [{"position": EVERYTHING} for _ in texts]
    parsed = [
        _parser.parse(text or "", env) for text, env in zip(texts, envs, strict=True)
    ]
    every = [token for tokens in parsed for token in tokens]
    links, embeds = resolve_links(wikilink_targets(every)), resolve_embeds(every)
    attributes = {tag: names - {"id"} for tag, names in ALLOWED_ATTRIBUTES.items()}
    rendered = []
    for tokens, env in zip(parsed, envs, strict=True):
        env |= {"wikilinks": links, "embeds": embeds}
        html = _parser.renderer.render(tokens, _parser.options, env)
        rendered.append(sanitise(html, attributes=attributes))
    return rendered


def render_markdown(text: str, *, position: int = EVERYTHING) -> str:
    return render(text, position=position).html


def _headings(tokens) -> list[tuple[int, str, str]]:
    return [
        (int(token.tag[1]), token.attrGet("id"), tokens[index + 1].content)
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.attrGet("id")
    ]


def headings(text: str, *, position: int = EVERYTHING) -> list[tuple[int, str, str]]:
    """(level, id, text) of each h2–h4 heading, as `render` sets them."""
    return _headings(_parser.parse(text or "", {"position": position}))


def plain_text(text: str, *, position: int = EVERYTHING) -> str:
    """The text of a body without markup, for previews and descriptions; what a
    reader at `position` has not reached is left out, notices included."""
    env: dict = {"wikilinks": {}, "position": position, "quiet": True}
    html = _parser.renderer.render(_parser.parse(text or "", env), _parser.options, env)
    return html_to_text(html)


def passages(text: str) -> list[tuple[int, str]]:
    """(reveal, plain text) of each stretch of a body: the text outside any
    block at NOTHING, each block's own text at its episode (a nested block
    at the later of its own and its parent's), in page order."""
    env: dict = {"wikilinks": {}, "position": EVERYTHING, "quiet": True}
    runs: list[tuple[int, list]] = []
    opened = [NOTHING]
    for token in _parser.parse(text or "", env):
        if token.type == reveals.OPEN:
            opened.append(max(opened[-1], token.meta["reveal"]))
        elif token.type == reveals.CLOSE and len(opened) > 1:
            opened.pop()
        elif runs and runs[-1][0] == opened[-1]:
            runs[-1][1].append(token)
        else:
            runs.append((opened[-1], [token]))
    found = []
    for reveal, tokens in runs:
        html = _parser.renderer.render(tokens, _parser.options, env)
        if words := html_to_text(html):
            found.append((reveal, words))
    return found


def html_to_text(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())
