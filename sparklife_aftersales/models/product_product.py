# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import CARE_DEDUCTIBLE_SERVICE_KIND, SHIPPING_SERVICE_KIND


class ProductProduct(models.Model):
    _inherit = "product.product"

    aftersales_care_template_ids = fields.One2many(
        comodel_name="sparklife.aftersales.care.template",
        inverse_name="product_id",
        string="Care plan types",
        help="The type of care plan this service sells (one at most).",
    )

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
        return self._aftersales_service_of_kind(
            SHIPPING_SERVICE_KIND,
            self.env._(
                "No shipping fee product: mark a service product as "
                "'Shipping fee' in its after-sales service."
            ),
        )

    @api.model
    def _aftersales_care_deductible(self):
        """The product of care plan deductibles, quoted at the plan's amount
        on the quotation of a claim."""
        return self._aftersales_service_of_kind(
            CARE_DEDUCTIBLE_SERVICE_KIND,
            self.env._(
                "No care plan deductible product: mark a service product as "
                "'Care plan deductible' in its after-sales service."
            ),
        )

    @api.model
    def _aftersales_service_of_kind(self, kind, missing):
        product = self.search([("aftersales_service_kind", "=", kind)], limit=1)
        if not product:
            raise UserError(missing)
        return product
