# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.5.0: After-Sales users' read access to France's e-invoicing flows
(``l10n_fr_pdp``) is data of the bridge module
``sparklife_aftersales_l10n_fr_pdp`` instead of rows the addon created in code
on each update. Those rows (without an external id) are removed, and the
bridge is installed where France's e-invoicing is, in the same update (an
update does not install new auto-install modules by itself)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        DELETE FROM ir_model_access access
         USING ir_model model
         WHERE model.id = access.model_id
           AND model.model = 'l10n.fr.pdp.reports.flow'
           AND access.name = 'l10n.fr.pdp.reports.flow after-sales user'
           AND NOT EXISTS (
                SELECT 1 FROM ir_model_data d
                 WHERE d.model = 'ir.model.access' AND d.res_id = access.id)
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    modules = env["ir.module.module"].search(
        [("name", "in", ("l10n_fr_pdp", "sparklife_aftersales_l10n_fr_pdp"))]
    )
    pdp = modules.filtered(lambda m: m.name == "l10n_fr_pdp")
    bridge = modules - pdp
    if pdp.state == "installed" and bridge.state == "uninstalled":
        bridge.button_install()
