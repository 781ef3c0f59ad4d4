from django.shortcuts import render

from wiki.forms import LogFilters
from wiki.paging import UncountedPage

PER_PAGE = 50


def log(request):
    """Every logged action, newest first: renames, protections, deletions,
    uploads, new accounts, blocks, patrols, rights… with their filters."""
    form = LogFilters(request.GET)
    # Like recent changes, paged without counting the whole log.
    page_obj = UncountedPage(
        form.entries().reached_by(request.progress), request.GET.get("page"), PER_PAGE
    )
    return render(request, "wiki/log.html", {"form": form, "page_obj": page_obj})
