# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import dataclasses
from collections import Counter, defaultdict

from odoo import api, fields, models
from odoo.exceptions import LockError, UserError
from odoo.fields import Domain
from odoo.tools import float_compare

from .. import policy

#: What each item's summary tells the customer, in this order.
#: What the coverage of an item tells, then every return still open (or, when
#: none is, why the item can no longer be returned).
SUMMARY_SERVICES = (policy.WARRANTY, policy.RESIZE)
SUMMARY_RETURNS = (policy.RETURN_SATISFACTION, policy.RETURN_QUALITY)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    is_aftersales_item = fields.Boolean(
        string="Purchased Item",
        compute="_compute_is_aftersales_item",
        store=True,
        index=True,
        help="A piece of jewelry of a confirmed order, of a product covered by "
        "after-sales: covered by the after-sales policy.",
    )
    aftersales_adjustable = fields.Boolean(
        string="Adjustable", related="product_id.product_tmpl_id.aftersales_adjustable"
    )
    aftersales_ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="aftersales_sale_line_id",
        string="Service requests",
        groups="sparklife_aftersales.group_aftersales_user",
        help="The requests the customer made about this item.",
    )
    aftersales_ticket_count = fields.Integer(
        string="Requests",
        compute="_compute_aftersales_ticket_count",
        groups="sparklife_aftersales.group_aftersales_user",
    )
    aftersales_purchase_date = fields.Date(
        string="Purchase Date",
        compute="_compute_purchase_date",
        store=True,
        index=True,
        help="Day the order was confirmed, in the company's time zone.",
    )
    aftersales_received_date = fields.Date(
        string="Received Date",
        compute="_compute_received_date",
        store=True,
        index=True,
        help="Day the item was delivered to the customer, in the company's time zone.",
    )
    aftersales_warranty_end = fields.Date(
        string="Warranty End",
        compute="_compute_coverage",
        store=True,
        index=True,
        help="Last day of the warranty against manufacturing defects.",
    )
    aftersales_free_resize_end = fields.Date(
        string="Free Resize End",
        compute="_compute_coverage",
        store=True,
        index=True,
        help="Last day a free resize can be asked for.",
    )
    aftersales_return_end = fields.Date(
        string="Return End",
        compute="_compute_coverage",
        store=True,
        index=True,
        help="Last day the item can be returned because the customer is not satisfied.",
    )
    aftersales_free_resizes_allowed = fields.Integer(
        string="Free Resizes Allowed", compute="_compute_coverage", store=True
    )
    aftersales_free_resizes_used = fields.Integer(
        string="Free Resizes Used",
        default=0,
        copy=False,
        readonly=True,
        help="Free resizes already approved for this item.",
    )
    aftersales_free_resizes_remaining = fields.Integer(
        string="Free Resizes Remaining",
        compute="_compute_free_resizes_remaining",
        store=True,
    )
    aftersales_warranty_active = fields.Boolean(
        string="Warranty Active",
        compute="_compute_today_states",
        search="_search_warranty_active",
    )
    aftersales_free_resize_available = fields.Boolean(
        string="Free Resize Available",
        compute="_compute_today_states",
        search="_search_free_resize_available",
    )
    aftersales_return_window_open = fields.Boolean(
        string="Return Window Open",
        compute="_compute_today_states",
        search="_search_return_window_open",
    )

    aftersales_lot_ids = fields.Many2many(
        comodel_name="stock.lot",
        relation="sale_order_line_aftersales_lot_rel",
        column1="sale_line_id",
        column2="lot_id",
        string="Serial numbers",
        compute="_compute_aftersales_lot_ids",
        store=True,
        help="The serial numbers of the pieces delivered with this item (one per "
        "piece); empty for products not tracked by serial number, covered by "
        "the item as a whole.",
    )

    aftersales_reminder_ids = fields.One2many(
        comodel_name="sparklife.aftersales.reminder",
        inverse_name="sale_line_id",
        string="Reminders sent",
        readonly=True,
    )

    _free_resizes_used_in_range = models.Constraint(
        "CHECK(aftersales_free_resizes_used >= 0)",
        "The number of free resizes used cannot be negative.",
    )

    @api.depends(
        "order_id.state",
        "display_type",
        "is_downpayment",
        "product_id.type",
        "product_id.product_tmpl_id.aftersales_covered",
    )
    def _compute_is_aftersales_item(self):
        for line in self:
            line.is_aftersales_item = (
                line.order_id.state == "sale"
                and not line.display_type
                and not line.is_downpayment
                and line.product_id.type == "consu"
                and line.product_id.product_tmpl_id.aftersales_covered
            )

    @api.depends(
        "is_aftersales_item", "order_id.date_order", "order_id.company_id.partner_id.tz"
    )
    def _compute_purchase_date(self):
        for line in self:
            line.aftersales_purchase_date = (
                line.is_aftersales_item
                and policy.local_date(
                    line.order_id.date_order, line.company_id._aftersales_timezone()
                )
            )

    @api.depends(
        "is_aftersales_item",
        "product_uom_qty",
        "move_ids.state",
        "move_ids.date",
        "move_ids.quantity",
        "move_ids.location_dest_usage",
        "order_id.company_id.partner_id.tz",
    )
    def _compute_received_date(self):
        """The day the whole quantity was delivered. A later return of the
        item (an RMA) does not undo it: the customer did receive it then."""
        for line in self:
            moves = line.move_ids.filtered(
                lambda m: m.state == "done" and m.location_dest_usage == "customer"
            )
            shipped = sum(
                move.product_uom._compute_quantity(move.quantity, line.product_uom_id)
                for move in moves
            )
            delivered = (
                float_compare(
                    shipped,
                    line.product_uom_qty,
                    precision_rounding=line.product_uom_id.rounding or 0.01,
                )
                >= 0
            )
            line.aftersales_received_date = (
                line.is_aftersales_item
                and moves
                and delivered
                and policy.local_date(
                    max(moves.mapped("date")), line.company_id._aftersales_timezone()
                )
            )

    @api.depends(
        "is_aftersales_item",
        "move_ids.state",
        "move_ids.location_dest_usage",
        "move_ids.move_line_ids.lot_id",
    )
    def _compute_aftersales_lot_ids(self):
        """The pieces that reached the customer: serials of the done moves to
        a customer location (a later return does not undo the sale)."""
        for line in self:
            moves = line.move_ids.filtered(
                lambda m: m.state == "done" and m.location_dest_usage == "customer"
            )
            line.aftersales_lot_ids = (
                moves.move_line_ids.lot_id if line.is_aftersales_item else False
            )

    @api.depends(
        "is_aftersales_item",
        "aftersales_purchase_date",
        "aftersales_received_date",
        "product_uom_qty",
        "product_id.product_tmpl_id.aftersales_adjustable",
        "product_id.categ_id.aftersales_resizable",
        "order_id.company_id.aftersales_warranty_months",
        "order_id.company_id.aftersales_free_resize_months",
        "order_id.company_id.aftersales_free_resizes_per_unit",
        "order_id.company_id.aftersales_return_days",
        "aftersales_transferred_on",
        "aftersales_exchange_of_id",
    )
    def _compute_coverage(self):
        for line in self:
            cover = policy.coverage(
                line._aftersales_item(), line.company_id._aftersales_policy_settings()
            )
            line.aftersales_warranty_end = cover.warranty_end
            line.aftersales_free_resize_end = cover.free_resize_end
            line.aftersales_return_end = cover.return_end
            line.aftersales_free_resizes_allowed = cover.free_resizes_allowed

    @api.depends("aftersales_free_resizes_allowed", "aftersales_free_resizes_used")
    def _compute_free_resizes_remaining(self):
        for line in self:
            line.aftersales_free_resizes_remaining = policy.remaining_free_resizes(
                line.aftersales_free_resizes_allowed, line.aftersales_free_resizes_used
            )

    @api.depends(
        "aftersales_warranty_end",
        "aftersales_free_resize_end",
        "aftersales_free_resizes_remaining",
        "aftersales_return_end",
    )
    def _compute_today_states(self):
        """Against today, in the company's time zone: never stored, so never
        stale; the search methods below give the same answers in SQL."""
        for line in self:
            states = policy.window_states(
                line.aftersales_warranty_end,
                line.aftersales_free_resize_end,
                line.aftersales_return_end,
                line.aftersales_free_resizes_remaining,
                line.company_id._aftersales_today(),
            )
            line.aftersales_warranty_active = states.warranty_active
            line.aftersales_free_resize_available = states.free_resize_available
            line.aftersales_return_window_open = states.return_window_open

    @api.depends("aftersales_ticket_ids")
    def _compute_aftersales_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("aftersales_sale_line_id", "in", self.ids)],
                ["aftersales_sale_line_id"],
                ["__count"],
            )
        )
        for line in self:
            line.aftersales_ticket_count = counts.get(line, 0)

    def action_aftersales_new_request(self):
        """A new service request about this item, its customer filled in."""
        self.ensure_one()
        team = self.env.ref(
            "sparklife_aftersales.helpdesk_team_aftersales", raise_if_not_found=False
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New service request"),
            "res_model": "helpdesk.ticket",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_partner_id": self.aftersales_owner_id.id,
                "default_aftersales_sale_line_id": self.id,
                "default_company_id": self.company_id.id,
                "default_team_id": team.id if team else False,
            },
        }

    def action_aftersales_open_item(self):
        """This purchased item in its own form, through After-Sales >
        Purchased Items: its address (``/odoo/purchased-items/<id>``) opens
        the same form when reloaded or shared."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sparklife_aftersales.action_purchased_items"
        )
        form = self.env.ref("sparklife_aftersales.sale_order_line_aftersales_view_form")
        action.update(
            {
                "res_id": self.id,
                "view_mode": "form",
                "views": [(form.id, "form")],
                "target": "current",
            }
        )
        return action

    def get_formview_action(self, access_uid=None):
        # A purchased item opened from a link (its request, its serial) is
        # shown as a purchased item, at the address of Purchased Items.
        # Others (sales, accounting) keep the order line's own form.
        user = self.env["res.users"].browse(access_uid) if access_uid else self.env.user
        if (
            len(self) == 1
            and self.is_aftersales_item
            and user.has_group("sparklife_aftersales.group_aftersales_user")
        ):
            return self.action_aftersales_open_item()
        return super().get_formview_action(access_uid=access_uid)

    def action_aftersales_view_requests(self):
        """The service requests about this item."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sparklife_aftersales.action_service_requests"
        )
        action["domain"] = [("aftersales_sale_line_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.aftersales_owner_id.id,
            "default_aftersales_sale_line_id": self.id,
        }
        return action

    @api.model
    def _aftersales_item_fields(self):
        """The stored fields of a line that :meth:`_aftersales_item` and
        :meth:`_aftersales_summary` read, to read them at once for many
        lines (and not every column of each)."""
        return [
            "company_id",
            "product_id",
            "product_uom_qty",
            "price_total",
            "is_aftersales_item",
            "aftersales_purchase_date",
            "aftersales_received_date",
            "aftersales_free_resizes_used",
            "aftersales_transferred_on",
            "aftersales_exchange_of_id",
            "aftersales_lot_ids",
        ]

    def _aftersales_item(self, released_resizes=0, released_claim=None):
        """This line as the policy engine sees it; ``released_resizes`` free
        resizes and the plan's claim for the service ``released_claim`` are
        counted as not used (see the policy model)."""
        self.ensure_one()
        plan = self.sudo().aftersales_care_plan_id
        product = self.product_id
        quantity = self.product_uom_qty
        return policy.Item(
            purchase_date=self.aftersales_purchase_date or None,
            received_date=self.aftersales_received_date or None,
            quantity=int(quantity) if self.is_aftersales_item else 0,
            adjustable=self.aftersales_adjustable,
            free_resizes_used=max(
                self.aftersales_free_resizes_used - released_resizes, 0
            ),
            resizable=product.aftersales_resizable,
            plan=plan._policy_plan(released_claim) if plan else None,
            transferred_on=self.aftersales_transferred_on or None,
            exchanged=bool(self.aftersales_exchange_of_id),
            unit_price=self.price_total / quantity if quantity else 0.0,
            trade_up_eligible=product.aftersales_trade_up,
            certificate=bool(self.aftersales_lot_ids.aftersales_certificate_id),
        )

    def _aftersales_use_free_resize(self, requested_on):
        """Use one free resize of this item for a request made on
        ``requested_on``, or raise if none is left.

        The line is locked first: a concurrent approval either waits for
        nothing (it fails at once on the lock) or, having started before this
        one committed, fails on PostgreSQL's serialization check. Either way
        only one of them uses the last free resize.
        """
        self.ensure_one()
        try:
            self.lock_for_update(allow_referencing=True)
        except LockError:
            raise UserError(
                self.env._(
                    "Another approval for %(item)s is in progress: try again "
                    "in a moment.",
                    item=self.display_name,
                )
            ) from None
        self.invalidate_recordset(["aftersales_free_resizes_used"])
        engine = self.env["sparklife.aftersales.policy"]
        decision = engine.evaluate(self, policy.RESIZE, at=requested_on)
        if not decision.is_free:
            raise UserError(
                self.env._(
                    "No free resize for %(item)s: %(reason)s",
                    item=self.display_name,
                    reason=engine.describe(decision),
                )
            )
        # The other requests about this item may change their answer: keep it
        # in their history.
        self.env["helpdesk.ticket"].sudo().search(
            [("aftersales_sale_line_id", "=", self.id)]
        )._track_prepare(["aftersales_eligibility"])
        # sudo: the counter is read-only for users; only approvals move it.
        self.sudo().aftersales_free_resizes_used = self.aftersales_free_resizes_used + 1

    def _aftersales_release_free_resizes(self):
        """Give back one free resize of each of these lines, whose approvals
        lapsed (a line given twice gives back two)."""
        lines = self.browse(self.ids)  # without duplicates
        lines.lock_for_update(allow_referencing=True)
        lines.invalidate_recordset(["aftersales_free_resizes_used"])
        released = Counter(self.ids)
        by_value = defaultdict(list)
        for line in lines:
            by_value[
                max(line.aftersales_free_resizes_used - released[line.id], 0)
            ].append(line.id)
        for value, ids in by_value.items():
            self.browse(ids).sudo().aftersales_free_resizes_used = value

    # Search methods of the states against today ------------------------------

    def _search_today_state(self, operator, value, end_field, extra=()):
        """Domain of the lines whose ``end_field`` is today or later (and
        ``extra`` holds), or of the others when searching for False. "Today"
        is the day in each line's company time zone, as in the compute."""
        if operator not in ("in", "not in"):
            return NotImplemented
        wanted = (True in value) == (operator == "in")
        companies_by_day = defaultdict(list)
        # Every company: lines of any of them may be searched (crons, sudo),
        # and companies are few.
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        for company in companies:
            companies_by_day[company._aftersales_today()].append(company.id)
        open_on = Domain.OR(
            Domain("company_id", "in", company_ids) & Domain(end_field, ">=", day)
            for day, company_ids in companies_by_day.items()
        )
        if wanted:
            return open_on & Domain.AND(Domain(*cond) for cond in extra)
        closed_on = Domain.OR(
            Domain("company_id", "in", company_ids) & Domain(end_field, "<", day)
            for day, company_ids in companies_by_day.items()
        )
        return (
            Domain(end_field, "=", False)
            | closed_on
            | Domain.OR(~Domain(*cond) for cond in extra)
        )

    def _search_warranty_active(self, operator, value):
        return self._search_today_state(operator, value, "aftersales_warranty_end")

    def _search_free_resize_available(self, operator, value):
        return self._search_today_state(
            operator,
            value,
            "aftersales_free_resize_end",
            [("aftersales_free_resizes_remaining", ">", 0)],
        )

    def _search_return_window_open(self, operator, value):
        return self._search_today_state(operator, value, "aftersales_return_end")

    def _aftersales_for_customer(self):
        """This line as the customer of an after-sales service reads it:
        products by their names, without the shop's internal codes."""
        if self.order_id.aftersales_ticket_id:
            return self.with_context(display_default_code=False)
        return self

    def _get_sale_order_line_multiline_description_sale(self):
        return super(
            SaleOrderLine, self._aftersales_for_customer()
        )._get_sale_order_line_multiline_description_sale()

    def _prepare_invoice_line(self, **optional_values):
        values = super(
            SaleOrderLine, self._aftersales_for_customer()
        )._prepare_invoice_line(**optional_values)
        ticket = self.order_id.aftersales_ticket_id
        if ticket:
            values.update(ticket._aftersales_accounting_values())
        return values

    def _get_report_base_filename(self):
        """Name of this item's warranty card file (without extension)."""
        self.ensure_one()
        return self.env._("Warranty card - %(product)s", product=self.product_id.name)

    # What the customer portal shows -------------------------------------------

    def _aftersales_summary(self, for_next_owner=False):
        """For each item, the policy's sentences about its warranty, resize
        and returns today, and its care plan, as the customer reads them:
        ``{line id: [sentence, ...]}``. Every return still open is told; when
        none is, the first tells why. ``for_next_owner``: as they would be
        for someone the piece passed to today (what follows the piece)."""
        engine = self.env["sparklife.aftersales.policy"]
        # Each company's settings and today (in its time zone), once for all
        # the lines: the engine is then asked about a day, not a moment.
        now = fields.Datetime.now()
        days = {}
        for company in self.company_id:
            settings = company._aftersales_policy_settings()
            days[company] = (settings, policy.local_date(now, settings.timezone))
        summaries = {}
        for line in self:
            settings, today = days[line.company_id]
            # Only the services offered for this kind of piece (no resize
            # for earrings).
            item = line._aftersales_item()
            if for_next_owner and not item.transferred_on:
                item = dataclasses.replace(item, transferred_on=today)
            services = policy.offered_services(item, SUMMARY_SERVICES)
            evaluated = engine.evaluate_services(
                line,
                services + SUMMARY_RETURNS,
                at=today,
                settings=settings,
                item=item,
            )
            decisions = evaluated[: len(services)]
            returns = evaluated[len(services) :]
            decisions += [d for d in returns if not d.is_refused] or returns[:1]
            summaries[line.id] = [engine.describe(d) for d in decisions]
            if item.plan:
                summaries[line.id].append(
                    self.env._(
                        "Protected by %(plan)s until %(date)s.",
                        plan=line.aftersales_care_plan_id.template_id.name,
                        date=engine.format_date(item.plan.end),
                    )
                )
        return summaries

    def _aftersales_options(self):
        """What this item can be asked for now: one dict per service with
        its label, the outcome (free, paid, refused), its label and why."""
        self.ensure_one()
        engine = self.env["sparklife.aftersales.policy"]
        ticket_fields = self.env["helpdesk.ticket"]._fields
        services = dict(
            ticket_fields["aftersales_service"]._description_selection(self.env)
        )
        outcomes = {
            policy.FREE: self.env._("Free"),
            policy.PAID: self.env._("Paid service"),
            policy.REFUSED: self.env._("Not available"),
        }
        now = fields.Datetime.now()
        options = []
        offered = policy.offered_services(
            self._aftersales_item(), policy.PORTAL_ITEM_SERVICES
        )
        for service in offered:
            decision = engine.evaluate(self, service, at=now)
            options.append(
                {
                    "service": service,
                    "label": services[service],
                    "outcome": decision.outcome,
                    "outcome_label": outcomes[decision.outcome],
                    "reason": engine.describe(decision),
                    "available": not decision.is_refused,
                }
            )
        return options
