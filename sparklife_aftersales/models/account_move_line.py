# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Invoice and credit note lines of after-sales services carry their request
and service, so that accounting can find, group and reconcile them."""

from odoo import fields, models

from ..const import SERVICE_SELECTION


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    aftersales_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Service request",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    aftersales_ticket_ref = fields.Char(
        string="Request",
        readonly=True,
        copy=False,
        help="The request's reference, kept on the line for accountants, who "
        "do not read requests.",
    )
    aftersales_service = fields.Selection(
        selection=SERVICE_SELECTION,
        string="After-sales service",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The after-sales service this line invoices or refunds.",
    )
    aftersales_payment_state = fields.Selection(
        related="move_id.payment_state", string="Payment status"
    )
