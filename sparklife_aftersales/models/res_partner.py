# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Consent to marketing, per customer and per channel, kept in step with the
mailing lists that campaigns are sent to."""

from odoo import api, fields, models
from odoo.fields import Command, Domain

from .batching import due_batch, process_in_batches

CONSENT_FIELDS = {
    "email": "aftersales_marketing_email_consent",
    "sms": "aftersales_marketing_sms_consent",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_marketing_email_consent = fields.Boolean(
        string="Marketing emails",
        tracking=True,
        help="The customer accepts emails about new products, promotions and "
        "important updates. Messages about the customer's own items are sent "
        "whatever this says, unless the email address is blacklisted.",
    )
    aftersales_marketing_sms_consent = fields.Boolean(
        string="Marketing SMS",
        tracking=True,
        help="The customer accepts text messages about new products, "
        "promotions and important updates.",
    )
    aftersales_exchange_trusted = fields.Boolean(
        string="Trusted for exchanges",
        tracking=True,
        groups="sparklife_aftersales.group_aftersales_manager",
        help="When the company ships exchanges at once, this customer's new "
        "piece goes out before the old one is received.",
    )
    aftersales_marketing_consent_date = fields.Datetime(
        string="Consent changed on",
        readonly=True,
        copy=False,
        help="When the customer last gave or withdrew a consent: an "
        "unsubscription from a mailing after that day withdraws it.",
    )
    aftersales_mailing_contact_ids = fields.One2many(
        comodel_name="mailing.contact",
        inverse_name="aftersales_partner_id",
        string="Mailing contacts",
    )

    @api.model_create_multi
    def create(self, vals_list):
        now = self.env.cr.now()
        for vals in vals_list:
            if any(vals.get(name) for name in CONSENT_FIELDS.values()):
                vals.setdefault("aftersales_marketing_consent_date", now)
        partners = super().create(vals_list)
        partners.filtered(
            lambda p: p.aftersales_marketing_email_consent
            or p.aftersales_marketing_sms_consent
        )._aftersales_sync_marketing_lists()
        return partners

    def write(self, vals):
        changed = set(CONSENT_FIELDS.values()) & vals.keys()
        if changed and not self.env.context.get("aftersales_consent_from_lists"):
            # The transaction's time, as Odoo dates unsubscriptions.
            vals = dict(vals, aftersales_marketing_consent_date=self.env.cr.now())
        result = super().write(vals)
        if self.env.context.get("aftersales_consent_from_lists"):
            return result
        if changed:
            self._aftersales_sync_marketing_lists()
        elif {"email", "phone", "name"} & vals.keys():
            # New addresses for the lists of customers who are on them.
            self.filtered(
                lambda p: p.aftersales_marketing_email_consent
                or p.aftersales_marketing_sms_consent
                or p.sudo().aftersales_mailing_contact_ids
            )._aftersales_sync_marketing_lists()
        return result

    # The lists follow the consent ------------------------------------------------

    @api.model
    def _cron_sync_marketing_lists(self, batch_size=500):
        """Bring every consent-driven mailing list in step with consent."""
        return process_in_batches(
            self.sudo(),
            self._aftersales_marketing_domain(),
            "_aftersales_sync_marketing_batch",
            batch_size,
        )

    @api.model
    def _aftersales_marketing_domain(self):
        """The customers a consent-driven list may have to follow."""
        return (
            Domain("aftersales_marketing_email_consent", "=", True)
            | Domain("aftersales_marketing_sms_consent", "=", True)
            | Domain("aftersales_mailing_contact_ids", "!=", False)
        )

    def _aftersales_sync_marketing_batch(self):
        """One batch of the list job; returns how many customers."""
        partners = due_batch(self, self._aftersales_marketing_domain())
        partners._aftersales_sync_marketing_lists(apply_opt_outs=True)
        return len(partners)

    def _aftersales_sync_marketing_lists(self, apply_opt_outs=False):
        """Subscribe these customers to the lists of the channels they consent
        to, unsubscribe them from the others. With ``apply_opt_outs`` (the
        scheduled job), an unsubscription made from a mailing after the
        consent was given first withdraws that consent; right after a
        customer changed their consent, that choice is the latest word."""
        lists = (
            self.env["mailing.list"]
            .sudo()
            .with_context(active_test=False)
            .search([("aftersales_consent_channel", "!=", False)])
        )
        if not lists or not self:
            return
        partners = self.sudo()
        if apply_opt_outs:
            partners._aftersales_consent_from_opt_outs(lists)
        contacts = {
            contact.aftersales_partner_id: contact
            for contact in self.env["mailing.contact"]
            .sudo()
            .with_context(active_test=False)
            .search([("aftersales_partner_id", "in", partners.ids)], order="id desc")
        }
        Subscription = self.env["mailing.subscription"].sudo()
        new_contacts, new_subscriptions = [], []
        opt_in, opt_out = Subscription, Subscription
        for partner in partners:
            wanted = partner._aftersales_wanted_lists(lists)
            contact = contacts.get(partner)
            if not contact:
                if wanted:
                    new_contacts.append(
                        dict(
                            partner._aftersales_contact_values(),
                            subscription_ids=[
                                Command.create({"list_id": mlist.id})
                                for mlist in wanted
                            ],
                        )
                    )
                continue
            values = partner._aftersales_contact_values()
            del values["aftersales_partner_id"]  # found by it
            if any(contact[name] != value for name, value in values.items()):
                contact.write(values)
            subscriptions = {sub.list_id: sub for sub in contact.subscription_ids}
            for mlist in lists:
                sub = subscriptions.get(mlist)
                if mlist in wanted and not sub:
                    new_subscriptions.append(
                        {"contact_id": contact.id, "list_id": mlist.id}
                    )
                elif mlist in wanted and sub.opt_out:
                    opt_in |= sub
                elif mlist not in wanted and sub and not sub.opt_out:
                    opt_out |= sub
        # One write or create per kind of change, whatever the number of
        # customers in the batch.
        opt_in.write({"opt_out": False})
        opt_out.write({"opt_out": True})
        Subscription.create(new_subscriptions)
        self.env["mailing.contact"].sudo().create(new_contacts)

    def _aftersales_wanted_lists(self, lists):
        """The consent-driven lists this customer belongs to."""
        self.ensure_one()
        reachable = {
            "email": self.aftersales_marketing_email_consent
            and bool(self.email_normalized),
            "sms": self.aftersales_marketing_sms_consent and bool(self.phone_sanitized),
        }
        return lists.filtered(lambda mlist: reachable[mlist.aftersales_consent_channel])

    def _aftersales_contact_values(self):
        self.ensure_one()
        return {
            "name": self.name,
            "email": self.email or False,
            "mobile": self.phone_sanitized or self.phone or False,
            "aftersales_partner_id": self.id,
        }

    def _aftersales_consent_from_opt_outs(self, lists):
        """Customers who unsubscribed from a mailing (or were unsubscribed by
        staff) after giving their consent have withdrawn it."""
        subscriptions = (
            self.env["mailing.subscription"]
            .sudo()
            .search(
                [
                    ("list_id", "in", lists.ids),
                    ("opt_out", "=", True),
                    ("contact_id.aftersales_partner_id", "in", self.ids),
                ]
            )
        )
        for sub in subscriptions:
            partner = sub.contact_id.aftersales_partner_id
            field = CONSENT_FIELDS[sub.list_id.aftersales_consent_channel]
            given = partner.aftersales_marketing_consent_date
            if partner[field] and (
                not given or not sub.opt_out_datetime or sub.opt_out_datetime > given
            ):
                partner.with_context(aftersales_consent_from_lists=True).write(
                    {field: False}
                )
                partner.message_post(
                    body=self.env._(
                        "Consent withdrawn: unsubscribed from the mailing list "
                        "%(list)s.",
                        list=sub.list_id.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
