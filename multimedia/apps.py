from django.apps import AppConfig


class MultimediaConfig(AppConfig):
    name = "multimedia"
    verbose_name = "Images and videos"

    def ready(self):
        from multimedia import embeds, parts
        from wiki import kinds, markup

        kinds.register(
            "image",
            label="Image",
            label_plural="Images",
            url_name="multimedia:image",
            model="multimedia.Image",
            edit_fields=("alt_text", "caption", "credit"),
        )
        # Every page has a gallery, which its revisions hold.
        kinds.extend(kinds.EVERY, parts=parts.PARTS, shown_on=parts.shown_on)
        markup.register_embed(
            "file",
            embeds.render_files,
            caption=embeds.caption,
            links=embeds.links,
            is_block=embeds.is_block,
        )
