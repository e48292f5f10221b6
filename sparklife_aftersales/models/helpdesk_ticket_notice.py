# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests: the customer is told each step that matters to them
(approved, piece received, quotation to accept, work finished, piece shipped
back, return refunded) once, by email and, where the company says so, by
SMS, in their language, from templates staff can edit."""

from odoo import fields, models

from .. import policy
from ..const import NOTICE_SMS_FIELDS


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_notice_ids = fields.One2many(
        comodel_name="sparklife.aftersales.notice",
        inverse_name="ticket_id",
        string="Steps told to the customer",
        readonly=True,
    )

    def _track_template(self, changes):
        """A request about a piece tells its customer each step with its own
        messages: not also with the closing email of the stage it reaches
        (helpdesk_mgmt's "The ticket ... has been closed"). Other tickets,
        and customer service's questions, keep it."""
        res = super()._track_template(changes)
        ticket = self[:1]
        if (
            "stage_id" in res
            and ticket.aftersales_service
            and ticket.aftersales_service not in policy.CUSTOMER_SERVICE
            and res["stage_id"][0] == ticket.stage_id.mail_template_id
        ):
            del res["stage_id"]
        return res

    def _aftersales_notify(self, step):
        """Tell each request's customer that it reached ``step``, unless it
        was told already. Records loaded from data files tell nobody."""
        if self.env.context.get("install_mode"):
            return
        mail_template = self.env.ref(
            f"sparklife_aftersales.mail_template_step_{step}", raise_if_not_found=False
        )
        sms_template = self.env.ref(
            f"sparklife_aftersales.sms_template_step_{step}", raise_if_not_found=False
        )
        Notice = self.env["sparklife.aftersales.notice"].sudo()
        for ticket in self.filtered("partner_id"):
            # The row is the claim: a second call finds it and tells nobody.
            self.env.cr.execute(
                """
                INSERT INTO sparklife_aftersales_notice
                    (ticket_id, step, sent_on, create_uid, create_date,
                     write_uid, write_date)
                VALUES (%s, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC',
                        %s, now() at time zone 'UTC')
                ON CONFLICT (ticket_id, step) DO NOTHING
                RETURNING id
                """,
                (ticket.id, step, self.env.uid, self.env.uid),
            )
            row = self.env.cr.fetchone()
            if not row:
                continue
            notice = Notice.browse(row[0])
            partner = ticket.partner_id
            if mail_template and partner.email:
                # A comment: the customer finds it on the request's page too.
                ticket.with_context(aftersales_automated=True).message_post_with_source(
                    mail_template,
                    email_layout_xmlid="mail.mail_notification_light",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
                notice.by_email = True
            if (
                sms_template
                and ticket.company_id[NOTICE_SMS_FIELDS[step]]
                and partner.phone_sanitized
                and not partner.phone_sanitized_blacklisted
            ):
                # sudo: SMS templates are readable by their managers only
                ticket.sudo()._message_sms_with_template(
                    template=sms_template.sudo(), partner_ids=partner.ids
                )
                notice.by_sms = True
        self.invalidate_recordset(["aftersales_notice_ids"])
