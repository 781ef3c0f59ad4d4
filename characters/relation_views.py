from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from characters import editing
from characters.family import kind_order
from characters.forms import RelationForm, RemoveRelationForm
from characters.models import Character, Relation
from wiki import ratelimit
from wiki.lookup import PageUnrevealed, get_page_for_tool
from wiki.permissions import edit_refusal, protection_refusal
from wiki.views.editing import TOO_FAST
from wiki.views.spoiler_gate import whole_story

UNKNOWN_RELATION = (
    "This form does not say which relation to remove. Nothing was removed; "
    "choose it in the list below."
)


def _character(request, slug):
    return get_page_for_tool(request, Character.objects.all(), slug)


def _show_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, said in error.message_dict.items():
        form.add_error(name if name in form.fields else None, said)


def _render_add(request, character, form, *, status=200, refusal=None):
    context = {"character": character, "form": form, "refusal": refusal}
    return render(request, "characters/relation_form.html", context, status=status)


def _inverse_refusal(user, data) -> str | None:
    """Why the user may not record the inverse on the other's page, or None:
    the same account and address as for this page, but its own protection."""
    other = data["other"]
    refusal = protection_refusal(user, other) if data["inverse"] else None
    if refusal is None:
        return None
    return (
        f"You may not edit {other.title}’s page: {refusal} Leave this empty to "
        "record this side only."
    )


def add_relation(request, slug):
    """The form adding a relation (on the character's page, and alone here,
    where a refused one comes back with what was typed)."""
    character = _character(request, slug)
    if request.method != "POST":
        return _blank_form(request, character)
    form = RelationForm(request.POST, subject=character)
    refusal = edit_refusal(request.user, character, ip=ratelimit.client_ip(request))
    if refusal:
        form.is_valid()
        return _render_add(request, character, form, status=403, refusal=refusal)
    if not form.is_valid():
        return _render_add(request, character, form, status=400)
    if inverse_refusal := _inverse_refusal(request.user, form.cleaned_data):
        form.add_error("inverse", inverse_refusal)
        return _render_add(request, character, form, status=403)
    if ratelimit.is_limited(request, "edit"):
        return _render_add(request, character, form, status=429, refusal=TOO_FAST)
    return _save(request, character, form)


def _blank_form(request, character):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not character.is_revealed_to(request.progress):
        raise PageUnrevealed(character.slug)
    refusal = edit_refusal(request.user, character, ip=ratelimit.client_ip(request))
    form = RelationForm(subject=character)
    return _render_add(request, character, form, refusal=refusal)


def _save(request, character, form):
    data = form.cleaned_data
    try:
        added = editing.add_relation(
            subject=character,
            kind=data["kind"],
            other=data["other"],
            revealed_in=data["revealed_in"],
            note=data["note"],
            inverse_kind=data["inverse"],
            author=request.user,
        )
    except ValidationError as error:
        _show_errors(form, error)
        return _render_add(request, character, form, status=400)
    said = " ".join(f"{r.subject} is the {r.kind} of {r.other}." for r in added)
    if not request.progress.sees(added[0].reveal, added[0].subject.series_id):
        said += " It is past where you have watched, so it is not shown to you yet."
    messages.success(request, f"Added: {said}")
    return redirect(character)


def _render_list(request, character, *, refusal, error=None, status=200):
    relations = Relation.objects.filter(
        Q(subject=character) | Q(other=character, subject__deleted_at__isnull=True)
    ).select_related("subject", "other")
    own = [r for r in relations if r.subject_id == character.pk]
    naming = [r for r in relations if r.subject_id != character.pk]
    context = {
        "character": character,
        "own": sorted(own, key=lambda r: (kind_order(r.kind), r.other.title)),
        "naming": sorted(naming, key=lambda r: (r.subject.title, kind_order(r.kind))),
        "refusal": refusal,
        "error": error,
    }
    return render(request, "characters/relation_list.html", context, status=status)


@whole_story
def relations(request, slug):
    """Every relation of a character, past the reader's episode too: its own,
    each with a button to remove it, and those of others that name it."""
    character = _character(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = edit_refusal(request.user, character, ip=ratelimit.client_ip(request))
    return _render_list(request, character, refusal=refusal)


@require_POST
def remove_relation(request, slug):
    character = _character(request, slug)
    back = reverse("characters:relations", args=[character.slug])
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    refusal = edit_refusal(request.user, character, ip=ratelimit.client_ip(request))
    if refusal:
        return _render_list(request, character, refusal=refusal, status=403)
    form = RemoveRelationForm(request.POST)
    if not form.is_valid():
        return _render_list(
            request, character, refusal=None, error=UNKNOWN_RELATION, status=400
        )
    if ratelimit.is_limited(request, "edit"):
        return _render_list(
            request, character, refusal=None, error=TOO_FAST, status=429
        )
    data = form.cleaned_data
    try:
        removed = editing.remove_relation(
            subject=character,
            kind=data["kind"],
            other_id=data["other"],
            revealed_in=data["revealed_in"],
            note=data["note"],
            author=request.user,
        )
    except ValidationError as error:
        said = " ".join(error.messages)
        return _render_list(request, character, refusal=None, error=said, status=409)
    messages.success(request, f"Removed: {removed.kind} of {removed.other.title}.")
    return redirect(back)
