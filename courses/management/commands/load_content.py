from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from courses.content import COURSES
from courses.content.checks import content_check
from courses.content.loader import content_load, content_totals


class Command(BaseCommand):
    help = (
        "Create the platform's own courses, lessons, quizzes and challenges. Safe to run again: only missing "
        "objects are created and existing ones, including instructors' edits, are never changed. With --check, "
        "load nothing and report whether the loaded courses meet the content rules."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Load nothing; check the courses in the database against the content rules and exit 1 if any is "
            "broken.",
        )

    def handle(self, *args, **options):
        if options["check"]:
            self._check()
            return
        try:
            created = content_load(stdout=self.stdout if options["verbosity"] >= 2 else None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        totals = content_totals()
        described = ", ".join(f"{totals[kind]} {kind}" for kind in totals)
        count = sum(created.values())
        outcome = f"created {count} objects" if count else "created nothing: every course exists and is left as it is"
        self.stdout.write(f"Content: {described} ({outcome})")

    def _check(self) -> None:
        slugs = [course.slug for course in COURSES]
        problems = content_check(slugs=slugs)
        for problem in problems:
            self.stdout.write(f"- {problem}")
        if problems:
            raise CommandError(f"Content rules: {len(problems)} broken in {len(slugs)} courses.")
        self.stdout.write(f"Content rules: all met in {len(slugs)} courses ({', '.join(slugs)}).")
