import sys
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from courseplatform.datagen import DEFAULT_ANCHOR, data_generate, insights_course_generate, scaled


class Command(BaseCommand):
    help = (
        "Fill an empty database with generated courses, learners and progress for benchmarks. Scale 1: 54 courses, "
        "20,000 learners, 60,000 enrolments, 300,000 lesson completions; scale N: N times as many."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = 20,000 learners (fractions allowed)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
        parser.add_argument(
            "--anchor",
            default=DEFAULT_ANCHOR.isoformat(),
            help="the instant the data is generated 'as of' (ISO 8601); fixed by default, for repeatable data",
        )

        parser.add_argument(
            "--insights-enrolments",
            type=int,
            default=0,
            help="also one course with this many learners, graded quiz attempts included (the insights page's "
            "worst case; e.g. 100000)",
        )

    def handle(self, *args, scale: float, seed: int, anchor: str, insights_enrolments: int, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        if insights_enrolments < 0:
            raise CommandError("--insights-enrolments cannot be negative.")
        try:
            at = datetime.fromisoformat(anchor)
        except ValueError as exc:
            raise CommandError(f"--anchor: {exc}") from exc
        if at.tzinfo is None:
            raise CommandError("--anchor needs a time zone, e.g. 2026-11-01T12:00:00+00:00.")
        bar = tqdm(total=scaled(20_000, scale), unit="learners", disable=options["verbosity"] == 0, file=sys.stderr)
        try:
            counts = data_generate(scale=scale, seed=seed, anchor=at, progress=bar.update)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        self.stdout.write("Generated: " + ", ".join(f"{value:,} {key}" for key, value in counts.items()))
        if insights_enrolments:
            bar = tqdm(total=insights_enrolments, unit="learners", disable=options["verbosity"] == 0, file=sys.stderr)
            try:
                counts = insights_course_generate(
                    enrollments=insights_enrolments, seed=seed + 1, anchor=at, progress=bar.update
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            finally:
                bar.close()
            self.stdout.write("Insights course: " + ", ".join(f"{value:,} {key}" for key, value in counts.items()))
