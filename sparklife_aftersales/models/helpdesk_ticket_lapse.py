# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests: the scheduled job that closes what lapsed (return
authorizations, free resize and care plan claim approvals of items never
sent), and what a request dropped before its work gives back."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from .batching import due_batch, process_in_batches


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_return_lapsed_on = fields.Datetime(
        string="Return authorization lapsed on",
        readonly=True,
        copy=False,
        tracking=True,
        help="The item was not sent within the period the company allows.",
    )

    aftersales_approval_lapsed_on = fields.Datetime(
        string="Approval lapsed on",
        readonly=True,
        copy=False,
        tracking=True,
        help="The item was not sent within the period the company allows: the "
        "free resize was given back to the item, or the claim to its care plan.",
    )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("stage_id"):
            self._aftersales_release_dropped()
        return result

    def _aftersales_release_dropped(self):
        """Requests closed without their work (cancelled, rejected) whose
        workshop job is not done give back the free resize or the care plan
        claim their approval used, and their unaccepted quotation is
        cancelled."""
        dropped = self.filtered(
            lambda t: (t.aftersales_care_claim_plan_id or t.aftersales_used_free_resize)
            and t.stage_id.closed
            and not t.stage_id.aftersales_work_done
            and t.aftersales_repair_id.state != "done"
        ).sudo()
        if not dropped:
            return
        claims = dropped.filtered("aftersales_care_claim_plan_id")
        claims.aftersales_care_claim_plan_id._aftersales_release_claims(
            claims, self.env._("its request was closed before the work was done")
        )
        resizes = dropped.filtered("aftersales_used_free_resize")
        self.env["sale.order.line"].browse(
            [ticket.aftersales_sale_line_id.id for ticket in resizes]
        )._aftersales_release_free_resizes()
        for ticket in resizes:
            ticket.message_post(
                body=self.env._(
                    "The free resize this request used is given back to %(item)s: "
                    "the request was closed before the work was done.",
                    item=ticket.aftersales_sale_line_id.product_id.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        dropped.aftersales_sale_order_id.filtered(
            lambda o: o.state in ("draft", "sent")
        )._action_cancel()
        dropped.write(
            {
                "aftersales_care_claim_plan_id": False,
                "aftersales_used_free_resize": False,
            }
        )

    @api.model
    def _cron_close_lapsed(self, batch_size=200):
        """Close authorizations the customer never used, and expire the
        quotations of paid services never accepted."""
        return (
            self._close_lapsed_returns(batch_size)
            + self._close_lapsed_free_resizes(batch_size)
            + self._close_lapsed_care_claims(batch_size)
            + self.env["sale.order"]._aftersales_expire_quotations(batch_size)
        )

    @api.model
    def _lapsed_domain(self, date_field, grace_field):
        """Requests whose ``date_field`` is older than the company's grace
        period and whose item never reached the workshop."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        return Domain("aftersales_inbound_received_date", "=", False) & Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain(date_field, "<", now - timedelta(days=company[grace_field]))
            for company in companies
        )

    @api.model
    def _close_lapsed_returns(self, batch_size):
        return process_in_batches(
            self.sudo(),
            self._lapsed_returns_domain(),
            "_aftersales_close_lapsed_returns",
            batch_size,
        )

    @api.model
    def _lapsed_returns_domain(self):
        return Domain("aftersales_return_lapsed_on", "=", False) & self._lapsed_domain(
            "aftersales_return_authorized_on", "aftersales_return_grace_days"
        )

    def _aftersales_close_lapsed_returns(self):
        """Close these lapsed return authorizations (a batch of the job);
        returns how many."""
        tickets = due_batch(self, self._lapsed_returns_domain())
        # The comment to the customer below is the request's record of it: no
        # tracking message besides.
        tickets.with_context(mail_notrack=True).write(
            {"aftersales_return_lapsed_on": fields.Datetime.now()}
        )
        tickets.aftersales_rma_ids.filtered(
            lambda r: r.state == "confirmed"
        ).action_cancel()
        tickets._aftersales_tell_customers(
            self.env.ref("sparklife_aftersales.mail_template_lapsed_return")
        )
        return len(tickets)

    @api.model
    def _close_lapsed_free_resizes(self, batch_size):
        return process_in_batches(
            self.sudo(),
            self._lapsed_free_resizes_domain(),
            "_aftersales_close_lapsed_free_resizes",
            batch_size,
        )

    @api.model
    def _lapsed_free_resizes_domain(self):
        return (
            Domain("aftersales_used_free_resize", "=", True)
            & Domain("aftersales_approval_lapsed_on", "=", False)
            & self._lapsed_domain(
                "aftersales_approved_on", "aftersales_approval_grace_days"
            )
        )

    def _aftersales_close_lapsed_free_resizes(self):
        """Give back the free resizes of these lapsed approvals (a batch of
        the job); returns how many."""
        tickets = due_batch(self, self._lapsed_free_resizes_domain())
        self.env["sale.order.line"].browse(
            [ticket.aftersales_sale_line_id.id for ticket in tickets]
        )._aftersales_release_free_resizes()
        tickets.with_context(mail_notrack=True).write(
            {
                "aftersales_used_free_resize": False,
                "aftersales_approval_lapsed_on": fields.Datetime.now(),
            }
        )
        tickets._aftersales_tell_customers(
            self.env.ref("sparklife_aftersales.mail_template_lapsed_free_resize")
        )
        return len(tickets)

    @api.model
    def _close_lapsed_care_claims(self, batch_size):
        return process_in_batches(
            self.sudo(),
            self._lapsed_care_claims_domain(),
            "_aftersales_close_lapsed_care_claims",
            batch_size,
        )

    @api.model
    def _lapsed_care_claims_domain(self):
        return (
            Domain("aftersales_care_claim_plan_id", "!=", False)
            & Domain("aftersales_approval_lapsed_on", "=", False)
            & self._lapsed_domain(
                "aftersales_approved_on", "aftersales_approval_grace_days"
            )
        )

    def _aftersales_close_lapsed_care_claims(self):
        """Give back the plan claims of these lapsed approvals (a batch of
        the job); returns how many."""
        tickets = due_batch(self, self._lapsed_care_claims_domain())
        tickets.aftersales_care_claim_plan_id._aftersales_release_claims(
            tickets,
            self.env._("the piece did not reach the workshop in time"),
        )
        tickets.with_context(mail_notrack=True).write(
            {
                "aftersales_care_claim_plan_id": False,
                "aftersales_approval_lapsed_on": fields.Datetime.now(),
            }
        )
        tickets._aftersales_tell_customers(
            self.env.ref("sparklife_aftersales.mail_template_lapsed_care_claim")
        )
        return len(tickets)
