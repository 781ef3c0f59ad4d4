from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Watchlists and notifications"

    def ready(self):
        from community import receivers

        receivers.connect()
