from django.apps import AppConfig


class TeamsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "teams"

    def ready(self) -> None:
        # The team emails join the progress-email machinery: their finder and renderers.
        from .emails import register

        register()
