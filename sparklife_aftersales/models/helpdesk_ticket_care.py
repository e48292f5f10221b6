# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests and the piece's care plan: the inspection the plan
requires, asked for in one click and recorded when its job is done."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import policy
from ..exceptions import AftersalesDuplicateRequest


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
            and plan._policy_plan().in_force(today)
        ):
            raise UserError(
                self.env._(
                    "This piece has no care plan in force that asks for " "inspections."
                )
            )
        try:
            ticket = self._aftersales_submit(
                line,
                policy.CLEANING,
                self.env._(
                    "Inspection and cleaning required by my %(plan)s plan.",
                    plan=plan.template_id.name,
                ),
                submission_key=submission_key,
            )
        except AftersalesDuplicateRequest as duplicate:
            # The piece already comes in for a cleaning: it is inspected then.
            ticket = duplicate.ticket
            ticket.sudo().message_post(
                body=self.env._(
                    "The customer asked for the inspection of %(plan)s: the piece "
                    "is inspected with this cleaning.",
                    plan=plan.template_id.name,
                ),
                subtype_xmlid="mail.mt_note",
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
