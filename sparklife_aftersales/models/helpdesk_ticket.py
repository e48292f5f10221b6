# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests: a helpdesk ticket that names a service and an item.

Every answer about eligibility comes from the policy engine, evaluated on the
day the customer asked (``aftersales_requested_on``): a request sent on the
last day of a window keeps its right, however long the workshop takes.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import policy
from ..const import (
    DAMAGE_CAUSE_SELECTION,
    OUTCOME_SELECTION,
    RETURN_SERVICES,
    SERVICE_SELECTION,
    SHIPPING_PAYERS,
)

#: Everything the policy's answer for a request depends on.
ASSESSMENT_DEPENDS = (
    "aftersales_service",
    "aftersales_requested_on",
    "aftersales_sale_line_id",
    "aftersales_sale_line_id.aftersales_purchase_date",
    "aftersales_sale_line_id.aftersales_received_date",
    "aftersales_sale_line_id.aftersales_warranty_end",
    "aftersales_sale_line_id.aftersales_free_resize_end",
    "aftersales_sale_line_id.aftersales_return_end",
    "aftersales_sale_line_id.aftersales_free_resizes_allowed",
    "aftersales_sale_line_id.aftersales_free_resizes_used",
    "aftersales_sale_line_id.product_id.product_tmpl_id.aftersales_adjustable",
    "aftersales_sale_line_id.product_id.categ_id.aftersales_resizable",
    "aftersales_sale_line_id.company_id.aftersales_service_shipping_payer",
    "aftersales_sale_line_id.company_id.aftersales_warranty_shipping_payer",
    "aftersales_sale_line_id.company_id.aftersales_return_shipping_payer",
    "aftersales_sale_line_id.company_id.aftersales_quality_shipping_payer",
    "aftersales_sale_line_id.company_id.partner_id.tz",
    "aftersales_sale_line_id.aftersales_care_plan_ids.state",
    "aftersales_sale_line_id.aftersales_care_plan_ids.claims_used",
    "aftersales_sale_line_id.aftersales_care_plan_ids.extra_resizes_used",
    "aftersales_sale_line_id.aftersales_care_plan_ids.inspection_due",
    "company_id.partner_id.tz",
    "aftersales_damage_cause",
    "aftersales_redesign",
    "aftersales_photo_count",
    "aftersales_new_product_id",
    "aftersales_resize_declined",
    "aftersales_sale_line_id.aftersales_exchange_of_id",
    "aftersales_sale_line_id.product_id.product_tmpl_id.aftersales_trade_up",
    "aftersales_sale_line_id.aftersales_lot_ids.aftersales_certificate_id",
    "aftersales_sale_line_id.company_id.aftersales_trade_up_ratio",
    "aftersales_sale_line_id.company_id.aftersales_trade_up_years",
    "aftersales_quality_confirmed",
    "aftersales_used_free_resize",
    "aftersales_care_claim_plan_id",
)


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "sparklife.aftersales.case"]
    _aftersales_item_field = "aftersales_sale_line_id"
    _aftersales_override_key = "default_ticket_id"

    aftersales_service = fields.Selection(
        selection=SERVICE_SELECTION,
        string="Service",
        index=True,
        tracking=True,
        help="The after-sales service the customer asks for.",
    )

    aftersales_sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Purchased item",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('is_aftersales_item', '=', True),"
        " ('aftersales_owner_id', 'child_of', commercial_partner_id)]",
        help="The customer's purchased item this request is about.",
    )

    aftersales_requested_on = fields.Datetime(
        string="Requested on",
        default=fields.Datetime.now,
        tracking=True,
        help="When the customer asked: the policy windows are judged on this day.",
    )

    aftersales_requested_size = fields.Char(
        string="Requested Size", help="The size the customer asks for."
    )

    aftersales_redesign = fields.Boolean(
        string="Redesign needed",
        compute="_compute_redesign",
        store=True,
        readonly=False,
        tracking=True,
        help="The resize needs the piece to be redesigned: a paid service, "
        "priced per design. Always set for a piece that cannot be adjusted.",
    )

    aftersales_redesign_implied = fields.Boolean(
        string="Redesign Implied",
        compute="_compute_redesign_implied",
        help="The piece cannot be adjusted: its resize can only be a redesign.",
    )

    aftersales_photo_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="helpdesk_ticket_aftersales_photo_rel",
        column1="ticket_id",
        column2="attachment_id",
        string="Photos",
        help="Pictures of the item sent by the customer or taken at the workshop.",
    )

    aftersales_photo_count = fields.Integer(
        string="Photos", compute="_compute_photo_count", store=True
    )

    aftersales_damage_cause = fields.Selection(
        string="Damage Cause",
        selection=DAMAGE_CAUSE_SELECTION,
        default=policy.NOT_ASSESSED,
        tracking=True,
        help="The workshop's finding: only a manufacturing defect is repaired "
        "for free under the warranty.",
    )

    aftersales_quality_confirmed = fields.Boolean(
        string="Quality issue confirmed",
        tracking=True,
        help="Customer service saw the photos and confirms the quality issue: "
        "the customer may send the item.",
    )

    aftersales_eligibility = fields.Selection(
        selection=OUTCOME_SELECTION,
        string="Eligibility",
        compute="_compute_assessment",
        store=True,
        index=True,
        tracking=True,
    )

    aftersales_deadline = fields.Date(
        string="Eligible until", compute="_compute_assessment", store=True
    )

    aftersales_shipping_payer = fields.Selection(
        selection=SHIPPING_PAYERS,
        string="Shipping paid by",
        compute="_compute_assessment",
        store=True,
    )

    aftersales_reason = fields.Char(
        string="Why", compute="_compute_assessment_text", compute_sudo=True
    )

    aftersales_pending = fields.Char(
        string="Still needed", compute="_compute_assessment_text", compute_sudo=True
    )

    aftersales_next_steps = fields.Text(
        string="Next steps",
        compute="_compute_assessment_text",
        compute_sudo=True,
        help="What the customer is told happens next.",
    )

    aftersales_can_approve = fields.Boolean(
        compute="_compute_assessment_text",
        compute_sudo=True,
        help="Approve free service would go through now.",
    )

    aftersales_can_authorize_return = fields.Boolean(
        compute="_compute_assessment_text",
        compute_sudo=True,
        help="Authorize return would go through now.",
    )

    aftersales_action_hint = fields.Char(
        string="Before going ahead",
        compute="_compute_assessment_text",
        compute_sudo=True,
        help="What is missing before the request can be approved or its "
        "return authorized.",
    )

    aftersales_duplicate_of_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Already asked in",
        compute="_compute_aftersales_duplicate_of_id",
        help="Another open request of the customer for the same piece and " "service.",
    )

    aftersales_approved_on = fields.Datetime(
        string="Free service approved on", readonly=True, copy=False, tracking=True
    )

    aftersales_used_free_resize = fields.Boolean(
        string="Used a free resize",
        readonly=True,
        copy=False,
        help="The approval of this request used one of the item's free resizes.",
    )

    aftersales_care_claim_plan_id = fields.Many2one(
        comodel_name="sparklife.aftersales.care.plan",
        string="Care plan claim",
        readonly=True,
        copy=False,
        tracking=True,
        help="The care plan this request is a claim on, counted when it was "
        "approved.",
    )

    aftersales_purchase_date = fields.Date(
        string="Purchase Date",
        related="aftersales_sale_line_id.aftersales_purchase_date",
    )

    aftersales_received_date = fields.Date(
        string="Received Date",
        related="aftersales_sale_line_id.aftersales_received_date",
    )

    aftersales_warranty_end = fields.Date(
        string="Warranty End", related="aftersales_sale_line_id.aftersales_warranty_end"
    )

    aftersales_free_resize_end = fields.Date(
        string="Free Resize End",
        related="aftersales_sale_line_id.aftersales_free_resize_end",
    )

    aftersales_free_resizes_remaining = fields.Integer(
        string="Free Resizes Remaining",
        related="aftersales_sale_line_id.aftersales_free_resizes_remaining",
    )

    aftersales_return_end = fields.Date(
        string="Return End", related="aftersales_sale_line_id.aftersales_return_end"
    )

    @api.depends("aftersales_photo_ids")
    def _compute_photo_count(self):
        for ticket in self:
            ticket.aftersales_photo_count = len(ticket.aftersales_photo_ids)

    def _aftersales_request(self):
        """What staff and the customer told about this request, for the engine."""
        self.ensure_one()
        return policy.Request(
            damage_cause=self.aftersales_damage_cause or policy.NOT_ASSESSED,
            redesign=self.aftersales_redesign,
            photo_count=self.aftersales_photo_count,
            confirmed=self.aftersales_quality_confirmed,
        )

    def _aftersales_care_plan(self):
        """The care plan this request claims on: the one it counted its claim
        on once approved, before that the piece's plan in force."""
        self.ensure_one()
        return (
            self.aftersales_care_claim_plan_id
            or self.aftersales_sale_line_id.sudo().aftersales_care_plan_id
        )

    def _aftersales_decision(self):
        """The policy's decision for this request, or None without a service."""
        self.ensure_one()
        if not self.aftersales_service:
            return None
        return self.env["sparklife.aftersales.policy"].evaluate(
            self.aftersales_sale_line_id,
            self.aftersales_service,
            at=self.aftersales_requested_on or fields.Datetime.now(),
            request=self._aftersales_request(),
            released_resizes=1 if self.aftersales_used_free_resize else 0,
            released_claim=(
                self.aftersales_service if self.aftersales_care_claim_plan_id else None
            ),
        )

    @api.depends(*ASSESSMENT_DEPENDS)
    def _compute_assessment(self):
        for ticket in self:
            decision = ticket._aftersales_decision()
            ticket.aftersales_eligibility = decision and decision.outcome
            ticket.aftersales_deadline = decision and decision.deadline
            ticket.aftersales_shipping_payer = decision and decision.shipping_payer

    @api.depends(
        *ASSESSMENT_DEPENDS,
        "aftersales_eligibility",
        "aftersales_approved_on",
        "aftersales_return_authorized_on",
        "aftersales_rma_ids.state",
        "aftersales_override_reason",
        "aftersales_repair_ids.state",
    )
    @api.depends_context("lang")
    def _compute_assessment_text(self):
        """What the policy's answer means, in the reader's language, and the
        actions it allows (here and in the other concerns of the request,
        through :meth:`_aftersales_answer_values`): from one decision per
        request."""
        for ticket in self:
            ticket.update(
                ticket._aftersales_answer_values(ticket._aftersales_decision())
            )

    def _aftersales_answer_values(self, decision):
        """The values of the fields computed from the policy's ``decision``
        for this request: what it means and the actions it allows."""
        self.ensure_one()
        engine = self.env["sparklife.aftersales.policy"]
        can_approve, can_return, hint = self._aftersales_actions(decision)
        return {
            "aftersales_reason": decision and engine.describe(decision),
            "aftersales_pending": decision and engine.describe_requirements(decision),
            "aftersales_next_steps": self._aftersales_next_steps(decision),
            "aftersales_can_approve": can_approve,
            "aftersales_can_authorize_return": can_return,
            "aftersales_action_hint": hint,
        }

    def _aftersales_actions(self, decision):
        """``(can approve, can authorize the return, what is missing)`` for
        this request and the policy's ``decision``: the buttons staff see
        are the ones that would go through."""
        self.ensure_one()
        service = self.aftersales_service
        if not decision or service in policy.CUSTOMER_SERVICE:
            return False, False, False
        engine = self.env["sparklife.aftersales.policy"]
        overridden = decision.is_refused and self._aftersales_overridden()
        if service in RETURN_SERVICES:
            authorized = (
                self.aftersales_return_authorized_on
                or self.aftersales_rma_ids.filtered(
                    lambda r: r.state not in ("draft", "cancelled")
                )
            )
            if authorized or (decision.is_refused and not overridden):
                return False, False, False
            pending = decision.pending_before_sending
            if pending and not overridden:
                return (
                    False,
                    False,
                    self.env._(
                        "Before the return can be authorized: %(pending)s.",
                        pending=engine.describe_requirements(decision, pending),
                    ),
                )
            return False, True, False
        if self.aftersales_approved_on or decision.is_paid:
            return False, False, False
        if decision.is_refused and not overridden:
            return False, False, False
        if decision.requirements and not overridden:
            return (
                False,
                False,
                self.env._(
                    "Before this free service can be approved: %(pending)s.",
                    pending=engine.describe_requirements(decision),
                ),
            )
        return True, False, False

    def _aftersales_next_steps(self, decision):
        """What happens next, in the reader's language, from ``decision``."""
        self.ensure_one()
        if not decision or decision.service in policy.CUSTOMER_SERVICE:
            return self.env._(
                "Our customer service will read your message and answer you shortly."
            )
        service = dict(
            self._fields["aftersales_service"]._description_selection(self.env)
        )[decision.service]
        steps = [
            f"{service}: {self.env['sparklife.aftersales.policy'].describe(decision)}"
        ]
        if decision.is_refused:
            steps.append(
                self.env._("We will contact you to find the best solution together.")
            )
            return "\n".join(steps)
        if decision.is_paid:
            steps.append(
                self.env._(
                    "We will send you a quotation: the work starts once you "
                    "have accepted it."
                )
            )
        elif decision.care_claim and decision.deductible:
            steps.append(
                self.env._(
                    "Once we approve the claim, we will send you a quotation of "
                    "your plan's deductible: the work starts once you have "
                    "accepted it."
                )
            )
        steps.append(
            self.env._(
                "Please wait for our confirmation before you send the item to "
                "our after-sales address."
            )
        )
        if decision.shipping_payer == policy.CUSTOMER:
            steps.append(
                self.env._("Shipping to and from our workshop is at your expense.")
            )
        elif decision.shipping_payer == policy.COMPANY:
            steps.append(
                self.env._(
                    "Shipping is at our expense: we will tell you how to send the item."
                )
            )
        return "\n".join(steps)

    def _aftersales_redesign_implied(self):
        """True when the policy resizes this request's piece only by a
        redesign (a piece that cannot be adjusted)."""
        self.ensure_one()
        return bool(
            self.aftersales_service == policy.RESIZE
            and self.aftersales_sale_line_id
            and policy.resize_needs_redesign(
                self.aftersales_sale_line_id._aftersales_item()
            )
        )

    @api.depends(
        "aftersales_service",
        "aftersales_sale_line_id.product_id.product_tmpl_id.aftersales_adjustable",
        "aftersales_sale_line_id.product_id.categ_id.aftersales_resizable",
    )
    def _compute_redesign_implied(self):
        for ticket in self:
            ticket.aftersales_redesign_implied = ticket._aftersales_redesign_implied()

    @api.depends(
        "aftersales_service",
        "aftersales_sale_line_id.product_id.product_tmpl_id.aftersales_adjustable",
        "aftersales_sale_line_id.product_id.categ_id.aftersales_resizable",
    )
    def _compute_redesign(self):
        for ticket in self:
            # What staff set stays, for a resize; a piece that cannot be
            # adjusted is always a redesign.
            ticket.aftersales_redesign = ticket._aftersales_redesign_implied() or (
                ticket.aftersales_service == policy.RESIZE
                and ticket.aftersales_redesign
            )

    @api.depends("aftersales_sale_line_id", "aftersales_service")
    def _compute_aftersales_duplicate_of_id(self):
        concerned = self.filtered(
            lambda t: t.aftersales_sale_line_id and t.aftersales_service
        )
        candidates = self._aftersales_open_requests(
            concerned.aftersales_sale_line_id,
            set(concerned.mapped("aftersales_service")),
        )
        for ticket in self:
            ticket.aftersales_duplicate_of_id = candidates.filtered(
                lambda other, ticket=ticket: other.aftersales_sale_line_id
                == ticket.aftersales_sale_line_id
                and other.aftersales_service == ticket.aftersales_service
                and other.id != ticket._origin.id
            )[:1]

    @api.model
    def _aftersales_open_requests(self, lines, services):
        """The open requests (not in a closed stage) about ``lines`` for one
        of ``services``, the oldest first. A request the policy refuses, and
        no manager overrode, is not open to follow: it is not counted."""
        if not lines or not services:
            return self.browse()
        return self.search(
            [
                ("aftersales_sale_line_id", "in", lines.ids),
                ("aftersales_service", "in", list(services)),
                ("stage_id.closed", "=", False),
                "|",
                ("aftersales_eligibility", "!=", policy.REFUSED),
                ("aftersales_override_reason", "!=", False),
            ],
            order="create_date, id",
        )

    @api.model
    def _aftersales_find_open_request(self, line, service):
        """The customer's open request about ``line`` for ``service``, if any:
        a second one would be a duplicate. (sudo: the line is the customer's,
        whoever created the request about it.)"""
        return self.sudo()._aftersales_open_requests(line, {service})[:1]

    @api.depends("name", "number")
    def _compute_display_name(self):
        result = super()._compute_display_name()
        for ticket in self:
            if not ticket.number or ticket.number == "/":
                ticket.display_name = ticket.name or self.env._("New request")
            elif not ticket.name:
                ticket.display_name = ticket.number
        return result

    @api.constrains("aftersales_sale_line_id", "partner_id", "company_id")
    def _check_sale_line_id(self):
        for ticket in self.filtered("aftersales_sale_line_id"):
            line = ticket.aftersales_sale_line_id
            if line.company_id != ticket.company_id:
                raise ValidationError(
                    self.env._(
                        "%(item)s was sold by %(company)s: the request must be "
                        "handled by that company.",
                        item=line.display_name,
                        company=line.company_id.name,
                    )
                )
            if not line.is_aftersales_item:
                raise ValidationError(
                    self.env._(
                        "%(item)s is not a purchased item of a confirmed order "
                        "(its order may be cancelled or still a quotation).",
                        item=line.display_name,
                    )
                )
            owner = line.aftersales_owner_id.commercial_partner_id
            if owner != ticket.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(item)s belongs to another customer: a request can "
                        "only be about the customer's own items.",
                        item=line.display_name,
                    )
                )

    @api.constrains(
        "aftersales_redesign", "aftersales_service", "aftersales_sale_line_id"
    )
    def _check_redesign(self):
        for ticket in self:
            if not ticket.aftersales_redesign and ticket._aftersales_redesign_implied():
                raise ValidationError(
                    self.env._(
                        "%(item)s cannot be adjusted: its resize is a redesign, "
                        "so Redesign needed stays set.",
                        item=ticket.aftersales_sale_line_id.product_id.display_name,
                    )
                )

    @api.constrains("aftersales_photo_ids")
    def _check_photo_ids(self):
        for ticket in self:
            not_images = ticket.aftersales_photo_ids.filtered(
                lambda a: not (a.mimetype or "").startswith("image/")
            )
            if not_images:
                raise ValidationError(
                    self.env._(
                        "Photos must be images; %(files)s is not.",
                        files=", ".join(not_images.mapped("name")),
                    )
                )

    def _aftersales_check_user(self):
        if not self.env.user.has_group("sparklife_aftersales.group_aftersales_user"):
            raise AccessError(
                self.env._("Only after-sales users can decide on service requests.")
            )

    def _aftersales_checked_decision(self):
        """The decision, after checking that there is one to take."""
        self.ensure_one()
        if not self.aftersales_service:
            raise UserError(
                self.env._(
                    "%(ticket)s: choose the service the customer asks for first.",
                    ticket=self.display_name,
                )
            )
        return self._aftersales_decision()

    def _aftersales_overridden(self):
        return bool(self.aftersales_override_reason)

    def _aftersales_refusal_error(self, decision):
        return UserError(
            self.env._(
                "%(ticket)s is refused by the after-sales policy: %(reason)s "
                "Only an after-sales manager can override this, with a reason.",
                ticket=self.display_name,
                reason=self.env["sparklife.aftersales.policy"].describe(decision),
            )
        )

    def action_aftersales_assess(self):
        """Post the policy's current assessment of each request in its chatter."""
        self._aftersales_check_user()
        engine = self.env["sparklife.aftersales.policy"]
        labels = dict(
            self._fields["aftersales_eligibility"]._description_selection(self.env)
        )
        payers = dict(
            self._fields["aftersales_shipping_payer"]._description_selection(self.env)
        )
        for ticket in self:
            decision = ticket._aftersales_checked_decision()
            parts = [
                Markup("<b>%s</b> %s")
                % (labels[decision.outcome], engine.describe(decision))
            ]
            if decision.deadline:
                parts.append(
                    self.env._(
                        "Eligible until %(date)s.",
                        date=fields.Date.to_string(decision.deadline),
                    )
                )
            if decision.shipping_payer:
                parts.append(
                    self.env._(
                        "Shipping paid by: %(payer)s.",
                        payer=payers[decision.shipping_payer],
                    )
                )
            pending = engine.describe_requirements(decision)
            if pending:
                parts.append(self.env._("Still needed: %(pending)s.", pending=pending))
            ticket.message_post(
                body=Markup("<br/>").join(parts),
                subject=self.env._("After-sales assessment"),
                subtype_xmlid="mail.mt_note",
            )
        if len(self) != 1:
            return False
        # One request, from its form: show the answer at once, and reload
        # the form so that the note appears in its chatter.
        decision = self._aftersales_decision()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._(
                    "%(ticket)s: %(outcome)s",
                    ticket=self.display_name,
                    outcome=labels[decision.outcome],
                ),
                "message": engine.describe(decision),
                "type": "success" if not decision.is_refused else "warning",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_aftersales_approve(self):
        """Approve a free service; a free resize uses one of the item's free
        resizes, under a row lock so that two approvals at the same time
        cannot both have the last one."""
        self._aftersales_check_user()
        for ticket in self:
            ticket._aftersales_approve_one()
        return True

    def _aftersales_approve_one(self):
        self.ensure_one()
        if self.aftersales_approved_on:
            raise UserError(
                self.env._(
                    "%(ticket)s was already approved on %(date)s.",
                    ticket=self.display_name,
                    date=fields.Datetime.to_string(self.aftersales_approved_on),
                )
            )
        decision = self._aftersales_checked_decision()
        if self.aftersales_service in RETURN_SERVICES:
            raise UserError(
                self.env._("Returns are not approved here: authorize the return.")
            )
        if self.aftersales_service in policy.CUSTOMER_SERVICE:
            raise UserError(
                self.env._("Inquiries and complaints need no approval: answer them.")
            )
        overridden = decision.is_refused and self._aftersales_overridden()
        if decision.is_refused and not overridden:
            raise self._aftersales_refusal_error(decision)
        engine = self.env["sparklife.aftersales.policy"]
        if decision.is_paid:
            raise UserError(
                self.env._(
                    "%(ticket)s is a paid service: %(reason)s Create a paid "
                    "quotation instead.",
                    ticket=self.display_name,
                    reason=engine.describe(decision),
                )
            )
        if not overridden and not decision.ready:
            raise UserError(
                self.env._(
                    "%(ticket)s cannot be approved yet. Still needed: %(pending)s.",
                    ticket=self.display_name,
                    pending=engine.describe_requirements(decision),
                )
            )
        values = {"aftersales_approved_on": fields.Datetime.now()}
        if decision.care_claim and not overridden:
            # A claim on the piece's care plan, counted under the plan's lock.
            plan = self._aftersales_care_plan()
            plan._aftersales_use_claim(self)
            values["aftersales_care_claim_plan_id"] = plan.id
        elif self.aftersales_service == policy.RESIZE and not overridden:
            # Other requests still waiting for the same free resize.
            waiting = (
                self._aftersales_open_requests(
                    self.aftersales_sale_line_id, {policy.RESIZE}
                )
                - self
            ).filtered(
                lambda t: not t.aftersales_approved_on
                and t.aftersales_eligibility == policy.FREE
            )
            self.aftersales_sale_line_id._aftersales_use_free_resize(
                self.aftersales_requested_on
            )
            values["aftersales_used_free_resize"] = True
        self.write(values)
        self.message_post(
            body=self.env._(
                "Free service approved by %(user)s: %(reason)s",
                user=self.env.user.name,
                reason=engine.describe(decision),
            ),
            subtype_xmlid="mail.mt_note",
        )
        if values.get("aftersales_used_free_resize"):
            self._aftersales_tell_lost_free_resize(waiting)
        self._aftersales_sync_stage()
        self._aftersales_notify("approved")
        if values.get("aftersales_care_claim_plan_id") and decision.deductible:
            # The customer's share of the claim: quoted at once, the work
            # waiting for its acceptance as for a paid service.
            self.action_aftersales_create_quotation()

    def _aftersales_tell_lost_free_resize(self, waiting):
        """This approval used a free resize that the requests ``waiting`` were
        counting on: those that lost it say so in their chatter and this one."""
        self.ensure_one()
        waiting.invalidate_recordset(["aftersales_eligibility"])
        for other in waiting.filtered(
            lambda t: t.aftersales_eligibility != policy.FREE
        ):
            other.message_post(
                body=self.env._(
                    "%(other)s was approved and used the last free resize of "
                    "%(item)s: this request is now a paid service.",
                    other=self._get_html_link(title=self.number),
                    item=self.aftersales_sale_line_id.product_id.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
            self.message_post(
                body=self.env._(
                    "This approval used the last free resize of %(item)s, which "
                    "the older request %(other)s was waiting for: it is now a "
                    "paid service.",
                    item=self.aftersales_sale_line_id.product_id.display_name,
                    other=other._get_html_link(title=other.number),
                ),
                subtype_xmlid="mail.mt_note",
            )
