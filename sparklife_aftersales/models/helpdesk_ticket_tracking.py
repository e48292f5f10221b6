# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests: what the customer sees of their progress. The steps
passed and the next one, with their dates, what the customer must do now,
and a tracking link that shows the steps to whoever holds it (no address,
no price, no photo).

The tracking link carries a token of its own, never the request's portal
token: it opens the tracking page and nothing else (not the request's portal
page, its conversation or the order). Staff renew it when a link went astray;
the links sent before then open nothing."""

import secrets

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import consteq

from .. import policy
from ..const import RETURN_CLOSED_STATES, RETURN_SERVICES


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_tracking_token = fields.Char(
        string="Tracking token",
        compute="_compute_aftersales_tracking_token",
        store=True,
        precompute=True,
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The secret of the request's tracking link: it opens the tracking "
        "page only.",
    )
    aftersales_tracking_link = fields.Char(
        string="Tracking link",
        compute="_compute_aftersales_tracking_link",
        groups="sparklife_aftersales.group_aftersales_user",
        help="The link of the request's tracking page, sent in each step "
        "message: it shows the steps and their dates, nothing else.",
    )

    @api.depends()
    def _compute_aftersales_tracking_token(self):
        # No dependency: computed once per request, when it is created (and
        # for the requests existing when the field is added), then only
        # renewed on purpose.
        for ticket in self:
            ticket.aftersales_tracking_token = secrets.token_urlsafe(32)

    @api.depends("aftersales_tracking_token", "partner_id.lang")
    def _compute_aftersales_tracking_link(self):
        for ticket in self:
            ticket.aftersales_tracking_link = (
                ticket.aftersales_tracking_url() if ticket.id else False
            )

    def action_aftersales_renew_tracking_link(self):
        """Give each request a new tracking link: the links sent before no
        longer open anything. Logged on the request."""
        self.check_access("write")
        for ticket in self:
            # sudo: the token is hidden from whoever may not renew it; the
            # user may edit the request (checked above).
            ticket.sudo().aftersales_tracking_token = secrets.token_urlsafe(32)
            ticket.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Tracking link renewed: the links sent before no longer "
                    "open the tracking page. The next messages to the customer "
                    "carry the new one."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _aftersales_check_tracking_token(self, token):
        """Whether ``token`` opens this request's tracking page."""
        self.ensure_one()
        expected = self.sudo().aftersales_tracking_token
        return bool(token and expected and consteq(expected, token))

    def _aftersales_timeline(self):
        """The steps of this request, in order: dicts with ``code``,
        ``label``, ``date`` (a date, or None when unknown) and ``done``; the
        first step not done is ``next``. Read with sudo by the portal."""
        self.ensure_one()
        service = self.aftersales_service
        steps = [("requested", self.env._("Request received"), self.create_date, True)]
        if service in policy.CUSTOMER_SERVICE:
            steps.append(
                ("answered", self.env._("Answered"), self.closed_date, self.closed)
            )
        elif service in RETURN_SERVICES:
            rmas = self.aftersales_rma_ids.filtered(lambda r: r.state != "cancelled")
            settled = bool(rmas) and all(r.state in RETURN_CLOSED_STATES for r in rmas)
            steps += [
                (
                    "authorized",
                    self.env._("Return authorized"),
                    self.aftersales_return_authorized_on,
                    bool(self.aftersales_return_authorized_on),
                ),
                (
                    "received",
                    self.env._("Item received"),
                    self.aftersales_inbound_received_date,
                    bool(self.aftersales_inbound_received_date),
                ),
                ("settled", self.env._("Return settled"), None, settled),
            ]
        elif service:
            job = self.aftersales_repair_id
            order = self.aftersales_sale_order_id.filtered(
                lambda o: o.state != "cancel"
            )
            paid_service = self.aftersales_eligibility == policy.PAID or (
                order and not order.currency_id.is_zero(order.amount_total)
            )
            if paid_service:
                steps.append(
                    (
                        "accepted",
                        self.env._("Quotation accepted"),
                        order.date_order if order.state == "sale" else None,
                        order.state == "sale",
                    )
                )
            else:
                steps.append(
                    (
                        "approved",
                        self.env._("Request approved"),
                        self.aftersales_approved_on,
                        bool(self.aftersales_approved_on),
                    )
                )
            steps += [
                (
                    "received",
                    self.env._("Piece received at the workshop"),
                    job.aftersales_received_on,
                    bool(job.aftersales_received_on),
                ),
                (
                    "in_progress",
                    self.env._("Work in progress"),
                    None,
                    job.state in ("under_repair", "done"),
                ),
                (
                    "finished",
                    self.env._("Work finished"),
                    job.move_id.date,
                    job.state == "done",
                ),
            ]
            if paid_service:
                steps.append(
                    (
                        "paid",
                        self.env._("Paid"),
                        None,
                        self.aftersales_billing_state == "paid",
                    )
                )
            steps.append(
                (
                    "shipped",
                    self.env._("Shipped back to you"),
                    self.aftersales_outbound_shipped_date,
                    bool(self.aftersales_outbound_shipped_date),
                )
            )
        if self.closed and not all(done for *_step, done in steps):
            # Closed by hand before its last step: what did not happen will
            # not, and the request says it is closed.
            steps = [step for step in steps if step[3]]
            steps.append(
                ("closed", self.env._("Request closed"), self.closed_date, True)
            )
        # What happened comes first, in its order, then what is still to
        # come: a paid piece may be received and in work before its
        # quotation is accepted, which is then still to come, not behind.
        steps = [step for step in steps if step[3]] + [
            step for step in steps if not step[3]
        ]
        timeline = []
        next_found = False
        for code, label, date, done in steps:
            is_next = not done and not next_found
            next_found = next_found or is_next
            timeline.append(
                {
                    "code": code,
                    "label": label,
                    "date": fields.Date.to_date(date) if date else None,
                    "done": bool(done),
                    "next": is_next,
                }
            )
        return timeline

    def _aftersales_current_step(self):
        """Where this request stands, for the customer: what they must do
        now, or else the last step it passed."""
        action = self._aftersales_customer_action()
        if action:
            return {
                "accept": self.env._("Quotation to accept"),
                "pay": self.env._("Invoice to pay"),
                "send": self.env._("Waiting for your piece"),
            }[action[0]]
        done = [step for step in self._aftersales_timeline() if step["done"]]
        return done[-1]["label"]

    def _aftersales_customer_action(self):
        """What the customer must do now, or None: ``("accept", order)``,
        ``("pay", invoices)`` or ``("send", address)``; nothing once the
        request is closed."""
        self.ensure_one()
        if self.closed:
            return None
        order = self.aftersales_sale_order_id
        if order.state == "sent":
            return "accept", order
        if self.aftersales_billing_state in ("not_paid", "partial"):
            invoices = self.aftersales_invoice_ids.filtered(
                lambda m: m.state == "posted"
                and m.move_type == "out_invoice"
                and m.payment_state not in ("paid", "in_payment", "reversed")
            )
            return "pay", invoices
        if self.aftersales_inbound_received_date:
            return None
        if self.aftersales_service in RETURN_SERVICES:
            authorized = self.aftersales_return_authorized_on
        else:
            authorized = self.aftersales_approved_on or order.state == "sale"
        if authorized and self.aftersales_service not in policy.CUSTOMER_SERVICE:
            return "send", self.aftersales_address_id
        return None

    def aftersales_tracking_url(self):
        """The link to this request's tracking page, for whoever holds it
        (its own token, see ``aftersales_tracking_token``); it names the
        customer's language when the database has several, so the page
        speaks it without a session."""
        if not self:  # a template checked without a record
            return ""
        self.ensure_one()
        token = self.sudo().aftersales_tracking_token
        path = f"/aftersales/track/{self.id}?token={token}"
        Lang = self.env["res.lang"]
        lang = self.partner_id.lang
        if lang and len(Lang.get_installed()) > 1:
            url_code = Lang._get_data(code=lang).url_code
            if url_code:
                path = f"/{url_code}{path}"
        return f"{self.get_base_url()}{path}"
