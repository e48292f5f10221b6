# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Sparklife After-Sales",
    "summary": "Warranties, free resizes, cleaning, repairs, returns and "
    "customer service for fine jewelry",
    "version": "19.0.1.0.0",
    "category": "Sales/After-Sales",
    "website": "https://www.sparklife.example",
    "author": "Sparklife",
    "license": "AGPL-3",
    "application": True,
    "depends": [
        "sale_management",
        "sale_stock",
        "account",
        "portal",
        "mail",
        "sms",
        "mass_mailing_sms",
        "helpdesk_mgmt",
        "rma_sale",
    ],
    "data": [
        "security/sparklife_aftersales_security.xml",
        "security/ir.model.access.csv",
        "data/product_data.xml",
        "data/mail_template_data.xml",
        "data/helpdesk_data.xml",
        "data/reminder_data.xml",
        "data/mailing_data.xml",
        "data/rma_data.xml",
        "report/warranty_card_report.xml",
        "views/sale_order_line_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/rma_views.xml",
        "views/aftersales_policy_settings_views.xml",
        "views/aftersales_reminder_views.xml",
        "views/res_partner_views.xml",
        "views/portal_templates.xml",
        "views/portal_aftersales_templates.xml",
        "views/sale_order_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/sparklife_aftersales_demo.xml",
        "demo/marketing_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "sparklife_aftersales/static/src/interactions/**/*",
        ],
        "web.assets_tests": [
            "sparklife_aftersales/static/tests/tours/**/*",
        ],
    },
}
