"""Hand a just-recorded email to a worker after commit, without ever failing the request."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def email_send_soon(*, log_ids: list[int]) -> None:
    """After commit, try once to enqueue; if the broker is down the beat scan sends it later."""

    def publish() -> None:
        from ..tasks import send_email_batch

        try:
            send_email_batch.delay(log_ids)
        except Exception:
            logger.warning("broker unavailable; emails %s wait for the next scan", log_ids, exc_info=True)

    transaction.on_commit(publish)
