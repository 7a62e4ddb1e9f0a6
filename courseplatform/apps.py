from django.apps import AppConfig


class CourseplatformConfig(AppConfig):
    """The project's own wiring: settings, URLs and API conventions shared by every app."""

    name = "courseplatform"

    def ready(self) -> None:
        from . import json_types

        json_types.install()
