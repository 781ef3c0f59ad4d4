from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from wiki import ratelimit
from wiki.diffs import diff_snapshots
from wiki.forms import field_labels
from wiki.http import safe_next
from wiki.models import Patrol, Revision
from wiki.moderation.patrol import mark_patrolled
from wiki.paging import UncountedPage
from wiki.permissions import block_refusal
from wiki.views.moderation import TOO_FAST, refused
from wiki.views.spoiler_gate import whole_story

PER_PAGE = 20


@permission_required("wiki.patrol_edits", raise_exception=True)
@whole_story
def queue(request):
    """Edits by contributors who are not yet established, newest first, each
    with its diff and a button to mark it patrolled or roll it back."""
    page_obj = UncountedPage(Patrol.objects.queue(), request.GET.get("page"), PER_PAGE)
    items = []
    for patrol in page_obj:
        revision = patrol.revision
        before = revision.parent.data if revision.parent else {}
        items.append(
            {
                "revision": revision,
                "is_current": revision.page.current_revision_id == revision.pk,
                "changes": diff_snapshots(
                    before, revision.data, labels=field_labels(revision.page.kind)
                ),
            }
        )
    return render(
        request, "wiki/patrol_queue.html", {"page_obj": page_obj, "items": items}
    )


def _wants_json(request):
    return request.headers.get("Accept", "").startswith("application/json")


@require_POST
@permission_required("wiki.patrol_edits", raise_exception=True)
def mark(request, revision_id):
    revision = get_object_or_404(
        Revision.objects.select_related("page", "author"), pk=revision_id
    )
    refusal = block_refusal(request.user, ip=ratelimit.client_ip(request))
    if refusal:
        return refused(request, refusal)
    if ratelimit.is_limited(request, "moderate"):
        if _wants_json(request):
            return JsonResponse({"message": TOO_FAST}, status=429)
        messages.error(request, TOO_FAST)
        return redirect("wiki:patrol")
    done = mark_patrolled(revision=revision, actor=request.user)
    said = (
        f"{revision.page.title}, revision {revision.number}: marked patrolled."
        if done
        else f"{revision.page.title}, revision {revision.number}: already patrolled."
    )
    if _wants_json(request):
        return JsonResponse({"message": said, "patrolled": done})
    messages.success(request, said)
    return redirect(safe_next(request, request.POST.get("next")) or "wiki:patrol")
