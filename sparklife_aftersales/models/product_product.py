# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError

from ..const import SHIPPING_SERVICE_KIND


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model_create_multi
    def create(self, vals_list):
        products = super().create(vals_list)
        # Covering a product by its flag sets the template's own choice
        # (see product.template._inverse_aftersales_covered): forget the
        # default the variants were created with.
        products.invalidate_recordset(["aftersales_coverage"])
        return products

    @api.model
    def _aftersales_shipping_fee(self):
        """The product of shipping fees: charged on quotations when the
        customer pays shipping, reimbursed on refunds when the company does."""
        shipping = self.search(
            [("aftersales_service_kind", "=", SHIPPING_SERVICE_KIND)], limit=1
        )
        if not shipping:
            raise UserError(
                self.env._(
                    "No shipping fee product: mark a service product as "
                    "'Shipping fee' in its after-sales service."
                )
            )
        return shipping
