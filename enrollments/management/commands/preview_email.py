from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from enrollments.emails.render import Skip, batch_data_load, email_message_build
from enrollments.models import PROGRESS_EMAIL_KINDS, ChallengeResponse, EmailLog, Enrollment


class Command(BaseCommand):
    help = "Render a progress email for a user to the terminal, or to an HTML file with --html."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[kind for kind in EmailLog.Kind.values if kind in PROGRESS_EMAIL_KINDS])
        parser.add_argument("email")
        parser.add_argument("--html", metavar="FILE", help="Write the HTML part to FILE.")

    def handle(self, *args, kind: str, email: str, html: str | None, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with the email {email}.")
        log = EmailLog(id=0, user=user, kind=kind, period="preview", next_attempt_at=timezone.now())
        log.subject_id, log.period = self._subject(user, kind)
        try:
            message = email_message_build(log, batch_data_load([log]))
        except Skip as reason:
            raise CommandError(f"This email would not be sent now: {reason}.") from None
        if html:
            html_part = message.alternatives[0][0]
            if not isinstance(html_part, str):
                raise CommandError(f"The HTML part is a {type(html_part).__name__}, not text.")
            Path(html).write_text(html_part, encoding="utf-8")
            self.stdout.write(f"Wrote the HTML part to {html}")
        self.stdout.write(message.message().as_string() if not html else f"Subject: {message.subject}")

    def _subject(self, user: User, kind: str) -> tuple[int | None, str]:
        enrollment = Enrollment.objects.filter(user=user).exclude(status="cancelled").order_by("-enrolled_at").first()
        if kind in (EmailLog.Kind.WELCOME, EmailLog.Kind.COMPLETION):
            if enrollment is None:
                raise CommandError("The user has no enrolment to write about.")
            return enrollment.id, f"enrollment:{enrollment.id}"
        if kind == EmailLog.Kind.TODAYS_LESSON:
            enrollment = Enrollment.objects.filter(user=user, status="active").exclude(course__drip_mode="none").first()
            module = enrollment.course.modules.first() if enrollment else None
            lesson = module.lessons.order_by("-unlock_after").first() if module else None
            if enrollment is None or lesson is None:
                raise CommandError("The user has no active drip course.")
            return lesson.id, f"preview:{enrollment.id}"
        if kind == EmailLog.Kind.COMMITMENT:
            response = ChallengeResponse.objects.filter(enrollment__user=user, outcome="").first()
            if response is None:
                raise CommandError("The user has no open commitment.")
            return response.id, f"response:{response.id}"
        return None, "preview"
