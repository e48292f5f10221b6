# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Access rights: what after-sales users read on the invoices of their paid
services, where a localization shows more on every invoice."""

from odoo import api, models

#: Models a localization shows on every invoice, which Odoo lets its own
#: invoice readers (invoicing, read-only accounting) read, and which
#: after-sales users read for the same reason: France's e-invoicing flows
#: (``l10n_fr_pdp``), listed on each invoice's form.
INVOICE_READ_MODELS = ("l10n.fr.pdp.reports.flow",)


class IrModelAccess(models.Model):
    _inherit = "ir.model.access"

    @api.model
    def _aftersales_grant_invoice_reads(self):
        """Read access to :data:`INVOICE_READ_MODELS` for after-sales users,
        for those installed (called on install and update)."""
        group = self.env.ref("sparklife_aftersales.group_aftersales_user")
        for ir_model in (
            self.env["ir.model"].sudo().search([("model", "in", INVOICE_READ_MODELS)])
        ):
            name = f"{ir_model.model} after-sales user"
            if self.sudo().search_count(
                [("model_id", "=", ir_model.id), ("group_id", "=", group.id)]
            ):
                continue
            self.sudo().create(
                {
                    "name": name,
                    "model_id": ir_model.id,
                    "group_id": group.id,
                    "perm_read": True,
                    "perm_write": False,
                    "perm_create": False,
                    "perm_unlink": False,
                }
            )
