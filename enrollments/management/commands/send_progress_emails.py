from collections import Counter

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from enrollments.emails.sending import (
    email_batch_send,
    emails_pending_batches,
    emails_record_due,
    emails_release_stale_claims,
)
from enrollments.models import EmailLog


class Command(BaseCommand):
    help = "Find the progress emails due now and send them in this process (no worker needed)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what is due; record and send nothing.")
        parser.add_argument(
            "--kind",
            action="append",
            choices=EmailLog.Kind.values,
            help="Only this kind (repeatable). Default: every kind.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, dry_run: bool, kind: list[str] | None, no_progress: bool, **options):
        now = timezone.now()
        due = emails_record_due(now=now, kinds=kind, dry_run=dry_run)
        counts = Counter(d.kind for d in due)
        for name in sorted(counts):
            self.stdout.write(f"due now: {counts[name]:>6} {name}")
        if dry_run:
            pending = sum(len(ids) for ids in emails_pending_batches(now=now, kinds=kind))
            self.stdout.write(f"dry run: {len(due)} due now, {pending} already pending; nothing recorded or sent")
            return
        emails_release_stale_claims(now=now)
        batches = emails_pending_batches(now=now, kinds=kind)
        totals: Counter[str] = Counter()
        total = sum(len(ids) for ids in batches)
        with tqdm(total=total, unit="email", disable=no_progress or total == 0, file=self.stderr) as bar:
            for ids in batches:
                result = email_batch_send(log_ids=ids)
                totals.update(sent=result.sent, skipped=result.skipped, failed=result.failed, deferred=result.deferred)
                bar.update(len(ids))
        self.stdout.write(
            self.style.SUCCESS(
                f"sent {totals['sent']}, skipped {totals['skipped']}, failed {totals['failed']}, "
                f"deferred for retry {totals['deferred']}"
            )
        )
