from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render

from characters import appearances
from characters.models import Character
from credits.models import CastCredit
from wiki import storytime
from wiki.fragments import deferred
from wiki.lookup import OWN_ROW, kept_page


def character_list(request):
    characters = Character.objects.select_related("series").prefetch_related(
        Prefetch(
            "cast_credits",
            queryset=CastCredit.objects.select_related(
                "person", "season", "episode__season"
            ),
        )
    )
    page_obj = Paginator(characters, 60).get_page(request.GET.get("page"))
    for character in page_obj:
        pos = request.progress.at(character.series_id)
        character.shown_description = storytime.value_at(character.description, pos)
        character.shown_credits = storytime.revealed(
            character.cast_credits.all(), request.progress
        )
    return render(request, "characters/character_list.html", {"page_obj": page_obj})


def character_detail(request, slug):
    character = kept_page(request, Character.objects.only(*OWN_ROW), slug)
    return render(
        request,
        "characters/character_detail.html",
        {
            "character": character,
            "details": deferred(lambda: _character_details(request, character.pk)),
        },
    )


def _character_details(request, pk):
    """What a character's fragments show: the character in full, their facts
    and appearances, as far as the reader has watched."""
    character = Character.objects.select_related("series", "portrait").get(pk=pk)
    pos = request.progress.at(character.series_id)
    credits = list(
        character.cast_credits.select_related(
            "person", "series", "season__series", "episode__season__series"
        )
    )
    shown = storytime.revealed(credits, request.progress)
    return {
        "character": character,
        "facts": character.facts(pos),
        "position": pos,
        "appearances": appearances.summarise(shown),
        "appearances_hidden": len(shown) < len(credits),
    }
