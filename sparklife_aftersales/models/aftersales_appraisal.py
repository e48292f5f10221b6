# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Appraisals: the replacement value of a piece, for its owner's insurer
(or an estate, a resale), valid for a few years. Issued, an appraisal is a
signed PDF kept as its document, and the piece's earlier appraisals are
superseded; before it expires, its owner is reminded once and can ask for a
new one in one click."""

import logging

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_amount

from .batching import due_batch, process_in_batches
from .customer_messages import tell_customers, text_customers

_logger = logging.getLogger(__name__)


class SparklifeAftersalesAppraisal(models.Model):
    _name = "sparklife.aftersales.appraisal"
    _description = "Appraisal"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Piece",
        required=True,
        index=True,
        tracking=True,
        help="The piece appraised, by its serial number.",
    )
    product_id = fields.Many2one(related="lot_id.product_id")
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Purchased item",
        compute="_compute_sale_line_id",
        store=True,
        index="btree_not_null",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Owner",
        related="sale_line_id.aftersales_owner_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    certificate_id = fields.Many2one(
        comodel_name="sparklife.aftersales.certificate",
        compute="_compute_description",
        store=True,
        readonly=False,
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Request",
        index="btree_not_null",
        help="The request the owner asked for this appraisal from.",
    )
    appraiser_id = fields.Many2one(
        comodel_name="res.users",
        default=lambda self: self.env.user,
        tracking=True,
        help="The employee who appraised the piece; leave empty for an "
        "outside appraiser.",
    )
    appraiser_name = fields.Char(
        string="Outside appraiser", help="The outside appraiser's name and firm."
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    purpose = fields.Selection(
        selection=[
            ("insurance", "Insurance replacement"),
            ("estate", "Estate"),
            ("resale", "Resale"),
        ],
        required=True,
        default="insurance",
        tracking=True,
    )
    value = fields.Monetary(
        string="Replacement value", currency_field="currency_id", tracking=True
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    metal = fields.Char(help="The metal and its fineness, e.g. 18k white gold.")
    weight = fields.Float(string="Weight (g)", digits=(16, 2))
    stones = fields.Text(
        compute="_compute_description",
        store=True,
        readonly=False,
        help="The stones, as the certificate grades them.",
    )
    notes = fields.Html(string="Description")
    photo_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="sparklife_aftersales_appraisal_photo_rel",
        column1="appraisal_id",
        column2="attachment_id",
        string="Photos",
    )
    valid_until = fields.Date(
        compute="_compute_valid_until",
        store=True,
        readonly=False,
        tracking=True,
        help="Insurers ask for a new appraisal after this day.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("issued", "Issued"),
            ("expired", "Expired"),
            ("superseded", "Superseded"),
        ],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
    )
    document_id = fields.Many2one(
        comodel_name="ir.attachment",
        readonly=True,
        copy=False,
        help="The signed PDF, rendered when the appraisal was issued.",
    )
    reminded_on = fields.Date(
        readonly=True,
        copy=False,
        help="When the owner was reminded that the appraisal expires.",
    )

    _value_positive = models.Constraint(
        "CHECK(value IS NULL OR value >= 0)",
        "A replacement value cannot be negative.",
    )

    @api.depends("lot_id")
    def _compute_sale_line_id(self):
        for appraisal in self:
            appraisal.sale_line_id = appraisal.lot_id.sudo().aftersales_sale_line_id

    @api.depends("lot_id")
    def _compute_description(self):
        for appraisal in self:
            certificate = appraisal.lot_id.sudo().aftersales_certificate_id
            appraisal.certificate_id = certificate
            appraisal.stones = certificate.stones or appraisal.stones

    @api.depends("date", "company_id.aftersales_appraisal_valid_years")
    def _compute_valid_until(self):
        for appraisal in self:
            years = appraisal.company_id.aftersales_appraisal_valid_years
            appraisal.valid_until = appraisal.date and appraisal.date + relativedelta(
                years=years
            )

    @api.depends("name", "lot_id")
    def _compute_display_name(self):
        for appraisal in self:
            appraisal.display_name = (
                f"{appraisal.name} ({appraisal.lot_id.name})"
                if appraisal.name and appraisal.name != "/"
                else self.env._(
                    "Draft appraisal of %(piece)s", piece=appraisal.lot_id.name
                )
            )

    def _value_in_words(self):
        """The replacement value in words, in the reader's language."""
        self.ensure_one()
        return self.currency_id.with_context(lang=self.env.lang).amount_to_text(
            self.value
        )

    def _value_formatted(self):
        self.ensure_one()
        return format_amount(self.env, self.value, self.currency_id)

    # Issuing --------------------------------------------------------------------------

    def action_issue(self):
        """Issue these draft appraisals: each gets its reference and its signed
        PDF, kept as its document; the piece's earlier issued appraisals are
        superseded. Logged on each."""
        for appraisal in self:
            if appraisal.state != "draft":
                raise UserError(
                    self.env._(
                        "%(name)s is already issued.", name=appraisal.display_name
                    )
                )
            if not appraisal.value:
                raise UserError(
                    self.env._(
                        "Give the replacement value before issuing the appraisal."
                    )
                )
            if not appraisal.appraiser_id and not appraisal.appraiser_name:
                raise UserError(self.env._("Name the appraiser who signs it."))
        report = self.env.ref("sparklife_aftersales.action_report_appraisal")
        for appraisal in self:
            if appraisal.name == "/":
                appraisal.name = self.env["ir.sequence"].next_by_code(
                    "sparklife.aftersales.appraisal"
                )
            earlier = self.search(
                [
                    ("lot_id", "=", appraisal.lot_id.id),
                    ("state", "=", "issued"),
                    ("id", "!=", appraisal.id),
                ]
            )
            earlier.write({"state": "superseded"})
            appraisal.state = "issued"
            content, _kind = report._render_qweb_pdf(report, appraisal.ids)
            document = self.env["ir.attachment"].create(
                {
                    "name": f"{appraisal.name}.pdf",
                    "raw": content,
                    "res_model": self._name,
                    "res_id": appraisal.id,
                    "mimetype": "application/pdf",
                }
            )
            appraisal.document_id = document
            appraisal.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Issued: a replacement value of %(value)s, valid until %(date)s.",
                    value=appraisal._value_formatted(),
                    date=self.env["sparklife.aftersales.policy"].format_date(
                        appraisal.valid_until
                    ),
                ),
                attachment_ids=document.ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_reset_draft(self):
        """A draft again, to correct it before issuing it anew."""
        for appraisal in self.filtered(lambda a: a.state == "issued"):
            appraisal.state = "draft"
        return True

    # Expiry -------------------------------------------------------------------------

    @api.model
    def _cron_expire_and_remind(self, batch_size=200):
        """Remind the owners of the appraisals expiring soon (once each),
        then mark those past their date as expired."""
        reminded = process_in_batches(
            self.sudo(),
            self._aftersales_expiring_domain(),
            "_aftersales_remind_batch",
            batch_size,
        )
        process_in_batches(
            self.sudo(),
            self._aftersales_expired_domain(),
            "_aftersales_expire_batch",
            batch_size,
        )
        _logger.info("%s appraisal reminders sent", reminded)
        return reminded

    @api.model
    def _aftersales_expiring_domain(self):
        """Issued appraisals whose end is within the company's lead time (in
        its time zone) and whose owner was not reminded yet."""
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        return (
            Domain("state", "=", "issued")
            & Domain("reminded_on", "=", False)
            & Domain("partner_id", "!=", False)
            & Domain.OR(
                Domain("company_id", "=", company.id)
                & Domain("valid_until", ">=", company._aftersales_today())
                & Domain(
                    "valid_until",
                    "<=",
                    company._aftersales_today()
                    + relativedelta(days=company.aftersales_remind_appraisal_days),
                )
                for company in companies
            )
        )

    @api.model
    def _aftersales_expired_domain(self):
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        return Domain("state", "=", "issued") & Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain("valid_until", "<", company._aftersales_today())
            for company in companies
        )

    def _aftersales_remind_batch(self):
        """One batch of the reminder job; returns how many were reminded."""
        appraisals = due_batch(self, self._aftersales_expiring_domain())
        for company in appraisals.company_id:
            appraisals.filtered(
                lambda a, c=company: a.company_id == c
            )._aftersales_remind(company._aftersales_today())
        return len(appraisals)

    def _aftersales_expire_batch(self):
        """One batch of the expiry job; returns how many expired."""
        appraisals = due_batch(self, self._aftersales_expired_domain())
        appraisals.write({"state": "expired"})
        return len(appraisals)

    def _aftersales_remind(self, today):
        """Tell each owner, by email and SMS, that their appraisal expires
        soon, with the link to ask for a new one; marked reminded first, so
        that it is never told twice."""
        if not self:
            return
        self.write({"reminded_on": today})
        tell_customers(
            self, self.env.ref("sparklife_aftersales.mail_template_appraisal_expiring")
        )
        text_customers(
            self,
            self.env.ref(
                "sparklife_aftersales.sms_template_appraisal_expiring",
                raise_if_not_found=False,
            ),
            {appraisal: appraisal.partner_id for appraisal in self},
        )
