from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class EnrollmentsConfig(AppConfig):
    name = "enrollments"
    verbose_name = "Enrolments and progress"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .models import Certificate

        post_save.connect(_certificate_changed, sender=Certificate, dispatch_uid="certificate-cache-save")
        post_delete.connect(_certificate_changed, sender=Certificate, dispatch_uid="certificate-cache-delete")


def _certificate_changed(sender, instance, **kwargs) -> None:
    from courseplatform.httpcache import cache_forget, certificates_changed

    from .models import certificate_cache_key

    cache_forget(certificate_cache_key(instance.code))
    certificates_changed()
