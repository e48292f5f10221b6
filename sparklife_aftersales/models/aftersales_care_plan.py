# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sparklife Care: a protection plan on one piece, made when the order that
sells it is confirmed, and what the policy engine needs to know of it."""

from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, LockError, UserError
from odoo.fields import Command, Domain
from odoo.tools import format_date

from .. import policy
from .batching import due_batch, process_in_batches
from .customer_messages import tell_customers, text_customers


class SparklifeAftersalesCarePlan(models.Model):
    _name = "sparklife.aftersales.care.plan"
    _description = "Care plan"
    _inherit = ["mail.thread"]
    _order = "start_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["template_id", "item_line_id.product_id", "lot_id"]

    template_id = fields.Many2one(
        comodel_name="sparklife.aftersales.care.template",
        string="Plan",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, index=True)
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Sold on",
        required=True,
        ondelete="restrict",
        index=True,
        readonly=True,
        help="The order line of the plan itself.",
    )
    item_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Piece",
        required=True,
        ondelete="restrict",
        index=True,
        readonly=True,
        help="The purchased item the plan protects.",
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Serial number",
        readonly=True,
        help="The piece's serial number, when it is tracked.",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Owner",
        related="item_line_id.aftersales_owner_id",
        store=True,
        index=True,
        tracking=True,
        help="The piece's owner: the plan follows the piece when it changes hands.",
    )
    start_date = fields.Date(required=True, readonly=True)
    end_date = fields.Date(required=True, readonly=True)
    state = fields.Selection(
        selection=[("active", "Active"), ("cancelled", "Cancelled")],
        required=True,
        default="active",
        tracking=True,
    )
    claims_used = fields.Integer(readonly=True, tracking=True)
    extra_resizes_used = fields.Integer(readonly=True, tracking=True)
    inspection_due = fields.Date(
        string="Next inspection",
        tracking=True,
        help="The last day of the next inspection, when the plan requires them.",
    )

    cancelled_on = fields.Date(readonly=True, copy=False)
    refund_move_id = fields.Many2one(
        comodel_name="account.move",
        string="Credit note",
        readonly=True,
        copy=False,
        check_company=True,
        help="The credit note of what cancelling the plan refunded.",
    )
    inspection_reminded_for = fields.Date(
        readonly=True,
        copy=False,
        help="The inspection day the customer was last reminded of.",
    )
    inspection_ids = fields.One2many(
        comodel_name="sparklife.aftersales.care.inspection",
        inverse_name="plan_id",
        string="Inspections",
        readonly=True,
    )
    is_suspended = fields.Boolean(
        string="Suspended",
        compute="_compute_is_suspended",
        search="_search_is_suspended",
        help="An inspection is overdue past its grace period: accidental "
        "damage is not covered until the piece is inspected.",
    )

    _one_active_plan_per_piece = models.UniqueIndex(
        "(item_line_id) WHERE state = 'active'",
        "A piece has one active care plan at a time.",
    )

    @api.depends("template_id.name", "item_line_id.product_id")
    def _compute_display_name(self):
        # Not stored: the plan type's name is translated, read in each
        # reader's language.
        for plan in self:
            plan.display_name = self.env._(
                "%(plan)s: %(piece)s",
                plan=plan.template_id.name or "",
                piece=plan.item_line_id.product_id.display_name or "",
            )

    def _aftersales_use_claim(self, ticket):
        """Count the claim that approving ``ticket`` makes, or raise if the
        plan no longer makes it free.

        The plan is locked first, as an item is for its free resizes: of two
        approvals of the last claim at once, one waits for nothing and fails
        at once, or fails on PostgreSQL's serialization check.
        """
        self.ensure_one()
        try:
            self.lock_for_update(allow_referencing=True)
        except LockError:
            raise UserError(
                self.env._(
                    "Another approval on %(plan)s is in progress: try again in a "
                    "moment.",
                    plan=self.display_name,
                )
            ) from None
        self.invalidate_recordset(["claims_used", "extra_resizes_used"])
        decision = ticket._aftersales_decision()
        if not (decision and decision.care_claim):
            raise UserError(
                self.env._(
                    "%(plan)s no longer covers %(ticket)s: %(reason)s",
                    plan=self.display_name,
                    ticket=ticket.display_name,
                    reason=self.env["sparklife.aftersales.policy"].describe(decision),
                )
            )
        values = {"claims_used": self.claims_used + 1}
        if ticket.aftersales_service == policy.RESIZE:
            values["extra_resizes_used"] = self.extra_resizes_used + 1
        self.write(values)
        self.message_post(
            body=self.env._(
                "Claim for %(ticket)s, approved by %(user)s.",
                ticket=ticket._get_html_link(title=ticket.number),
                user=self.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _aftersales_release_claims(self, tickets, reason):
        """Give back to these plans the claims that ``tickets`` used, for
        ``reason`` (said on each plan), under the plans' lock."""
        self.lock_for_update(allow_referencing=True)
        self.invalidate_recordset(["claims_used", "extra_resizes_used"])
        for plan in self:
            claims = tickets.filtered(
                lambda t, plan=plan: t.aftersales_care_claim_plan_id == plan
            )
            resizes = claims.filtered(lambda t: t.aftersales_service == policy.RESIZE)
            plan.write(
                {
                    "claims_used": max(plan.claims_used - len(claims), 0),
                    "extra_resizes_used": max(
                        plan.extra_resizes_used - len(resizes), 0
                    ),
                }
            )
            for ticket in claims:
                plan.message_post(
                    body=self.env._(
                        "Claim for %(ticket)s given back: %(reason)s.",
                        ticket=ticket._get_html_link(title=ticket.number),
                        reason=reason,
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _compute_is_suspended(self):
        for plan in self:
            today = plan.company_id._aftersales_today()
            plan.is_suspended = bool(
                plan.state == "active" and plan._policy_plan().suspended_since(today)
            )

    def _search_is_suspended(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        suspended = Domain.OR(
            Domain("template_id", "=", template.id)
            & Domain(
                "inspection_due",
                "<",
                template.company_id._aftersales_today()
                - timedelta(days=template.inspection_grace_days),
            )
            for template in self.env["sparklife.aftersales.care.template"]
            .with_context(active_test=False)
            .search([("inspection_months", ">", 0)])
        ) & Domain("state", "=", "active")
        return suspended if (True in value) == (operator == "in") else ~suspended

    def action_aftersales_record_inspection(self):
        """The piece was inspected today at the counter (a manager records
        it): see :meth:`_aftersales_record_inspection`."""
        self._aftersales_check_manager(
            self.env._("Only after-sales managers can record an inspection.")
        )
        for plan in self:
            plan._aftersales_record_inspection()
        return True

    def _aftersales_record_inspection(self, job=None):
        """The piece was inspected today, on the workshop ``job`` when it came
        in for it (its notes and photos are kept): the next inspection is due
        one interval later, and accidental damage is covered again."""
        self.ensure_one()
        months = self.template_id.inspection_months
        if not months:
            return self.env["sparklife.aftersales.care.inspection"]
        today = self.company_id._aftersales_today()
        inspection = (
            self.env["sparklife.aftersales.care.inspection"]
            .sudo()
            .create(
                {
                    "plan_id": self.id,
                    "date": today,
                    "repair_id": job.id if job else False,
                    "notes": job.internal_notes if job else False,
                    "photo_ids": [Command.set(job.aftersales_photo_ids.ids)]
                    if job
                    else [],
                }
            )
        )
        self.sudo().write(
            {
                "inspection_due": policy.add_months(today, months),
                "inspection_reminded_for": False,
            }
        )
        self.message_post(
            body=self.env._(
                "Inspection done on %(date)s%(job)s. Next one by %(next)s.",
                date=format_date(self.env, today),
                job=Markup(" (%s)") % job._get_html_link() if job else "",
                next=format_date(self.env, self.inspection_due),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return inspection

    def _aftersales_check_manager(self, message):
        """Plans are written with sudo (the workshop records inspections, the
        job that sold them makes them): the actions of managers check the
        group themselves."""
        if not self.env.user.has_group("sparklife_aftersales.group_aftersales_manager"):
            raise AccessError(message)

    # Cancellation ---------------------------------------------------------------

    def action_aftersales_cancel(self):
        """Cancel these plans today, refunding each by a credit note: in full
        within the cooling-off period, later the days it had left (or
        nothing, as the company sets). Managers only."""
        self._aftersales_check_manager(
            self.env._("Only after-sales managers can cancel a care plan.")
        )
        for plan in self:
            plan._aftersales_cancel()
        if len(self) == 1 and self.refund_move_id:
            return self.refund_move_id._get_records_action()
        return True

    def _aftersales_cancel(self):
        self.ensure_one()
        if self.state != "active":
            raise UserError(
                self.env._("%(plan)s is already cancelled.", plan=self.display_name)
            )
        company = self.company_id
        today = company._aftersales_today()
        line = self.sale_line_id
        paid = line.price_unit * (line.qty_invoiced or line.product_uom_qty)
        refund = line.currency_id.round(
            policy.care_plan_refund(
                paid,
                self.start_date,
                self.end_date,
                today,
                company.aftersales_care_cooling_off_days,
                pro_rata=company.aftersales_care_refund_pro_rata,
            )
        )
        invoices = line.invoice_lines.move_id.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice"
        )
        credit_note = self.env["account.move"]
        if invoices and not line.currency_id.is_zero(refund):
            credit_note = self._aftersales_credit_note(invoices[:1], refund)
        self.sudo().write(
            {
                "state": "cancelled",
                "cancelled_on": today,
                "refund_move_id": credit_note.id,
            }
        )
        if credit_note:
            outcome = self.env._(
                "%(amount)s refunded by %(move)s.",
                amount=line.currency_id.format(credit_note.amount_total),
                move=credit_note._get_html_link(),
            )
        elif not invoices:
            outcome = self.env._("Nothing was invoiced: nothing to refund.")
        else:
            outcome = self.env._(
                "Nothing left to refund on %(date)s (cooling-off period over).",
                date=format_date(self.env, today),
            )
        self.message_post(
            body=self.env._(
                "Plan cancelled by %(user)s. %(outcome)s",
                user=self.env.user.name,
                outcome=outcome,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _aftersales_credit_note(self, invoice, amount):
        """A draft credit note of ``amount`` (on the plan line's price, with
        its taxes) against the plan's ``invoice``, for the accountant to
        post."""
        line = self.sale_line_id
        return (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_refund",
                    "company_id": self.company_id.id,
                    "partner_id": invoice.partner_id.id,
                    "currency_id": line.currency_id.id,
                    "invoice_origin": line.order_id.name,
                    "reversed_entry_id": invoice.id,
                    "ref": self.env._(
                        "Cancellation of %(plan)s", plan=self.display_name
                    ),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "name": self.env._(
                                    "Cancellation of %(plan)s", plan=self.display_name
                                ),
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.set(line.tax_ids.ids)],
                            }
                        )
                    ],
                }
            )
        )

    # Inspection reminders -------------------------------------------------------

    @api.model
    def _cron_remind_inspections(self, batch_size=200):
        """Remind the owners of plans whose inspection is near (the company's
        lead time), once per inspection, by email and SMS as for the item's
        other reminders."""
        return process_in_batches(
            self.sudo(),
            self._aftersales_inspection_due_domain(),
            "_aftersales_remind_batch",
            batch_size,
        )

    @api.model
    def _aftersales_inspection_due_domain(self):
        """Active plans whose inspection is within the company's lead time
        and not reminded yet."""
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        return (
            Domain("state", "=", "active")
            & Domain("inspection_reminded_for", "=", False)
            & Domain("inspection_due", "!=", False)
            & Domain.OR(
                Domain("company_id", "=", company.id)
                & Domain("end_date", ">=", company._aftersales_today())
                & Domain(
                    "inspection_due",
                    "<=",
                    company._aftersales_today()
                    + timedelta(days=company.aftersales_remind_inspection_days),
                )
                for company in companies
            )
        )

    def _aftersales_remind_batch(self):
        """One batch of the inspection reminder job."""
        return due_batch(
            self, self._aftersales_inspection_due_domain()
        )._aftersales_remind()

    def _aftersales_remind(self):
        """Tell these plans' owners their inspection is near; returns how
        many plans were reminded."""
        by_due = defaultdict(lambda: self.browse())
        for plan in self:
            by_due[plan.inspection_due] |= plan
        for due, plans in by_due.items():
            plans.inspection_reminded_for = due
        by_email = self.filtered(
            lambda p: p.company_id.aftersales_remind_by_email
            and p.partner_id.email_normalized
            and not p.partner_id.is_blacklisted
        )
        if by_email:
            tell_customers(
                by_email,
                self.env.ref("sparklife_aftersales.mail_template_care_inspection_due"),
            )
        by_sms = self.filtered(lambda p: p.company_id.aftersales_remind_by_sms)
        text_customers(
            by_sms,
            self.env.ref("sparklife_aftersales.sms_template_care_inspection_due"),
            {plan: plan.partner_id for plan in by_sms},
        )
        return len(self)

    def _policy_plan(self, released_claim=None):
        """This plan as the policy engine sees it; a claim for the service
        ``released_claim`` is counted as not used (the request being judged
        is the one that used it)."""
        self.ensure_one()
        template = self.template_id
        released = 1 if released_claim else 0
        released_resize = 1 if released_claim == policy.RESIZE else 0
        return policy.Plan(
            start=self.start_date,
            end=self.end_date,
            covers=template._policy_covers(),
            claims_allowed=template.claims_allowed or None,
            claims_used=max(self.claims_used - released, 0),
            deductible=template.deductible,
            extra_free_resizes=template.extra_free_resizes,
            extra_resizes_used=max(self.extra_resizes_used - released_resize, 0),
            inspection_due=self.inspection_due or None,
            inspection_grace_days=template.inspection_grace_days,
        )
