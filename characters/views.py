from django.core.paginator import Paginator
from django.shortcuts import render

from characters import family
from characters.models import Character
from wiki import kinds, storytime
from wiki.fragments import deferred
from wiki.lookup import OWN_ROW, kept_page


def character_list(request):
    characters = Character.objects.revealed_to(request.progress).select_related(
        "series"
    )
    page_obj = Paginator(characters, 60).get_page(request.GET.get("page"))
    for character in page_obj:
        pos = request.progress.at(character.series_id)
        character.shown_description = storytime.value_at(character.description, pos)
    kinds.of(Character).annotate_list(request, list(page_obj))
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


def _by_kind(relation):
    return (family.kind_order(relation.kind), relation.other.title)


def _character_details(request, pk):
    """What a character's fragments show: the character in full and their
    facts and family as far as the reader has watched, and what extends them
    (who plays them, where they appear)."""
    character = Character.objects.select_related("series", "portrait").get(pk=pk)
    pos = request.progress.at(character.series_id)
    diagram = family.diagram(character, request.progress)
    context = {
        "character": character,
        "facts": character.facts(pos),
        "position": pos,
        "family": diagram,
        # The infobox lists the character's own ties, those the diagram drew.
        "relations": sorted(
            (r for r in diagram.relations if r.subject_id == pk), key=_by_kind
        )
        if diagram
        else [],
    }
    return kinds.of(character).details(request, character, context)
