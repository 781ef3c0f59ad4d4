from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Length
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from multimedia import pictures, services
from multimedia.forms import UPLOAD_FIELDS, GalleryForm, PictureForm, UploadForm
from multimedia.models import GalleryItem, Image
from wiki import conflicts, kinds, ratelimit
from wiki.forms import UNKNOWN_BASE, field_labels
from wiki.lookup import get_page, get_page_for_tool
from wiki.models import Page, PageLink, Revision
from wiki.permissions import block_refusal, edit_refusal
from wiki.services import EditConflict
from wiki.views.spoiler_gate import whole_story

TOO_FAST = "You are saving too often. Wait a minute, then save again."
SUGGESTIONS = 10


def image_detail(request, slug):
    image = get_page(Image.objects.all(), slug)
    return render(
        request,
        "multimedia/image_detail.html",
        {"image": image, "used_on": _used_on(image)},
    )


def _used_on(image):
    """Pages that show the image: in their text, their gallery or their infobox
    (any page model with a foreign key to images: portraits, stills, posters)."""
    links = PageLink.objects.filter(target_slug=image.slug).select_related("source")
    items = GalleryItem.objects.filter(
        image=image, page__deleted_at__isnull=True
    ).select_related("page")
    pages = {link.source for link in links} | {item.page for item in items}
    for relation in image._meta.related_objects:
        model = relation.related_model
        if relation.one_to_many and issubclass(model, Page) and model is not Image:
            pages |= set(model.objects.filter(**{relation.field.name: image}))
    return sorted(pages, key=lambda page: page.title.lower())


def upload(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("multimedia.add_image"):
        return render(
            request,
            "403.html",
            {"reason": "Your account may not upload images."},
            status=403,
        )
    form = UploadForm(request.POST or None, request.FILES or None)
    refusal = block_refusal(request.user, ip=ratelimit.client_ip(request))
    if refusal:
        context = {"form": form, "refusal": refusal}
        status = 403 if request.method == "POST" else 200
        return render(request, "multimedia/upload.html", context, status=status)
    if request.method == "POST" and form.is_valid():
        if ratelimit.is_limited(request, "edit"):
            form.add_error(None, "You are saving too often. Wait a minute.")
            return render(request, "multimedia/upload.html", {"form": form}, status=429)
        image = _uploaded(request, form, caption=form.cleaned_data["caption"])
        if image is not None:
            messages.success(request, "The image was uploaded.")
            return redirect(image)
    status = 400 if form.errors else 200
    return render(request, "multimedia/upload.html", {"form": form}, status=status)


def suggest(request):
    """Names of images with a word starting with what was typed, for choosing
    one; only images the reader has reached."""
    typed = request.GET.get("q", "").strip()[:100]
    query = typed.removeprefix("File:").strip()
    names = []
    if query:
        words = Q(title__istartswith=query) | Q(title__icontains=f" {query}")
        names = list(
            Image.objects.revealed_to(request.progress)
            .filter(words)
            .order_by(Length("title"), "title")
            .values_list("title", flat=True)[:SUGGESTIONS]
        )
    return JsonResponse({"query": typed, "results": names})


def _tool_page(request, slug):
    return get_page_for_tool(
        request, Page.objects.select_related("current_revision"), slug
    )


def _may_upload(request) -> bool:
    return request.user.has_perm("multimedia.add_image")


def _base_revision(form, page):
    """The revision the form started from; none known is an error on it."""
    number = form.cleaned_data.get("base_revision")
    base = (
        Revision.objects.filter(pk=number, page_id=page.pk).first() if number else None
    )
    if base is None and page.current_revision_id:
        form.add_error(None, UNKNOWN_BASE)
    return base


def _chosen_or_uploaded(request, form):
    """The image the form names, or the one it uploads now; None, with the
    reason on the form, if the upload is refused."""
    if form.cleaned_data["chosen"] or not form.cleaned_data.get("file"):
        return form.cleaned_data["chosen"]
    return _uploaded(request, form)


def _uploaded(request, form, *, caption=""):
    """The image a form's upload fields make; None, with the reason on the
    form (on the file, unless it concerns the page), if it is refused."""
    try:
        return services.upload_image(
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            alt_text=form.cleaned_data["alt_text"],
            caption=caption,
            credit=form.cleaned_data["credit"],
            author=request.user,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") or error.code == "link_spam":
            form.add_error(None, error)
        else:
            form.add_error("file", error)
        return None


def _render_picture(request, page, form, *, status=200, **extra):
    kind = kinds.get(page.kind)
    field = pictures.field_of(kind)
    typed = kind.model.objects.select_related(field).get(pk=page.pk)
    context = {
        "page": typed,
        "current": getattr(typed, field),
        "what": pictures.label_of(kind),
        "form": form,
        **extra,
    }
    return render(request, "multimedia/picture_form.html", context, status=status)


@whole_story
def picture(request, slug):
    """Set, change or remove the picture in a page's infobox."""
    page = _tool_page(request, slug)
    if pictures.field_of(kinds.get(page.kind)) is None:
        raise Http404("Pages of this kind have no picture.")
    if request.method != "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = edit_refusal(request.user, page, ip=ratelimit.client_ip(request))
    if request.method != "POST":
        initial = {"base_revision": page.current_revision_id}
        form = PictureForm(initial=initial, may_upload=_may_upload(request))
        return _render_picture(request, page, form, refusal=refusal)
    form = PictureForm(request.POST, request.FILES, may_upload=_may_upload(request))
    if refusal:
        form.is_valid()
        return _render_picture(request, page, form, status=403, refusal=refusal)
    base = _base_revision(form, page) if form.is_valid() else None
    if form.errors:
        return _render_picture(request, page, form, status=400)
    if ratelimit.is_limited(request, "edit"):
        return _render_picture(request, page, form, status=429, refusal=TOO_FAST)
    image = _chosen_or_uploaded(request, form) if form.choosing else None
    if form.errors:
        return _render_picture(request, page, form, status=400)
    try:
        revision = services.set_picture(
            page=page,
            image=image,
            author=request.user,
            base_revision=base,
            summary=form.cleaned_data["summary"],
        )
    except EditConflict as conflict:
        return _picture_conflict(request, page, image, base, conflict)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_picture(request, page, form, status=400)
    if revision is None:
        messages.info(request, "Nothing to save: the page already shows that.")
    else:
        messages.success(request, "The picture was saved.")
    return redirect(page)


def _picture_conflict(request, page, image, base, conflict):
    """Someone else changed the picture since the form was opened: nothing
    is saved, and the user's choice is kept to save again over theirs (an
    upload, kept as its file page, is chosen by its name)."""
    data = request.POST.copy()
    data["base_revision"] = conflict.current.pk
    then = "Nothing was saved. Your choice is below: save again to put it in place."
    if request.FILES.get("file") and image is not None:
        then = f"Your upload was kept as the file “{image.title}”, chosen below. {then}"
        data["image"] = image.title
        for name in UPLOAD_FIELDS:
            data.pop(name, None)
    form = PictureForm(data, may_upload=_may_upload(request))
    form.is_valid()
    form.add_error(
        None,
        conflicts.explain(
            page,
            base=base,
            current=conflict.current,
            fields=conflict.fields,
            labels=field_labels(page.kind),
            then=then,
        ),
    )
    return _render_picture(request, page, form, status=409)


def _render_gallery(request, page, form, *, status=200, **extra):
    items = GalleryItem.objects.filter(page_id=page.pk).select_related("image")
    context = {"page": page, "items": list(items), "form": form, **extra}
    return render(request, "multimedia/gallery_form.html", context, status=status)


@whole_story
def gallery(request, slug):
    """A page's gallery for contributors: what is in it, with a button to
    remove each picture, and the form that adds one."""
    page = _tool_page(request, slug)
    if request.method != "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = edit_refusal(request.user, page, ip=ratelimit.client_ip(request))
    if request.method != "POST":
        form = GalleryForm(may_upload=_may_upload(request))
        return _render_gallery(request, page, form, refusal=refusal)
    form = GalleryForm(request.POST, request.FILES, may_upload=_may_upload(request))
    if refusal:
        form.is_valid()
        return _render_gallery(request, page, form, status=403, refusal=refusal)
    if not form.is_valid():
        return _render_gallery(request, page, form, status=400)
    if ratelimit.is_limited(request, "edit"):
        return _render_gallery(request, page, form, status=429, refusal=TOO_FAST)
    image = _chosen_or_uploaded(request, form)
    if image is None:
        return _render_gallery(request, page, form, status=400)
    try:
        services.add_to_gallery(
            page=page,
            image=image,
            caption=form.cleaned_data["caption"],
            author=request.user,
            summary=form.cleaned_data["summary"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_gallery(request, page, form, status=400)
    messages.success(request, f"“{image.title}” was added to the gallery.")
    return redirect(f"{page.get_absolute_url()}#gallery-heading")


@require_POST
def gallery_remove(request, slug):
    page = _tool_page(request, slug)
    back = reverse("multimedia:gallery", args=[page.slug])
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    refusal = edit_refusal(request.user, page, ip=ratelimit.client_ip(request))
    if refusal:
        return render(request, "403.html", {"reason": refusal}, status=403)
    number = request.POST.get("image", "")
    image = Image._base_manager.filter(
        pk=int(number) if number.isdecimal() and len(number) < 19 else 0
    ).first()
    if image is None:
        messages.error(request, "That picture is not in this gallery.")
        return redirect(back)
    if ratelimit.is_limited(request, "edit"):
        messages.error(request, TOO_FAST)
        return redirect(back)
    removed = services.remove_from_gallery(page=page, image=image, author=request.user)
    if removed is None:
        messages.info(request, f"“{image.title}” was no longer in the gallery.")
    else:
        messages.success(request, f"“{image.title}” was removed from the gallery.")
    return redirect(back)
