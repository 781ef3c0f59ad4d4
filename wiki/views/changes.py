from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from wiki import kinds
from wiki.forms import ChangeFilters
from wiki.fragments import deferred
from wiki.models import Revision
from wiki.paging import UncountedPage


def recent_changes(request):
    filters = ChangeFilters(request.GET).filters
    revisions = Revision.objects.recent_changes(**filters)

    def changes():
        # Counting every revision of a large wiki costs more than the page.
        return {"page_obj": UncountedPage(revisions, request.GET.get("page"), 50)}

    return render(
        request,
        "wiki/recent_changes.html",
        {"changes": deferred(changes), "filters": filters, "kinds": kinds.all_kinds()},
    )


def user_profile(request, username):
    user = get_object_or_404(get_user_model(), username=username, is_active=True)
    revisions = (
        user.revisions.of_live_pages()
        .select_related("page")
        .order_by("-created_at", "-pk")
    )
    page_obj = Paginator(revisions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "wiki/user_profile.html",
        {"profile": user, "page_obj": page_obj},
    )
