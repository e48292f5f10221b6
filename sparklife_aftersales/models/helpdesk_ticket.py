# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests: a helpdesk ticket that names a service and an item.

Every answer about eligibility comes from the policy engine, evaluated on the
day the customer asked (``aftersales_requested_on``): a request sent on the
last day of a window keeps its right, however long the workshop takes.
"""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain

from .. import policy
from .aftersales_policy import (
    DAMAGE_CAUSE_SELECTION,
    OUTCOME_SELECTION,
    SERVICE_SELECTION,
    SHIPPING_PAYERS,
)
from .batching import process_in_batches

#: The service product of a redesign, priced by the workshop for each design.
REDESIGN_SERVICE_KIND = "resize_redesign"
#: The service product a paid quotation starts from, per service.
DEFAULT_SERVICE_KIND = {
    policy.WARRANTY: "repair",
    policy.RESIZE: "resize",
    policy.ACCESSORY: "accessory_repair",
    policy.RESTORATION: "repolishing",
}
#: The service products staff may pick instead, per service.
ALLOWED_SERVICE_KINDS = {
    policy.WARRANTY: ("repair", "accessory_repair", "accessory_replacement"),
    policy.RESIZE: ("resize", REDESIGN_SERVICE_KIND),
    policy.ACCESSORY: ("accessory_repair", "accessory_replacement"),
    policy.RESTORATION: ("repolishing", "replating"),
}
RETURN_SERVICES = (policy.RETURN_SATISFACTION, policy.RETURN_QUALITY)
#: Where the paid service of a request stands, from quotation to payment.
BILLING_STATES = [
    ("quotation", "Quoted"),
    ("to_invoice", "Accepted, to invoice"),
    ("not_paid", "Invoiced, not paid"),
    ("partial", "Partially paid"),
    ("paid", "Paid"),
]
#: Everything the policy's answer for a request depends on.
ASSESSMENT_DEPENDS = (
    "aftersales_service",
    "aftersales_requested_on",
    "sale_line_id",
    "sale_line_id.purchase_date",
    "sale_line_id.received_date",
    "sale_line_id.warranty_end",
    "sale_line_id.free_resize_end",
    "sale_line_id.return_end",
    "sale_line_id.free_resizes_allowed",
    "sale_line_id.free_resizes_used",
    "sale_line_id.product_id.product_tmpl_id.adjustable",
    "sale_line_id.company_id.aftersales_service_shipping_payer",
    "sale_line_id.company_id.aftersales_warranty_shipping_payer",
    "sale_line_id.company_id.aftersales_return_shipping_payer",
    "sale_line_id.company_id.aftersales_quality_shipping_payer",
    "sale_line_id.company_id.partner_id.tz",
    "company_id.partner_id.tz",
    "damage_cause",
    "redesign",
    "photo_count",
    "quality_confirmed",
    "aftersales_used_free_resize",
)


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    aftersales_work_done = fields.Boolean(
        string="Work done",
        help="Requests in this stage had their service carried out: a paid "
        "service the customer accepted gets here only once paid, when the "
        "company asks for it.",
    )


class HelpdeskTicket(models.Model):
    _inherit = ["helpdesk.ticket", "sparklife.aftersales.override.mixin"]

    # The request ----------------------------------------------------------------
    aftersales_service = fields.Selection(
        selection=SERVICE_SELECTION,
        string="Service",
        index=True,
        tracking=True,
        help="The after-sales service the customer asks for.",
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Purchased item",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('is_aftersales_item', '=', True),"
        " ('order_partner_id', 'child_of', commercial_partner_id)]",
        help="The customer's purchased item this request is about.",
    )
    aftersales_requested_on = fields.Datetime(
        string="Requested on",
        default=fields.Datetime.now,
        tracking=True,
        help="When the customer asked: the policy windows are judged on this day.",
    )
    requested_size = fields.Char(help="The size the customer asks for.")
    redesign = fields.Boolean(
        string="Redesign needed",
        compute="_compute_redesign",
        store=True,
        readonly=False,
        tracking=True,
        help="The resize needs the piece to be redesigned: a paid service, "
        "priced per design. Always set for a piece that cannot be adjusted.",
    )
    redesign_implied = fields.Boolean(
        compute="_compute_redesign_implied",
        help="The piece cannot be adjusted: its resize can only be a redesign.",
    )
    photo_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="helpdesk_ticket_aftersales_photo_rel",
        column1="ticket_id",
        column2="attachment_id",
        string="Photos",
        help="Pictures of the item sent by the customer or taken at the workshop.",
    )
    photo_count = fields.Integer(compute="_compute_photo_count", store=True)
    damage_cause = fields.Selection(
        selection=DAMAGE_CAUSE_SELECTION,
        default=policy.NOT_ASSESSED,
        tracking=True,
        help="The workshop's finding: only a manufacturing defect is repaired "
        "for free under the warranty.",
    )
    quality_confirmed = fields.Boolean(
        string="Quality issue confirmed",
        tracking=True,
        help="Customer service saw the photos and confirms the quality issue: "
        "the customer may send the item.",
    )

    # The assessment, from the policy engine ----------------------------------------
    eligibility = fields.Selection(
        selection=OUTCOME_SELECTION,
        compute="_compute_assessment",
        store=True,
        index=True,
        tracking=True,
    )
    eligibility_deadline = fields.Date(
        string="Eligible until", compute="_compute_assessment", store=True
    )
    shipping_payer = fields.Selection(
        selection=SHIPPING_PAYERS,
        string="Shipping paid by",
        compute="_compute_assessment",
        store=True,
    )
    eligibility_reason = fields.Char(
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

    # What was decided ------------------------------------------------------------
    aftersales_approved_on = fields.Datetime(
        string="Free service approved on", readonly=True, copy=False, tracking=True
    )
    aftersales_used_free_resize = fields.Boolean(
        string="Used a free resize",
        readonly=True,
        copy=False,
        help="The approval of this request used one of the item's free resizes.",
    )
    return_authorized_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    return_authorization_lapsed_on = fields.Datetime(
        string="Return authorization lapsed on",
        readonly=True,
        copy=False,
        tracking=True,
        help="The item was not sent within the period the company allows.",
    )
    aftersales_approval_lapsed_on = fields.Datetime(
        string="Free resize approval lapsed on",
        readonly=True,
        copy=False,
        tracking=True,
        help="The item was not sent within the period the company allows: the "
        "free resize was given back to the item.",
    )
    service_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Service product",
        compute="_compute_service_product_id",
        store=True,
        readonly=False,
        domain="[('aftersales_service_kind', 'not in', (False, 'shipping'))]",
        help="The paid service quoted to the customer.",
    )
    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Service quotation",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
    )
    aftersales_quotation_state = fields.Selection(
        related="sale_order_id.state", string="Quotation status"
    )
    aftersales_invoice_status = fields.Selection(
        related="sale_order_id.invoice_status", string="Invoice status"
    )
    aftersales_invoice_ids = fields.Many2many(
        comodel_name="account.move",
        string="Invoices",
        compute="_compute_aftersales_billing",
        help="The invoices and credit notes of the service quotation.",
    )
    aftersales_billing_state = fields.Selection(
        selection=BILLING_STATES,
        string="Payment",
        compute="_compute_aftersales_billing",
        help="Where the paid service stands: quoted, accepted and to invoice, "
        "invoiced and not paid, partially paid, or paid.",
    )
    aftersales_amount_paid = fields.Monetary(
        string="Paid", compute="_compute_aftersales_billing"
    )
    aftersales_amount_due = fields.Monetary(
        string="Still due", compute="_compute_aftersales_billing"
    )

    rma_ids = fields.One2many(
        comodel_name="rma",
        inverse_name="aftersales_ticket_id",
        string="Returns (RMA)",
        readonly=True,
    )
    rma_count = fields.Integer(string="Returns", compute="_compute_rma_count")

    # The item's journey ------------------------------------------------------------
    aftersales_address_id = fields.Many2one(
        comodel_name="res.partner",
        string="Send items to",
        compute="_compute_aftersales_address_id",
    )
    inbound_carrier = fields.Char(string="Carrier (to us)", tracking=True)
    inbound_tracking_ref = fields.Char(string="Tracking (to us)", tracking=True)
    inbound_received_date = fields.Date(string="Received at workshop", tracking=True)
    outbound_carrier = fields.Char(string="Carrier (back)", tracking=True)
    outbound_tracking_ref = fields.Char(string="Tracking (back)", tracking=True)
    outbound_shipped_date = fields.Date(string="Shipped back on", tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    shipping_cost = fields.Monetary(
        string="Shipping cost borne",
        groups="sparklife_aftersales.group_aftersales_manager",
        help="What shipping cost the company when it pays shipping (warranty, "
        "quality issues): no fee is charged to the customer.",
    )

    # The item's coverage, shown on the request ---------------------------------------
    item_purchase_date = fields.Date(related="sale_line_id.purchase_date")
    item_received_date = fields.Date(related="sale_line_id.received_date")
    item_warranty_end = fields.Date(related="sale_line_id.warranty_end")
    item_free_resize_end = fields.Date(related="sale_line_id.free_resize_end")
    item_free_resizes_remaining = fields.Integer(
        related="sale_line_id.free_resizes_remaining"
    )
    item_return_end = fields.Date(related="sale_line_id.return_end")

    # Computes ----------------------------------------------------------------------

    @api.depends("photo_ids")
    def _compute_photo_count(self):
        for ticket in self:
            ticket.photo_count = len(ticket.photo_ids)

    def _aftersales_request(self):
        """What staff and the customer told about this request, for the engine."""
        self.ensure_one()
        return policy.Request(
            damage_cause=self.damage_cause or policy.NOT_ASSESSED,
            redesign=self.redesign,
            photo_count=self.photo_count,
            confirmed=self.quality_confirmed,
        )

    def _aftersales_decision(self):
        """The policy's decision for this request, or None without a service."""
        self.ensure_one()
        if not self.aftersales_service:
            return None
        return self.env["sparklife.aftersales.policy"].evaluate(
            self.sale_line_id,
            self.aftersales_service,
            at=self.aftersales_requested_on or fields.Datetime.now(),
            request=self._aftersales_request(),
            released_resizes=1 if self.aftersales_used_free_resize else 0,
        )

    @api.depends(*ASSESSMENT_DEPENDS)
    def _compute_assessment(self):
        for ticket in self:
            decision = ticket._aftersales_decision()
            ticket.eligibility = decision and decision.outcome
            ticket.eligibility_deadline = decision and decision.deadline
            ticket.shipping_payer = decision and decision.shipping_payer

    @api.depends(*ASSESSMENT_DEPENDS)
    def _compute_assessment_text(self):
        engine = self.env["sparklife.aftersales.policy"]
        for ticket in self:
            decision = ticket._aftersales_decision()
            ticket.eligibility_reason = decision and engine.describe(decision)
            ticket.aftersales_pending = decision and engine.describe_requirements(
                decision
            )
            ticket.aftersales_next_steps = ticket._aftersales_next_steps(decision)

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
            and self.sale_line_id
            and policy.resize_needs_redesign(self.sale_line_id._aftersales_item())
        )

    @api.depends(
        "aftersales_service", "sale_line_id.product_id.product_tmpl_id.adjustable"
    )
    def _compute_redesign_implied(self):
        for ticket in self:
            ticket.redesign_implied = ticket._aftersales_redesign_implied()

    @api.depends(
        "aftersales_service", "sale_line_id.product_id.product_tmpl_id.adjustable"
    )
    def _compute_redesign(self):
        for ticket in self:
            # What staff set stays, for a resize; a piece that cannot be
            # adjusted is always a redesign.
            ticket.redesign = ticket._aftersales_redesign_implied() or (
                ticket.aftersales_service == policy.RESIZE and ticket.redesign
            )

    @api.depends("aftersales_service", "redesign")
    def _compute_service_product_id(self):
        products = self.env["product.product"].search(
            [("aftersales_service_kind", "!=", False)], order="id"
        )
        by_kind = {}
        for product in products:
            by_kind.setdefault(product.aftersales_service_kind, product)
        for ticket in self:
            kind = DEFAULT_SERVICE_KIND.get(ticket.aftersales_service)
            if ticket.aftersales_service == policy.RESIZE and ticket.redesign:
                kind = REDESIGN_SERVICE_KIND
            ticket.service_product_id = by_kind.get(kind, products.browse())

    @api.depends(
        "sale_order_id.state",
        "sale_order_id.amount_total",
        "sale_order_id.invoice_ids.state",
        "sale_order_id.invoice_ids.amount_total",
        "sale_order_id.invoice_ids.amount_residual",
        "sale_order_id.invoice_ids.payment_state",
    )
    def _compute_aftersales_billing(self):
        for ticket in self:
            order = ticket.sale_order_id
            ticket.aftersales_invoice_ids = order.invoice_ids
            state, paid, due = ticket._aftersales_billing(order)
            ticket.aftersales_billing_state = state
            ticket.aftersales_amount_paid = paid
            ticket.aftersales_amount_due = due

    @api.model
    def _aftersales_billing(self, order):
        """``(state, paid, due)`` of the service quotation ``order``: what
        the customer paid of it (posted invoices less what they still owe,
        credit notes deducted) and what is left to pay of the order."""
        if not order or order.state == "cancel":
            return False, 0.0, 0.0
        if order.state in ("draft", "sent"):
            return "quotation", 0.0, order.amount_total
        posted = order.invoice_ids.filtered(lambda m: m.state == "posted")
        invoices = posted.filtered(lambda m: m.move_type == "out_invoice")
        if not invoices:
            return "to_invoice", 0.0, order.amount_total
        refunds = posted.filtered(lambda m: m.move_type == "out_refund")
        invoiced = sum(invoices.mapped("amount_total")) - sum(
            refunds.mapped("amount_total")
        )
        # An invoice "in payment" is paid by the customer, whether or not
        # the payment has a journal entry yet.
        owed = sum(
            invoice.amount_residual
            for invoice in invoices
            if invoice.payment_state not in ("paid", "in_payment")
        ) - sum(refunds.mapped("amount_residual"))
        paid = invoiced - owed
        due = order.amount_total - paid
        currency = order.currency_id
        if currency.compare_amounts(paid, 0.0) <= 0:
            state = "not_paid"
        elif currency.compare_amounts(due, 0.0) > 0:
            state = "partial"
        else:
            state = "paid"
        return state, paid, max(due, 0.0)

    def _aftersales_accounting_values(self, service=None):
        """What an invoice or credit note line of this request carries (this
        may be no request: a return asked from an order page)."""
        values = {"aftersales_service": service or self.aftersales_service}
        if self:
            self.ensure_one()
            values.update(
                aftersales_ticket_id=self.id, aftersales_ticket_ref=self.number
            )
        return values

    @api.depends("rma_ids")
    def _compute_rma_count(self):
        for ticket in self:
            ticket.rma_count = len(ticket.rma_ids)

    @api.depends("company_id", "sale_line_id.company_id")
    def _compute_aftersales_address_id(self):
        for ticket in self:
            company = ticket.sale_line_id.company_id or ticket.company_id
            ticket.aftersales_address_id = company._aftersales_address()

    # Constraints -------------------------------------------------------------------

    @api.constrains("sale_line_id", "partner_id", "company_id")
    def _check_sale_line_id(self):
        for ticket in self.filtered("sale_line_id"):
            line = ticket.sale_line_id
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
            owner = line.order_id.partner_id.commercial_partner_id
            if owner != ticket.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(item)s was bought by another customer: a request can "
                        "only be about the customer's own items.",
                        item=line.display_name,
                    )
                )

    @api.constrains("redesign", "aftersales_service", "sale_line_id")
    def _check_redesign(self):
        for ticket in self:
            if not ticket.redesign and ticket._aftersales_redesign_implied():
                raise ValidationError(
                    self.env._(
                        "%(item)s cannot be adjusted: its resize is a redesign, "
                        "so Redesign needed stays set.",
                        item=ticket.sale_line_id.product_id.display_name,
                    )
                )

    @api.constrains("photo_ids")
    def _check_photo_ids(self):
        for ticket in self:
            not_images = ticket.photo_ids.filtered(
                lambda a: not (a.mimetype or "").startswith("image/")
            )
            if not_images:
                raise ValidationError(
                    self.env._(
                        "Photos must be images; %(files)s is not.",
                        files=", ".join(not_images.mapped("name")),
                    )
                )

    # Intake: acknowledgement ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._aftersales_adopt_own_photos()
        tickets._aftersales_acknowledge()
        return tickets

    def write(self, vals):
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.aftersales_work_done:
                self._aftersales_check_paid_before_done()
        result = super().write(vals)
        if "photo_ids" in vals:
            self._aftersales_adopt_own_photos()
        return result

    def _aftersales_check_paid_before_done(self):
        """A paid service the customer accepted is done once paid, where the
        company says so."""
        labels = dict(
            self._fields["aftersales_billing_state"]._description_selection(self.env)
        )
        for ticket in self:
            order = ticket.sale_order_id
            if (
                not ticket.company_id.aftersales_paid_before_done
                or order.state != "sale"
                or ticket.aftersales_billing_state == "paid"
            ):
                continue
            raise UserError(
                self.env._(
                    "%(ticket)s cannot be done before its service is paid: "
                    "%(order)s is %(state)s (%(due)s still due). Invoice it and "
                    "register the payment first.",
                    ticket=ticket.display_name,
                    order=order.name,
                    state=labels[ticket.aftersales_billing_state].lower(),
                    due=order.currency_id.format(ticket.aftersales_amount_due),
                )
            )

    def _aftersales_adopt_own_photos(self):
        """Photos uploaded on the ticket itself (the portal, the form's
        attachments) must be readable by whoever reads the ticket: bind them."""
        for ticket in self:
            foreign = ticket.photo_ids.filtered(
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
                ticket.message_post_with_source(
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
                self.sudo().photo_ids = [Command.link(a.id) for a in images]
        return result

    # Actions ---------------------------------------------------------------------------

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
        labels = dict(self._fields["eligibility"]._description_selection(self.env))
        payers = dict(self._fields["shipping_payer"]._description_selection(self.env))
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
        return True

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
        if self.aftersales_service == policy.RESIZE and not overridden:
            self.sale_line_id._aftersales_use_free_resize(self.aftersales_requested_on)
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

    def action_aftersales_create_quotation(self):
        """The quotation of what the customer pays: the paid service and, when
        the customer pays shipping, the shipping fee. Opens the existing one
        rather than creating a second."""
        self._aftersales_check_user()
        self.ensure_one()
        if self.sale_order_id and self.sale_order_id.state != "cancel":
            return self.action_aftersales_open_quotation()
        decision = self._aftersales_checked_decision()
        if self.aftersales_service in RETURN_SERVICES + policy.CUSTOMER_SERVICE:
            raise UserError(
                self.env._("Returns, inquiries and complaints are never quoted.")
            )
        if decision.is_refused and not self._aftersales_overridden():
            raise self._aftersales_refusal_error(decision)
        if not self.partner_id:
            raise UserError(self.env._("Set the customer of the request first."))
        lines = []
        if decision.is_paid:
            product = self.service_product_id
            allowed = ALLOWED_SERVICE_KINDS.get(self.aftersales_service, ())
            if decision.redesign:
                allowed = (REDESIGN_SERVICE_KIND,)
            if not product or product.aftersales_service_kind not in allowed:
                raise UserError(
                    self.env._(
                        "Choose the service product to quote: one of the "
                        "after-sales services for this kind of request."
                    )
                )
            lines.append(Command.create({"product_id": product.id}))
        if decision.shipping_payer == policy.CUSTOMER:
            shipping = self.env["product.product"]._aftersales_shipping_fee()
            lines.append(Command.create({"product_id": shipping.id}))
        if not lines:
            raise UserError(
                self.env._(
                    "Nothing to charge: %(reason)s",
                    reason=self.env["sparklife.aftersales.policy"].describe(decision),
                )
            )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "origin": self.number,
                "aftersales_ticket_id": self.id,
                "order_line": lines,
            }
        )
        self.sale_order_id = order
        self.message_post(
            body=self.env._(
                "Service quotation %(order)s created.", order=order._get_html_link()
            ),
            subtype_xmlid="mail.mt_note",
        )
        order.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": order, "origin": self},
            subtype_xmlid="mail.mt_note",
        )
        return self.action_aftersales_open_quotation()

    def action_aftersales_create_invoice(self):
        """Invoice the accepted service quotation with sale's own invoicing:
        first a down payment when the company asks for one, then the rest
        (down payments deducted). The invoice is a draft for accounting to
        post."""
        self._aftersales_check_user()
        self.ensure_one()
        order = self.sale_order_id
        if order.state != "sale":
            raise UserError(
                self.env._(
                    "%(ticket)s has no accepted quotation to invoice: the customer "
                    "accepts it first (in the portal, or confirm it here).",
                    ticket=self.display_name,
                )
            )
        company = order.company_id
        down_payment = (
            company.aftersales_invoice_method == "down_payment"
            and not order.order_line.filtered("is_downpayment")
        )
        values = (
            {
                "advance_payment_method": "percentage",
                "amount": company.aftersales_down_payment_percent,
            }
            if down_payment
            else {"advance_payment_method": "delivered"}
        )
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({**values, "sale_order_ids": [Command.set(order.ids)]})
        )
        invoices = wizard._create_invoices(order)
        self.message_post(
            body=self.env._(
                "%(kind)s %(invoice)s created from %(order)s.",
                kind=self.env._("Down payment invoice")
                if down_payment
                else self.env._("Invoice"),
                invoice=Markup(", ").join(i._get_html_link() for i in invoices),
                order=order._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return self._aftersales_invoices_action(invoices)

    def action_aftersales_view_invoices(self):
        self.ensure_one()
        return self._aftersales_invoices_action(self.aftersales_invoice_ids)

    def _aftersales_invoices_action(self, invoices):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        if len(invoices) == 1:
            action.update(res_id=invoices.id, view_mode="form", views=[(False, "form")])
        else:
            action["domain"] = [("id", "in", invoices.ids)]
        action["context"] = {"create": False}
        return action

    def _aftersales_demo_bill(self, until):
        """Demo data only: take the paid service of these requests as far as
        ``until``: "sent" (a quotation to accept), "posted" (accepted and
        invoiced) or "paid"."""
        for ticket in self:
            ticket.action_aftersales_create_quotation()
            order = ticket.sale_order_id
            order.action_quotation_sent()
            if until == "sent":
                continue
            order.action_confirm()
            ticket.action_aftersales_create_invoice()
            invoice = ticket.aftersales_invoice_ids.filtered(
                lambda m: m.state == "draft"
            )
            invoice.action_post()
            if until == "paid":
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create({})._create_payments()

    def action_aftersales_open_quotation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_aftersales_authorize_return(self):
        """Authorize the return the policy allows: the RMA is created and
        confirmed, which tells the customer where to send the item."""
        self._aftersales_check_user()
        engine = self.env["sparklife.aftersales.policy"]
        rmas = self.env["rma"]
        for ticket in self:
            requested = ticket.rma_ids.filtered(lambda r: r.state == "draft")[:1]
            if ticket.return_authorized_on or ticket.rma_ids.filtered(
                lambda r: r.state not in ("draft", "cancelled")
            ):
                raise UserError(
                    self.env._(
                        "The return of %(ticket)s is already authorized.",
                        ticket=ticket.display_name,
                    )
                )
            decision = ticket._aftersales_checked_decision()
            if ticket.aftersales_service not in RETURN_SERVICES:
                raise UserError(
                    self.env._(
                        "%(ticket)s is not a return request.",
                        ticket=ticket.display_name,
                    )
                )
            overridden = decision.is_refused and ticket._aftersales_overridden()
            if decision.is_refused and not overridden:
                raise ticket._aftersales_refusal_error(decision)
            pending = decision.pending_before_sending
            if pending and not overridden:
                raise UserError(
                    self.env._(
                        "The return of %(ticket)s cannot be authorized yet. "
                        "Still needed: %(pending)s.",
                        ticket=ticket.display_name,
                        pending=engine.describe_requirements(decision, pending),
                    )
                )
            # A return asked from the portal has its RMA already, in draft.
            rma = requested or ticket._aftersales_create_rma()
            rma.action_confirm()
            rmas |= rma
            ticket.return_authorized_on = fields.Datetime.now()
            ticket.message_post(
                body=self.env._(
                    "Return authorized by %(user)s: %(reason)s %(rma)s tells the "
                    "customer where to send the item.",
                    user=self.env.user.name,
                    reason=engine.describe(decision),
                    rma=rma._get_html_link(),
                ),
                subtype_xmlid="mail.mt_note",
            )
        if len(rmas) == 1:
            return self.action_aftersales_view_rmas()
        return True

    def _aftersales_create_rma(self):
        """The RMA of this return request, for one unit of the item as it was
        delivered; the customer follows it, so that it is on their portal."""
        self.ensure_one()
        line = self.sale_line_id
        move = line.move_ids.filtered(
            lambda m: m.state == "done" and m.picking_code == "outgoing"
        ).sorted("date")[-1:]
        rma = self.env["rma"].create(
            {
                "partner_id": line.order_id.partner_id.id,
                "order_id": line.order_id.id,
                "picking_id": move.picking_id.id,
                "move_id": move.id,
                "product_id": line.product_id.id,
                "product_uom_qty": 1,
                "product_uom": line.product_uom_id.id,
                "operation_id": self.env.ref(
                    "sparklife_aftersales.rma_operation_aftersales_return"
                ).id,
                "company_id": line.company_id.id,
                "origin": self.number,
                "aftersales_ticket_id": self.id,
                "aftersales_line_id": line.id,
                "description": self.description,
            }
        )
        rma.message_subscribe(partner_ids=line.order_id.partner_id.ids)
        return rma

    def action_aftersales_view_rmas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rma.rma_action")
        if len(self.rma_ids) == 1:
            action.update(
                res_id=self.rma_ids.id, view_mode="form", views=[(False, "form")]
            )
        else:
            action["domain"] = [("aftersales_ticket_id", "=", self.id)]
        action["context"] = {"default_aftersales_ticket_id": self.id}
        return action

    def action_aftersales_open_override(self):
        """Open the form where a manager overrides a refusal."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override the refusal"),
            "res_model": "sparklife.aftersales.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    # Scheduled job: close what lapsed ---------------------------------------------

    @api.model
    def _cron_close_lapsed(self, batch_size=200):
        """Close authorizations the customer never used, and expire the
        quotations of paid services never accepted."""
        return (
            self._close_lapsed_returns(batch_size)
            + self._close_lapsed_free_resizes(batch_size)
            + self.env["sale.order"]._aftersales_expire_quotations(batch_size)
        )

    @api.model
    def _lapsed_domain(self, date_field, grace_field):
        """Requests whose ``date_field`` is older than the company's grace
        period and whose item never reached the workshop."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        return Domain("inbound_received_date", "=", False) & Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain(date_field, "<", now - timedelta(days=company[grace_field]))
            for company in companies
        )

    @api.model
    def _close_lapsed_returns(self, batch_size):
        domain = Domain(
            "return_authorization_lapsed_on", "=", False
        ) & self._lapsed_domain("return_authorized_on", "aftersales_return_grace_days")

        def close(tickets):
            tickets.write({"return_authorization_lapsed_on": fields.Datetime.now()})
            tickets.rma_ids.filtered(lambda r: r.state == "confirmed").action_cancel()
            for ticket in tickets:
                ticket = ticket._aftersales_in_customer_language()
                ticket._aftersales_tell_customer(
                    ticket.env._(
                        "We have not received the item of your return %(ticket)s "
                        "within the period allowed, so the return authorization "
                        "has lapsed. Reply to this message if you still wish to "
                        "return it.",
                        ticket=ticket.number,
                    )
                )
            return len(tickets)

        return process_in_batches(self.sudo(), domain, close, batch_size)

    @api.model
    def _close_lapsed_free_resizes(self, batch_size):
        domain = (
            Domain("aftersales_used_free_resize", "=", True)
            & Domain("aftersales_approval_lapsed_on", "=", False)
            & self._lapsed_domain(
                "aftersales_approved_on", "aftersales_approval_grace_days"
            )
        )

        def close(tickets):
            self.env["sale.order.line"].browse(
                [ticket.sale_line_id.id for ticket in tickets]
            )._aftersales_release_free_resizes()
            tickets.write(
                {
                    "aftersales_used_free_resize": False,
                    "aftersales_approval_lapsed_on": fields.Datetime.now(),
                }
            )
            for ticket in tickets:
                ticket = ticket._aftersales_in_customer_language()
                ticket._aftersales_tell_customer(
                    ticket.env._(
                        "We have not received the item of your request %(ticket)s "
                        "within the period allowed, so the approval of its free "
                        "resize has lapsed. Reply to this message if you still "
                        "need the resize.",
                        ticket=ticket.number,
                    )
                )
            return len(tickets)

        return process_in_batches(self.sudo(), domain, close, batch_size)

    def _aftersales_in_customer_language(self):
        """This record in its customer's language, for what is written to them."""
        self.ensure_one()
        return self.with_context(lang=self.partner_id.lang or self.env.lang)

    def _aftersales_tell_customer(self, text):
        """Send ``text`` (written in the customer's language, see
        :meth:`_aftersales_in_customer_language`) to the customer, and keep it
        in the chatter."""
        self.ensure_one()
        self.message_post(
            body=text,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
        )
