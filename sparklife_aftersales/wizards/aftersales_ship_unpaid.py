# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SparklifeAftersalesShipUnpaid(models.TransientModel):
    _name = "sparklife.aftersales.ship.unpaid"
    _description = "Shipping a piece back before its service is paid"

    repair_id = fields.Many2one(
        comodel_name="repair.order", string="Workshop job", required=True
    )
    reason = fields.Text(
        required=True,
        help="Why the piece goes back before its service is paid: kept in the "
        "job's history.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.repair_id._aftersales_allow_unpaid_shipping(self.reason)
        return {"type": "ir.actions.act_window_close"}
