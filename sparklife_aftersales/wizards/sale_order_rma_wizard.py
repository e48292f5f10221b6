# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

from .. import policy
from ..const import RETURN_SELECTION


class SaleOrderRmaWizard(models.TransientModel):
    """The sale order's return wizard (and the portal's return request):
    each line is one of the order's own items, delivered by one of its
    deliveries. A line from elsewhere (a forged form) is refused with no word
    about what it is or whose it is."""

    _inherit = "sale.order.rma.wizard"

    def create_rma(self, from_portal=False):
        for wizard in self:
            order = wizard.order_id
            foreign = wizard.line_ids.filtered(
                lambda line, order=order: (
                    line.sale_line_id and line.sale_line_id.order_id != order
                )
                or (line.picking_id and line.picking_id not in order.picking_ids)
            )
            if foreign:
                raise UserError(
                    self.env._(
                        "This item is not on order %(order)s: please choose "
                        "among the items of this order.",
                        order=order.name,
                    )
                )
        return super().create_rma(from_portal=from_portal)


class SaleOrderLineRmaWizard(models.TransientModel):
    """The sale order's return wizard, also behind the portal's return
    request: each line says why the customer returns the item, and names the
    purchased item, so that the RMA it creates is judged by the policy."""

    _inherit = "sale.order.line.rma.wizard"

    aftersales_service = fields.Selection(
        selection=RETURN_SELECTION,
        string="Return reason",
        default=policy.RETURN_SATISFACTION,
        help="Why the customer returns a purchased item (after-sales returns).",
    )

    def _prepare_rma_values(self):
        """A purchased item's return is an after-sales return, judged by the
        policy; other goods of the order are OCA's returns, as they were."""
        values = super()._prepare_rma_values()
        if self.sale_line_id.is_aftersales_item:
            values["aftersales_service"] = (
                self.aftersales_service or policy.RETURN_SATISFACTION
            )
            values["aftersales_line_id"] = self.sale_line_id.id
        return values
