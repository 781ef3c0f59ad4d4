from django.apps import AppConfig


class LocationsConfig(AppConfig):
    """An example kind of page, added by an app alone: what the README's
    "a new kind is a new app" promises, tested (tests/locations/test_kind.py).
    The suite runs with it installed, so every page is also tested with a
    kind the core has never heard of."""

    name = "tests.locations"
    label = "locations"

    def ready(self):
        from tests.locations.models import place
        from wiki import kinds
        from wiki.widgets import text_area

        kinds.register(
            "location",
            label="Location",
            label_plural="Locations",
            url_name="locations:detail",
            model="locations.Location",
            edit_fields=("district", "description"),
            widgets={"description": text_area(2)},
            index=kinds.Index("locations:list", "Locations"),
            structured_data=place,
        )
