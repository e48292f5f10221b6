# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The grading certificate of a piece: one per serial number when the piece
has one (issuing laboratory, number, date, main stones, the document)."""

from odoo import api, fields, models


class AftersalesCertificate(models.Model):
    _name = "sparklife.aftersales.certificate"
    _description = "Certificate of a piece of jewelry"
    _order = "date desc, id desc"
    _rec_names_search = ["number", "laboratory", "lot_id.name"]

    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Serial number",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('product_id.tracking', '=', 'serial')]",
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    company_id = fields.Many2one(related="lot_id.company_id", store=True)
    laboratory = fields.Char(
        required=True,
        help="The laboratory that graded the piece (GIA, HRD, IGI, ...).",
    )
    number = fields.Char(
        required=True, index="trigram", help="The certificate's number."
    )
    date = fields.Date(string="Issued on")
    stones = fields.Text(
        string="Main stones",
        help="The main stones' characteristics as the certificate gives them "
        "(shape, carat weight, color, clarity, cut...).",
    )
    document = fields.Binary(
        attachment=True,
        help="The certificate itself, as a PDF or an image; the customer can "
        "download it from their portal.",
    )
    document_name = fields.Char()

    _one_per_piece = models.UniqueIndex(
        "(lot_id)", "A piece has one certificate: edit the one it has."
    )
    _number_unique = models.UniqueIndex(
        "(laboratory, number)",
        "This laboratory's certificate number is already recorded for another piece.",
    )

    @api.depends("laboratory", "number")
    def _compute_display_name(self):
        for certificate in self:
            certificate.display_name = (
                f"{certificate.laboratory or ''} {certificate.number or ''}".strip()
            )

    @api.model_create_multi
    def create(self, vals_list):
        certificates = super().create(vals_list)
        for certificate in certificates:
            certificate.lot_id.message_post(
                body=self.env._(
                    "Certificate %(certificate)s recorded.",
                    certificate=certificate.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return certificates

    def _aftersales_download_url(self, sale_line):
        """The portal address where the customer of ``sale_line`` downloads
        this certificate."""
        self.ensure_one()
        return f"/my/aftersales/item/{sale_line.id}/certificate/{self.id}"
