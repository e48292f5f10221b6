# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A piece handed over to a new owner: offered by its owner to an email
address, accepted (or refused) by the person who opens the link. Accepted
transfers are the piece's owner history; the purchased item's owner is the
last one (see ``sale_order_line_owner``).

The link carries a long random token of its own: it opens the offer and
nothing else, and only until the offer expires."""

import secrets
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import LockError, UserError
from odoo.fields import Domain
from odoo.tools import email_normalize

from .batching import due_batch, process_in_batches

TRANSFER_STATES = [
    ("pending", "Waiting for the new owner"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]


class SparklifeAftersalesTransfer(models.Model):
    _name = "sparklife.aftersales.transfer"
    _description = "Ownership transfer"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Purchased item",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="sale_line_id.company_id", store=True, index=True
    )
    product_id = fields.Many2one(related="sale_line_id.product_id", string="Product")
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Serial number",
        readonly=True,
        help="The piece handed over, when it is tracked by serial number.",
    )
    from_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="From",
        required=True,
        readonly=True,
        index=True,
        help="The owner who offered the piece.",
    )
    to_email = fields.Char(
        string="Offered to",
        required=True,
        readonly=True,
        help="The email address the offer was sent to.",
    )
    to_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="New owner",
        readonly=True,
        index="btree_not_null",
        help="Who accepted (or refused) the offer.",
    )
    state = fields.Selection(
        selection=TRANSFER_STATES,
        required=True,
        default="pending",
        readonly=True,
        tracking=True,
    )
    valid_until = fields.Date(
        required=True,
        readonly=True,
        help="Last day the offer can be accepted.",
    )
    done_on = fields.Datetime(
        string="Answered on",
        readonly=True,
        help="When the offer was accepted, refused, cancelled or expired.",
    )
    access_token = fields.Char(
        readonly=True,
        copy=False,
        groups="base.group_system",
        default=lambda self: secrets.token_urlsafe(32),
        help="The secret of the offer's link.",
    )

    @api.depends("sale_line_id", "to_email")
    def _compute_display_name(self):
        for transfer in self:
            transfer.display_name = self.env._(
                "%(piece)s to %(email)s",
                piece=transfer.lot_id.name or transfer.product_id.display_name or "",
                email=transfer.to_email or "",
            )

    # Starting an offer ------------------------------------------------------------

    @api.model
    def _aftersales_offer(self, line, email, partner):
        """Offer the purchased item ``line`` of ``partner`` (its owner) to
        ``email``, and send the link there. Raises :class:`UserError` with a
        sentence the owner can read, and then offers nothing."""
        line = line.sudo()
        line.ensure_one()
        normalized = email_normalize(email or "")
        if not normalized:
            raise UserError(
                self.env._("Please give the email address of the new owner.")
            )
        refusal = line._aftersales_transfer_refusal(partner)
        if refusal:
            raise UserError(refusal)
        if normalized == email_normalize(partner.email or ""):
            raise UserError(
                self.env._("This piece is already yours: give the new owner's email.")
            )
        lots = line.aftersales_lot_ids
        transfer = self.sudo().create(
            {
                "sale_line_id": line.id,
                "lot_id": lots.id if len(lots) == 1 else False,
                "from_partner_id": partner.id,
                "to_email": normalized,
                "valid_until": line.company_id._aftersales_today()
                + timedelta(days=line.company_id.aftersales_transfer_valid_days),
            }
        )
        transfer.message_subscribe(partner_ids=partner.ids)
        template = self.env.ref("sparklife_aftersales.mail_template_transfer_offer")
        template.sudo().send_mail(
            transfer.id, email_layout_xmlid="mail.mail_notification_light"
        )
        transfer.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Offered by %(owner)s to %(email)s, until %(date)s.",
                owner=partner.name,
                email=normalized,
                date=self.env["sparklife.aftersales.policy"].format_date(
                    transfer.valid_until
                ),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return transfer

    def _aftersales_url(self):
        """The link of the offer, sent to the new owner."""
        self.ensure_one()
        return (
            f"{self.get_base_url()}/my/aftersales/transfer/{self.sudo().access_token}"
        )

    @api.model
    def _aftersales_from_token(self, token):
        """The offer whose link carries ``token`` (with sudo), or an empty
        recordset: a wrong, short or missing token finds nothing."""
        if not token or len(token) < 32:
            return self.sudo().browse()
        return self.sudo().search([("access_token", "=", token)], limit=1)

    # Answers ------------------------------------------------------------------------

    def _aftersales_check_open(self):
        """Raise unless this offer can still be answered (an offer past its
        date is marked expired first)."""
        self.ensure_one()
        if self.state == "pending" and self._aftersales_is_past():
            self._aftersales_close("expired")
        if self.state != "pending":
            raise UserError(
                self.env._(
                    "This offer is no longer open: it was %(state)s.",
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        self.state
                    ].lower(),
                )
            )

    def _aftersales_is_past(self):
        return self.valid_until < self.company_id._aftersales_today()

    def _aftersales_accept(self, partner):
        """``partner`` accepts this offer: the piece becomes theirs, with its
        warranty, its care plan and its history. The item is locked first, so
        that two answers at once (or an answer and a new offer) never both
        win."""
        self = self.sudo()
        line = self.sale_line_id
        try:
            line.lock_for_update(allow_referencing=True)
        except LockError:
            raise UserError(
                self.env._("This piece is being updated: try again in a moment.")
            ) from None
        self.invalidate_recordset(["state"])
        self._aftersales_check_open()
        if partner.commercial_partner_id == self.from_partner_id.commercial_partner_id:
            raise UserError(
                self.env._(
                    "This offer is for someone else: the new owner accepts it "
                    "from their own account."
                )
            )
        if line.aftersales_owner_id.commercial_partner_id != (
            self.from_partner_id.commercial_partner_id
        ):
            raise UserError(
                self.env._("This piece no longer belongs to whoever offered it.")
            )
        self.write(
            {
                "state": "accepted",
                "to_partner_id": partner.id,
                "done_on": fields.Datetime.now(),
            }
        )
        plan = line.aftersales_care_plan_id
        if plan:
            plan.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "The piece passed to %(owner)s: the plan follows it.",
                    owner=partner.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._aftersales_tell_owner(
            self.env._(
                "%(owner)s accepted the piece: it is theirs now, with its "
                "warranty and care plan.",
                owner=partner.name,
            )
        )
        return True

    def _aftersales_refuse(self, partner):
        """Whoever holds the link refuses the offer (``partner``, or None for
        a visitor not signed in): the piece stays its owner's."""
        self = self.sudo()
        self._aftersales_check_open()
        self._aftersales_close("refused", partner)
        self._aftersales_tell_owner(
            self.env._(
                "%(email)s refused the piece: it stays yours.", email=self.to_email
            )
        )
        return True

    def _aftersales_cancel(self):
        """The owner (or staff) withdraws the offer: its link opens nothing
        any more."""
        self = self.sudo()
        self._aftersales_check_open()
        self._aftersales_close("cancelled")
        self.message_post(
            body=Markup("<p>%s</p>") % self.env._("Offer withdrawn."),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def action_cancel(self):
        """Staff withdraw offers still waiting."""
        self.check_access("write")
        for transfer in self.filtered(lambda t: t.state == "pending"):
            transfer._aftersales_cancel()
        return True

    def _aftersales_close(self, state, partner=None):
        values = {"state": state, "done_on": fields.Datetime.now()}
        if partner:
            values["to_partner_id"] = partner.id
        self.write(values)

    def _aftersales_tell_owner(self, sentence):
        """Tell the owner who made the offer how it was answered (by email,
        as a comment on the offer they follow)."""
        self.message_post(
            body=Markup("<p>%s</p>") % sentence,
            partner_ids=self.from_partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )

    @api.model
    def _cron_expire(self, batch_size=200):
        """Mark the offers past their date as expired."""
        return process_in_batches(
            self.sudo(),
            self._aftersales_expired_domain(),
            "_aftersales_expire_batch",
            batch_size,
        )

    @api.model
    def _aftersales_expired_domain(self):
        """Pending offers past their last day, each company counting its
        days in its own time zone."""
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        return Domain("state", "=", "pending") & Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain("valid_until", "<", company._aftersales_today())
            for company in companies
        )

    def _aftersales_expire_batch(self):
        """One batch of the expiry job; returns how many expired."""
        offers = due_batch(self, self._aftersales_expired_domain())
        offers._aftersales_close("expired")
        return len(offers)
