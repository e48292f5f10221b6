# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The public verification page of a piece, for whoever holds its papers
(the QR code of its warranty card, a buyer checking a certificate): the
product, the serial, the certificate and whether the piece is reported lost
or stolen. Nothing personal: no owner, address, price or value. A wrong,
short or guessed token shows nothing, and pieces are never looked up by
serial number."""

from odoo import http
from odoo.http import request


class AftersalesVerify(http.Controller):
    @http.route(
        "/aftersales/verify/<string:token>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        readonly=True,
    )
    def aftersales_verify(self, token, **kw):
        # sudo: the token is the right to read; only what the page shows is read.
        lot = request.env["stock.lot"]._aftersales_from_verify_token(token)
        if not lot:
            raise request.not_found()
        return request.render(
            "sparklife_aftersales.aftersales_verify_page",
            {
                "lot": lot,
                "certificate": lot.aftersales_certificate_id,
                "status": lot.aftersales_status,
            },
        )
