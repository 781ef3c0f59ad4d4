"""
Markdown blocks revealed at an episode:

    ::: S1E13
    What the reader learns in S1E13.
    :::

Blocks past the reader's position are cut out of the token stream before
anything is rendered (so their text, headings and links never reach the page).
They leave nothing in their place: one notice at the end says only that more
is hidden further on, never where, how much or from which episode, and offers
to show one more passage (the next the story reveals) or the whole page.
"""

from django.utils.html import format_html
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from wiki.storytime import EVERYTHING, code, parse_code

# Blocks are markdown-it containers named "reveal", their parameter an episode.
OPEN, CLOSE = "container_reveal_open", "container_reveal_close"


def _is_episode(params: str, markup: str) -> bool:
    return parse_code(params) is not None


def _blocks(tokens) -> list[tuple[int, int]]:
    """(index, reveal) of each block, nested ones too, in page order."""
    blocks = []
    for token in tokens:
        if token.type == OPEN:
            token.meta["reveal"] = parse_code(token.info)
            token.meta["index"] = len(blocks) + 1
            blocks.append((token.meta["index"], token.meta["reveal"]))
    return blocks


def hide_unrevealed(state) -> None:
    """Cut out each block past the reader's position, except the `more`
    the reader asked to see (the earliest the story reveals first); add the
    notice if anything stays hidden."""
    pos = state.env.get("position", EVERYTHING)
    later = sorted(
        (reveal, index) for index, reveal in _blocks(state.tokens) if reveal > pos
    )
    more = state.env.get("more", 0)
    hidden = {index for _, index in later[more:]}
    shown_last = later[min(more, len(later)) - 1][1] if more and later else None
    kept, skip = [], 0
    for token in state.tokens:
        if skip:
            skip += {OPEN: 1, CLOSE: -1}.get(token.type, 0)
            continue
        if token.type == OPEN and token.meta.get("index") in hidden:
            skip = 1
            continue
        if token.type == OPEN and token.meta.get("index") == shown_last:
            token.meta["shown_last"] = True
        kept.append(token)
    if hidden:
        notice = Token("reveal_hidden", "", 0)
        notice.block = True
        notice.meta = {"more": more}
        kept.append(notice)
    state.tokens = kept
    state.env["hidden"] = sorted(reveal for reveal, index in later[more:])


def render_open(renderer, tokens, idx, options, env):
    if env.get("quiet"):
        return ""
    meta = tokens[idx].meta
    # The passage the reader last asked for is where its link lands.
    opening = (
        '<section class="reveal" id="shown-passage">'
        if meta.get("shown_last")
        else '<section class="reveal">'
    )
    return format_html(
        opening + '<p class="reveal__tag">Revealed in {}</p>', code(meta["reveal"])
    )


def render_close(renderer, tokens, idx, options, env):
    return "</section>\n"


def render_hidden(renderer, tokens, idx, options, env):
    if env.get("quiet"):
        return ""
    more = tokens[idx].meta["more"]
    show = env.get("show_more")
    links = (
        format_html(
            ' <a href="{}">Show one more passage</a> · '
            '<a href="?progress=everything">Show the whole page</a>',
            show(more + 1),
        )
        if show
        else ""
    )
    return format_html(
        '<div class="reveal-notice" role="note"><p>More of this page is past '
        "where you have watched.{}</p></div>\n",
        links,
    )


def install(md) -> None:
    container_plugin(md, "reveal", validate=_is_episode)
    md.core.ruler.after("block", "hide_unrevealed", hide_unrevealed)
    md.add_render_rule(OPEN, render_open)
    md.add_render_rule(CLOSE, render_close)
    md.add_render_rule("reveal_hidden", render_hidden)
