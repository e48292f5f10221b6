# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Satisfaction: when a request reaches a closing stage, its customer is
asked once to rate it from 1 to 5 (email, and SMS with a short link when the
number is not blocked), on Odoo's rating (OCA's helpdesk_mgmt_rating makes
tickets rated). The rating and the comment land on the request; a poor one
(1 or 2) opens a follow-up activity for the manager."""

from odoo import fields, models

#: At or under this rating, the manager follows up.
POOR_RATING = 2


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_rating_requested_on = fields.Datetime(
        string="Rating asked on",
        readonly=True,
        copy=False,
        help="When the customer was asked to rate the request (once).",
    )

    def write(self, vals):
        result = super().write(vals)
        if "stage_id" in vals:
            self._aftersales_ask_rating()
        return result

    def _aftersales_ask_rating(self):
        """Ask the customer of each request that reached a closing stage to
        rate it, once. Records loaded from data files ask nobody."""
        if self.env.context.get("install_mode"):
            return
        tickets = self.filtered(
            lambda t: t.aftersales_service
            and t.stage_id.closed
            and t.partner_id
            and not t.aftersales_rating_requested_on
        )
        if not tickets:
            return
        tickets.sudo().aftersales_rating_requested_on = fields.Datetime.now()
        mail_template = self.env.ref(
            "sparklife_aftersales.mail_template_rating_request",
            raise_if_not_found=False,
        )
        sms_template = self.env.ref(
            "sparklife_aftersales.sms_template_rating_request",
            raise_if_not_found=False,
        )
        for ticket in tickets.with_context(aftersales_automated=True):
            partner = ticket.partner_id
            customer_ticket = ticket.with_context(lang=partner.lang or None)
            if mail_template and partner.email:
                # sudo: the rating token is created for the customer
                customer_ticket.sudo().message_post_with_source(
                    mail_template.sudo(),
                    email_layout_xmlid="mail.mail_notification_light",
                    subtype_xmlid="mail.mt_note",
                )
            if (
                sms_template
                and partner.phone_sanitized
                and not partner.phone_sanitized_blacklisted
            ):
                # sudo: SMS templates are readable by their managers only
                customer_ticket.sudo()._message_sms_with_template(
                    template=sms_template.sudo(), partner_ids=partner.ids
                )

    def aftersales_rating_url(self):
        """The customer's link to rate this request (its rating token)."""
        if not self:  # a template checked without a record
            return ""
        self.ensure_one()
        token = self.sudo()._rating_get_access_token()
        return f"{self.get_base_url()}/aftersales/rate/{token}"

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        if self.aftersales_service and rating.rating <= POOR_RATING:
            manager = self._aftersales_team_manager()
            if manager:
                self.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=manager.id,
                    summary=self.env._("Poor rating: follow up"),
                    note=self.env._(
                        "%(customer)s rated the request %(rate)s out of 5: %(feedback)s",
                        customer=rating.partner_id.name,
                        rate=int(rating.rating),
                        feedback=rating.feedback or "-",
                    ),
                )
        return rating
