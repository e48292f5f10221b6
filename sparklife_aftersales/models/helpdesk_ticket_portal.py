# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests sent from the customer portal.

The portal only reads and posts: whether a request is acceptable is decided
here, by the policy engine, so that the portal answers exactly as the back
office does. Everything a customer sends is checked here (item, service,
description, photos), whatever the form held.
"""

from odoo import api, fields, models, sql_db
from odoo.exceptions import ConcurrencyError, UserError
from odoo.tools import SQL, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from .. import policy
from ..const import PHOTO_MIMETYPES, RETURN_SERVICES
from ..exceptions import AftersalesDuplicateRequest

#: The advisory locks taken on the portal's submission keys (first key of two).
SUBMISSION_LOCK = 0x534C4653


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_submission_key = fields.Char(
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The key of the portal form this request was sent from: the same "
        "form sent twice makes one request.",
    )

    _aftersales_submission_key_unique = models.Constraint(
        "UNIQUE(aftersales_submission_key)",
        "This request was already sent.",
    )

    @api.model
    def _aftersales_submit(
        self,
        line,
        service,
        description,
        aftersales_requested_size=None,
        photos=(),
        submission_key=None,
        lot_id=None,
        new_product_id=None,
        resize_declined=False,
    ):
        """The request a customer sends about one of their items, from the
        portal: checked, then created with its photos and, for a return, its
        RMA. Returns the request (the one already created when the same form
        is sent again). Raises :class:`UserError` with a sentence the
        customer can read, and then creates nothing.

        :param line: the purchased item, a ``sale.order.line`` that the
            caller found among the customer's own
        :param photos: ``(file name, content)`` pairs
        :param new_product_id: the piece chosen instead of a refund (an
            exchange, a trade-up), among those the item offers
        """
        partner = self.env.user.partner_id
        line.ensure_one()
        owner = line.sudo().aftersales_owner_id.commercial_partner_id
        if owner != partner.commercial_partner_id or not line.is_aftersales_item:
            raise UserError(
                self.env._(
                    "This item is not among your purchases: please choose one "
                    "of your own pieces."
                )
            )
        if submission_key:
            existing = self._aftersales_sent_before(submission_key)
            if existing:
                return existing
        self._aftersales_check_submission(
            line, service, description, aftersales_requested_size
        )
        lot = self._aftersales_submitted_piece(line, lot_id)
        (lot or line.sudo().aftersales_lot_ids)._aftersales_check_not_missing(
            self.env._("a request from the portal (%(service)s)", service=service)
        )
        # The policy's refusal comes first: a request it refuses is never a
        # duplicate to follow.
        engine = self.env["sparklife.aftersales.policy"]
        new_piece = self._aftersales_submitted_new_piece(line, service, new_product_id)
        decision = engine.evaluate(
            line,
            service,
            request=policy.Request(
                photo_count=len(photos),
                **self._aftersales_new_piece_choices(
                    line, service, new_piece, resize_declined
                ),
            ),
        )
        if decision.is_refused:
            raise UserError(
                self.env._(
                    "This service is not available for this item: %(reason)s",
                    reason=engine.describe(decision),
                )
            )
        duplicate = self._aftersales_find_open_request(line, service)
        if duplicate:
            raise AftersalesDuplicateRequest(
                self.env._(
                    "You already have request %(number)s for this piece and this "
                    "service: please follow it, or write to us there.",
                    number=duplicate.number,
                ),
                duplicate,
            )
        self._aftersales_check_photos(line.company_id, photos)
        if policy.REQ_PHOTOS in decision.requirements:
            raise UserError(
                self.env._(
                    "Please add photos of the issue: we need them to confirm it "
                    "before you send the item."
                )
            )
        if policy.REQ_RESIZE_DECLINED in decision.requirements:
            raise UserError(engine.describe(decision))
        ticket = self._aftersales_create_submitted(
            line,
            service,
            description,
            aftersales_requested_size,
            photos,
            submission_key,
            lot,
        )
        if new_piece:
            # sudo: what the customer chose was checked above.
            ticket.sudo().write(
                {
                    "aftersales_new_product_id": new_piece.id,
                    "aftersales_resize_declined": bool(resize_declined),
                }
            )
        return ticket

    @api.model
    def _aftersales_submitted_new_piece(self, line, service, new_product_id):
        """The new piece of an exchange or a trade-up, among those the item
        offers; none for the other services."""
        if service not in (policy.EXCHANGE, policy.TRADE_UP):
            return self.env["product.product"]
        line = line.sudo()
        offered = (
            line._aftersales_exchange_products()
            if service == policy.EXCHANGE
            else line._aftersales_trade_up_products()
        )
        piece = offered.filtered(lambda product: product.id == new_product_id)
        if not piece:
            raise UserError(
                self.env._("Please choose the piece you would like instead.")
            )
        return piece

    @api.model
    def _aftersales_new_piece_choices(self, line, service, new_piece, resize_declined):
        """What the engine needs of the customer's choice (see
        ``helpdesk.ticket._aftersales_choices``)."""
        if not new_piece:
            return {}
        line = line.sudo()
        old = line.product_id
        return {
            "size_exchange": new_piece.product_tmpl_id == old.product_tmpl_id,
            "resize_declined": bool(resize_declined),
            "new_price": line._aftersales_price_of(new_piece),
        }

    @api.model
    def _aftersales_sent_before(self, submission_key):
        """The request the portal form ``submission_key`` already made, if
        any. A form sent twice (a second click) is the normal case: the
        second one waits for the first, then finds its request. This
        transaction holds the form's key until it ends, so that the unique
        key of the database is never what stops a second request.

        Raises :class:`ConcurrencyError` when the first one ended while this
        one was already under way (its request is then invisible here): Odoo
        starts the HTTP request over, which then finds it."""
        cr = self.env.cr
        lock = SQL("%s, hashtext(%s)", SUBMISSION_LOCK, submission_key)
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", lock))
        if not cr.fetchone()[0]:
            # The same form is being sent right now: wait for it to end (or
            # for the lock timeout, which Odoo retries as well), then start
            # over to find its request.
            cr.execute(
                SQL("SELECT pg_advisory_xact_lock(%s)", lock), log_exceptions=False
            )
            raise ConcurrencyError("The same form was being sent")
        # sudo: the key is the form's; whose request it made is checked below.
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search([("aftersales_submission_key", "=", submission_key)], limit=1)
        )
        if not existing and self._aftersales_submission_committed(submission_key):
            raise ConcurrencyError("The same form was sent meanwhile")
        if existing and existing.partner_id != self.env.user.partner_id:
            raise UserError(
                self.env._(
                    "This form was already used: please send your request "
                    "again from this page."
                )
            )
        return existing.with_env(self.env)

    @api.model
    def _aftersales_submission_committed(self, submission_key):
        """Whether a request of the form ``submission_key`` was committed,
        seen from a transaction of its own (this one may have started
        before)."""
        with sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT 1 FROM helpdesk_ticket WHERE aftersales_submission_key = %s",
                    submission_key,
                )
            )
            return bool(cr.fetchone())

    @api.model
    def _aftersales_submitted_piece(self, line, lot_id):
        """The piece the customer chose among the item's serial numbers (the
        only one when there is one; none for a piece without serial)."""
        lots = line.sudo().aftersales_lot_ids
        if len(lots) <= 1:
            return lots
        lot = lots.filtered(lambda lot: lot.id == lot_id)
        if not lot:
            raise UserError(
                self.env._(
                    "Please choose which piece the request is about (its serial "
                    "number)."
                )
            )
        return lot

    @api.model
    def _aftersales_check_submission(
        self, line, service, description, aftersales_requested_size
    ):
        if not service:
            raise UserError(self.env._("Please choose the service you need."))
        if service not in policy.PORTAL_ITEM_SERVICES:
            raise UserError(
                self.env._(
                    "This service cannot be asked for about an item: please "
                    "choose one of the services offered."
                )
            )
        if not (description or "").strip():
            raise UserError(
                self.env._("Please describe what you need, in a few words.")
            )
        if service == policy.RESIZE and not (aftersales_requested_size or "").strip():
            raise UserError(self.env._("Please tell us the size you need."))

    @api.model
    def _aftersales_check_photos(self, company, photos):
        """Photos must be images (by content), few enough and small enough,
        as the company's settings say."""
        max_count = company.aftersales_photo_max_count
        max_bytes = company.aftersales_photo_max_mb * 1024 * 1024
        if len(photos) > max_count:
            raise UserError(
                self.env._(
                    "You can send at most %(count)s photos with a request.",
                    count=max_count,
                )
            )
        for name, content in photos:
            if len(content) > max_bytes:
                raise UserError(
                    self.env._(
                        "%(file)s is larger than %(size)s MB: please send a "
                        "smaller photo.",
                        file=name,
                        size=company.aftersales_photo_max_mb,
                    )
                )
            if guess_mimetype(content) not in PHOTO_MIMETYPES:
                raise UserError(
                    self.env._(
                        "%(file)s is not a photo: please send JPEG, PNG, GIF or "
                        "WebP images.",
                        file=name,
                    )
                )

    @api.model
    def _aftersales_create_submitted(
        self,
        line,
        service,
        description,
        aftersales_requested_size,
        photos,
        submission_key,
        lot=None,
    ):
        # sudo: customers cannot create requests, attachments or RMAs
        # themselves; everything they sent was checked above.
        partner = self.env.user.partner_id
        line = line.sudo()
        service_label = dict(
            self._fields["aftersales_service"]._description_selection(self.env)
        )[service]
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {"name": name, "raw": content, "res_model": self._name}
                    for name, content in photos
                ]
            )
        )
        # The customer reads the piece's name, not the shop's internal code.
        piece_name = line.product_id.with_context(
            display_default_code=False
        ).display_name
        team = self.env.ref("sparklife_aftersales.helpdesk_team_aftersales").sudo()
        channel = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_channel_web", raise_if_not_found=False
        )
        ticket = (
            self.sudo()
            .with_company(line.company_id)
            .create(
                {
                    "name": f"{service_label}: {piece_name}",
                    "description": plaintext2html(description.strip()),
                    "partner_id": partner.id,
                    "partner_name": partner.name,
                    "partner_email": partner.email,
                    "company_id": line.company_id.id,
                    "team_id": team.id,
                    "stage_id": team._get_applicable_stages()[:1].id,
                    "channel_id": channel.id if channel else False,
                    "user_id": False,
                    "aftersales_service": service,
                    "aftersales_sale_line_id": line.id,
                    "aftersales_requested_size": (
                        aftersales_requested_size or ""
                    ).strip()
                    or False,
                    "aftersales_photo_ids": [fields.Command.set(attachments.ids)],
                    "aftersales_submission_key": submission_key or False,
                    "aftersales_lot_id": lot.id if lot else False,
                }
            )
        )
        ticket.message_subscribe(partner_ids=partner.ids)
        if service in RETURN_SERVICES:
            ticket._aftersales_create_rma()
        return ticket.with_env(self.env)
