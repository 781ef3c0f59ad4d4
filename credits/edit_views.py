"""
Cast and crew on the site: added from the pages that show them (an episode,
a season, a person, a character), changed and removed on a page that lists
them all, which is gated like the editing tools (it holds the whole story).
"""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from credits import editing
from credits.forms import NOTES, CastForm, CrewForm, initial
from credits.models import CastCredit, CrewCredit
from credits.parts import SCOPES
from wiki import ratelimit, services
from wiki.http import safe_next
from wiki.lookup import get_page_for_tool
from wiki.models import Page
from wiki.permissions import edit_refusal
from wiki.views.spoiler_gate import whole_story

FORMS = {"cast": CastForm, "crew": CrewForm}
TOO_FAST = "You are saving too often. Wait a minute, then save again."


def _page(request, slug):
    page = services.typed(get_page_for_tool(request, Page.objects.all(), slug))
    if page.kind not in (*SCOPES, "person", "character"):
        raise Http404("Credits are not added to this kind of page.")
    return page


def _fixed(what: str, page) -> dict:
    """What the page a credit is added from says of it."""
    if page.kind in SCOPES:
        return {"scope": page}
    if page.kind == "person":
        return {"person": page}
    if what == "crew":
        raise Http404("A character has no crew.")
    return {"character": page}


def add_forms(page) -> dict:
    """The forms that add a credit from a page: cast, and crew but on a
    character's."""
    crew = None if page.kind == "character" else CrewForm(**_fixed("crew", page))
    return {"cast_form": CastForm(**_fixed("cast", page)), "crew_form": crew}


def _render(request, page, form, what, *, status=200, **extra):
    context = {"page": page, "form": form, "what": what, "notes": NOTES, **extra}
    return render(request, "credits/credit_form.html", context, status=status)


@require_POST
def add(request, slug, what):
    if what not in FORMS:
        raise Http404("Credits are cast or crew.")
    page = _page(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(page.get_absolute_url())
    # A character's "where" is an episode of its own series.
    series = {"series": page.series} if page.kind == "character" else {}
    form = FORMS[what](request.POST, **_fixed(what, page), **series)
    if not form.is_valid():
        return _render(request, page, form, what, status=400)
    scope = form.scope_fields()
    refusal = edit_refusal(
        request.user, next(iter(scope.values())), ip=ratelimit.client_ip(request)
    )
    if refusal:
        return _render(request, page, form, what, status=403, refusal=refusal)
    if ratelimit.is_limited(request, "edit"):
        return _render(request, page, form, what, status=429, refusal=TOO_FAST)
    try:
        credit = _add(request, form, what, scope)
    except ValidationError as error:
        form.add_error(None, error)
        return _render(request, page, form, what, status=400)
    messages.success(request, f"Added: {editing.line(credit)}.")
    return redirect(safe_next(request, request.POST.get("next")) or page)


def _add(request, form, what, scope):
    """The credit, and the page of a person who had none, in one go."""
    model = editing.MODELS[what]
    data = form.cleaned_data
    with transaction.atomic():
        person = data["person"]
        if isinstance(person, str):
            person = services.create_page(
                kind="person",
                author=request.user,
                changes={"title": person},
                summary="Created with a credit",
            )
        order = data["order"]
        if order is None:  # at the end of the list
            last = model.objects.filter(**scope).aggregate(last=Max("order"))["last"]
            order = 0 if last is None else last + 1
        credit = model(person=person, order=order, **scope, **form.values())
        return editing.add(credit, author=request.user, summary=data["summary"])


class ShownForm(django_forms.Form):
    shown = django_forms.CharField(max_length=40, widget=django_forms.HiddenInput)
    summary = django_forms.CharField(
        max_length=300, required=False, label="Edit summary"
    )


def _credit(what, pk):
    if what not in editing.MODELS:
        raise Http404
    model = editing.MODELS[what]
    credit = (
        model.objects.select_related("person", *editing.SCOPE).filter(pk=pk).first()
    )
    if credit is None:
        raise Http404("No such credit.")
    return credit


@whole_story
def change(request, what, pk):
    credit = _credit(what, pk)
    page = credit.scope
    fixed = {"scope": page, "person": credit.person}
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method != "POST":
        form = FORMS[what](initial=initial(credit), **fixed)
        shown = editing.fingerprint(credit)
        return _render(request, page, form, what, credit=credit, shown=shown)
    form = FORMS[what](request.POST, **fixed)
    shown = request.POST.get("shown", "")
    extra = {"credit": credit, "shown": shown}
    if not form.is_valid():
        return _render(request, page, form, what, status=400, **extra)
    refusal = edit_refusal(request.user, page, ip=ratelimit.client_ip(request))
    if refusal:
        return _render(request, page, form, what, status=403, refusal=refusal, **extra)
    if ratelimit.is_limited(request, "edit"):
        return _render(request, page, form, what, status=429, refusal=TOO_FAST, **extra)
    values = form.values() | {"order": form.cleaned_data["order"] or 0}
    try:
        credit = editing.change(
            what,
            pk,
            shown=shown,
            values=values,
            author=request.user,
            summary=form.cleaned_data["summary"],
        )
    except editing.CreditChanged as conflict:
        current = editing.MODELS[what].objects.filter(pk=pk).first()
        if current is None:
            messages.error(request, f"{conflict} Nothing was saved.")
            return redirect("credits:manage", slug=page.slug)
        extra = {"credit": current, "shown": editing.fingerprint(current)}
        return _render(
            request, page, form, what, status=409, refusal=str(conflict), **extra
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render(request, page, form, what, status=400, **extra)
    messages.success(request, f"Changed: {editing.line(credit)}.")
    return redirect("credits:manage", slug=page.slug)


@require_POST
def remove(request, what, pk):
    credit = _credit(what, pk)
    page = credit.scope
    if not request.user.is_authenticated:
        return redirect_to_login(page.get_absolute_url())
    form = ShownForm(request.POST)
    refusal = edit_refusal(request.user, page, ip=ratelimit.client_ip(request))
    if not form.is_valid():
        refusal = "This form was incomplete: nothing was removed."
    elif not refusal and ratelimit.is_limited(request, "edit"):
        refusal = TOO_FAST
    if refusal:
        messages.error(request, refusal)
        return redirect("credits:manage", slug=page.slug)
    try:
        editing.remove(
            what,
            pk,
            shown=form.cleaned_data["shown"],
            author=request.user,
            summary=form.cleaned_data["summary"],
        )
    except editing.CreditChanged as conflict:
        messages.error(request, f"{conflict} Nothing was removed.")
    else:
        messages.success(request, f"Removed: {editing.line(credit)}.")
    return redirect(safe_next(request, request.POST.get("next")) or page)


@whole_story
def manage(request, slug):
    """Every credit on a page (its cast and crew, or a person's or a
    character's), each to change or remove."""
    page = _page(request, slug)
    where = {page.kind: page}
    cast = CastCredit.objects.filter(**where).select_related(
        "person", "character", *editing.SCOPE
    )
    crew = (
        CrewCredit.objects.filter(**where).select_related("person", *editing.SCOPE)
        if page.kind != "character"
        else CrewCredit.objects.none()
    )
    rows = [
        ("cast", credit, editing.line(credit), editing.fingerprint(credit))
        for credit in cast
    ] + [
        ("crew", credit, editing.line(credit), editing.fingerprint(credit))
        for credit in crew
    ]
    context = {"page": page, "rows": rows, "notes": NOTES, **add_forms(page)}
    return render(request, "credits/credits_manage.html", context)
