from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_migrate, post_save


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses"

    def ready(self) -> None:
        from courseplatform import httpcache
        from courseplatform.httpcache import content_changed_after_migrate, content_model_changed
        from lessons.models import Choice, Lesson, Question, Quiz

        from .models import Challenge, Course, Module

        # Cached public answers (catalogue, outlines, certificates) are retired by any change
        # to what they show; queryset updates are covered by ContentQuerySet.
        for model in (Course, Module, Challenge, Lesson, Quiz, Question, Choice):
            post_save.connect(content_model_changed, sender=model, dispatch_uid=f"content-save-{model.__name__}")
            post_delete.connect(content_model_changed, sender=model, dispatch_uid=f"content-delete-{model.__name__}")
        post_migrate.connect(content_changed_after_migrate, sender=self, dispatch_uid="content-after-migrate")
        # The content version read with a signed-in request's token serves that request only.
        request_started.connect(httpcache.request_started, dispatch_uid="content-version-request-started")
        request_finished.connect(httpcache.request_finished, dispatch_uid="content-version-request-finished")
