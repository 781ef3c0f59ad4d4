from urllib.parse import quote

from django.core.files.storage import default_storage
from django.db import models

from wiki import kinds
from wiki.models import Page, PageQuerySet, page_link


class Image(Page):
    """An uploaded picture, a wiki page of its own (like MediaWiki's File:)."""

    KIND = "image"
    # An image is of no series: the path reaches its hub's character record,
    # always empty, so its reveal counts at the reader's earliest position.
    STORY_SERIES = "page_ptr__as_character__series"

    page_ptr = page_link("image")
    # The size is the checked image's (multimedia/validation.py), set when the
    # file is: with width_field and height_field, Django would read the file
    # back from the storage each time a row is loaded again (refresh_from_db),
    # a download for each when the storage is an object store.
    file = models.ImageField(upload_to="images/")
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt_text = models.CharField(
        "alt text",
        max_length=300,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(
        "credit and licence",
        max_length=300,
        blank=True,
        help_text="Who made it and on what terms it is used.",
    )
    thumbnails = models.JSONField(default=dict, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(alt_text=""), name="multimedia_image_alt_text"
            )
        ]

    def get_absolute_url(self):
        return kinds.get(self.KIND).url_for(self.slug)

    def automatic_categories(self):
        return ["Images"]

    def srcset(self):
        """The thumbnails and the original, widest last, for <img srcset>."""
        sources = sorted((int(w), name) for w, name in self.thumbnails.items())
        sources.append((self.width, self.file.name))
        return ", ".join(f"{default_storage.url(name)} {w}w" for w, name in sources)


class Video(models.Model):
    """A trailer, featurette or clip hosted elsewhere, shown on a page."""

    class Kind(models.TextChoices):
        TRAILER = "trailer", "Trailer"
        FEATURETTE = "featurette", "Featurette"
        CLIP = "clip", "Clip"

    class Site(models.TextChoices):
        YOUTUBE = "youtube", "YouTube"
        VIMEO = "vimeo", "Vimeo"

    page = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        related_name="videos",
        help_text="The series, season, episode or article it belongs to.",
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.TRAILER)
    title = models.CharField(max_length=200)
    site = models.CharField(max_length=20, choices=Site, blank=True)
    video_id = models.CharField(
        max_length=100, blank=True, help_text="The video's id on the site, if known."
    )
    url = models.URLField(blank=True, help_text="Its address, for other sites.")
    published_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "published_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(video_id="") | ~models.Q(site=""),
                name="multimedia_video_id_needs_a_site",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_linked(self):
        return bool(self.video_id or self.url)

    @property
    def watch_url(self):
        video_id = quote(self.video_id, safe="")
        if self.site == self.Site.YOUTUBE and video_id:
            return f"https://www.youtube.com/watch?v={video_id}"
        if self.site == self.Site.VIMEO and video_id:
            return f"https://vimeo.com/{video_id}"
        return self.url

    @property
    def embed_url(self):
        """The player, loaded only when the reader asks for it."""
        video_id = quote(self.video_id, safe="")
        if self.site == self.Site.YOUTUBE and video_id:
            return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1"
        if self.site == self.Site.VIMEO and video_id:
            return f"https://player.vimeo.com/video/{video_id}?autoplay=1"
        return ""


class GalleryItem(models.Model):
    """An image in a page's gallery."""

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="gallery_items"
    )
    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="galleries")
    caption = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "image"], name="multimedia_galleryitem_unique"
            )
        ]

    def __str__(self):
        return f"{self.image} on {self.page}"
