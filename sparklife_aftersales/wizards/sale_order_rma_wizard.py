# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .. import policy
from ..const import RETURN_SELECTION


class SaleOrderLineRmaWizard(models.TransientModel):
    """The sale order's return wizard, also behind the portal's return
    request: each line says why the customer returns the item, and names the
    purchased item, so that the RMA it creates is judged by the policy."""

    _inherit = "sale.order.line.rma.wizard"

    aftersales_service = fields.Selection(
        selection=RETURN_SELECTION,
        string="Return reason",
        default=policy.RETURN_SATISFACTION,
        required=True,
    )

    def _prepare_rma_values(self):
        values = super()._prepare_rma_values()
        values["aftersales_service"] = self.aftersales_service
        values["aftersales_line_id"] = self.sale_line_id.id
        return values
