"""
Markdown blocks revealed at an episode:

    ::: S1E13
    What the reader learns in S1E13.
    :::

Blocks past the reader's position are cut out of the token stream before
anything is rendered (so their text, headings and links never reach the page)
and replaced by a notice naming the episode, with a "show anyway" link.
"""

from django.utils.html import format_html, format_html_join
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from wiki.storytime import EVERYTHING, code, parse_code

# Blocks are markdown-it containers named "reveal", their parameter an episode.
OPEN, CLOSE = "container_reveal_open", "container_reveal_close"

# Apps register a function (series_id, positions) → {position: episode title},
# so that a notice can name the episode (one query, only when something hides).
_episode_namers: list = []


def register_episode_namer(namer) -> None:
    _episode_namers.append(namer)


def _is_episode(params: str, markup: str) -> bool:
    return parse_code(params) is not None


def hide_unrevealed(state) -> None:
    """Replace each block past the reader's position by a notice token."""
    pos = state.env.get("position", EVERYTHING)
    shown = state.env.get("shown", ())
    tokens, kept, index = state.tokens, [], 0
    skip_to = None
    for token in tokens:
        if token.type == OPEN:
            token.meta["reveal"] = parse_code(token.info)
        if skip_to is not None:
            if token.type in (OPEN, CLOSE):
                skip_to += token.nesting
            if skip_to == 0:
                skip_to = None
            continue
        if token.type == OPEN:
            index += 1
            token.meta["index"] = index
            if token.meta["reveal"] > pos and index not in shown:
                # Hidden blocks in a row share one notice, a line each.
                if kept and kept[-1].type == "reveal_hidden":
                    notice = kept[-1]
                else:
                    notice = Token("reveal_hidden", "", 0)
                    notice.meta = {"blocks": []}
                    notice.block = True
                    kept.append(notice)
                notice.meta["blocks"].append((index, token.meta["reveal"]))
                state.env.setdefault("hidden", []).append(token.meta["reveal"])
                skip_to = 1
                continue
        kept.append(token)
    state.tokens = kept
    if state.env.get("hidden") and state.env.get("names") is None:
        state.env["names"] = _episode_names(state.env)


def _episode_names(env) -> dict[int, str]:
    names: dict[int, str] = {}
    for namer in _episode_namers:
        names |= namer(env.get("series_id"), set(env["hidden"]))
    return names


def render_open(renderer, tokens, idx, options, env):
    if env.get("quiet"):
        return ""
    meta = tokens[idx].meta
    return format_html(
        '<section class="reveal" id="reveal-{}">'
        '<p class="reveal__tag">Revealed in {}</p>',
        meta["index"],
        code(meta["reveal"]),
    )


def render_close(renderer, tokens, idx, options, env):
    return "</section>\n"


def render_hidden(renderer, tokens, idx, options, env):
    if env.get("quiet"):
        return ""
    blocks = tokens[idx].meta["blocks"]
    names = env.get("names") or {}
    show = env.get("show_link")

    def named(reveal):
        title = names.get(reveal)
        return format_html("{} “{}”", code(reveal), title) if title else code(reveal)

    def link(index):
        return format_html(' <a href="{}">Show anyway</a>', show(index)) if show else ""

    if len(blocks) == 1:
        index, reveal = blocks[0]
        return format_html(
            '<div class="reveal-notice" id="reveal-{}"><p>A passage revealed in '
            "<strong>{}</strong>, past where you have watched, is hidden.{}</p>"
            "</div>\n",
            index,
            named(reveal),
            link(index),
        )
    items = format_html_join(
        "",
        '<li id="reveal-{}">Revealed in <strong>{}</strong>.{}</li>',
        ((index, named(reveal), link(index)) for index, reveal in blocks),
    )
    return format_html(
        '<div class="reveal-notice"><p>{} passages past where you have watched '
        "are hidden:</p><ul>{}</ul></div>\n",
        len(blocks),
        items,
    )


def install(md) -> None:
    container_plugin(md, "reveal", validate=_is_episode)
    md.core.ruler.after("block", "hide_unrevealed", hide_unrevealed)
    md.add_render_rule(OPEN, render_open)
    md.add_render_rule(CLOSE, render_close)
    md.add_render_rule("reveal_hidden", render_hidden)
