# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Returns on OCA's RMA, under the after-sales policy.

Whatever creates or confirms an RMA (the back-office form, a service request's
*Authorize return*, the sale order's return wizard, the portal's return
request) ends in :meth:`Rma.create` and :meth:`Rma.action_confirm`, which ask
the policy engine the same question a service request asks: the item, the
return reason, the day the customer asked, the photos, the confirmation of a
quality issue and, once the item is back, the conditions it came back in.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command

from .. import policy
from ..const import (
    CONDITION_FIELDS,
    CONDITION_SELECTION,
    DEFECT_FOUND_SELECTION,
    OUTCOME_SELECTION,
    RETURN_SELECTION,
    RETURN_SERVICES,
    SHIPPING_PAYERS,
)

#: Everything the stored part of the policy's answer for a return depends on.
RMA_ASSESSMENT_DEPENDS = (
    "aftersales_service",
    "aftersales_requested_on",
    "aftersales_line_id",
    "aftersales_line_id.aftersales_purchase_date",
    "aftersales_line_id.aftersales_received_date",
    "aftersales_line_id.aftersales_warranty_end",
    "aftersales_line_id.aftersales_return_end",
    "aftersales_line_id.company_id.aftersales_return_shipping_payer",
    "aftersales_line_id.company_id.aftersales_quality_shipping_payer",
    "aftersales_line_id.company_id.partner_id.tz",
    "company_id.partner_id.tz",
    "aftersales_conditions_checked_on",
    "aftersales_quality_defect_found",
    "operation_id",
    "aftersales_ticket_id",
    "aftersales_piece_mismatch",
    *CONDITION_FIELDS.values(),
)


class Rma(models.Model):
    _name = "rma"
    _inherit = ["rma", "sparklife.aftersales.case"]
    _aftersales_item_field = "aftersales_line_id"
    _aftersales_override_key = "default_rma_id"

    aftersales_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Service request",
        index="btree_not_null",
        tracking=True,
        domain="[('aftersales_service', 'in', ('return_satisfaction', 'return_quality',"
        " 'exchange', 'trade_up')),"
        " ('partner_id', 'child_of', commercial_partner_id)]",
        help="The customer's return request this RMA carries out.",
    )
    aftersales_service = fields.Selection(
        selection=RETURN_SELECTION,
        string="Return reason",
        compute="_compute_from_ticket",
        store=True,
        readonly=False,
        precompute=True,
        copy=True,
        tracking=True,
        help="Not satisfied: within the return period, refunded if the item comes "
        "back unused, in its packaging, with its certificate. Quality issue: within "
        "the warranty, refunded or replaced once customer service has seen photos.",
    )
    aftersales_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Purchased item",
        compute="_compute_aftersales_line_id",
        store=True,
        readonly=False,
        copy=True,
        index="btree_not_null",
        tracking=True,
        domain="[('is_aftersales_item', '=', True),"
        " ('order_partner_id', 'child_of', commercial_partner_id)]",
        help="The customer's purchased item being returned: its dates decide "
        "whether the return is accepted.",
    )
    aftersales_requested_on = fields.Datetime(
        string="Requested on",
        compute="_compute_from_ticket",
        store=True,
        readonly=False,
        precompute=True,
        copy=True,
        tracking=True,
        help="When the customer asked for the return: the return period is "
        "judged on this day.",
    )
    aftersales_quality_confirmed = fields.Boolean(
        string="Quality issue confirmed",
        compute="_compute_from_ticket",
        store=True,
        readonly=False,
        precompute=True,
        copy=True,
        tracking=True,
        help="Customer service saw the photos and confirms the quality issue: "
        "the customer may send the item.",
    )
    aftersales_photo_count = fields.Integer(
        string="Photos",
        compute="_compute_aftersales_photo_count",
        help="Images sent with the service request or attached to the RMA.",
    )
    aftersales_condition_unused = fields.Selection(
        selection=CONDITION_SELECTION, string="Unused", tracking=True, copy=False
    )
    aftersales_condition_packaging = fields.Selection(
        selection=CONDITION_SELECTION,
        string="Original packaging",
        tracking=True,
        copy=False,
    )
    aftersales_condition_certificate = fields.Selection(
        selection=CONDITION_SELECTION,
        string="Certificate included",
        tracking=True,
        copy=False,
    )
    aftersales_condition_resalable = fields.Selection(
        selection=CONDITION_SELECTION, string="Resalable", tracking=True, copy=False
    )
    aftersales_quality_defect_found = fields.Selection(
        selection=DEFECT_FOUND_SELECTION,
        string="Workshop's finding",
        tracking=True,
        copy=False,
        help="What the workshop found when the item of a quality return "
        "arrived: a defect not confirmed is not refunded unless a manager "
        "decides so.",
    )
    aftersales_conditions_checked_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Condition checked by",
        readonly=True,
        copy=False,
    )
    aftersales_conditions_checked_on = fields.Datetime(
        string="Condition checked on", readonly=True, copy=False, tracking=True
    )
    aftersales_eligibility = fields.Selection(
        selection=OUTCOME_SELECTION,
        string="Eligibility",
        compute="_compute_aftersales_assessment",
        store=True,
        index=True,
        tracking=True,
    )
    aftersales_deadline = fields.Date(
        string="Return accepted until",
        compute="_compute_aftersales_assessment",
        store=True,
    )
    aftersales_shipping_payer = fields.Selection(
        selection=SHIPPING_PAYERS,
        string="Shipping paid by",
        compute="_compute_aftersales_assessment",
        store=True,
        tracking=True,
    )
    aftersales_reason = fields.Char(
        string="Why", compute="_compute_aftersales_text", compute_sudo=True
    )
    aftersales_pending = fields.Char(
        string="Still needed", compute="_compute_aftersales_text", compute_sudo=True
    )
    aftersales_currency_id = fields.Many2one(related="company_id.currency_id")
    aftersales_shipping_reimbursement = fields.Monetary(
        currency_field="aftersales_currency_id",
        string="Shipping to reimburse",
        copy=False,
        tracking=True,
        help="What the customer paid to send the item, when the company pays "
        "shipping (quality issues): added to the refund as a shipping-fee line.",
    )

    # Computes ----------------------------------------------------------------------

    @api.depends(
        "aftersales_ticket_id.aftersales_service",
        "aftersales_ticket_id.aftersales_requested_on",
        "aftersales_ticket_id.aftersales_quality_confirmed",
    )
    def _compute_from_ticket(self):
        for rma in self:
            ticket = rma.aftersales_ticket_id
            if ticket.aftersales_service in RETURN_SERVICES:
                rma.aftersales_service = ticket.aftersales_service
            elif not rma.aftersales_service:
                rma.aftersales_service = policy.RETURN_SATISFACTION
            rma.aftersales_requested_on = (
                ticket.aftersales_requested_on
                or rma.aftersales_requested_on
                or fields.Datetime.now()
            )
            rma.aftersales_quality_confirmed = (
                ticket.aftersales_quality_confirmed or rma.aftersales_quality_confirmed
            )

    @api.depends(
        "sale_line_id.is_aftersales_item",
        "aftersales_ticket_id.aftersales_sale_line_id",
    )
    def _compute_aftersales_line_id(self):
        # Only a purchased item makes an after-sales return: other goods of an
        # order stay OCA's returns.
        for rma in self:
            sold = rma.sale_line_id.filtered("is_aftersales_item")
            rma.aftersales_line_id = (
                sold
                or rma.aftersales_ticket_id.aftersales_sale_line_id
                or rma.aftersales_line_id
            )

    @api.depends("aftersales_ticket_id.aftersales_photo_count")
    def _compute_aftersales_photo_count(self):
        counts = {}
        if self.ids:
            groups = (
                self.env["ir.attachment"]
                .sudo()
                ._read_group(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", self.ids),
                        ("mimetype", "=like", "image/%"),
                    ],
                    ["res_id"],
                    ["__count"],
                )
            )
            counts = dict(groups)
        for rma in self:
            rma.aftersales_photo_count = (
                rma.aftersales_ticket_id.sudo().aftersales_photo_count
                + (counts.get(rma.id, 0) if rma.id else 0)
            )

    @api.depends(*RMA_ASSESSMENT_DEPENDS)
    def _compute_aftersales_assessment(self):
        governed = self._aftersales_governed()
        for rma in self - governed:
            rma.aftersales_eligibility = False
            rma.aftersales_deadline = False
            rma.aftersales_shipping_payer = False
        for rma in governed:
            decision = rma._aftersales_decision()
            rma.aftersales_eligibility = decision.outcome
            rma.aftersales_deadline = decision.deadline
            rma.aftersales_shipping_payer = decision.shipping_payer

    @api.depends(
        *RMA_ASSESSMENT_DEPENDS,
        "aftersales_quality_confirmed",
        "aftersales_photo_count",
    )
    @api.depends_context("lang")
    def _compute_aftersales_text(self):
        engine = self.env["sparklife.aftersales.policy"]
        governed = self._aftersales_governed()
        for rma in self - governed:
            rma.aftersales_reason = False
            rma.aftersales_pending = False
        for rma in governed:
            decision = rma._aftersales_decision()
            rma.aftersales_reason = engine.describe(decision)
            rma.aftersales_pending = engine.describe_requirements(decision)

    # The policy's answer ---------------------------------------------------------------

    def _aftersales_governed(self):
        """The returns the after-sales policy governs: those about a purchased
        item or a service request, and those of the after-sales return
        operation (which requests, the portal and the sale order's wizard
        use). Other RMAs (other operations, goods sold outside a sale order)
        follow OCA's flow untouched."""
        operation = self.env.ref(
            "sparklife_aftersales.rma_operation_aftersales_return",
            raise_if_not_found=False,
        )
        return self.filtered(
            lambda rma: rma.aftersales_line_id
            or rma.aftersales_ticket_id
            or (operation and rma.operation_id == operation)
        )

    def _aftersales_conditions(self):
        """The conditions recorded on receipt, for the engine: none until the
        person who received the item records the check."""
        self.ensure_one()
        if not self.aftersales_conditions_checked_on:
            return {}
        conditions = {
            name: self[field] == "met"
            for name, field in CONDITION_FIELDS.items()
            if self[field]
        }
        if not self._aftersales_certificate_expected():
            conditions["certificate"] = True
        return conditions

    def _aftersales_defect_found(self):
        """What the workshop found, for the engine: nothing until recorded."""
        self.ensure_one()
        if (
            not self.aftersales_conditions_checked_on
            or not self.aftersales_quality_defect_found
        ):
            return None
        return self.aftersales_quality_defect_found == "confirmed"

    def _aftersales_decision(self):
        self.ensure_one()
        return self.env["sparklife.aftersales.policy"].evaluate(
            self.aftersales_line_id,
            self.aftersales_service or policy.RETURN_SATISFACTION,
            at=self.aftersales_requested_on or fields.Datetime.now(),
            request=policy.Request(
                photo_count=self.aftersales_photo_count,
                confirmed=self.aftersales_quality_confirmed,
                conditions=self._aftersales_conditions(),
                defect_found=self._aftersales_defect_found(),
                same_piece=self._aftersales_same_piece(),
                **self._aftersales_choices(),
            ),
        )

    def _aftersales_choices(self):
        """What the request chose instead of a refund (the new piece), and
        for a trade-up the piece's condition as found on receipt."""
        self.ensure_one()
        choices = self.aftersales_ticket_id.sudo()._aftersales_choices()
        if self.aftersales_service == policy.TRADE_UP:
            resalable = self.aftersales_condition_resalable
            choices["trade_in_condition"] = (
                resalable == "met"
                if self.aftersales_conditions_checked_on and resalable
                else None
            )
        return choices

    def _aftersales_overridden(self):
        """A manager let this return go ahead despite the policy: here, on
        the service request it carries out, or on the RMA it was split from."""
        self.ensure_one()
        return bool(
            self.aftersales_override_reason
            or self.aftersales_ticket_id.aftersales_override_reason
            or (
                self.origin_split_rma_id
                and self.origin_split_rma_id._aftersales_overridden()
            )
        )

    def _aftersales_check_policy(self, stage):
        """Raise the policy's refusal, or what is still missing, before
        ``stage``: ``request`` (the RMA is created), ``confirm`` (the customer
        is told to send the item) or ``refund``."""
        engine = self.env["sparklife.aftersales.policy"]
        # Photos are attachments: count the ones added since the last look.
        self.invalidate_recordset(["aftersales_photo_count"])
        for rma in self:
            if rma._aftersales_overridden():
                continue
            if stage == "request" and not rma.aftersales_line_id:
                # Kept as a draft (an email to the returns address, a form
                # saved early): it is judged once staff name the item.
                continue
            decision = rma._aftersales_decision()
            if decision.is_refused:
                raise UserError(
                    self.env._(
                        "%(rma)s: the return is refused by the after-sales policy. "
                        "%(reason)s Only an after-sales manager can override this, "
                        "with a reason.",
                        rma=rma.name,
                        reason=engine.describe(decision),
                    )
                )
            if stage == "request":
                continue
            pending = (
                decision.pending_before_sending
                if stage == "confirm"
                else decision.requirements
            )
            if pending:
                raise UserError(
                    self.env._(
                        "%(rma)s cannot go ahead yet. Still needed: %(pending)s.",
                        rma=rma.name,
                        pending=engine.describe_requirements(decision, pending),
                    )
                )

    # Constraints -------------------------------------------------------------------

    @api.constrains("aftersales_line_id", "partner_id", "order_id", "product_id")
    def _check_aftersales_line_id(self):
        for rma in self.filtered("aftersales_line_id"):
            line = rma.aftersales_line_id.sudo()
            owner = line.order_id.partner_id.commercial_partner_id
            if owner != rma.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(item)s was bought by another customer: a return can "
                        "only be about the customer's own items.",
                        item=line.product_id.display_name,
                    )
                )
            if rma.order_id and line.order_id != rma.order_id:
                raise ValidationError(
                    self.env._(
                        "%(item)s is not an item of order %(order)s.",
                        item=line.product_id.display_name,
                        order=rma.order_id.name,
                    )
                )
            if rma.product_id and rma.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "The returned product %(product)s is not the purchased "
                        "item %(item)s.",
                        product=rma.product_id.display_name,
                        item=line.product_id.display_name,
                    )
                )

    @api.constrains("aftersales_ticket_id", "aftersales_line_id", "partner_id")
    def _check_aftersales_ticket_id(self):
        for rma in self.filtered("aftersales_ticket_id"):
            ticket = rma.aftersales_ticket_id.sudo()
            if ticket.aftersales_service not in RETURN_SERVICES:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s is not a return request.",
                        ticket=ticket.display_name,
                    )
                )
            if (
                ticket.partner_id.commercial_partner_id
                != rma.partner_id.commercial_partner_id
                or ticket.aftersales_sale_line_id != rma.aftersales_line_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(rma)s and the request %(ticket)s are not about the same "
                        "customer and item.",
                        rma=rma.name,
                        ticket=ticket.display_name,
                    )
                )

    @api.constrains("aftersales_shipping_reimbursement")
    def _check_shipping_reimbursement(self):
        for rma in self:
            if rma.aftersales_shipping_reimbursement < 0:
                raise ValidationError(
                    self.env._("The shipping to reimburse cannot be negative.")
                )
            if (
                rma.aftersales_shipping_reimbursement
                and rma.aftersales_shipping_payer != policy.COMPANY
            ):
                raise ValidationError(
                    self.env._(
                        "%(rma)s: shipping is at the customer's expense, so it is "
                        "not reimbursed.",
                        rma=rma.name,
                    )
                )

    # Requests and confirmation ------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        rmas = super().create(vals_list)
        # Splits and copies of received RMAs were judged when they were asked for.
        rmas.filtered(
            lambda r: r.state == "draft" and not r.origin_split_rma_id
        )._aftersales_governed()._aftersales_check_policy("request")
        return rmas

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals:
            # sudo: the RMA flow moves its request on for users of returns.
            self.aftersales_ticket_id.sudo()._aftersales_sync_stage()
        return result

    def action_confirm(self):
        drafts = self.filtered(lambda r: r.state == "draft")._aftersales_governed()
        drafts._aftersales_check_policy("confirm")
        result = super().action_confirm()
        confirmed = drafts.filtered(lambda r: r.state == "confirmed")
        confirmed._aftersales_tell_customers(
            self.env.ref("sparklife_aftersales.mail_template_return_accepted")
        )
        tickets = confirmed.aftersales_ticket_id.filtered(
            lambda t: not t.aftersales_return_authorized_on
        )
        if tickets:
            tickets.sudo().aftersales_return_authorized_on = fields.Datetime.now()
        return result

    # Receipt: the condition check -------------------------------------------------

    def update_received_state_on_reception(self):
        result = super().update_received_state_on_reception()
        tickets = self.aftersales_ticket_id.filtered(
            lambda t: not t.aftersales_inbound_received_date
        )
        if tickets:
            tickets.sudo().aftersales_inbound_received_date = fields.Date.context_today(
                self
            )
            tickets._aftersales_sync_stage()
        return result

    def action_aftersales_record_conditions(self):
        """Record what was found when the item came back: its condition (a
        return of an unsatisfied customer) or whether the defect is confirmed
        (a quality return). A failed condition sends the item back to the
        customer, who is told why; a defect not confirmed is not refunded
        until a manager decides."""
        if not self.env.user.has_group("sparklife_aftersales.group_aftersales_user"):
            raise AccessError(
                self.env._(
                    "Only after-sales users can record the condition of a return."
                )
            )
        for rma in self:
            if not rma._aftersales_piece_back():
                raise UserError(
                    self.env._(
                        "%(rma)s: record the condition once the item is received.",
                        rma=rma.name,
                    )
                )
            if rma.aftersales_conditions_checked_on:
                raise UserError(
                    self.env._(
                        "%(rma)s: the condition was already recorded.", rma=rma.name
                    )
                )
            rma._aftersales_check_findings_given()
            rma.write(
                {
                    "aftersales_conditions_checked_by_id": self.env.user.id,
                    "aftersales_conditions_checked_on": fields.Datetime.now(),
                }
            )
            decision = rma._aftersales_decision()
            overridden = rma._aftersales_overridden()
            if rma.aftersales_service == policy.RETURN_QUALITY:
                rma._aftersales_log_defect_finding(decision, overridden)
            elif decision.is_refused and not overridden:
                rma._aftersales_send_back(decision)
            else:
                rma.message_post(
                    body=self.env._(
                        "Condition checked by %(user)s: %(reason)s",
                        user=self.env.user.name,
                        reason=self.env["sparklife.aftersales.policy"].describe(
                            decision
                        ),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                rma._aftersales_conditions_met()
        return True

    def _aftersales_piece_back(self):
        """The returned piece has arrived: the RMA is received, or (an
        exchange whose new piece left first) its receipt is done."""
        self.ensure_one()
        return self.state == "received" or self.reception_move_id.state == "done"

    def _aftersales_conditions_met(self):
        """What follows a return found in condition: nothing here (a refund
        is made by its button); an exchange or a trade-up goes on."""

    def _aftersales_check_findings_given(self):
        """Every finding the return needs is answered before it is recorded."""
        self.ensure_one()
        if self.aftersales_service == policy.TRADE_UP:
            if not self.aftersales_condition_resalable:
                raise UserError(
                    self.env._(
                        "%(rma)s: say whether the piece can be sold again first.",
                        rma=self.name,
                    )
                )
            return
        if self.aftersales_service == policy.RETURN_QUALITY:
            if not self.aftersales_quality_defect_found:
                raise UserError(
                    self.env._(
                        "%(rma)s: say whether the workshop confirms the defect first.",
                        rma=self.name,
                    )
                )
            return
        labels = self.env["sparklife.aftersales.policy"]._condition_labels()
        missing = [
            labels[name]
            for name, field in CONDITION_FIELDS.items()
            if not self[field]
            and (name != "certificate" or self._aftersales_certificate_expected())
        ]
        if missing:
            raise UserError(
                self.env._(
                    "%(rma)s: answer every condition first (%(missing)s).",
                    rma=self.name,
                    missing=", ".join(missing),
                )
            )

    def _aftersales_log_defect_finding(self, decision, overridden):
        self.ensure_one()
        if decision.is_refused and not overridden:
            body = self.env._(
                "Checked by %(user)s: the defect is not confirmed. No refund or "
                "replacement until an after-sales manager decides (Override "
                "refusal), or the item goes back to the customer.",
                user=self.env.user.name,
            )
        else:
            body = self.env._(
                "Checked by %(user)s: the defect is confirmed, the item can be "
                "refunded or replaced.",
                user=self.env.user.name,
            )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _aftersales_send_back(self, decision):
        """Return the item to the customer (OCA's return-to-customer flow)
        instead of refunding it, and tell the customer why."""
        self.ensure_one()
        if not self.can_be_returned:
            raise UserError(
                self.env._(
                    "%(rma)s cannot be sent back to the customer with the operation "
                    "%(operation)s: use an operation that delivers after receipt.",
                    rma=self.name,
                    operation=self.operation_id.name,
                )
            )
        self.create_return(fields.Datetime.now())
        self._aftersales_tell_customers(
            self.env.ref("sparklife_aftersales.mail_template_return_sent_back")
        )
        self.message_post(
            body=self.env._(
                "Condition checked by %(user)s: %(reason)s The item goes back to "
                "the customer.",
                user=self.env.user.name,
                reason=self.env["sparklife.aftersales.policy"].describe(decision),
            ),
            subtype_xmlid="mail.mt_note",
        )

    # Refund or replacement -------------------------------------------------------------

    def action_refund(self):
        self.filtered(
            "can_be_refunded"
        )._aftersales_governed()._aftersales_check_policy("refund")
        result = super().action_refund()
        self._aftersales_add_shipping_reimbursement()
        # A credit note refunds one request when all its lines do.
        for refund in self.refund_id:
            tickets = refund.invoice_line_ids.aftersales_ticket_id
            # sudo: like the refund itself, made by the RMA flow for its users
            refund.sudo().aftersales_ticket_id = tickets if len(tickets) == 1 else False
        self.filtered(
            lambda r: r.state == "refunded"
        ).aftersales_ticket_id.sudo()._aftersales_notify("refunded")
        return result

    def action_refund_without_invoice(self):
        # rma_sale's refund of an item never invoiced: the same policy.
        self.filtered(
            "can_be_refunded"
        )._aftersales_governed()._aftersales_check_policy("refund")
        return super().action_refund_without_invoice()

    def _prepare_refund_line_vals(self):
        values = super()._prepare_refund_line_vals()
        if self.aftersales_service:
            values.update(
                self.aftersales_ticket_id._aftersales_accounting_values(
                    self.aftersales_service
                )
            )
        return values

    def _aftersales_add_shipping_reimbursement(self):
        """Add the customer's shipping cost to the refund, as a line of the
        shipping-fee product."""
        to_reimburse = self.filtered(
            lambda r: r.aftersales_shipping_reimbursement
            and r.refund_id.state == "draft"
        )
        if not to_reimburse:
            return
        shipping = self.env["product.product"]._aftersales_shipping_fee()
        for rma in to_reimburse:
            # sudo: like the refund itself, made by the RMA flow for its users
            rma.refund_id.sudo().invoice_line_ids = [
                Command.create(
                    {
                        "product_id": shipping.id,
                        "name": self.env._(
                            "Shipping reimbursed for %(rma)s", rma=rma.name
                        ),
                        "quantity": 1,
                        "price_unit": rma.aftersales_shipping_reimbursement,
                        **rma.aftersales_ticket_id._aftersales_accounting_values(
                            rma.aftersales_service
                        ),
                    }
                )
            ]
            rma.message_post(
                body=self.env._(
                    "Shipping of %(amount)s reimbursed on %(refund)s.",
                    amount=rma.aftersales_currency_id.format(
                        rma.aftersales_shipping_reimbursement
                    ),
                    refund=rma.refund_id.name or rma.refund_id.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def create_replace(self, scheduled_date, warehouse, product, qty, uom):
        # A quality issue is replaced once the workshop confirmed the defect
        # (or a manager decided).
        self._aftersales_governed().filtered(
            lambda r: r.aftersales_service == policy.RETURN_QUALITY
        )._aftersales_check_policy("refund")
        not_satisfied = self._aftersales_governed().filtered(
            lambda r: r.aftersales_service == policy.RETURN_SATISFACTION
        )
        if not_satisfied:
            raise UserError(
                self.env._(
                    "%(rmas)s: returns of unsatisfied customers are refunded, not "
                    "replaced.",
                    rmas=", ".join(not_satisfied.mapped("name")),
                )
            )
        return super().create_replace(scheduled_date, warehouse, product, qty, uom)
