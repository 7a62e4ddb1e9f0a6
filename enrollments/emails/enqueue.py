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
        except Exception as exc:  # any broker failure: the row stays pending in the database
            logger.warning("broker unavailable (%s); emails %s wait for the next scan", exc, log_ids)

    transaction.on_commit(publish)
