# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

CONSENT_CHANNELS = [("email", "Email"), ("sms", "SMS")]


class MailingList(models.Model):
    _inherit = "mailing.list"

    aftersales_consent_channel = fields.Selection(
        selection=CONSENT_CHANNELS,
        string="Kept in step with consent to",
        help="Customers who consent to marketing on this channel are "
        "subscribed to this list, and unsubscribed when they withdraw it; "
        "unsubscribing from a mailing withdraws their consent.",
    )


class MailingContact(models.Model):
    _inherit = "mailing.contact"

    aftersales_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        index="btree_not_null",
        ondelete="set null",
        help="The customer whose consent this contact follows.",
    )
