import pytest

from wiki.models import ContentGeneration


@pytest.mark.django_db
def test_the_last_stamped_tick_keeps_every_bit_and_never_goes_back():
    """Ticks start from the time in milliseconds: past 32 bits."""
    ContentGeneration.objects.all().delete()

    ContentGeneration.objects.stamped(1_796_623_302_983)
    ContentGeneration.objects.stamped(1_796_623_302_990)
    ContentGeneration.objects.stamped(1_796_623_302_985)

    assert ContentGeneration.objects.state()[1] == 1_796_623_302_990
