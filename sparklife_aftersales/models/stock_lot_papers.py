# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A piece's papers beyond its certificate: its public verification link
(a long random token of its own, printed as a QR code on the warranty card)
and whether it is reported lost or stolen. A piece reported missing is
shown so on its verification page, and every flow that would take it in or
hand it out (a request, a return, a workshop receipt, a sale) stops and
alerts a manager, without telling whoever brought it."""

import secrets

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..exceptions import AftersalesPieceMissing

GROUP = "sparklife_aftersales.group_aftersales_user"
MISSING = ("lost", "stolen")


class StockLot(models.Model):
    _inherit = "stock.lot"

    aftersales_verify_token = fields.Char(
        string="Verification token",
        compute="_compute_aftersales_verify_token",
        store=True,
        precompute=True,
        readonly=True,
        copy=False,
        groups=GROUP,
        help="The secret of the piece's public verification link.",
    )
    aftersales_verify_url = fields.Char(
        string="Verification link",
        compute="_compute_aftersales_verify_url",
        groups=GROUP,
        help="The public page anyone holding the piece's papers opens to check "
        "that it is genuine: the product, the serial, the certificate and "
        "whether it is reported lost or stolen; nothing personal.",
    )
    aftersales_status = fields.Selection(
        selection=[
            ("genuine", "Genuine"),
            ("lost", "Reported lost"),
            ("stolen", "Reported stolen"),
        ],
        string="Piece status",
        default="genuine",
        required=True,
        readonly=True,
        tracking=True,
        groups=GROUP,
    )
    aftersales_missing_since = fields.Date(
        string="Missing since", readonly=True, tracking=True, groups=GROUP
    )
    aftersales_police_ref = fields.Char(
        string="Police reference", readonly=True, tracking=True, groups=GROUP
    )

    aftersales_appraisal_ids = fields.One2many(
        comodel_name="sparklife.aftersales.appraisal",
        inverse_name="lot_id",
        string="Appraisals",
        groups=GROUP,
    )

    @api.depends()
    def _compute_aftersales_verify_token(self):
        # Computed once per piece, then never again.
        for lot in self:
            lot.aftersales_verify_token = secrets.token_urlsafe(32)

    @api.depends("aftersales_verify_token")
    def _compute_aftersales_verify_url(self):
        for lot in self:
            lot.aftersales_verify_url = (
                f"{lot.get_base_url()}/aftersales/verify/{lot.aftersales_verify_token}"
                if lot.aftersales_verify_token
                else False
            )

    @api.model
    def _aftersales_from_verify_token(self, token):
        """The piece (with sudo) whose verification link carries ``token``,
        when it has a certificate; otherwise nothing."""
        if not token or len(token) < 32:
            return self.sudo().browse()
        return self.sudo().search(
            [
                ("aftersales_verify_token", "=", token),
                ("aftersales_certificate_ids", "!=", False),
            ],
            limit=1,
        )

    # Lost or stolen -----------------------------------------------------------------

    def _aftersales_report_missing(self, kind, since, police_ref=None):
        """Report this piece ``kind`` ("lost" or "stolen") since the date
        ``since``; a stolen piece needs the police's reference. Logged on the
        piece. Raises :class:`UserError` with a sentence the reader (owner or
        staff) can read."""
        self.ensure_one()
        if kind not in MISSING:
            raise UserError(self.env._("Say whether the piece was lost or stolen."))
        if not since:
            raise UserError(self.env._("Give the day the piece went missing."))
        since = fields.Date.to_date(since)
        if since > (self.company_id or self.env.company)._aftersales_today():
            raise UserError(
                self.env._("The day the piece went missing is in the future.")
            )
        police_ref = (police_ref or "").strip()
        if kind == "stolen" and not police_ref:
            raise UserError(
                self.env._(
                    "A stolen piece is reported with the reference of the police "
                    "report."
                )
            )
        lot = self.sudo()
        lot.write(
            {
                "aftersales_status": kind,
                "aftersales_missing_since": since,
                "aftersales_police_ref": police_ref or False,
            }
        )
        lot.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(status)s, by %(who)s: every request, return, workshop receipt "
                "and sale of this piece is stopped.",
                status=lot._aftersales_status_label(),
                who=self.env.user.partner_id.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def action_aftersales_recovered(self):
        """The piece was found: it is genuine again. Logged on the piece.
        After-sales managers only."""
        if not self.env.user.has_group("sparklife_aftersales.group_aftersales_manager"):
            raise AccessError(
                self.env._(
                    "Only an after-sales manager records that a piece is recovered."
                )
            )
        for lot in self.sudo().filtered(lambda lot: lot.aftersales_status in MISSING):
            lot.write(
                {
                    "aftersales_status": "genuine",
                    "aftersales_missing_since": False,
                    "aftersales_police_ref": False,
                }
            )
            lot.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Recovered, recorded by %(who)s: the piece is no longer "
                    "reported missing.",
                    who=self.env.user.partner_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _aftersales_status_label(self):
        self.ensure_one()
        return dict(self._fields["aftersales_status"]._description_selection(self.env))[
            self.aftersales_status
        ]

    def _aftersales_missing(self):
        """The pieces among these reported lost or stolen."""
        return self.sudo().filtered(lambda lot: lot.aftersales_status in MISSING)

    def _aftersales_alert_missing(self, what):
        """Tell a manager, by an activity on each of these pieces (reported
        missing), that ``what`` (a sentence: "a request from the portal")
        brought it in and was stopped."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        managers = (
            self.env.ref("sparklife_aftersales.group_aftersales_manager")
            .sudo()
            .all_user_ids.filtered(lambda user: not user._is_superuser())
            .sorted("id")
        )
        for lot in self._aftersales_missing():
            company = lot.company_id or self.env.company
            manager = managers.filtered(lambda user, c=company: c in user.company_ids)[
                :1
            ]
            lot.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=manager.id or self.env.ref("base.user_admin").id,
                summary=self.env._(
                    "%(status)s piece brought in", status=lot._aftersales_status_label()
                ),
                note=self.env._(
                    "%(serial)s, reported %(status)s, came in with %(what)s, which "
                    "was stopped. Whoever brought it was not told why.",
                    serial=lot.name,
                    status=lot._aftersales_status_label().lower(),
                    what=what,
                ),
            )

    def _aftersales_staff_block(self):
        """For staff: raise :class:`ValidationError` when one of these pieces
        is reported lost or stolen, telling them to keep it aside."""
        missing = self._aftersales_missing()
        if missing:
            raise ValidationError(
                self.env._(
                    "%(serials)s is reported lost or stolen: no request or return "
                    "can be made for it. Keep the piece aside, say nothing to whoever "
                    "brought it and call a manager.",
                    serials=", ".join(missing.mapped("name")),
                )
            )

    def _aftersales_check_not_missing(self, what):
        """Raise :class:`AftersalesPieceMissing` (a neutral sentence) when one
        of these pieces is reported missing; the caller alerts a manager once
        its transaction is safe (see :meth:`_aftersales_alert_missing`)."""
        missing = self._aftersales_missing()
        if missing:
            raise AftersalesPieceMissing(
                self.env._(
                    "We cannot go ahead with this piece online: please contact "
                    "our customer service."
                ),
                missing,
                what,
            )
