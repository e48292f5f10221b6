# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What must hold however many customers and clerks work at once, checked
in the database: each form sent made exactly one request, no item used more
free resizes than it had, no reminder was sent twice, no request is half
made (a return request without its RMA, or the reverse). The load test runs
these after each run, and the test suite after concurrent submissions."""

from odoo import api, models

from .. import policy

RETURN_SERVICES = (policy.RETURN_SATISFACTION, policy.RETURN_QUALITY)


class AftersalesHealth(models.AbstractModel):
    _name = "sparklife.aftersales.health"
    _description = "After-sales invariants"

    @api.model
    def _check_invariants(self, submission_keys=()):
        """The broken invariants, as sentences (an empty list when all
        hold). ``submission_keys``: the keys of the forms sent, each of which
        must have made exactly one request."""
        cr = self.env.cr
        self.env.flush_all()
        broken = []
        if submission_keys:
            cr.execute(
                """
                SELECT key, count(ticket.id)
                  FROM unnest(%s::varchar[]) AS key
                  LEFT JOIN helpdesk_ticket ticket
                    ON ticket.aftersales_submission_key = key
                 GROUP BY key
                HAVING count(ticket.id) != 1
                """,
                [list(submission_keys)],
            )
            for key, count in cr.fetchall():
                broken.append(f"form {key} made {count} requests instead of one")
        cr.execute(
            """
            SELECT id, aftersales_free_resizes_used, aftersales_free_resizes_allowed
              FROM sale_order_line
             WHERE aftersales_free_resizes_used > coalesce(aftersales_free_resizes_allowed, 0)
            """
        )
        for line_id, used, allowed in cr.fetchall():
            broken.append(
                f"item {line_id} used {used} free resizes out of {allowed or 0}"
            )
        cr.execute(
            """
            SELECT sale_line_id, kind, count(*)
              FROM sparklife_aftersales_reminder
             GROUP BY sale_line_id, kind
            HAVING count(*) > 1
            """
        )
        for line_id, kind, count in cr.fetchall():
            broken.append(f"reminder {kind} of item {line_id} sent {count} times")
        cr.execute(
            """
            SELECT ticket.number
              FROM helpdesk_ticket ticket
             WHERE ticket.aftersales_service = ANY(%s)
               AND ticket.aftersales_submission_key IS NOT NULL
               AND NOT EXISTS (
                    SELECT 1 FROM rma WHERE rma.aftersales_ticket_id = ticket.id
               )
            """,
            [list(RETURN_SERVICES)],
        )
        for (number,) in cr.fetchall():
            broken.append(f"return request {number} has no RMA")
        cr.execute(
            """
            SELECT rma.name
              FROM rma
             WHERE rma.aftersales_ticket_id IS NOT NULL
               AND NOT EXISTS (
                    SELECT 1 FROM helpdesk_ticket ticket
                     WHERE ticket.id = rma.aftersales_ticket_id
               )
            """
        )
        for (name,) in cr.fetchall():
            broken.append(f"RMA {name} lost its request")
        return broken
