# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests: intake at any hour. Every new request is acknowledged to
the customer at once (email, and SMS when allowed), and images the customer
sends are the request's photos."""

from odoo import api, models
from odoo.fields import Command


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._aftersales_adopt_own_photos()
        tickets._aftersales_acknowledge()
        return tickets

    def _aftersales_adopt_own_photos(self):
        """Photos uploaded on the ticket itself (the portal, the form's
        attachments) must be readable by whoever reads the ticket: bind them."""
        for ticket in self:
            foreign = ticket.aftersales_photo_ids.filtered(
                lambda a, t=ticket: not a.res_id and a.res_model in (False, t._name)
            )
            if foreign:
                foreign.sudo().write({"res_model": ticket._name, "res_id": ticket.id})

    def _aftersales_acknowledge(self):
        """Tell the customer at once that the request arrived: by email, and
        by SMS when the customer has a phone number that is not blocked.

        Records loaded from data files (demo data, imports at install) are
        not requests anyone sent: they are not acknowledged.
        """
        if self.env.context.get("install_mode"):
            return
        mail_template = self.env.ref(
            "sparklife_aftersales.mail_template_request_received",
            raise_if_not_found=False,
        )
        sms_template = self.env.ref(
            "sparklife_aftersales.sms_template_request_received",
            raise_if_not_found=False,
        )
        for ticket in self:
            partner = ticket.partner_id
            if mail_template and (partner.email or ticket.partner_email):
                # A comment, so that the customer finds it on the request's
                # page in the portal too.
                ticket.with_context(aftersales_automated=True).message_post_with_source(
                    mail_template,
                    email_layout_xmlid="mail.mail_notification_light",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
            if (
                sms_template
                and partner.phone_sanitized
                and not partner.phone_sanitized_blacklisted
            ):
                # sudo: SMS templates are readable by their managers only
                ticket.sudo()._message_sms_with_template(
                    template=sms_template.sudo(), partner_ids=partner.ids
                )

    def _message_post_after_hook(self, message, msg_vals):
        """Images the customer sends with a message are the request's photos."""
        result = super()._message_post_after_hook(message, msg_vals)
        customer = self.partner_id
        if customer and message.author_id == customer and message.attachment_ids:
            images = message.attachment_ids.filtered(
                lambda a: (a.mimetype or "").startswith("image/")
            )
            if images:
                self.sudo().aftersales_photo_ids = [Command.link(a.id) for a in images]
        return result

    def write(self, vals):
        result = super().write(vals)
        if "aftersales_photo_ids" in vals:
            self._aftersales_adopt_own_photos()
        return result
