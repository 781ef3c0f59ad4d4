from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render

from credits import summaries
from credits.models import CastCredit, Person
from episodes.structured_data import person as person_data
from wiki.lookup import get_page

SCOPE = ("series", "season__series", "episode__season__series")
FILTERS = {
    "cast": {"cast_credits__isnull": False},
    "crew": {"crew_credits__isnull": False},
}


def person_list(request):
    show = request.GET.get("show", "")
    people = Person.objects.only("title", "slug", "kind", "short_bio")
    if show in FILTERS:
        people = people.filter(**FILTERS[show]).distinct()
    else:
        show = ""
    people = people.prefetch_related(
        Prefetch(
            "cast_credits",
            queryset=CastCredit.objects.select_related("character"),
        ),
        "crew_credits",
    )
    page_obj = Paginator(people, 100).get_page(request.GET.get("page"))
    return render(
        request, "credits/person_list.html", {"page_obj": page_obj, "show": show}
    )


def person_detail(request, slug):
    person = get_page(Person.objects.select_related("portrait"), slug)
    cast = list(person.cast_credits.select_related("character", *SCOPE))
    crew = list(person.crew_credits.select_related(*SCOPE))
    return render(
        request,
        "credits/person_detail.html",
        {
            "person": person,
            "cast": sorted(cast, key=_scope_order),
            "main_roles": [c for c in cast if c.billing == CastCredit.Billing.MAIN],
            "crew_groups": summaries.crew_by_job(crew),
            "structured_data": {
                "@context": "https://schema.org",
                **person_data(request, person),
                **({"description": person.short_bio} if person.short_bio else {}),
            },
        },
    )


def _scope_order(credit):
    season = credit.scope_season
    return (
        season.series.title if season else credit.series.title,
        season.number if season else 0,
        credit.episode.number if credit.episode_id else 0,
        credit.billing,
    )
