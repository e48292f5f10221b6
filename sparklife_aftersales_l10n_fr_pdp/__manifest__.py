# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Sparklife After-Sales - France e-invoicing",
    "summary": "After-sales users read France's e-invoicing flows listed on "
    "the invoices of their paid services",
    "version": "19.0.1.0.0",
    "category": "Hidden",
    "website": "https://www.sparklife.example",
    "author": "Sparklife",
    "license": "AGPL-3",
    "maintainers": ["sparklife-aftersales"],
    "development_status": "Beta",
    "depends": ["sparklife_aftersales", "l10n_fr_pdp"],
    "data": ["security/ir.model.access.csv"],
    "auto_install": True,
}
