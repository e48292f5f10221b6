# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SparklifeAftersalesReportMissing(models.TransientModel):
    _name = "sparklife.aftersales.report.missing"
    _description = "Reporting a piece lost or stolen"

    lot_id = fields.Many2one(comodel_name="stock.lot", string="Piece", required=True)
    kind = fields.Selection(
        selection=[("lost", "Lost"), ("stolen", "Stolen")],
        string="The piece was",
        required=True,
        default="lost",
    )
    since = fields.Date(
        string="Missing since", required=True, default=fields.Date.context_today
    )
    police_ref = fields.Char(
        string="Police reference",
        help="The reference of the police report, for a theft.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.lot_id._aftersales_report_missing(self.kind, self.since, self.police_ref)
        return {"type": "ir.actions.act_window_close"}
