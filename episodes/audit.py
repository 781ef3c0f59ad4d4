"""What the spoiler audit asks for besides pages (wiki/audit/surfaces.py)."""

from django.urls import reverse

from episodes.models import Series


def guides():
    """Each series' episode guide (the index leads to the featured one only)."""
    for slug in Series.objects.order_by("pk").values_list("slug", flat=True):
        yield reverse("episodes:guide", kwargs={"slug": slug})
