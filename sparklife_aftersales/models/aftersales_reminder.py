# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reminders before a window of a purchased item closes.

Each (item, kind of reminder) is sent at most once and never lost:

* a row of this model is the proof that a reminder went out; a unique
  constraint on (item, kind) makes a second row impossible, and rows are
  claimed with ``INSERT ... ON CONFLICT DO NOTHING`` so that two workers never
  both claim one;
* the claim, the queued email and SMS, and the chatter log are written in the
  same transaction, committed once per batch (``ir.cron._commit_progress``): a
  job killed in the middle of a batch loses the whole batch, claims included,
  and the next run sends it;
* candidates are locked with ``SKIP LOCKED``, so that a second worker running
  at the same time takes other items instead of waiting.
"""

import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .. import policy
from .batching import due_batch, process_in_batches
from .customer_messages import mail_customers, text_customers

_logger = logging.getLogger(__name__)

REMINDER_SELECTION = [
    (policy.REMIND_FREE_RESIZE, "Free resize window closing"),
    (policy.REMIND_RETURN, "Return window closing"),
    (policy.REMIND_WARRANTY, "Warranty ending"),
]
#: Per kind: the window's last day on the line, the company's lead time, what
#: else the line must satisfy, and the templates.
REMINDER_SPECS = {
    policy.REMIND_FREE_RESIZE: {
        "end": "aftersales_free_resize_end",
        "end_text": "aftersales_free_resize_end_text",
        "lead": "aftersales_remind_free_resize_days",
        "extra": [("aftersales_free_resizes_remaining", ">", 0)],
        "mail": "sparklife_aftersales.mail_template_remind_free_resize",
        "sms": "sparklife_aftersales.sms_template_remind_free_resize",
    },
    policy.REMIND_RETURN: {
        "end": "aftersales_return_end",
        "end_text": "aftersales_return_end_text",
        "lead": "aftersales_remind_return_days",
        "extra": [],
        "mail": "sparklife_aftersales.mail_template_remind_return",
        "sms": "sparklife_aftersales.sms_template_remind_return",
    },
    policy.REMIND_WARRANTY: {
        "end": "aftersales_warranty_end",
        "end_text": "aftersales_warranty_end_text",
        "lead": "aftersales_remind_warranty_days",
        "extra": [],
        "mail": "sparklife_aftersales.mail_template_remind_warranty",
        "sms": "sparklife_aftersales.sms_template_remind_warranty",
    },
}
BATCH_SIZE = 500


class SparklifeAftersalesReminder(models.Model):
    _name = "sparklife.aftersales.reminder"
    _description = "Reminder sent about a purchased item"
    _order = "id desc"
    _rec_name = "sale_line_id"

    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Purchased item",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    kind = fields.Selection(selection=REMINDER_SELECTION, required=True, readonly=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", readonly=True, index=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    sent_on = fields.Datetime(readonly=True)
    channels = fields.Char(
        readonly=True,
        help="Where the reminder went; empty when the customer blocked every "
        "channel (the reminder is then not sent again).",
    )

    _unique_line_kind = models.Constraint(
        "UNIQUE(sale_line_id, kind)",
        "An item gets each kind of reminder once.",
    )

    # Entry points of the scheduled jobs -----------------------------------------

    @api.model
    def _cron_remind_free_resize(self):
        return self._send_due_reminders(policy.REMIND_FREE_RESIZE)

    @api.model
    def _cron_remind_return(self):
        return self._send_due_reminders(policy.REMIND_RETURN)

    @api.model
    def _cron_remind_warranty(self):
        return self._send_due_reminders(policy.REMIND_WARRANTY)

    # The job ----------------------------------------------------------------------

    @api.model
    def _due_lines_domain(self, kind):
        """Purchased items due for a ``kind`` reminder today (in each company's
        time zone) that did not get it: :func:`..policy.reminder_due` in SQL."""
        spec = REMINDER_SPECS[kind]
        end = spec["end"]
        per_company = []
        # Every company: the job runs for all of them, and companies are few.
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        for company in companies:
            today = company._aftersales_today()
            lead = company[spec["lead"]]
            per_company.append(
                Domain("company_id", "=", company.id)
                & Domain(end, ">=", today)
                & Domain(end, "<=", today + timedelta(days=lead))
            )
        return (
            Domain("is_aftersales_item", "=", True)
            & Domain.OR(per_company)
            & Domain.AND(Domain(*cond) for cond in spec["extra"])
            & Domain("aftersales_reminder_ids", "not any", [("kind", "=", kind)])
        )

    @api.model
    def _send_due_reminders(self, kind, batch_size=BATCH_SIZE):
        """Send every due ``kind`` reminder, batch after batch, committing
        each batch (or enqueue the batches, see :mod:`.batching`). Returns the
        number of reminders claimed (or of items enqueued) by this run."""

        claimed = process_in_batches(
            self.env["sale.order.line"].sudo(),
            self._due_lines_domain(kind),
            "_aftersales_send_reminders",
            batch_size,
            kind,
        )
        _logger.info("%s reminders %r claimed by this run", claimed, kind)
        return claimed

    @api.model
    def _claim(self, lines, kind):
        """Record that ``lines`` get their ``kind`` reminder now; returns the
        reminders this transaction claimed (lines already claimed by another
        transaction are left out)."""
        if not lines:
            return self.browse()
        self.flush_model()
        lines.flush_recordset(["aftersales_owner_id", "company_id"])
        uid = self.env.uid
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO sparklife_aftersales_reminder
                    (sale_line_id, kind, partner_id, company_id, sent_on,
                     create_uid, create_date, write_uid, write_date)
                SELECT line.id, %(kind)s, line.aftersales_owner_id, line.company_id,
                       %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM sale_order_line line
                 WHERE line.id IN %(ids)s
                 ORDER BY line.id
                ON CONFLICT (sale_line_id, kind) DO NOTHING
                RETURNING id
                """,
                kind=kind,
                now=fields.Datetime.now(),
                uid=uid,
                ids=tuple(lines.ids),
            )
        )
        return self.browse(row[0] for row in rows)

    def _deliver(self, kind_reminders, kind):
        """Queue the email and SMS of these reminders, in each customer's
        language, and log them on the orders. Reminders are about the
        customer's own items: they go out unless the channel is blocked."""
        if not kind_reminders:
            return
        spec = REMINDER_SPECS[kind]
        reminders = kind_reminders.sudo()
        lines = reminders.sale_line_id
        channels = {reminder: [] for reminder in reminders}
        by_email = reminders.filtered(
            lambda r: r.company_id.aftersales_remind_by_email
            and r.partner_id.email_normalized
            and not r.partner_id.is_blacklisted
        )
        mail_template = self.env.ref(spec["mail"], raise_if_not_found=False)
        if by_email and mail_template:
            mail_customers(by_email.sale_line_id, mail_template.sudo())
            for reminder in by_email:
                channels[reminder].append("email")
        by_sms = reminders.filtered(lambda r: r.company_id.aftersales_remind_by_sms)
        texted = text_customers(
            by_sms.sale_line_id,
            self.env.ref(spec["sms"], raise_if_not_found=False),
            {reminder.sale_line_id: reminder.partner_id for reminder in by_sms},
        )
        for reminder in by_sms.filtered(lambda r: r.sale_line_id in texted):
            channels[reminder].append("sms")
        for value in {", ".join(names) for names in channels.values()}:
            reminders.filtered(lambda r, v=value: ", ".join(channels[r]) == v).write(
                {"channels": value or False}
            )
        self._log_on_orders(lines, reminders, channels, kind)

    def _log_on_orders(self, lines, reminders, channels, kind):
        """One note per order: which items were reminded of what, and how."""
        label = dict(self._fields["kind"]._description_selection(self.env))[kind]
        end_text = REMINDER_SPECS[kind]["end_text"]
        bodies = {}
        for reminder in reminders:
            line = reminder.sale_line_id
            sent = ", ".join(channels[reminder]) or self.env._(
                "not sent: the customer blocked every channel"
            )
            entry = Markup("<li>%s</li>") % self.env._(
                "%(kind)s: %(item)s (last day %(date)s), %(channels)s",
                kind=label,
                item=line.name,
                date=line[end_text],
                channels=sent,
            )
            bodies[line.order_id.id] = bodies.get(line.order_id.id, Markup()) + entry
        orders = lines.order_id
        orders._message_log_batch(
            bodies={
                order_id: Markup("%s<ul>%s</ul>")
                % (self.env._("Reminder sent to the customer:"), body)
                for order_id, body in bodies.items()
            }
        )
        return orders


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _aftersales_send_reminders(self, kind):
        """One batch of the ``kind`` reminder job: claim the reminders of
        these items still due, queue their email and SMS and log them, in
        one transaction. Returns how many were claimed."""
        Reminder = self.env["sparklife.aftersales.reminder"].sudo()
        lines = due_batch(self.sudo(), Reminder._due_lines_domain(kind))
        claimed = Reminder._claim(lines, kind)
        Reminder._deliver(claimed, kind)
        return len(claimed)
