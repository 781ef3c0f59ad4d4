from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community import counts
from community.models import Notification
from wiki.forms import MAX_ID
from wiki.paging import UncountedPage


@login_required
def notification_list(request):
    notifications = Notification.objects.shown_to(request.user)
    if request.GET.get("unread"):
        notifications = notifications.filter(is_read=False)
    page_obj = UncountedPage(notifications, request.GET.get("page"), 50)
    return render(
        request,
        "community/notification_list.html",
        {
            "page_obj": page_obj,
            "unread_only": bool(request.GET.get("unread")),
            "unread": counts.unread(request.user),
        },
    )


@login_required
@require_POST
def mark_read(request):
    """Mark one notification read (`id`), or all of them (`all`)."""
    mine = Notification.objects.unread_by(request.user)
    if request.POST.get("all"):
        done = mine.update(is_read=True)
    else:
        try:
            pk = int(request.POST.get("id", ""))
        except ValueError:
            pk = 0
        done = mine.filter(pk=pk).update(is_read=True) if 0 < pk <= MAX_ID else 0
    counts.forget_after_commit([request.user.pk])
    if done:
        messages.success(
            request, f"Marked {done} notification{'s' if done != 1 else ''} read."
        )
    else:
        messages.info(request, "Nothing was left to mark read.")
    return redirect("community:notifications")
