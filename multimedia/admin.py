from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from multimedia.models import GalleryItem, Image, Video
from multimedia.services import store_files
from multimedia.thumbnails import delete_files
from multimedia.validation import clean_image
from wiki import invalidation, kinds, logs
from wiki.admin import BlockedAdminMixin, PageAdminForm, PageAdminMixin
from wiki.admin_input import CheckedInputMixin


class ImageAdminForm(PageAdminForm):
    """An image's page; a new file is checked, then stored with its
    thumbnails by the same service as uploads on the site, so that a file
    refused, or a storage that fails, is a message on the form."""

    class Meta:
        model = Image
        fields = ["title", "slug", "file", "alt_text", "caption", "credit"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):
            upload, *self.size = clean_image(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        content = cleaned.get("file")
        if not self.errors and "file" in self.changed_data and content:
            try:
                self.stored = store_files(content)
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned


@admin.register(Image)
class ImageAdmin(PageAdminMixin, admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["title", "width", "height", "credit", "updated_at"]
    search_fields = ["title", "slug", "alt_text", "caption"]
    fieldsets = [
        (
            "File",
            {"fields": ["title", "slug", "file", "alt_text", "caption", "credit"]},
        ),
        *PageAdminMixin.text_fieldsets,
    ]

    def render_change_form(self, request, context, *args, **kwargs):
        # Shown again means not saved (the form's later checks, or an inline,
        # refused it): the file stored while checking must not stay behind.
        form = context["adminform"].form
        if stored := getattr(form, "stored", None):
            name, thumbnails = stored
            delete_files([name, *thumbnails.values()])
            form.stored = None
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        stored = getattr(form, "stored", None)
        if stored:
            name, obj.thumbnails = stored
            obj.file = name  # stored already: the model saves no copy of it
            obj.width, obj.height = form.size
            form.outside_changes += ["file", "thumbnails", "width", "height"]
        try:
            super().save_model(request, obj, form, change)
        except BaseException:
            if stored:
                delete_files([name, *obj.thumbnails.values()])
            raise
        if stored:
            logs.record(
                logs.Action.UPLOAD,
                actor=request.user,
                page=obj,
                details={"replaced": True} if change else {},
            )


@admin.register(Video)
class VideoAdmin(CheckedInputMixin, BlockedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "page", "site", "video_id", "published_on"]
    list_filter = ["kind", "site"]
    search_fields = ["title", "page__title", "video_id"]
    list_select_related = ["page"]
    autocomplete_fields = ["page"]

    # A video shows on its page (and left the one it was moved from).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidation.pages_touched({obj.page_id, form.initial.get("page")})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        invalidation.pages_touched([obj.page_id])

    def delete_queryset(self, request, queryset):
        pages = set(queryset.values_list("page_id", flat=True))
        super().delete_queryset(request, queryset)
        invalidation.pages_touched(pages)


class GalleryItemInline(CheckedInputMixin, admin.TabularInline):
    model = GalleryItem
    fk_name = "page"
    fields = ["image", "caption", "order"]
    autocomplete_fields = ["image"]
    extra = 0


class VideoInline(admin.TabularInline):
    model = Video
    fields = ["kind", "title", "site", "video_id", "url", "published_on", "order"]
    extra = 0


# Every kind of page has a gallery and videos, edited in its admin.
kinds.extend(kinds.EVERY, admin_inlines=(GalleryItemInline, VideoInline))
