# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How the addon's scheduled jobs walk through many records."""

import logging

from psycopg2 import errors

from odoo.fields import Domain

_logger = logging.getLogger(__name__)

#: How many times a batch that another worker changed under this one is tried
#: again, each time in a fresh transaction, before it is left to that worker.
BATCH_RETRIES = 3


def process_in_batches(model, domain, process, batch_size):
    """Call ``process(records)`` on the records of ``model`` matching
    ``domain``, ``batch_size`` at a time, committing after each batch with
    ``ir.cron._commit_progress`` (which also stops the run when the cron's
    time is up: the next run resumes where this one stopped).

    Another worker may run the same job at the same time. Records it holds
    are skipped without waiting (``SKIP LOCKED``): that worker handles them.
    When it commits changes to this batch's rows after this transaction
    began, PostgreSQL refuses this one (a serialization failure, under the
    repeatable read of Odoo's cursors): the batch is rolled back and tried
    again in a fresh transaction, which sees what the other worker did and
    takes only what is left. ``process`` must take each record out of
    ``domain`` (or be idempotent); records seen once are not fetched again
    in the same run, so the loop always ends. Returns what ``process``
    returned, summed.
    """
    cr = model.env.cr
    remaining = model.search_count(domain)
    seen = []
    total = 0
    retries = 0
    while True:
        batch = model.search(
            Domain(domain) & Domain("id", "not in", seen),
            order="id",
            limit=batch_size,
        )
        if not batch:
            break
        try:
            locked = batch.try_lock_for_update(allow_referencing=True)
            done = process(locked) if locked else 0
            model.env.flush_all()
        except errors.SerializationFailure:
            # A savepoint cannot help: the snapshot of this transaction is
            # the one PostgreSQL refused. Start a new transaction.
            cr.rollback()
            retries += 1
            if retries <= BATCH_RETRIES:
                _logger.info("batch changed by another worker: trying it again")
                continue
            _logger.info("batch changed by another worker: left to it")
            done = 0
        retries = 0
        seen.extend(batch.ids)
        total += done
        remaining = max(remaining - len(batch), 0)
        if not model.env["ir.cron"]._commit_progress(done, remaining=remaining):
            break
    return total
