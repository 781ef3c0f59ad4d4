from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render

from credits import summaries
from credits.models import CastCredit, CrewCredit, Person
from wiki import kinds, storytime
from wiki.fragments import deferred
from wiki.lookup import OWN_ROW, kept_page

SCOPE = ("series", "season__series", "episode__season__series")
REVEAL = ("season", "episode__season")  # what a credit's `reveal` reads
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
            queryset=CastCredit.objects.select_related("character", *REVEAL),
        ),
        Prefetch("crew_credits", queryset=CrewCredit.objects.select_related(*REVEAL)),
    )
    page_obj = Paginator(people, 100).get_page(request.GET.get("page"))
    for person in page_obj:
        person.shown_cast = storytime.revealed(
            person.cast_credits.all(), request.progress
        )
        person.shown_crew = storytime.revealed(
            person.crew_credits.all(), request.progress
        )
    return render(
        request, "credits/person_list.html", {"page_obj": page_obj, "show": show}
    )


def person_detail(request, slug):
    person = kept_page(request, Person.objects.only(*OWN_ROW, "short_bio"), slug)
    return render(
        request,
        "credits/person_detail.html",
        {
            "person": person,
            "summary": person.short_bio,
            "details": deferred(lambda: _person_details(request, person.pk)),
        },
    )


def _person_details(request, pk):
    """What a person's fragments show: the person in full and their credits,
    as far as the reader has watched."""
    person = Person.objects.select_related("portrait").get(pk=pk)
    all_cast = list(person.cast_credits.select_related("character", *SCOPE))
    all_crew = list(person.crew_credits.select_related(*SCOPE))
    cast = storytime.revealed(all_cast, request.progress)
    crew = storytime.revealed(all_crew, request.progress)
    context = {
        "person": person,
        "hidden_credits": len(all_cast) + len(all_crew) - len(cast) - len(crew),
        "cast": sorted(cast, key=_scope_order),
        "main_roles": [c for c in cast if c.billing == CastCredit.Billing.MAIN],
        "crew_groups": summaries.crew_by_job(crew),
    }
    return kinds.of(person).details(request, person, context)


def _scope_order(credit):
    season = credit.scope_season
    return (
        season.series.title if season else credit.series.title,
        season.number if season else 0,
        credit.episode.number if credit.episode_id else 0,
        credit.billing,
    )
