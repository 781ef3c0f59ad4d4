"""Comments as talk pages show them: in reply order, indented, rendered."""

from django.utils.safestring import mark_safe

from talk import mentions
from talk.models import Comment
from wiki import markup

# Deeper replies stay at this indent (and say whom they answer), so a long
# exchange still reads at 360 px.
MAX_INDENT = 4


def comments_of(threads, *, can_see_hidden: bool) -> dict[int, list[Comment]]:
    """{thread id: its comments, each reply after the comment it answers},
    each comment with its `html` (None where hidden from this reader) and its
    `indent`: three queries whatever the number of threads and comments."""
    found = (
        Comment.objects.filter(thread__in=[thread.pk for thread in threads])
        .select_related("author", "hidden_by")
        .order_by("created_at", "pk")
    )
    by_thread: dict[int, list[Comment]] = {thread.pk: [] for thread in threads}
    for comment in _in_reply_order(list(found)):
        by_thread[comment.thread_id].append(comment)
    shown = [
        comment
        for comments in by_thread.values()
        for comment in comments
        if can_see_hidden or not comment.is_hidden
    ]
    render(shown)
    return by_thread


def render(comments) -> None:
    """Give each comment its `html` (and `indent`): the links and mentions of
    all of them resolved together."""
    known = mentions.users(set().union(*(mentions.names(c.body) for c in comments)))
    texts = [mentions.linked(comment.body, known) for comment in comments]
    for comment, html in zip(comments, markup.render_many(texts), strict=True):
        comment.html = mark_safe(html)  # noqa: S308 (sanitised by nh3)


def _in_reply_order(comments: list[Comment]) -> list[Comment]:
    """Depth first: each comment, then its replies, oldest first."""
    replies: dict[int | None, list[Comment]] = {}
    by_id = {comment.pk: comment for comment in comments}
    for comment in comments:
        # A comment whose parent is not listed opens its own branch.
        parent = comment.reply_to_id if comment.reply_to_id in by_id else None
        replies.setdefault(parent, []).append(comment)
    ordered, stack = [], list(reversed(replies.get(None, [])))
    while stack:
        comment = stack.pop()
        comment.html = None
        comment.indent = min(comment.depth, MAX_INDENT)
        comment.parent = by_id.get(comment.reply_to_id)
        ordered.append(comment)
        stack.extend(reversed(replies.get(comment.pk, [])))
    return ordered
