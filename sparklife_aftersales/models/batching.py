# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How the addon's scheduled jobs walk through many records."""

from odoo.fields import Domain


def process_in_batches(model, domain, process, batch_size):
    """Call ``process(records)`` on the records of ``model`` matching
    ``domain``, ``batch_size`` at a time, committing after each batch with
    ``ir.cron._commit_progress`` (which also stops the run when the cron's
    time is up: the next run resumes where this one stopped).

    Records another worker holds are skipped without waiting (``SKIP
    LOCKED``): that worker handles them. ``process`` must take each record out
    of ``domain`` (or be idempotent); records seen once are not fetched again
    in the same run, so the loop always ends. Returns what ``process``
    returned, summed.
    """
    remaining = model.search_count(domain)
    seen = []
    total = 0
    while True:
        batch = model.search(
            Domain(domain) & Domain("id", "not in", seen),
            order="id",
            limit=batch_size,
        )
        if not batch:
            break
        seen.extend(batch.ids)
        locked = batch.try_lock_for_update(allow_referencing=True)
        done = process(locked) if locked else 0
        total += done
        remaining = max(remaining - len(batch), 0)
        if not model.env["ir.cron"]._commit_progress(done, remaining=remaining):
            break
    return total
