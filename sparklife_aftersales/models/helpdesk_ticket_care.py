# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests and the piece's care plan: the inspection the plan
requires, asked for in one click and recorded when its job is done, and
claims given back when the request is dropped before its work was done."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import policy


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_care_inspection = fields.Boolean(
        string="Care plan inspection",
        readonly=True,
        copy=False,
        help="The piece comes in for the inspection its care plan requires "
        "(with its free cleaning): the inspection is recorded on the plan "
        "when the workshop job is done.",
    )

    @api.model
    def _aftersales_submit_inspection(self, line, submission_key=None):
        """The inspection the care plan of the customer's item ``line``
        requires, asked for from the portal: a free cleaning request marked
        as the plan's inspection. Raises :class:`UserError` when the piece
        has no plan in force that requires inspections."""
        plan = line.sudo().aftersales_care_plan_id
        today = line.company_id._aftersales_today()
        if not (
            plan
            and plan.template_id.inspection_months
            and plan.start_date <= today <= plan.end_date
        ):
            raise UserError(
                self.env._(
                    "This piece has no care plan in force that asks for " "inspections."
                )
            )
        ticket = self._aftersales_submit(
            line,
            policy.CLEANING,
            self.env._(
                "Inspection and cleaning required by my %(plan)s plan.",
                plan=plan.template_id.name,
            ),
            submission_key=submission_key,
        )
        ticket.sudo().aftersales_care_inspection = True
        return ticket

    def _aftersales_inspection_done(self, job):
        """The workshop finished ``job``: when it was this request's care
        plan inspection, record it on the plan with the job's notes and
        photos."""
        for ticket in self.filtered("aftersales_care_inspection"):
            plan = ticket._aftersales_care_plan()
            if plan:
                plan._aftersales_record_inspection(job=job)

    def write(self, vals):
        result = super().write(vals)
        if vals.get("stage_id"):
            self._aftersales_release_dropped_claims()
        return result

    def _aftersales_release_dropped_claims(self):
        """Requests closed without their work (cancelled, rejected) whose
        workshop job is not done give their claim back to the care plan,
        with their unaccepted quotation of the deductible cancelled."""
        dropped = self.filtered(
            lambda t: t.aftersales_care_claim_plan_id
            and t.stage_id.closed
            and not t.stage_id.aftersales_work_done
            and t.aftersales_repair_id.state != "done"
        )
        if not dropped:
            return
        dropped = dropped.sudo()
        dropped.aftersales_care_claim_plan_id._aftersales_release_claims(
            dropped, self.env._("its request was closed before the work was done")
        )
        dropped.aftersales_sale_order_id.filtered(
            lambda o: o.state in ("draft", "sent")
        )._action_cancel()
        dropped.write({"aftersales_care_claim_plan_id": False})
