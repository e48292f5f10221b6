# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.5.0: the addon's fields on Odoo's and OCA's models carry its
prefix, ``aftersales_``, like the others it adds there. They are renamed in
place with everything built on them (see
:mod:`~odoo.addons.sparklife_aftersales.field_renames`): values, tracking history,
translations, users' filters, export lists and views, and the mail and SMS
templates kept as staff edited them.
"""

from odoo.addons.sparklife_aftersales.field_renames import rename_fields

#: {model: {old name: new name}}
RENAMES = {
    "helpdesk.ticket": {
        "sale_line_id": "aftersales_sale_line_id",
        "requested_size": "aftersales_requested_size",
        "redesign": "aftersales_redesign",
        "redesign_implied": "aftersales_redesign_implied",
        "photo_ids": "aftersales_photo_ids",
        "damage_cause": "aftersales_damage_cause",
        "quality_confirmed": "aftersales_quality_confirmed",
        "shipping_payer": "aftersales_shipping_payer",
        "item_purchase_date": "aftersales_purchase_date",
        "item_received_date": "aftersales_received_date",
        "item_warranty_end": "aftersales_warranty_end",
        "item_free_resize_end": "aftersales_free_resize_end",
        "item_free_resizes_remaining": "aftersales_free_resizes_remaining",
        "item_return_end": "aftersales_return_end",
        "service_product_id": "aftersales_service_product_id",
        "sale_order_id": "aftersales_sale_order_id",
        "currency_id": "aftersales_currency_id",
        "inbound_carrier": "aftersales_inbound_carrier",
        "inbound_tracking_ref": "aftersales_inbound_tracking_ref",
        "inbound_received_date": "aftersales_inbound_received_date",
        "outbound_carrier": "aftersales_outbound_carrier",
        "outbound_tracking_ref": "aftersales_outbound_tracking_ref",
        "outbound_shipped_date": "aftersales_outbound_shipped_date",
        "shipping_cost": "aftersales_shipping_cost",
        "return_authorization_lapsed_on": "aftersales_return_lapsed_on",
        "return_authorized_on": "aftersales_return_authorized_on",
        "rma_ids": "aftersales_rma_ids",
        "rma_count": "aftersales_rma_count",
        "item_ticket_ids": "aftersales_item_ticket_ids",
    },
    "sale.order.line": {
        "adjustable": "aftersales_adjustable",
        "purchase_date": "aftersales_purchase_date",
        "received_date": "aftersales_received_date",
        "warranty_end": "aftersales_warranty_end",
        "free_resize_end": "aftersales_free_resize_end",
        "return_end": "aftersales_return_end",
        "free_resizes_allowed": "aftersales_free_resizes_allowed",
        "free_resizes_used": "aftersales_free_resizes_used",
        "free_resizes_remaining": "aftersales_free_resizes_remaining",
        "warranty_active": "aftersales_warranty_active",
        "free_resize_available": "aftersales_free_resize_available",
        "return_window_open": "aftersales_return_window_open",
    },
    "product.template": {
        "adjustable": "aftersales_adjustable",
    },
    "res.partner": {
        "marketing_email_consent": "aftersales_marketing_email_consent",
        "marketing_sms_consent": "aftersales_marketing_sms_consent",
        "marketing_consent_date": "aftersales_marketing_consent_date",
    },
    "rma": {
        "quality_confirmed": "aftersales_quality_confirmed",
        "condition_unused": "aftersales_condition_unused",
        "condition_packaging": "aftersales_condition_packaging",
        "condition_certificate": "aftersales_condition_certificate",
        "condition_resalable": "aftersales_condition_resalable",
        "quality_defect_found": "aftersales_quality_defect_found",
        "conditions_checked_by_id": "aftersales_conditions_checked_by_id",
        "conditions_checked_on": "aftersales_conditions_checked_on",
        "shipping_payer": "aftersales_shipping_payer",
        "shipping_reimbursement": "aftersales_shipping_reimbursement",
    },
}


def migrate(cr, version):
    if version:
        rename_fields(cr, RENAMES)
