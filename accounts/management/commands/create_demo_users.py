from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from accounts.services import instructor_make
from courses.models import Course

DEMO_INSTRUCTOR = ("instructor@example.com", "demo-instructor-pass", "Demo Instructor")
DEMO_LEARNER = ("learner@example.com", "demo-learner-pass", "Demo Learner")


class Command(BaseCommand):
    help = "Create (or reset) a demo instructor who teaches every course and a demo learner. DEBUG only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo accounts have well-known passwords; this command only runs with DJANGO_DEBUG=true."
            )
        instructor = self._user(*DEMO_INSTRUCTOR)
        instructor_make(user=instructor)
        for course in Course.objects.all():
            course.instructors.add(instructor)
        self._user(*DEMO_LEARNER)
        self.stdout.write(
            f"Demo instructor: {DEMO_INSTRUCTOR[0]} / {DEMO_INSTRUCTOR[1]}  (admin)\n"
            f"Demo learner:    {DEMO_LEARNER[0]} / {DEMO_LEARNER[1]}  (API)"
        )

    def _user(self, email: str, password: str, name: str) -> User:
        # Verified from the start: the demo learner's progress emails appear in var/outbox/ at once.
        user, _ = User.objects.get_or_create(email=email, defaults={"name": name, "email_verified_at": timezone.now()})
        user.set_password(password)
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.save(update_fields=["password", "email_verified_at"])
        return user
