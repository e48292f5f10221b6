# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Goodwill credit: instead of a refund, a manager grants the customer of a
request (a complaint, most often) an amount to spend at the shop, as a gift
card of Odoo's ``loyalty``: its own code, balance and expiry, spent by code on
an order or on a paid service quotation.

A grant above the manager's limit waits for a second manager. The credit is a
liability until it is spent or expires: when the company names a journal and
its two accounts, granting posts *allowance / credit to give* (on the French
chart 709700 / 419800), spending it goes through the gift card's discount
product (its income account is the liability) and the expiry posts the
unspent balance back."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command, Domain

from .batching import due_batch, process_in_batches

CREDIT_REASONS = [
    ("delay", "Delay"),
    ("quality", "Quality issue"),
    ("service", "Service not up to standard"),
    ("gesture", "Commercial gesture"),
]
CREDIT_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To approve"),
    ("granted", "Granted"),
    ("refused", "Refused"),
    ("expired", "Expired"),
]


class AftersalesCredit(models.Model):
    _name = "sparklife.aftersales.credit"
    _description = "Goodwill credit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    name = fields.Char(
        string="Reference", readonly=True, copy=False, default="/", index="trigram"
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Request",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="ticket_id.company_id",
        store=True,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(required=True, tracking=True)
    reason = fields.Selection(
        selection=CREDIT_REASONS, required=True, default="gesture", tracking=True
    )
    note = fields.Text(help="Why, in a few words; the customer reads it.")
    expiration_date = fields.Date(
        string="Expires on",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self)
        + relativedelta(months=self.env.company.aftersales_credit_valid_months or 12),
    )
    state = fields.Selection(
        selection=CREDIT_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Granted by",
        default=lambda self: self.env.user,
        readonly=True,
        tracking=True,
    )
    approver_id = fields.Many2one(
        comodel_name="res.users",
        string="Approved by",
        readonly=True,
        copy=False,
        tracking=True,
    )
    granted_on = fields.Date(string="Granted on", readonly=True, copy=False, index=True)
    card_id = fields.Many2one(
        comodel_name="loyalty.card",
        string="Gift card",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    code = fields.Char(related="card_id.code")
    balance = fields.Float(related="card_id.points", string="Balance")
    grant_move_id = fields.Many2one(
        comodel_name="account.move", string="Grant entry", readonly=True, copy=False
    )
    expiry_move_id = fields.Many2one(
        comodel_name="account.move", string="Expiry entry", readonly=True, copy=False
    )

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)", "A goodwill credit is a positive amount."
    )

    @api.depends("ticket_id.partner_id")
    def _compute_partner_id(self):
        for credit in self:
            credit.partner_id = credit.ticket_id.partner_id.commercial_partner_id

    @api.model_create_multi
    def create(self, vals_list):
        credits = super().create(vals_list)
        for credit in credits.filtered(lambda c: c.name == "/"):
            credit.name = self.env["ir.sequence"].next_by_code(self._name) or "/"
        return credits

    # Granting --------------------------------------------------------------------

    def _check_manager(self, what):
        if not self.env.user.has_group("sparklife_aftersales.group_aftersales_manager"):
            raise AccessError(
                self.env._("Only after-sales managers can %(what)s.", what=what)
            )

    def action_grant(self):
        """Grant the credit, or ask a second manager when it is above the
        granting manager's limit."""
        self._check_manager(self.env._("grant goodwill credit"))
        for credit in self:
            if credit.state != "draft":
                raise UserError(
                    self.env._("%(credit)s is not a draft.", credit=credit.name)
                )
            if credit.expiration_date <= fields.Date.context_today(credit):
                raise UserError(self.env._("A goodwill credit expires after today."))
            limit = self.env.user._aftersales_credit_limit(credit.company_id)
            if credit.currency_id.compare_amounts(credit.amount, limit) > 0:
                credit.state = "to_approve"
                credit._ask_approval(limit)
            else:
                credit._issue(self.env.user)
        return True

    def _ask_approval(self, limit):
        self.ensure_one()
        managers = (
            self.env.ref("sparklife_aftersales.group_aftersales_manager")
            .sudo()
            .all_user_ids.filtered(
                lambda user: user != self.user_id
                and not user._is_superuser()
                and self.company_id in user.company_ids
            )
        )
        note = self.env._(
            "%(amount)s of goodwill credit for %(customer)s, above the limit of "
            "%(limit)s of %(user)s: approve or refuse it.",
            amount=self.currency_id.format(self.amount),
            customer=self.partner_id.name,
            limit=self.currency_id.format(limit),
            user=self.user_id.name,
        )
        for manager in managers.sorted("id")[:1]:
            self.activity_schedule(
                "mail.mail_activity_data_todo", note=note, user_id=manager.id
            )
        self.message_post(body=note, subtype_xmlid="mail.mt_note")

    def action_approve(self):
        self._check_manager(self.env._("approve goodwill credit"))
        for credit in self:
            if credit.state != "to_approve":
                raise UserError(
                    self.env._(
                        "%(credit)s is not waiting for approval.", credit=credit.name
                    )
                )
            if credit.user_id == self.env.user:
                raise UserError(
                    self.env._(
                        "A second manager approves a credit above your limit, "
                        "not the one who granted it."
                    )
                )
            credit._issue(self.env.user)
            credit.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_refuse(self):
        self._check_manager(self.env._("refuse goodwill credit"))
        for credit in self.filtered(lambda c: c.state in ("draft", "to_approve")):
            credit.state = "refused"
            credit.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _issue(self, approver):
        """Make the gift card, post the grant and tell the customer its code."""
        self.ensure_one()
        program = self.company_id._aftersales_credit_program()
        # sudo: cards are the loyalty managers'; this grant was checked above.
        card = (
            self.env["loyalty.card"]
            .sudo()
            .with_context(loyalty_no_mail=True)
            .create(
                {
                    "program_id": program.id,
                    "partner_id": self.partner_id.id,
                    "points": self.amount,
                    "expiration_date": self.expiration_date,
                }
            )
        )
        self.env["loyalty.history"].sudo().create(
            {
                "card_id": card.id,
                "description": self.env._(
                    "Goodwill credit %(credit)s (%(request)s)",
                    credit=self.name,
                    request=self.ticket_id.number,
                ),
                "issued": self.amount,
            }
        )
        self.write(
            {
                "card_id": card.id,
                "state": "granted",
                "approver_id": approver.id,
                "granted_on": fields.Date.context_today(self),
            }
        )
        self.grant_move_id = self._post_liability(self.amount, grant=True)
        self.message_post_with_source(
            "sparklife_aftersales.mail_template_goodwill_credit",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
        )
        self.ticket_id.message_post(
            body=self.env._(
                "Goodwill credit %(credit)s of %(amount)s granted by %(user)s, "
                "valid until %(date)s.",
                credit=self._get_html_link(),
                amount=self.currency_id.format(self.amount),
                user=self.user_id.name,
                date=fields.Date.to_string(self.expiration_date),
            ),
            subtype_xmlid="mail.mt_note",
        )

    # Accounting ------------------------------------------------------------------

    def _post_liability(self, amount, grant):
        """The entry moving ``amount`` into the liability (``grant``) or back
        out of it (an expiry), when the company set its journal and accounts."""
        self.ensure_one()
        company = self.company_id
        journal = company.aftersales_credit_journal_id
        allowance = company.aftersales_credit_expense_account_id
        liability = company.aftersales_credit_liability_account_id
        if not (journal and allowance and liability) or not amount:
            return False
        debit, credit = (allowance, liability) if grant else (liability, allowance)
        label = self.env._(
            "Goodwill credit %(credit)s (%(customer)s)",
            credit=self.name,
            customer=self.partner_id.name,
        )
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": fields.Date.context_today(self),
                    "ref": label,
                    "line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "account_id": debit.id,
                                "debit": amount,
                                "partner_id": self.partner_id.id,
                            }
                        ),
                        Command.create(
                            {
                                "name": label,
                                "account_id": credit.id,
                                "credit": amount,
                                "partner_id": self.partner_id.id,
                            }
                        ),
                    ],
                }
            )
        )
        move.action_post()
        return move

    # Expiry -------------------------------------------------------------------------

    @api.model
    def _cron_expire(self, batch_size=100):
        """Expire the credits past their date: what was not spent leaves the
        liability; the customer can no longer use the code."""
        return process_in_batches(
            self.sudo(),
            self._aftersales_expired_domain(),
            "_aftersales_expire_batch",
            batch_size,
        )

    @api.model
    def _aftersales_expired_domain(self):
        return Domain("state", "=", "granted") & Domain(
            "expiration_date", "<", fields.Date.context_today(self)
        )

    def _aftersales_expire_batch(self):
        """One batch of the expiry job; returns how many expired."""
        credits = due_batch(self, self._aftersales_expired_domain())
        for credit in credits:
            credit._expire()
        return len(credits)

    def _expire(self):
        self.ensure_one()
        left = self.card_id.points
        self.state = "expired"
        self.expiry_move_id = self._post_liability(left, grant=False)
        self.message_post(
            body=self.env._(
                "Expired on %(date)s with %(left)s not spent.",
                date=fields.Date.to_string(self.expiration_date),
                left=self.currency_id.format(left),
            ),
            subtype_xmlid="mail.mt_note",
        )

    # Spending -------------------------------------------------------------------------

    @api.model
    def _aftersales_spendable(self, partner, on=None):
        """The granted credits ``partner`` can still spend on ``on``."""
        on = on or fields.Date.context_today(self)
        return (
            self.sudo()
            .search(
                Domain("partner_id", "=", partner.commercial_partner_id.id)
                & Domain("state", "=", "granted")
                & Domain("expiration_date", ">=", on)
            )
            .filtered(lambda credit: credit.card_id.points > 0)
        )

    def _spend_on(self, order):
        """Apply this credit's gift card to ``order`` (a quotation of its
        customer): the order's total goes down by what the card holds, at
        most the total. Raises with a sentence the customer can read."""
        self.ensure_one()
        order = order.sudo()
        if order.state not in ("draft", "sent"):
            raise UserError(
                self.env._("Credit is spent on a quotation before it is accepted.")
            )
        if order.partner_id.commercial_partner_id != self.partner_id:
            raise UserError(self.env._("This credit is not yours to spend here."))
        status = order._try_apply_code(self.card_id.code)
        if "error" in status:
            raise UserError(status["error"])
        rewards = status.get(self.card_id.sudo()) or next(iter(status.values()), None)
        if not rewards:
            raise UserError(self.env._("Nothing on this order can use the credit."))
        result = order._apply_program_reward(rewards[:1], self.card_id.sudo())
        if "error" in result:
            raise UserError(result["error"])
        order._update_programs_and_rewards()
        return True


class ResUsers(models.Model):
    _inherit = "res.users"

    aftersales_credit_limit = fields.Monetary(
        string="Goodwill credit limit",
        currency_field="aftersales_credit_currency_id",
        help="Above this amount, a goodwill credit this manager grants waits for "
        "a second manager. 0: the company's limit.",
    )
    aftersales_credit_currency_id = fields.Many2one(related="company_id.currency_id")

    def _aftersales_credit_limit(self, company):
        self.ensure_one()
        return self.aftersales_credit_limit or company.aftersales_credit_limit
