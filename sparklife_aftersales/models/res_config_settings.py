# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .batching import JOBS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_use_queue_job = fields.Boolean(
        string="Run the jobs on queue_job", config_parameter=JOBS_PARAM
    )

    aftersales_warranty_months = fields.Integer(
        related="company_id.aftersales_warranty_months", readonly=False
    )
    aftersales_free_resize_months = fields.Integer(
        related="company_id.aftersales_free_resize_months", readonly=False
    )
    aftersales_free_resizes_per_unit = fields.Integer(
        related="company_id.aftersales_free_resizes_per_unit", readonly=False
    )
    aftersales_return_days = fields.Integer(
        related="company_id.aftersales_return_days", readonly=False
    )
    aftersales_service_shipping_payer = fields.Selection(
        related="company_id.aftersales_service_shipping_payer", readonly=False
    )
    aftersales_warranty_shipping_payer = fields.Selection(
        related="company_id.aftersales_warranty_shipping_payer", readonly=False
    )
    aftersales_return_shipping_payer = fields.Selection(
        related="company_id.aftersales_return_shipping_payer", readonly=False
    )
    aftersales_quality_shipping_payer = fields.Selection(
        related="company_id.aftersales_quality_shipping_payer", readonly=False
    )
    aftersales_address_id = fields.Many2one(
        related="company_id.aftersales_address_id", readonly=False
    )
    aftersales_remind_free_resize_days = fields.Integer(
        related="company_id.aftersales_remind_free_resize_days", readonly=False
    )
    aftersales_remind_return_days = fields.Integer(
        related="company_id.aftersales_remind_return_days", readonly=False
    )
    aftersales_remind_warranty_days = fields.Integer(
        related="company_id.aftersales_remind_warranty_days", readonly=False
    )
    aftersales_remind_by_email = fields.Boolean(
        related="company_id.aftersales_remind_by_email", readonly=False
    )
    aftersales_remind_by_sms = fields.Boolean(
        related="company_id.aftersales_remind_by_sms", readonly=False
    )
    aftersales_return_grace_days = fields.Integer(
        related="company_id.aftersales_return_grace_days", readonly=False
    )
    aftersales_remind_inspection_days = fields.Integer(
        related="company_id.aftersales_remind_inspection_days", readonly=False
    )
    aftersales_care_cooling_off_days = fields.Integer(
        related="company_id.aftersales_care_cooling_off_days", readonly=False
    )
    aftersales_care_refund_pro_rata = fields.Boolean(
        related="company_id.aftersales_care_refund_pro_rata", readonly=False
    )
    aftersales_transfer_valid_days = fields.Integer(
        related="company_id.aftersales_transfer_valid_days", readonly=False
    )
    aftersales_approval_grace_days = fields.Integer(
        related="company_id.aftersales_approval_grace_days", readonly=False
    )
    aftersales_photo_max_mb = fields.Integer(
        related="company_id.aftersales_photo_max_mb", readonly=False
    )
    aftersales_photo_max_count = fields.Integer(
        related="company_id.aftersales_photo_max_count", readonly=False
    )
    aftersales_invoice_method = fields.Selection(
        related="company_id.aftersales_invoice_method", readonly=False
    )
    aftersales_down_payment_percent = fields.Float(
        related="company_id.aftersales_down_payment_percent", readonly=False
    )
    aftersales_quotation_deposit = fields.Boolean(
        related="company_id.aftersales_quotation_deposit", readonly=False
    )
    aftersales_deposit_percent = fields.Float(
        related="company_id.aftersales_deposit_percent", readonly=False
    )
    aftersales_paid_before_done = fields.Boolean(
        related="company_id.aftersales_paid_before_done", readonly=False
    )
    aftersales_sla_warning_hours = fields.Float(
        related="company_id.aftersales_sla_warning_hours", readonly=False
    )
    aftersales_paid_before_shipping = fields.Boolean(
        related="company_id.aftersales_paid_before_shipping", readonly=False
    )
    aftersales_lead_days_cleaning = fields.Integer(
        related="company_id.aftersales_lead_days_cleaning", readonly=False
    )
    aftersales_lead_days_resize = fields.Integer(
        related="company_id.aftersales_lead_days_resize", readonly=False
    )
    aftersales_lead_days_warranty = fields.Integer(
        related="company_id.aftersales_lead_days_warranty", readonly=False
    )
    aftersales_lead_days_accessory = fields.Integer(
        related="company_id.aftersales_lead_days_accessory", readonly=False
    )
    aftersales_lead_days_restoration = fields.Integer(
        related="company_id.aftersales_lead_days_restoration", readonly=False
    )
    aftersales_lead_days_appraisal = fields.Integer(
        related="company_id.aftersales_lead_days_appraisal", readonly=False
    )
    aftersales_appraisal_free_days = fields.Integer(
        related="company_id.aftersales_appraisal_free_days", readonly=False
    )
    aftersales_appraisal_valid_years = fields.Integer(
        related="company_id.aftersales_appraisal_valid_years", readonly=False
    )
    aftersales_remind_appraisal_days = fields.Integer(
        related="company_id.aftersales_remind_appraisal_days", readonly=False
    )
    aftersales_credit_limit = fields.Monetary(
        related="company_id.aftersales_credit_limit", readonly=False
    )
    aftersales_credit_valid_months = fields.Integer(
        related="company_id.aftersales_credit_valid_months", readonly=False
    )
    aftersales_credit_program_id = fields.Many2one(
        related="company_id.aftersales_credit_program_id", readonly=False
    )
    aftersales_credit_journal_id = fields.Many2one(
        related="company_id.aftersales_credit_journal_id", readonly=False
    )
    aftersales_credit_expense_account_id = fields.Many2one(
        related="company_id.aftersales_credit_expense_account_id", readonly=False
    )
    aftersales_credit_liability_account_id = fields.Many2one(
        related="company_id.aftersales_credit_liability_account_id", readonly=False
    )
    aftersales_exchange_ship_at_once = fields.Boolean(
        related="company_id.aftersales_exchange_ship_at_once", readonly=False
    )
    aftersales_trade_up_ratio = fields.Float(
        related="company_id.aftersales_trade_up_ratio", readonly=False
    )
    aftersales_trade_up_years = fields.Integer(
        related="company_id.aftersales_trade_up_years", readonly=False
    )
    aftersales_trade_up_location_id = fields.Many2one(
        related="company_id.aftersales_trade_up_location_id", readonly=False
    )
    aftersales_sms_on_approved = fields.Boolean(
        related="company_id.aftersales_sms_on_approved", readonly=False
    )
    aftersales_sms_on_received = fields.Boolean(
        related="company_id.aftersales_sms_on_received", readonly=False
    )
    aftersales_sms_on_quotation = fields.Boolean(
        related="company_id.aftersales_sms_on_quotation", readonly=False
    )
    aftersales_sms_on_finished = fields.Boolean(
        related="company_id.aftersales_sms_on_finished", readonly=False
    )
    aftersales_sms_on_shipped = fields.Boolean(
        related="company_id.aftersales_sms_on_shipped", readonly=False
    )
    aftersales_sms_on_refunded = fields.Boolean(
        related="company_id.aftersales_sms_on_refunded", readonly=False
    )
