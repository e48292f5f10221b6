# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import policy
from ..const import SHIPPING_PAYERS

_DEFAULTS = policy.Settings()


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_warranty_months = fields.Integer(
        string="Warranty (months)",
        default=_DEFAULTS.warranty_months,
        help="Months after purchase during which manufacturing defects are "
        "repaired or replaced for free.",
    )
    aftersales_free_resize_months = fields.Integer(
        string="Free resize window (months)",
        default=_DEFAULTS.free_resize_months,
        help="Months after purchase during which adjustable jewelry is resized "
        "for free.",
    )
    aftersales_free_resizes_per_unit = fields.Integer(
        string="Free resizes per item",
        default=_DEFAULTS.free_resizes_per_unit,
        help="Free resizes allowed for each unit of an adjustable item.",
    )
    aftersales_return_days = fields.Integer(
        string="Return window (days)",
        default=_DEFAULTS.return_days,
        help="Days after receiving an item during which an unused item can be "
        "returned for a refund.",
    )
    aftersales_service_shipping_payer = fields.Selection(
        selection=SHIPPING_PAYERS,
        string="Shipping of services paid by",
        default=_DEFAULTS.service_shipping_payer,
        required=True,
        help="Who pays shipping for cleaning, resizes, accessory repairs and "
        "restoration.",
    )
    aftersales_warranty_shipping_payer = fields.Selection(
        selection=SHIPPING_PAYERS,
        string="Shipping of warranty repairs paid by",
        default=_DEFAULTS.warranty_shipping_payer,
        required=True,
    )
    aftersales_return_shipping_payer = fields.Selection(
        selection=SHIPPING_PAYERS,
        string="Shipping of returns (not satisfied) paid by",
        default=_DEFAULTS.return_shipping_payer,
        required=True,
    )
    aftersales_quality_shipping_payer = fields.Selection(
        selection=SHIPPING_PAYERS,
        string="Shipping of returns (quality issue) paid by",
        default=_DEFAULTS.quality_return_shipping_payer,
        required=True,
    )

    aftersales_address_id = fields.Many2one(
        comodel_name="res.partner",
        string="After-sales address",
        help="Where customers send items for services and returns; told to "
        "them in every acknowledgement. The company's address when empty.",
    )

    aftersales_remind_free_resize_days = fields.Integer(
        string="Free resize reminder (days before)",
        default=14,
        help="Customers are reminded this many days before the free resize "
        "window of an item closes.",
    )
    aftersales_remind_return_days = fields.Integer(
        string="Return reminder (days before)",
        default=5,
        help="Customers are reminded this many days before the return window "
        "of an item closes.",
    )
    aftersales_remind_warranty_days = fields.Integer(
        string="Warranty reminder (days before)",
        default=30,
        help="Customers are reminded this many days before the warranty of an "
        "item ends.",
    )
    aftersales_remind_inspection_days = fields.Integer(
        string="Inspection reminder (days before)",
        default=30,
        help="Owners of a care plan are reminded this many days before the "
        "plan's next inspection is due.",
    )
    aftersales_care_cooling_off_days = fields.Integer(
        string="Care plans: cooling-off (days)",
        default=14,
        help="A care plan cancelled within this many days of its start is "
        "refunded in full.",
    )
    aftersales_care_refund_pro_rata = fields.Boolean(
        string="Care plans: refund the rest pro rata",
        default=True,
        help="A care plan cancelled after the cooling-off period is refunded "
        "for the days it had left; otherwise nothing is refunded.",
    )
    aftersales_transfer_valid_days = fields.Integer(
        string="Ownership transfers: valid (days)",
        default=14,
        help="A piece offered to a new owner waits this many days for them to "
        "accept it; the offer then expires.",
    )
    aftersales_remind_by_email = fields.Boolean(
        string="Reminders by email", default=True
    )
    aftersales_remind_by_sms = fields.Boolean(string="Reminders by SMS", default=True)

    aftersales_return_grace_days = fields.Integer(
        string="Returns to ship within (days)",
        default=14,
        help="An authorized return whose item has not reached the workshop "
        "this many days after the authorization lapses.",
    )
    aftersales_approval_grace_days = fields.Integer(
        string="Free resizes to use within (days)",
        default=30,
        help="An approved free resize or care plan claim whose item has not "
        "reached the workshop this many days after the approval lapses: the "
        "free resize is given back to the item, the claim to its plan.",
    )

    aftersales_photo_max_mb = fields.Integer(
        string="Largest photo (MB)",
        default=10,
        help="The largest photo a customer can send with a request in the portal.",
    )
    aftersales_photo_max_count = fields.Integer(
        string="Photos per request",
        default=5,
        help="How many photos a customer can send with a request in the portal.",
    )

    aftersales_invoice_method = fields.Selection(
        selection=[
            ("full", "The whole service at once"),
            ("down_payment", "A down payment first, then the rest"),
        ],
        string="Invoice paid services",
        default="full",
        required=True,
        help="How an accepted service quotation is invoiced from its request.",
    )
    aftersales_down_payment_percent = fields.Float(
        string="Down payment (%)",
        default=50.0,
        help="Share of the service invoiced first, when services are invoiced "
        "with a down payment.",
    )
    aftersales_quotation_deposit = fields.Boolean(
        string="Deposit to accept a service quotation",
        help="The customer accepts a service quotation in the portal by signing "
        "it and paying a deposit online. Without it, the signature confirms the "
        "quotation and payment follows on the invoice.",
    )
    aftersales_deposit_percent = fields.Float(
        string="Deposit (%)",
        default=30.0,
        help="Share of a service quotation paid online to accept it, when a "
        "deposit is required.",
    )
    aftersales_paid_before_done = fields.Boolean(
        string="Paid services done once paid",
        default=True,
        help="A request whose paid service the customer accepted cannot be "
        "moved to a closed stage before its invoices are paid.",
    )

    aftersales_sla_warning_hours = fields.Float(
        string="Escalate before a deadline (hours)",
        default=1.0,
        help="A request this close to missing a service level target is escalated "
        "to the team's manager and marked urgent.",
    )
    aftersales_paid_before_shipping = fields.Boolean(
        string="Paid jobs shipped back once paid",
        default=True,
        help="The piece of a paid workshop job is not shipped back before its "
        "service is paid, unless an after-sales manager allows it.",
    )
    aftersales_lead_days_cleaning = fields.Integer(
        string="Cleaning lead time (days)", default=5
    )
    aftersales_lead_days_resize = fields.Integer(
        string="Resize lead time (days)", default=10
    )
    aftersales_lead_days_warranty = fields.Integer(
        string="Warranty repair lead time (days)", default=15
    )
    aftersales_lead_days_accessory = fields.Integer(
        string="Accessory repair lead time (days)", default=10
    )
    aftersales_lead_days_restoration = fields.Integer(
        string="Restoration lead time (days)", default=21
    )
    aftersales_lead_days_appraisal = fields.Integer(
        string="Appraisal lead time (days)", default=10
    )
    aftersales_appraisal_free_days = fields.Integer(
        string="Appraisals: free within (days of purchase)",
        default=0,
        help="An appraisal asked for within this many days of the purchase is "
        "free; 0: appraisals are always a paid service.",
    )
    aftersales_appraisal_valid_years = fields.Integer(
        string="Appraisals: valid (years)",
        default=2,
        help="Insurers ask for a new appraisal after this many years.",
    )
    aftersales_remind_appraisal_days = fields.Integer(
        string="Appraisal expiry reminder (days before)",
        default=30,
        help="Owners are reminded this many days before their appraisal expires.",
    )
    aftersales_credit_limit = fields.Monetary(
        string="Goodwill credit: limit per manager",
        currency_field="currency_id",
        default=100.0,
        help="Above this amount (unless the manager has a limit of their own), "
        "a goodwill credit waits for a second manager's approval.",
    )
    aftersales_credit_valid_months = fields.Integer(
        string="Goodwill credit: valid (months)", default=12
    )
    aftersales_credit_program_id = fields.Many2one(
        comodel_name="loyalty.program",
        string="Goodwill credit: gift card programme",
        domain="[('program_type', '=', 'gift_card')]",
        help="The gift card programme goodwill credit is issued from; empty: "
        "Sparklife's own.",
    )
    aftersales_credit_journal_id = fields.Many2one(
        comodel_name="account.journal",
        string="Goodwill credit: journal",
        domain="[('type', '=', 'general'), ('company_id', '=', id)]",
    )
    aftersales_credit_expense_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Goodwill credit: allowance account",
        help="Debited when a credit is granted, credited back when it expires "
        "(France: 709700, rebates and allowances granted).",
    )
    aftersales_credit_liability_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Goodwill credit: liability account",
        help="The credit owed to the customer until spent or expired (France: "
        "419800, credits not yet issued); the gift card's discount is booked "
        "there when it is spent.",
    )
    aftersales_exchange_ship_at_once = fields.Boolean(
        string="Exchanges: ship the new piece at once",
        help="Send the new piece of an exchange as soon as it is authorized, "
        "before the old one is received and checked. Without it, or for a "
        "customer not marked trusted, the new piece ships once the old one "
        "came back in condition.",
    )
    aftersales_trade_up_ratio = fields.Float(
        string="Trade-up: new piece at least (times the price paid)",
        default=2.0,
        digits=(4, 2),
    )
    aftersales_trade_up_years = fields.Integer(
        string="Trade-up: within (years of purchase)",
        default=0,
        help="0: a piece can be traded up for life.",
    )
    aftersales_trade_up_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Trade-up: traded-in pieces go to",
        domain="[('usage', '=', 'internal'), ('company_id', 'in', [id, False])]",
        help="The internal location (second-hand stock) where a traded-in piece "
        "is received as the company's; empty: the warehouse's stock.",
    )

    # Which steps are also told by SMS (NOTICE_SMS_FIELDS): by default the
    # two the customer waits for, the piece received and shipped back.
    aftersales_sms_on_approved = fields.Boolean(string="SMS: request approved")
    aftersales_sms_on_received = fields.Boolean(
        string="SMS: piece received", default=True
    )
    aftersales_sms_on_quotation = fields.Boolean(string="SMS: quotation to accept")
    aftersales_sms_on_finished = fields.Boolean(string="SMS: work finished")
    aftersales_sms_on_shipped = fields.Boolean(
        string="SMS: piece shipped back", default=True
    )
    aftersales_sms_on_refunded = fields.Boolean(string="SMS: return refunded")

    _aftersales_lead_days_non_negative = models.Constraint(
        "CHECK(aftersales_lead_days_cleaning >= 0"
        " AND aftersales_lead_days_resize >= 0"
        " AND aftersales_lead_days_warranty >= 0"
        " AND aftersales_lead_days_accessory >= 0"
        " AND aftersales_lead_days_restoration >= 0"
        " AND aftersales_lead_days_appraisal >= 0"
        " AND aftersales_appraisal_free_days >= 0"
        " AND aftersales_appraisal_valid_years > 0"
        " AND aftersales_remind_appraisal_days >= 0"
        " AND aftersales_trade_up_ratio >= 1 AND aftersales_trade_up_years >= 0"
        " AND aftersales_credit_limit >= 0 AND aftersales_credit_valid_months > 0)",
        "Workshop lead times, appraisal and trade-up years cannot be negative, "
        "an appraisal is valid for at least a year and a trade-up is for a "
        "piece at least as dear; a goodwill credit's limit cannot be negative "
        "and it lasts at least a month.",
    )
    _aftersales_down_payment_range = models.Constraint(
        "CHECK(aftersales_down_payment_percent > 0"
        " AND aftersales_down_payment_percent < 100)",
        "The down payment is a share of the service, between 0 and 100%.",
    )
    _aftersales_deposit_range = models.Constraint(
        "CHECK(aftersales_deposit_percent > 0 AND aftersales_deposit_percent <= 100)",
        "The deposit is a share of the service, more than 0 and at most 100%.",
    )
    _aftersales_photo_limits_positive = models.Constraint(
        "CHECK(aftersales_photo_max_mb > 0 AND aftersales_photo_max_count > 0)",
        "Photo limits must be at least 1.",
    )
    _aftersales_reminders_non_negative = models.Constraint(
        "CHECK(aftersales_remind_free_resize_days >= 0"
        " AND aftersales_remind_return_days >= 0"
        " AND aftersales_remind_warranty_days >= 0"
        " AND aftersales_remind_inspection_days >= 0"
        " AND aftersales_care_cooling_off_days >= 0"
        " AND aftersales_return_grace_days >= 0"
        " AND aftersales_approval_grace_days >= 0"
        " AND aftersales_transfer_valid_days > 0)",
        "Reminder lead times cannot be negative, and a transfer must be valid "
        "for at least a day.",
    )
    _aftersales_policy_non_negative = models.Constraint(
        "CHECK(aftersales_warranty_months >= 0 AND aftersales_free_resize_months >= 0"
        " AND aftersales_free_resizes_per_unit >= 0 AND aftersales_return_days >= 0)",
        "After-sales durations and counts cannot be negative.",
    )

    @api.constrains(
        "aftersales_warranty_months",
        "aftersales_free_resize_months",
        "aftersales_free_resizes_per_unit",
        "aftersales_return_days",
    )
    def _check_aftersales_policy(self):
        for company in self:
            company._aftersales_policy_settings()

    def _aftersales_policy_settings(self):
        """This company's after-sales policy, as the policy engine takes it."""
        self.ensure_one()
        try:
            return policy.Settings(
                warranty_months=self.aftersales_warranty_months,
                free_resize_months=self.aftersales_free_resize_months,
                free_resizes_per_unit=self.aftersales_free_resizes_per_unit,
                return_days=self.aftersales_return_days,
                service_shipping_payer=self.aftersales_service_shipping_payer,
                warranty_shipping_payer=self.aftersales_warranty_shipping_payer,
                return_shipping_payer=self.aftersales_return_shipping_payer,
                quality_return_shipping_payer=self.aftersales_quality_shipping_payer,
                timezone=self._aftersales_timezone(),
                appraisal_free_days=self.aftersales_appraisal_free_days,
                trade_up_ratio=self.aftersales_trade_up_ratio,
                trade_up_years=self.aftersales_trade_up_years,
            )
        except ValueError:
            raise ValidationError(
                self.env._("After-sales durations and counts cannot be negative.")
            ) from None

    def _aftersales_credit_program(self):
        """The gift card programme of this company's goodwill credit; its
        discount is booked on the liability account when one is set."""
        self.ensure_one()
        program = self.aftersales_credit_program_id or self.env.ref(
            "sparklife_aftersales.loyalty_program_goodwill"
        )
        liability = self.aftersales_credit_liability_account_id
        if liability:
            products = program.sudo().reward_ids.discount_line_product_id.with_company(
                self
            )
            products.filtered(
                lambda product: product.property_account_income_id != liability
            ).property_account_income_id = liability
        return program

    def _aftersales_timezone(self):
        """The time zone in which this company's days start and end."""
        self.ensure_one()
        # Only the time zone of the company's contact, not all its fields: a
        # page showing no address would read them for this alone.
        return self.partner_id.with_context(prefetch_fields=False).tz or "UTC"

    def _aftersales_today(self):
        """Today, in this company's time zone."""
        self.ensure_one()
        return policy.local_date(fields.Datetime.now(), self._aftersales_timezone())

    def _aftersales_address(self):
        """The partner whose address customers ship items to."""
        self.ensure_one()
        return self.aftersales_address_id or self.partner_id

    def _aftersales_quotation_acceptance(self):
        """How a customer accepts this company's service quotations: the
        values of a new quotation that say so. Always by signature; with an
        online deposit only when the company asks for one."""
        self.ensure_one()
        values = {
            "require_signature": True,
            "require_payment": self.aftersales_quotation_deposit,
        }
        if self.aftersales_quotation_deposit:
            values["prepayment_percent"] = self.aftersales_deposit_percent / 100.0
        return values
