from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from courses.content.loader import content_load, content_totals


class Command(BaseCommand):
    help = (
        "Create the platform's own courses, lessons, quizzes and challenges. Safe to run again: only missing "
        "objects are created and existing ones, including instructors' edits, are never changed."
    )

    def handle(self, *args, **options):
        try:
            created = content_load(stdout=self.stdout if options["verbosity"] >= 2 else None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        totals = content_totals()
        described = ", ".join(f"{totals[kind]} {kind}" for kind in totals)
        count = sum(created.values())
        outcome = f"created {count} objects" if count else "created nothing, all of it was already there"
        self.stdout.write(f"Content: {described} ({outcome})")
