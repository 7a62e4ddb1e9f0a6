from django.apps import AppConfig


class EnrollmentsConfig(AppConfig):
    name = "enrollments"
    verbose_name = "Enrolments and progress"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
