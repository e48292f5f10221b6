# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The after-sales policy form of managers.

Odoo's Settings page saves as an administrator only; after-sales managers
change the policy of their company here, and nothing else of it.
"""

import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..const import SHIPPING_PAYERS

_logger = logging.getLogger(__name__)

#: The company fields this form edits.
POLICY_FIELDS = (
    "aftersales_warranty_months",
    "aftersales_free_resize_months",
    "aftersales_free_resizes_per_unit",
    "aftersales_return_days",
    "aftersales_service_shipping_payer",
    "aftersales_warranty_shipping_payer",
    "aftersales_return_shipping_payer",
    "aftersales_quality_shipping_payer",
    "aftersales_address_id",
    "aftersales_remind_free_resize_days",
    "aftersales_remind_return_days",
    "aftersales_remind_warranty_days",
    "aftersales_remind_by_email",
    "aftersales_remind_by_sms",
    "aftersales_return_grace_days",
    "aftersales_approval_grace_days",
)


def _policy_field(field_type, string, **kwargs):
    return field_type(
        string=string,
        compute="_compute_policy_fields",
        store=True,
        readonly=False,
        **kwargs,
    )


class SparklifeAftersalesPolicySettings(models.TransientModel):
    _name = "sparklife.aftersales.policy.settings"
    _description = "After-sales policy of a company"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    aftersales_warranty_months = _policy_field(fields.Integer, "Warranty (months)")
    aftersales_free_resize_months = _policy_field(
        fields.Integer, "Free resize window (months)"
    )
    aftersales_free_resizes_per_unit = _policy_field(
        fields.Integer, "Free resizes per item"
    )
    aftersales_return_days = _policy_field(fields.Integer, "Return window (days)")
    aftersales_service_shipping_payer = _policy_field(
        fields.Selection, "Shipping of services paid by", selection=SHIPPING_PAYERS
    )
    aftersales_warranty_shipping_payer = _policy_field(
        fields.Selection,
        "Shipping of warranty repairs paid by",
        selection=SHIPPING_PAYERS,
    )
    aftersales_return_shipping_payer = _policy_field(
        fields.Selection,
        "Shipping of returns (not satisfied) paid by",
        selection=SHIPPING_PAYERS,
    )
    aftersales_quality_shipping_payer = _policy_field(
        fields.Selection,
        "Shipping of returns (quality issue) paid by",
        selection=SHIPPING_PAYERS,
    )
    aftersales_address_id = _policy_field(
        fields.Many2one, "After-sales address", comodel_name="res.partner"
    )

    aftersales_remind_free_resize_days = _policy_field(
        fields.Integer, "Free resize reminder (days before)"
    )
    aftersales_remind_return_days = _policy_field(
        fields.Integer, "Return reminder (days before)"
    )
    aftersales_remind_warranty_days = _policy_field(
        fields.Integer, "Warranty reminder (days before)"
    )
    aftersales_remind_by_email = _policy_field(fields.Boolean, "Reminders by email")
    aftersales_remind_by_sms = _policy_field(fields.Boolean, "Reminders by SMS")
    aftersales_return_grace_days = _policy_field(
        fields.Integer, "Returns to ship within (days)"
    )
    aftersales_approval_grace_days = _policy_field(
        fields.Integer, "Free resizes to use within (days)"
    )

    @api.depends("company_id")
    def _compute_display_name(self):
        for settings in self:
            settings.display_name = self.env._(
                "After-Sales Policy of %(company)s", company=settings.company_id.name
            )

    @api.depends("company_id")
    def _compute_policy_fields(self):
        for settings in self:
            company = settings.company_id
            for name in POLICY_FIELDS:
                settings[name] = company[name]

    def action_save(self):
        """Write the policy on the company, for after-sales managers only."""
        self.ensure_one()
        if not self.env.user.has_group("sparklife_aftersales.group_aftersales_manager"):
            raise AccessError(
                self.env._("Only after-sales managers can change the policy.")
            )
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You can only change the policy of your companies.")
            )
        values = {name: self[name] for name in POLICY_FIELDS}
        values["aftersales_address_id"] = self.aftersales_address_id.id
        # sudo: managers may change these fields of their company, and only
        # these; the rest of res.company stays with the administrators.
        self.company_id.sudo().write(values)
        _logger.info(
            "After-sales policy of %s changed by %s: %s",
            self.company_id.name,
            self.env.user.login,
            values,
        )
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    @api.model
    def action_open(self):
        """Open the policy of the current company."""
        settings = self.create({"company_id": self.env.company.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("After-Sales Policy"),
            "res_model": self._name,
            "res_id": settings.id,
            "view_mode": "form",
            "target": "current",
        }
