# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ledger of what each request told its customer: one row per request
and step, so that a step is told once, whatever staff do afterwards."""

from odoo import fields, models

from ..const import NOTICE_STEPS


class SparklifeAftersalesNotice(models.Model):
    _name = "sparklife.aftersales.notice"
    _description = "Step of a request told to the customer"
    _order = "sent_on desc, id desc"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Request",
        required=True,
        ondelete="cascade",
        index=True,
    )
    step = fields.Selection(selection=NOTICE_STEPS, required=True)
    sent_on = fields.Datetime(default=fields.Datetime.now, required=True)
    by_email = fields.Boolean(string="Email")
    by_sms = fields.Boolean(string="SMS")

    _ticket_step_unique = models.Constraint(
        "UNIQUE(ticket_id, step)",
        "A request tells each step to its customer once.",
    )
