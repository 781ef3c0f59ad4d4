from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from multimedia import services
from multimedia.forms import UploadForm
from multimedia.models import GalleryItem, Image
from wiki import ratelimit
from wiki.lookup import get_page
from wiki.models import Page, PageLink
from wiki.permissions import block_refusal


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
        try:
            image = services.upload_image(
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                alt_text=form.cleaned_data["alt_text"],
                caption=form.cleaned_data["caption"],
                credit=form.cleaned_data["credit"],
                author=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") or error.code == "link_spam":
                form.add_error(None, error)
            else:
                form.add_error("file", error)
        else:
            messages.success(request, "The image was uploaded.")
            return redirect(image)
    status = 400 if form.errors else 200
    return render(request, "multimedia/upload.html", {"form": form}, status=status)
