from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from talk import services
from talk.display import comments_of
from talk.display import render as render_comments
from talk.forms import CommentForm, HideForm, ReplyForm, TopicForm, UnhideForm
from talk.models import Comment, Thread
from wiki import ratelimit, storytime
from wiki.addresses import slug_url
from wiki.lookup import OWN_ROW, PageGone, PageUnrevealed, get_page_for_tool
from wiki.models import Page
from wiki.permissions import talk_refusal

THREADS_PER_PAGE = 10
REVISIONS_PER_PAGE = 20
HIDE_RIGHT = "talk.hide_comments"
# Those who may read deleted pages (wiki.lookup) may read their discussions.
READ_DELETED = "wiki.delete_pages"
# The reply form the script copies under a comment: ids apart from the form
# the page may show already (the script makes each copy's its own).
TEMPLATE_IDS = "reply-copy-%s"
GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])
TOO_FAST = "You are posting too often. Wait a minute, then post again."


class Subject:
    """What a discussion is about (a page or a user), as its pages show it."""

    def __init__(self, *, page=None, user=None):
        self.page, self.user = page, user
        if page is not None:
            self.title, self.heading = page.title, f"Talk: {page.title}"
            self.url = page.get_absolute_url()
            self.talk_url = slug_url("talk:page", page.slug)
        else:
            name = user.get_username()
            self.title, self.heading = name, f"User talk: {name}"
            self.url = reverse("wiki:user", kwargs={"username": name})
            self.talk_url = reverse("talk:user", kwargs={"username": name})

    @classmethod
    def of(cls, discussion, request):
        """The subject of a discussion reached through one of its topics or
        comments: gone with its page (410, as the page answers, unless the
        reader may read deleted pages) or with its account (404, as the
        profile answers)."""
        subject = cls(page=discussion.page, user=discussion.user)
        if subject.user is not None and not subject.user.is_active:
            raise Http404("No such user.")
        if subject.closed and not request.user.has_perm(READ_DELETED):
            raise PageGone(subject.page)
        return subject

    @property
    def closed(self) -> bool:
        """A deleted page's discussion: read by editors, written by nobody."""
        return self.page is not None and self.page.is_deleted


def _refusal(request, subject) -> str | None:
    """Why the reader may not write on this discussion, or None if they may:
    the one place that asks wiki.permissions."""
    if subject.closed:
        return (
            f"“{subject.title}” has been deleted: its discussion is closed, "
            "and nobody may post in it unless the page is undeleted."
        )
    own_talk = subject.user is not None and subject.user.pk == request.user.pk
    return talk_refusal(
        request.user, own_talk=own_talk, ip=ratelimit.client_ip(request)
    )


@GET_OR_POST
def page_talk(request, slug):
    # As every tool of a page: another case, an alias or an old name leads
    # to the discussion of the page it means (a posted topic with a 307, so
    # that it is posted there, not lost); a deleted page's answers 410.
    page = get_page_for_tool(
        request,
        Page.objects.only(*OWN_ROW, "deleted_at"),
        slug,
        deleted_for=request.user,
    )
    if request.method == "GET" and not page.is_revealed_to(request.progress):
        raise PageUnrevealed(slug)  # a discussion names its page
    subject = Subject(page=page)
    threads = Thread.objects.filter(discussion__page=subject.page)
    return _discussion(request, subject, threads)


@GET_OR_POST
def user_talk(request, username):
    user = get_object_or_404(get_user_model(), username=username, is_active=True)
    subject = Subject(user=user)
    return _discussion(request, subject, Thread.objects.filter(discussion__user=user))


def _discussion(request, subject, threads):
    """A discussion's threads, latest activity first, and a new topic."""
    refusal = _refusal(request, subject)
    form, status = TopicForm(), 200
    if request.method == "POST":
        form = TopicForm(request.POST)
        status, refusal = _may_post(request, form, refusal, subject)
        if status is None:
            try:
                comment = services.start_thread(
                    author=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    page=subject.page,
                    user=subject.user,
                )
            except ValidationError as error:
                form.add_error("body", error)
                status = 400
            else:
                messages.success(request, "Your topic was posted.")
                return redirect(comment)
    page_obj = Paginator(
        threads.order_by("-last_activity_at", "-pk"),
        THREADS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    can_hide = request.user.has_perm(HIDE_RIGHT)
    comments = comments_of(page_obj.object_list, can_see_hidden=can_hide)
    context = {
        "subject": subject,
        "page_obj": page_obj,
        "threads": [(thread, comments[thread.pk]) for thread in page_obj],
        "form": form,
        "reply_form": ReplyForm(auto_id=TEMPLATE_IDS),
        "refusal": refusal,
        "can_hide": can_hide,
    }
    return render(request, "talk/discussion.html", context, status=status)


def _may_post(request, form, refusal, subject):
    """(None, None) if a posted form may be saved; else the status to answer
    with and what to say, the form keeping its text."""
    valid = form.is_valid()
    if refusal:
        return 410 if subject.closed else 403, refusal
    if not valid:
        return 400, None
    if ratelimit.is_limited(request, "talk"):
        return 429, TOO_FAST
    return None, None


def _comment(pk, *related):
    if not storytime.is_id(str(pk)):
        raise Http404("No such comment.")
    found = Comment.objects.select_related(
        "author", "thread__discussion__page", "thread__discussion__user", *related
    )
    return get_object_or_404(found, pk=pk)


@GET_OR_POST
def thread(request, thread_id):
    """A thread on its own (comments link here), and replies to it."""
    if not storytime.is_id(str(thread_id)):
        raise Http404("No such topic.")
    topic = get_object_or_404(
        Thread.objects.select_related("discussion__page", "discussion__user"),
        pk=thread_id,
    )
    subject = Subject.of(topic.discussion, request)
    refusal = _refusal(request, subject)
    can_hide = request.user.has_perm(HIDE_RIGHT)
    comments = comments_of([topic], can_see_hidden=can_hide)[topic.pk]
    by_id = {comment.pk: comment for comment in comments}
    status, replying_to = 200, by_id.get(_number(request.GET.get("reply")))
    if request.method == "POST":
        form = ReplyForm(request.POST)
        replying_to = by_id.get(_number(request.POST.get("reply_to")))
        if form.is_valid() and replying_to is None:
            form.add_error(None, "That comment is not in this topic (any more).")
        elif form.is_valid() and replying_to.is_hidden and not can_hide:
            form.add_error(None, "That comment was hidden: answer another one.")
        status, refusal = _may_post(request, form, refusal, subject)
        if status is None:
            try:
                comment = services.reply(
                    reply_to=replying_to,
                    author=request.user,
                    body=form.cleaned_data["body"],
                )
            except ValidationError as error:
                form.add_error("body", error)
                status = 400
            else:
                messages.success(request, "Your reply was posted.")
                return redirect(comment)
    else:
        form = ReplyForm()
    first = comments[0] if comments else None
    context = {
        "subject": subject,
        "topic": topic,
        "comments": comments,
        "form": form,
        "blank_form": ReplyForm(auto_id=TEMPLATE_IDS),
        "refusal": refusal,
        "can_hide": can_hide,
        "replying_to": replying_to if replying_to is not None else first,
        "reply_inline": replying_to is not None and replying_to != first,
    }
    return render(request, "talk/thread.html", context, status=status)


def _number(value) -> int | None:
    value = str(value or "")
    return int(value) if storytime.is_id(value) else None


@GET_OR_POST
def edit(request, comment_id):
    """The author edits their comment; the former text is kept."""
    comment = _comment(comment_id)
    subject = Subject.of(comment.thread.discussion, request)
    user = request.user
    if request.method != "POST" and not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # Logged out meanwhile: refused below, with the text kept.
    if user.is_authenticated and comment.author_id != user.pk:
        return _forbidden(request, "Only its author may edit a comment.")
    if comment.is_hidden:
        return _forbidden(request, "This comment was hidden: it cannot be edited.")
    refusal, status = _refusal(request, subject), 200
    form = CommentForm(initial={"body": comment.body})
    if request.method == "POST":
        form = CommentForm(request.POST)
        status, refusal = _may_post(request, form, refusal, subject)
        if status is None:
            try:
                changed = services.edit_comment(
                    comment=comment, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error("body", error)
                status = 400
            else:
                if changed:
                    messages.success(request, "Your comment was changed.")
                else:
                    messages.info(
                        request, "Nothing to save: the comment already reads so."
                    )
                return redirect(comment)
    context = {"subject": subject, "comment": comment, "form": form, "refusal": refusal}
    return render(request, "talk/comment_edit.html", context, status=status)


def _forbidden(request, reason):
    return render(request, "403.html", {"reason": reason}, status=403)


@require_http_methods(["GET", "HEAD"])
def history(request, comment_id):
    """Every text a comment has had, the current one first."""
    comment = _comment(comment_id)
    subject = Subject.of(comment.thread.discussion, request)
    if comment.is_hidden and not request.user.has_perm(HIDE_RIGHT):
        return _forbidden(request, "This comment was hidden by an editor.")
    page_obj = Paginator(comment.revisions.all(), REVISIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    versions = list(page_obj)
    render_comments([comment, *versions])
    context = {
        "subject": subject,
        "comment": comment,
        "page_obj": page_obj,
        "versions": versions,
    }
    return render(request, "talk/comment_history.html", context)


@GET_OR_POST
@permission_required(HIDE_RIGHT, raise_exception=True)
def hide(request, comment_id):
    return _moderate(request, comment_id, hidden=True, form_class=HideForm)


@GET_OR_POST
@permission_required(HIDE_RIGHT, raise_exception=True)
def unhide(request, comment_id):
    return _moderate(request, comment_id, hidden=False, form_class=UnhideForm)


def _moderate(request, pk, *, hidden, form_class):
    """Hide a comment with a reason, or show it again: what it is first."""
    comment = _comment(pk, "hidden_by")
    subject = Subject.of(comment.thread.discussion, request)
    form, status = form_class(), 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            done = services.set_hidden(
                comment=comment,
                actor=request.user,
                hidden=hidden,
                reason=form.cleaned_data["reason"],
            )
            if not done:
                messages.info(request, "Nothing to do: somebody did it already.")
            elif hidden:
                messages.success(request, "The comment is hidden.")
            else:
                messages.success(request, "The comment is shown again.")
            return redirect(comment)
        status = 400
    render_comments([comment])
    context = {
        "subject": subject,
        "comment": comment,
        "form": form,
        "hiding": hidden,
    }
    return render(request, "talk/comment_moderate.html", context, status=status)
