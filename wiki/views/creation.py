"""
New pages of every kind, made on the site: from a red link (`?title=`), the
"New page" action, or the page a new one belongs in (`?series=<slug>` for a
season, `?season=<slug>` for an episode: `kinds.Within`).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from wiki import kinds, ratelimit, services
from wiki.forms import create_form, field_labels
from wiki.models import Page
from wiki.permissions import create_refusal
from wiki.views.editing import TOO_FAST, preview


def _kind(name):
    if name not in kinds.names() or not kinds.get(name).created_on_site:
        raise Http404("Pages of that kind are not created here.")
    return kinds.get(name)


def _within(request, kind):
    """The page the contributor started from, which the new page belongs in."""
    slug = request.GET.get(kind.within.field, "") if kind.within else ""
    if not slug:
        return None
    model = kind.model._meta.get_field(kind.within.field).related_model
    return get_object_or_404(model, slug=slug)


def _initial(kind, title, within):
    """What the form starts with: the title from a red link; the page the new
    one belongs in and what the kind suggests there (the next free number)."""
    place = kind.within
    parent = within or (place.default() if place and place.default else None)
    initial = {}
    if parent is not None:
        initial[place.field] = parent.pk
        initial |= place.suggest(parent) if place.suggest else {}
    return initial | ({"title": title} if title else {})


def _render(request, kind, form, *, status=200, **extra):
    context = {
        "page": None,
        "kind": kind,
        "form": form,
        "labels": field_labels(kind.name),
        "within": form.within,
        "within_label": form.fields[kind.within.field].label if kind.within else "",
        "other_kinds": [k for k in kinds.all_kinds() if k.created_on_site],
        "title": request.GET.get("title", "")[:200],
        **extra,
    }
    return render(request, "wiki/page_edit.html", context, status=status)


def _save(request, kind, form):
    fields = {name: form.cleaned_data[name] for name in kind.fields}
    place = kind.within.field if kind.within else None
    outside = {place: form.cleaned_data[place]} if place else None
    return services.create_page(
        kind=kind.name,
        author=request.user,
        changes=fields,
        outside=outside,
        summary=form.cleaned_data["summary"],
    )


def create(request, kind=kinds.ARTICLE):
    kind = _kind(kind)
    if request.method != "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    within = _within(request, kind)
    refusal = create_refusal(request.user, ip=ratelimit.client_ip(request))
    if request.method != "POST":
        title = request.GET.get("title", "").strip()[:200]
        existing = Page.objects.filter(slug=slugify(title)).first() if title else None
        if existing:
            return redirect(existing)
        initial = _initial(kind, title, within)
        form = create_form(kind.name)(initial=initial, within=within)
        return _render(request, kind, form, refusal=refusal)
    form = create_form(kind.name)(request.POST, within=within)
    if refusal:
        form.is_valid()
        return _render(request, kind, form, status=403, refusal=refusal)
    if not form.is_valid():
        return _render(request, kind, form, status=400)
    if "preview" in request.POST:
        shown = preview(form, kind.name, form.instance.story_series_id)
        return _render(request, kind, form, preview=shown)
    if ratelimit.is_limited(request, "edit"):
        return _render(request, kind, form, status=429, refusal=TOO_FAST)
    try:
        page = _save(request, kind, form)
    except ValidationError as error:
        form.add_error(None, error)
        return _render(request, kind, form, status=400)
    messages.success(request, "The page was created.")
    return redirect(page)
