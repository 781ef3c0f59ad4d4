from django.core.paginator import Paginator
from django.shortcuts import render

from tests.locations.models import Location
from wiki import kinds, storytime
from wiki.fragments import deferred
from wiki.lookup import OWN_ROW, kept_page


def location_list(request):
    locations = Location.objects.only("title", "slug", "kind", "district")
    page_obj = Paginator(locations, 100).get_page(request.GET.get("page"))
    return render(request, "locations/location_list.html", {"page_obj": page_obj})


def location_detail(request, slug):
    location = kept_page(request, Location.objects.only(*OWN_ROW), slug)
    return render(
        request,
        "locations/location_detail.html",
        {
            "location": location,
            "details": deferred(lambda: _details(request, location)),
        },
    )


def _details(request, found):
    location = Location.objects.get(pk=found.pk)
    position = request.progress.at(location.story_series_id)
    context = {
        "location": location,
        "description": storytime.value_at(location.description, position),
    }
    return kinds.of(location).details(request, location, context)
