# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How the addon's scheduled jobs walk through many records.

A job is a cron (the clock), a domain (what is due) and a method of the
model that processes one batch of due records. The same method runs in one
of two ways, chosen in the settings (:data:`JOBS_PARAM`):

* **by the cron itself** (the default, for a single server): the cron works
  through the batches, committing each one;
* **on OCA queue_job**: the cron only selects the due records and enqueues
  one job per batch (an identity key per batch, so that a batch already
  waiting is never queued twice); queue_job's runner spreads the jobs over
  every Odoo node, on the channel the method is declared on
  (``data/queue_job_data.xml``), and retries a failed one with a back-off.

Either way, the batch method locks its records without waiting and keeps
only those still due (:func:`due_batch`): what another worker took or
already did is left out, and the once-only ledgers (reminders, claims) stay
the guarantee.
"""

import logging

from psycopg2 import errors

from odoo.fields import Domain
from odoo.tools import str2bool

from odoo.addons.queue_job.job import identity_exact

_logger = logging.getLogger(__name__)

#: How many times a batch that another worker changed under this one is tried
#: again, each time in a fresh transaction, before it is left to that worker.
BATCH_RETRIES = 3
#: The system parameter that hands the scheduled jobs' batches to queue_job.
JOBS_PARAM = "sparklife_aftersales.use_queue_job"


def jobs_enabled(env):
    """Whether the scheduled jobs enqueue their batches on queue_job instead
    of processing them in the cron."""
    return str2bool(
        env["ir.config_parameter"].sudo().get_param(JOBS_PARAM, "False"), False
    )


def due_batch(records, domain):
    """The records of a batch that are still due (``domain``) and that no
    other transaction holds, locked for this one (``SKIP LOCKED``)."""
    if not records:
        return records
    due = records.search(Domain(domain) & Domain("id", "in", records.ids), order="id")
    return due.try_lock_for_update(allow_referencing=True) if due else due


def process_in_batches(model, domain, method, batch_size, *args):
    """Process the records of ``model`` matching ``domain``, ``batch_size``
    at a time, by calling the method named ``method`` on each batch with
    ``args``; the method starts with :func:`due_batch` and returns how many
    records it processed. Returns the records processed (by the cron) or
    enqueued (on queue_job).

    By the cron, each batch is committed with ``ir.cron._commit_progress``
    (which also stops the run when the cron's time is up: the next run
    resumes where this one stopped). Another worker may run the same job at
    the same time. Records it holds are skipped without waiting: that worker
    handles them. When it commits changes to this batch's rows after this
    transaction began, PostgreSQL refuses this one (a serialization failure,
    under the repeatable read of Odoo's cursors): the batch is rolled back
    and tried again in a fresh transaction, which sees what the other worker
    did and takes only what is left. The method must take each record out
    of ``domain`` (or be idempotent); records seen once are not fetched
    again in the same run, so the loop always ends.
    """
    if jobs_enabled(model.env):
        return enqueue_batches(model, domain, method, batch_size, *args)
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
            done = getattr(batch, method)(*args)
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


def enqueue_batches(model, domain, method, batch_size, *args, options=None):
    """Enqueue one queue_job job per batch of the records matching
    ``domain``: ``method`` on the batch, with ``args`` (and the job
    ``options`` of ``with_delay``). A batch identical to one still waiting
    is not queued again (``identity_exact``: the same model, method, records
    and arguments). Returns the records enqueued."""
    ids = model.search(domain, order="id").ids
    for start in range(0, len(ids), batch_size):
        batch = model.browse(ids[start : start + batch_size])
        delayed = batch.with_delay(identity_key=identity_exact, **(options or {}))
        getattr(delayed, method)(*args)
    _logger.info(
        "%s records of %s enqueued for %s in batches of %s",
        len(ids),
        model._name,
        method,
        batch_size,
    )
    model.env["ir.cron"]._commit_progress(len(ids), remaining=0)
    return len(ids)


def delay_once(records, method, *args):
    """Call ``method`` on ``records`` as a queue_job job when the jobs run
    on queue_job (once: not while the same call is waiting), else at once."""
    if jobs_enabled(records.env):
        delayed = records.with_delay(identity_key=identity_exact)
        getattr(delayed, method)(*args)
        return 0
    return getattr(records, method)(*args)
