# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Workshop jobs: a repair order for the work a service request asks on the
customer's piece. The piece comes in on a receipt into the workshop and goes
back on a delivery, owned by the customer all along; the job records the
intake (condition, photos, declared value), estimates its completion from a
lead time per service, and quotes paid work through repair's own sale
order."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.fields import Command, Domain
from odoo.tools.misc import format_date

from ..const import WORKSHOP_LEAD_FIELDS, WORKSHOP_STAGES


class RepairOrder(models.Model):
    _inherit = "repair.order"

    aftersales_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Service request",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
    )

    aftersales_service = fields.Selection(
        related="aftersales_ticket_id.aftersales_service", store=True
    )

    aftersales_assessment = fields.Boolean(
        string="For assessment",
        readonly=True,
        copy=False,
        tracking=True,
        help="The piece comes in for the workshop to find the cause of the "
        "damage: the policy answers once it is recorded, and the job then "
        "goes on free (under warranty), as a paid quotation, or the piece is "
        "shipped back.",
    )

    aftersales_damage_cause = fields.Selection(
        related="aftersales_ticket_id.aftersales_damage_cause",
        string="Damage cause",
        readonly=False,
        help="The workshop's finding on the piece, recorded on its request: "
        "only a manufacturing defect is repaired free under the warranty.",
    )

    aftersales_receipt_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Piece in",
        readonly=True,
        copy=False,
        help="The receipt of the customer's piece into the workshop.",
    )

    aftersales_delivery_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Piece back",
        readonly=True,
        copy=False,
        help="The delivery that sends the piece back to the customer.",
    )

    aftersales_received_on = fields.Datetime(
        related="aftersales_receipt_id.date_done", string="Received on", store=True
    )

    aftersales_shipped_on = fields.Datetime(
        related="aftersales_delivery_id.date_done", string="Shipped back on", store=True
    )

    aftersales_workshop_stage = fields.Selection(
        selection=WORKSHOP_STAGES,
        string="Piece",
        compute="_compute_aftersales_workshop_stage",
        store=True,
        index=True,
        group_expand=True,
        help="Where the piece is: to receive, received at the workshop, in "
        "the jeweler's hands, ready, or shipped back.",
    )

    aftersales_condition_notes = fields.Text(
        string="Condition at intake",
        tracking=True,
        help="The piece's condition as the workshop found it on receipt; the "
        "customer sees it.",
    )

    aftersales_photo_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="repair_order_aftersales_photo_rel",
        column1="repair_id",
        column2="attachment_id",
        string="Intake photos",
        help="Photos of the piece taken on receipt; the customer sees them.",
    )

    aftersales_currency_id = fields.Many2one(related="company_id.currency_id")

    aftersales_declared_value = fields.Monetary(
        string="Declared value",
        currency_field="aftersales_currency_id",
        tracking=True,
        help="What the piece is insured for when it is shipped back.",
    )

    aftersales_is_late = fields.Boolean(
        string="Late",
        compute="_compute_aftersales_is_late",
        search="_search_aftersales_is_late",
        help="Not ready on its estimated completion date.",
    )

    aftersales_awaiting_payment = fields.Boolean(
        string="Waiting for payment",
        compute="_compute_aftersales_awaiting_payment",
        store=True,
        index=True,
        help="A paid job whose service is not paid yet: it is not shipped back "
        "until it is.",
    )

    aftersales_ship_unpaid_reason = fields.Text(
        string="Shipped back before payment because",
        readonly=True,
        copy=False,
        tracking=True,
    )

    # Where the piece is ----------------------------------------------------------

    @api.depends("state", "aftersales_receipt_id.state", "aftersales_delivery_id.state")
    def _compute_aftersales_workshop_stage(self):
        for job in self:
            delivery = job.aftersales_delivery_id.filtered(
                lambda p: p.state != "cancel"
            )
            if not job.aftersales_ticket_id:
                stage = False
            elif delivery.state == "done":
                stage = "shipped"
            elif job.state == "cancel":
                # A piece going back without work (an assessment refused).
                stage = "ready" if delivery else False
            elif job.state == "done":
                stage = "ready"
            elif job.state == "under_repair":
                stage = "in_progress"
            elif job.aftersales_receipt_id.state == "done":
                stage = "received"
            else:
                stage = "to_receive"
            job.aftersales_workshop_stage = stage

    @api.depends("schedule_date", "aftersales_workshop_stage")
    def _compute_aftersales_is_late(self):
        now = fields.Datetime.now()
        for job in self:
            job.aftersales_is_late = bool(
                job.aftersales_workshop_stage
                in ("to_receive", "received", "in_progress")
                and job.schedule_date
                and job.schedule_date < now
            )

    def _search_aftersales_is_late(self, operator, value):
        if operator != "in":
            return NotImplemented
        late = Domain("aftersales_workshop_stage", "in", _UNFINISHED) & Domain(
            "schedule_date", "<", fields.Datetime.now()
        )
        return late if True in value else ~late

    def _aftersales_lead_days(self):
        self.ensure_one()
        field = WORKSHOP_LEAD_FIELDS.get(self.aftersales_service)
        return self.company_id[field] if field else 0

    def _aftersales_estimate(self, start):
        """The estimated completion of this job when its work starts at
        ``start``: the service's lead time later (company settings)."""
        self.ensure_one()
        return start + timedelta(days=self._aftersales_lead_days())

    # Payment --------------------------------------------------------------------

    def _aftersales_money_due(self):
        """What is still to be paid before the piece may go back, as a
        sentence, or None when nothing is."""
        self.ensure_one()
        ticket = self.aftersales_ticket_id
        order = self.sale_order_id.filtered(lambda o: o.state != "cancel")
        if not ticket or (
            (self.under_warranty or self.state == "cancel") and not order
        ):
            return None
        if not order:
            return self.env._("the paid service has not been quoted yet")
        if order.currency_id.is_zero(order.amount_total):
            return None
        if ticket.aftersales_billing_state == "paid":
            return None
        labels = dict(
            ticket._fields["aftersales_billing_state"]._description_selection(self.env)
        )
        return self.env._(
            "%(order)s is %(state)s, %(due)s still due",
            order=order.name,
            state=labels[ticket.aftersales_billing_state].lower(),
            due=order.currency_id.format(ticket.aftersales_amount_due),
        )

    @api.depends(
        "aftersales_ticket_id",
        "aftersales_workshop_stage",
        "under_warranty",
        "state",
        "sale_order_id.state",
        "sale_order_id.amount_total",
        "aftersales_ticket_id.aftersales_billing_state",
    )
    def _compute_aftersales_awaiting_payment(self):
        for job in self:
            job.aftersales_awaiting_payment = bool(
                job.aftersales_ticket_id
                and job.aftersales_workshop_stage != "shipped"
                and job._aftersales_money_due()
            )

    def _aftersales_check_may_ship(self):
        """A paid job goes back to the customer once its service is paid,
        where the company says so, unless a manager allowed it."""
        for job in self:
            if (
                not job.company_id.aftersales_paid_before_shipping
                or job.aftersales_ship_unpaid_reason
            ):
                continue
            due = job._aftersales_money_due()
            if due:
                raise UserError(
                    self.env._(
                        "%(job)s cannot be shipped back before its service is "
                        "paid: %(due)s. Register the payment first, or ask an "
                        "after-sales manager to allow it.",
                        job=job.name,
                        due=due,
                    )
                )

    def _aftersales_allow_unpaid_shipping(self, reason):
        """Let the piece go back before payment, for ``reason`` (logged)."""
        if not self.env.user.has_group("sparklife_aftersales.group_aftersales_manager"):
            raise AccessError(
                self.env._(
                    "Only after-sales managers can ship a piece back before "
                    "its service is paid."
                )
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Give the reason for shipping the piece back unpaid.")
            )
        self.aftersales_ship_unpaid_reason = reason
        for job in self:
            job.message_post(
                body=self.env._(
                    "%(user)s allowed shipping the piece back before payment. "
                    "Reason: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_aftersales_open_ship_unpaid(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ship back before payment"),
            "res_model": "sparklife.aftersales.ship.unpaid",
            "view_mode": "form",
            "target": "new",
            "context": {"default_repair_id": self.id},
        }

    # The piece's journey ----------------------------------------------------------

    def _aftersales_warehouse(self):
        self.ensure_one()
        warehouse = self.picking_type_id.warehouse_id
        return warehouse._aftersales_workshop()

    def _aftersales_piece_picking(self, picking_type, source, destination):
        """A transfer of the customer's piece, owned by the customer."""
        self.ensure_one()
        ticket = self.aftersales_ticket_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.partner_id.id,
                "owner_id": self.partner_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "origin": f"{ticket.number} {self.name}",
                "aftersales_repair_id": self.id,
                "company_id": self.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.product_id.id,
                            "product_uom_qty": self.product_qty,
                            "product_uom": self.product_uom.id
                            or self.product_id.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "restrict_partner_id": self.partner_id.id,
                            "company_id": self.company_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        if self.lot_id and source.usage == "customer":
            # The piece coming in is the one named: its serial is on the
            # receipt (the clerk corrects it if another piece arrives).
            move = picking.move_ids
            values = {"lot_id": self.lot_id.id, "owner_id": self.partner_id.id}
            if move.move_line_ids:
                move.move_line_ids.write(values)
            else:
                self.env["stock.move.line"].create(
                    {
                        **move._prepare_move_line_vals(quantity=self.product_qty),
                        **values,
                    }
                )
        return picking

    def _aftersales_create_receipt(self):
        """The receipt that brings the customer's piece into the workshop."""
        warehouse = self._aftersales_warehouse()
        self.aftersales_receipt_id = self._aftersales_piece_picking(
            warehouse.aftersales_in_type_id,
            self.env.ref("stock.stock_location_customers"),
            warehouse.aftersales_workshop_location_id,
        )

    def action_aftersales_open_receipt(self):
        self.ensure_one()
        if not self.aftersales_receipt_id:
            self._aftersales_create_receipt()
        return self._aftersales_open_picking(self.aftersales_receipt_id)

    def action_aftersales_ship_back(self):
        """The delivery that sends the piece back: once the work is done (or
        the job cancelled), and once a paid service is paid."""
        self.ensure_one()
        delivery = self.aftersales_delivery_id
        if delivery and delivery.state != "cancel":
            return self._aftersales_open_picking(delivery)
        if self.aftersales_receipt_id.state != "done":
            raise UserError(
                self.env._(
                    "%(job)s: the piece has not been received at the workshop.",
                    job=self.name,
                )
            )
        if self.state not in ("done", "cancel"):
            raise UserError(
                self.env._(
                    "%(job)s: end the repair before shipping the piece back.",
                    job=self.name,
                )
            )
        self._aftersales_check_may_ship()
        warehouse = self._aftersales_warehouse()
        self.aftersales_delivery_id = self._aftersales_piece_picking(
            warehouse.aftersales_out_type_id,
            warehouse.aftersales_workshop_location_id,
            self.env.ref("stock.stock_location_customers"),
        )
        self.aftersales_delivery_id.action_assign()
        return self._aftersales_open_picking(self.aftersales_delivery_id)

    def _aftersales_open_picking(self, picking):
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _aftersales_piece_moved(self, picking):
        """``picking`` of this job is done: the piece came in or went back."""
        self.ensure_one()
        if picking == self.aftersales_receipt_id:
            self.schedule_date = self._aftersales_estimate(picking.date_done)
            received = picking.move_line_ids.lot_id[:1]
            if received and received != self.lot_id:
                # The serial read on the piece that came in is the job's (and
                # the request's, when it is one of the item's or it had none).
                self.lot_id = received
                ticket = self.aftersales_ticket_id
                lots = ticket.aftersales_sale_line_id.aftersales_lot_ids
                if not lots or received in lots:
                    ticket.aftersales_lot_id = received
            message = self.env._(
                "Piece received at the workshop (%(picking)s). Estimated "
                "completion: %(date)s.",
                picking=picking._get_html_link(),
                date=format_date(
                    self.env,
                    fields.Datetime.context_timestamp(self, self.schedule_date),
                ),
            )
        else:
            message = self.env._(
                "Piece shipped back to the customer (%(picking)s).",
                picking=picking._get_html_link(),
            )
        self.message_post(body=message, subtype_xmlid="mail.mt_note")
        ticket = self.aftersales_ticket_id
        ticket.message_post(body=message, subtype_xmlid="mail.mt_note")
        ticket._aftersales_sync_stage()
        ticket._aftersales_notify(
            "received" if picking == self.aftersales_receipt_id else "shipped"
        )

    def action_repair_done(self):
        result = super().action_repair_done()
        self.aftersales_ticket_id._aftersales_notify("finished")
        for job in self.filtered("aftersales_ticket_id"):
            job.aftersales_ticket_id._aftersales_inspection_done(job)
        return result

    def action_aftersales_open_request(self):
        self.ensure_one()
        return self.aftersales_ticket_id._get_records_action()

    # The piece in for assessment ---------------------------------------------------

    def action_aftersales_assessment_done(self):
        """The jeweler recorded the damage cause of the piece in for
        assessment: the policy answers, and the job goes on free, becomes a
        paid quotation, or sends the piece back."""
        self.ensure_one()
        ticket = self.aftersales_ticket_id
        ticket._aftersales_check_user()
        if not self.aftersales_assessment:
            raise UserError(
                self.env._("%(job)s is not waiting for an assessment.", job=self.name)
            )
        if self.aftersales_receipt_id.state != "done":
            raise UserError(
                self.env._(
                    "%(job)s: receive the piece before recording what the "
                    "workshop found.",
                    job=self.name,
                )
            )
        return ticket._aftersales_assessed(self)

    def action_create_sale_order(self):
        for job in self.filtered("aftersales_ticket_id"):
            # A claim on a care plan is quoted its deductible, as the engine
            # says; other free work is never quoted.
            decision = job.aftersales_ticket_id._aftersales_decision()
            deductible = decision and decision.care_claim and decision.deductible
            if (job.under_warranty and not deductible) or job.aftersales_assessment:
                raise UserError(
                    self.env._(
                        "%(job)s is not quoted: %(why)s",
                        job=job.name,
                        why=self.env._("it is under warranty, free of charge.")
                        if job.under_warranty
                        else self.env._(
                            "its piece is in for assessment; the quotation "
                            "follows the workshop's finding."
                        ),
                    )
                )
        return super().action_create_sale_order()

    # One piece, one open job -------------------------------------------------------

    @api.model
    def _aftersales_check_piece_free(self, lot, job=None):
        """Refuse to take in the piece ``lot`` for ``job`` (or a new job)
        while another workshop job has it, naming that job with a link."""
        if not lot:
            return
        holder = self.search(
            [
                ("lot_id", "=", lot.id),
                ("aftersales_ticket_id", "!=", False),
                ("aftersales_workshop_stage", "in", (*_UNFINISHED, "ready")),
                ("id", "!=", job.id if job else False),
            ],
            limit=1,
        )
        if not holder:
            return
        raise RedirectWarning(
            self.env._(
                "The piece %(serial)s is already with the workshop on %(job)s "
                "(request %(ticket)s): finish that job and ship the piece back, "
                "or do this work on it, before taking the piece in again.",
                serial=lot.name,
                job=holder.name,
                ticket=holder.aftersales_ticket_id.number,
            ),
            holder._get_records_action(),
            self.env._("Open %(job)s", job=holder.name),
        )

    # Take-in slip ---------------------------------------------------------------

    def _aftersales_portal_photos(self):
        """The intake photos as the customer's portal shows them: ``name``,
        ``url`` and ``thumbnail_url``, each carrying the attachment's access
        token (created on first display), so the customer's browser reads
        them without any right on the job."""
        self.ensure_one()
        photos = self.sudo().aftersales_photo_ids
        tokens = photos.generate_access_token()
        return [
            {
                "name": photo.name,
                "url": f"/web/image/{photo.id}?access_token={token}",
                "thumbnail_url": f"/web/image/{photo.id}/256x256?access_token={token}",
            }
            for photo, token in zip(photos, tokens, strict=True)
        ]

    def action_aftersales_print_take_in(self):
        return self.env.ref(
            "sparklife_aftersales.action_report_take_in_slip"
        ).report_action(self)

    # The price: repair's own quotation --------------------------------------------

    def _get_sale_order_values(self):
        values = super()._get_sale_order_values()
        ticket = self.aftersales_ticket_id
        if ticket:
            decision = ticket._aftersales_checked_decision()
            values.update(
                origin=ticket.number,
                aftersales_ticket_id=ticket.id,
                order_line=ticket._aftersales_quotation_lines(decision),
                **self.company_id._aftersales_quotation_acceptance(),
            )
        return values

    def _create_sale_order(self):
        # The customer reads product names, not the shop's internal codes.
        orders = super(
            RepairOrder, self.with_context(display_default_code=False)
        )._create_sale_order()
        for job in self.filtered("aftersales_ticket_id"):
            job.aftersales_ticket_id._aftersales_quotation_created(job.sale_order_id)
        return orders.with_env(self.env)

    def _aftersales_unlink_cancelled_quotation(self):
        """Forget a cancelled quotation, so that the job can be quoted again."""
        for job in self.filtered(lambda j: j.sale_order_id.state == "cancel"):
            job.sale_order_id = False


_UNFINISHED = ("to_receive", "received", "in_progress")
