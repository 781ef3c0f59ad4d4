from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile

from multimedia.models import GalleryItem, Image, Video
from multimedia.thumbnails import make_thumbnails
from multimedia.validation import clean_image
from wiki import kinds
from wiki.admin import PageAdminMixin


class ImageAdminForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["title", "slug", "file", "alt_text", "caption", "credit"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):
            upload, _, _ = clean_image(upload)
        return upload


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

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data:
            obj.thumbnails = {}
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            obj.thumbnails = make_thumbnails(obj.file, obj.file.name)
            obj.save(update_fields=["thumbnails"])


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "page", "site", "video_id", "published_on"]
    list_filter = ["kind", "site"]
    search_fields = ["title", "page__title", "video_id"]
    list_select_related = ["page"]
    autocomplete_fields = ["page"]


class GalleryItemInline(admin.TabularInline):
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
