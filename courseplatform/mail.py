"""The default email backend: each message written to the outbox folder as an .eml file."""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    """One RFC 5322 `.eml` file per message under EMAIL_FILE_PATH, which any mail client opens.

    Django's file backend appends several messages to one `.log` file with separator lines, which
    no mail client reads. Each file here is written whole (a temporary name, then a rename), so a
    reader never sees half a message.
    """

    def __init__(self, *, file_path=None, fail_silently: bool = False, **kwargs) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.file_path = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        self.file_path.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}"
            partial = self.file_path / f".{name}.tmp"
            try:
                partial.write_bytes(message.message().as_bytes(linesep="\r\n"))
                os.replace(partial, self.file_path / f"{name}.eml")
            except OSError:
                partial.unlink(missing_ok=True)
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent
