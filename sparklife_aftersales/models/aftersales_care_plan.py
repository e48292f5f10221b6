# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sparklife Care: a protection plan on one piece, made when the order that
sells it is confirmed, and what the policy engine needs to know of it."""

from odoo import api, fields, models
from odoo.exceptions import LockError, UserError

from .. import policy


class SparklifeAftersalesCarePlan(models.Model):
    _name = "sparklife.aftersales.care.plan"
    _description = "Care plan"
    _inherit = ["mail.thread"]
    _order = "start_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
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
        required=True,
        index=True,
        tracking=True,
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

    _one_active_plan_per_piece = models.UniqueIndex(
        "(item_line_id) WHERE state = 'active'",
        "A piece has one active care plan at a time.",
    )

    @api.depends("template_id.name", "item_line_id.product_id")
    def _compute_name(self):
        for plan in self:
            plan.name = self.env._(
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

    def _aftersales_release_claims(self, tickets):
        """Give back to these plans the claims that ``tickets`` used (their
        approvals lapsed), under the plans' lock."""
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

    def action_aftersales_record_inspection(self):
        """The piece was inspected today: the next inspection is due one
        interval later, and accidental damage is covered again."""
        for plan in self:
            months = plan.template_id.inspection_months
            if not months:
                continue
            today = plan.company_id._aftersales_today()
            plan.inspection_due = policy.add_months(today, months)
            plan.message_post(
                body=self.env._("Inspection done on %(date)s.", date=today)
            )
        return True

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
