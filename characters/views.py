from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render

from characters import appearances
from characters.models import Character
from credits.models import CastCredit
from wiki.lookup import get_page


def character_list(request):
    characters = Character.objects.select_related("series").prefetch_related(
        Prefetch(
            "cast_credits",
            queryset=CastCredit.objects.select_related("person"),
        )
    )
    page_obj = Paginator(characters, 60).get_page(request.GET.get("page"))
    return render(request, "characters/character_list.html", {"page_obj": page_obj})


def character_detail(request, slug):
    character = get_page(Character.objects.select_related("series", "portrait"), slug)
    credits = list(
        character.cast_credits.select_related(
            "person", "series", "season__series", "episode__season__series"
        )
    )
    return render(
        request,
        "characters/character_detail.html",
        {"character": character, "appearances": appearances.summarise(credits)},
    )
