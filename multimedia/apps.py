from django.apps import AppConfig


class MultimediaConfig(AppConfig):
    name = "multimedia"
    verbose_name = "Images and videos"

    def ready(self):
        from multimedia import embeds
        from wiki import kinds, markup

        kinds.register(
            "image",
            label="Image",
            label_plural="Images",
            url_name="multimedia:image",
            model="multimedia.Image",
            edit_fields=("alt_text", "caption", "credit"),
        )
        markup.register_embed("file", embeds.render_files)
        _register_media_flags()


def _register_media_flags():
    """Pages shown say whether they have a gallery or videos, so most pages,
    which have neither, skip both queries."""
    from django.db.models import Exists, OuterRef

    from multimedia.models import GalleryItem, Video
    from wiki import lookup

    for name, model in (("has_gallery", GalleryItem), ("has_videos", Video)):
        lookup.register_annotation(
            name, Exists(model.objects.filter(page_id=OuterRef("pk")))
        )
