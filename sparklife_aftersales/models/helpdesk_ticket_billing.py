# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests: the paid service. The quotation of what the customer
pays (service product, shipping fee), its acceptance, the invoices and where
payment stands, and the rule that a paid service is done once paid."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from .. import policy
from ..const import (
    ALLOWED_SERVICE_KINDS,
    BILLING_STATES,
    DEFAULT_SERVICE_KIND,
    REDESIGN_SERVICE_KIND,
    RETURN_SERVICES,
)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_service_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Service product",
        compute="_compute_aftersales_service_product_id",
        store=True,
        readonly=False,
        domain="[('aftersales_service_kind', 'not in', (False, 'shipping'))]",
        help="The paid service quoted to the customer.",
    )

    aftersales_sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Service quotation",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
    )

    aftersales_quotation_state = fields.Selection(
        related="aftersales_sale_order_id.state", string="Quotation status"
    )

    aftersales_invoice_status = fields.Selection(
        related="aftersales_sale_order_id.invoice_status", string="Invoice status"
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
        string="Paid",
        currency_field="aftersales_currency_id",
        compute="_compute_aftersales_billing",
    )

    aftersales_amount_due = fields.Monetary(
        string="Still due",
        currency_field="aftersales_currency_id",
        compute="_compute_aftersales_billing",
    )

    aftersales_currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends("aftersales_service", "aftersales_redesign")
    def _compute_aftersales_service_product_id(self):
        products = self.env["product.product"].search(
            [("aftersales_service_kind", "!=", False)], order="id"
        )
        by_kind = {}
        for product in products:
            by_kind.setdefault(product.aftersales_service_kind, product)
        for ticket in self:
            kind = DEFAULT_SERVICE_KIND.get(ticket.aftersales_service)
            if (
                ticket.aftersales_service == policy.RESIZE
                and ticket.aftersales_redesign
            ):
                kind = REDESIGN_SERVICE_KIND
            ticket.aftersales_service_product_id = by_kind.get(kind, products.browse())

    @api.depends(
        "aftersales_sale_order_id.state",
        "aftersales_sale_order_id.amount_total",
        "aftersales_sale_order_id.invoice_ids.state",
        "aftersales_sale_order_id.invoice_ids.amount_total",
        "aftersales_sale_order_id.invoice_ids.amount_residual",
        "aftersales_sale_order_id.invoice_ids.payment_state",
    )
    def _compute_aftersales_billing(self):
        for ticket in self:
            order = ticket.aftersales_sale_order_id
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

    def _aftersales_check_paid_before_done(self):
        """A paid service the customer accepted is done once paid, where the
        company says so."""
        labels = dict(
            self._fields["aftersales_billing_state"]._description_selection(self.env)
        )
        for ticket in self:
            order = ticket.aftersales_sale_order_id
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

    def action_aftersales_create_quotation(self):
        """The quotation of what the customer pays, made by the workshop job
        (repair's own quotation, see :meth:`_aftersales_quotation_lines`);
        the job is created when there is none yet. Opens the existing
        quotation rather than creating a second."""
        self._aftersales_check_user()
        self.ensure_one()
        if (
            self.aftersales_sale_order_id
            and self.aftersales_sale_order_id.state != "cancel"
        ):
            return self.action_aftersales_open_quotation()
        decision = self._aftersales_checked_decision()
        if self.aftersales_service in RETURN_SERVICES + policy.CUSTOMER_SERVICE:
            raise UserError(
                self.env._("Returns, inquiries and complaints are never quoted.")
            )
        if not self._aftersales_quotation_lines(decision):
            raise UserError(
                self.env._(
                    "Nothing to charge: %(reason)s",
                    reason=self.env["sparklife.aftersales.policy"].describe(decision),
                )
            )
        job = self.aftersales_repair_id or self._aftersales_create_job()
        job._aftersales_unlink_cancelled_quotation()
        job._create_sale_order()
        return self.action_aftersales_open_quotation()

    def _aftersales_quotation_lines(self, decision):
        """The lines a quotation of this request starts with: the paid
        service, or the deductible of a claim on the piece's care plan, and,
        when the customer pays shipping, the shipping fee (the workshop job
        adds its parts)."""
        self.ensure_one()
        if decision.is_refused and not self._aftersales_overridden():
            raise self._aftersales_refusal_error(decision)
        if not self.partner_id:
            raise UserError(self.env._("Set the customer of the request first."))
        lines = []
        if decision.is_paid:
            product = self.aftersales_service_product_id
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
        if decision.care_claim and decision.deductible:
            plan = self._aftersales_care_plan()
            product = self.env["product.product"]._aftersales_care_deductible()
            lines.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": self.env._(
                            "%(product)s: %(plan)s",
                            product=product.with_context(
                                display_default_code=False
                            ).display_name,
                            plan=plan.display_name,
                        ),
                        "price_unit": decision.deductible,
                    }
                )
            )
        if decision.shipping_payer == policy.CUSTOMER:
            shipping = self.env["product.product"]._aftersales_shipping_fee()
            lines.append(Command.create({"product_id": shipping.id}))
        return lines

    def _aftersales_quotation_created(self, order):
        """``order`` quotes this request: link it and say so."""
        self.ensure_one()
        self.aftersales_sale_order_id = order
        self._aftersales_sync_stage()
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

    def action_aftersales_create_invoice(self):
        """Invoice the accepted service quotation with sale's own invoicing:
        first a down payment when the company asks for one, then the rest
        (down payments deducted). The invoice is a draft for accounting to
        post."""
        self._aftersales_check_user()
        self.ensure_one()
        order = self.aftersales_sale_order_id
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

    def action_aftersales_open_quotation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.aftersales_sale_order_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def write(self, vals):
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.aftersales_work_done:
                self._aftersales_check_paid_before_done()
        return super().write(vals)
