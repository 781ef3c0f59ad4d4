from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render

from wiki import deletion, ratelimit
from wiki.forms import ReasonForm
from wiki.lookup import deleted_at_address, page_or_gone
from wiki.models import Page, PageLink

TOO_FAST = "You have deleted or undeleted many pages just now. Wait a few minutes."
NOT_ALLOWED = "Only editors may delete and undelete pages."


def _refused(request):
    """A visitor is sent to log in; an account without the right gets a 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("wiki.delete_pages"):
        return render(request, "403.html", {"reason": NOT_ALLOWED}, status=403)
    return None


def _carry_out(request, form, action, page, done):
    """Carry out `action` (deletion.delete_page or undelete_page) for a valid
    form: a redirect to the page, or None and the status to show the form
    again with (refused, too fast, invalid, or not posted)."""
    if not form.is_bound:
        return None, 200
    if not form.is_valid():
        return None, 400
    if ratelimit.is_limited(request, "delete"):
        form.add_error(None, TOO_FAST)
        return None, 429
    try:
        action(page=page, actor=request.user, reason=form.cleaned_data["said"])
    except ValidationError as error:
        form.add_error(None, error)
        return None, 409
    messages.success(request, done)
    return redirect(page.get_absolute_url()), None


def delete(request, slug):
    """Delete a page (a file too) with a reason: first what it would hide."""
    if refused := _refused(request):
        return refused
    page = page_or_gone(Page.objects, slug)
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        common_reasons=deletion.COMMON_REASONS,
    )
    done, status = _carry_out(
        request, form, deletion.delete_page, page, f"“{page.title}” was deleted."
    )
    if done:
        return done
    aliases = list(page.redirects.values_list("slug", flat=True))
    linked_from = (
        PageLink.objects.filter(Q(target_slug=page.slug) | Q(target_slug__in=aliases))
        .values("source")
        .distinct()
        .count()
    )
    context = {
        "page": page,
        "form": form,
        "revision_count": page.revisions.count(),
        "linked_from": linked_from,
        "redirects": aliases,
    }
    return render(request, "wiki/page_delete.html", context, status=status)


def undelete(request, slug):
    """Bring back the page last deleted at this address, with its history."""
    if refused := _refused(request):
        return refused
    page = deleted_at_address(slug)
    if page is None:
        raise Http404("No page was deleted at this address.")
    form = ReasonForm(request.POST if request.method == "POST" else None)
    done, status = _carry_out(
        request,
        form,
        deletion.undelete_page,
        page,
        f"“{page.title}” was undeleted with all its history.",
    )
    if done:
        return done
    context = {
        "page": page,
        "form": form,
        "entry": deletion.deletion_of(page),
        "refusal": deletion.undelete_refusal(page),
        "revision_count": page.revisions.count(),
    }
    return render(request, "wiki/page_undelete.html", context, status=status)


def gone(request, exception):
    """What the address of a deleted page (or of a redirect to one) answers:
    410, who deleted it, when and why; for editors, the way back."""
    page = exception.page
    may_undelete = request.user.has_perm("wiki.delete_pages")
    context = {
        "page": page,
        "redirect": exception.redirect,
        "entry": deletion.deletion_of(page),
        "may_undelete": may_undelete,
        "revision_count": page.revisions.count() if may_undelete else None,
        "address_taken": Page.objects.filter(slug=page.slug).exists(),
    }
    return render(request, "wiki/page_gone.html", context, status=410)
