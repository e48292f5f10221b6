# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer rates a closed request from 1 to 5, with a comment, from the
link of the rating email or SMS (the rating's token, no account needed)."""

from odoo import http
from odoo.http import request


class AftersalesRating(http.Controller):
    def _aftersales_rating(self, token):
        # sudo: the token is the right to rate; only its request is read.
        rating = (
            request.env["rating.rating"]
            .sudo()
            .search(
                [("access_token", "=", token), ("res_model", "=", "helpdesk.ticket")],
                limit=1,
            )
        )
        ticket = request.env["helpdesk.ticket"].sudo().browse(rating.res_id).exists()
        if not rating or not ticket.aftersales_service:
            raise request.not_found()
        return rating, ticket

    @http.route(
        "/aftersales/rate/<string:token>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        methods=["GET", "POST"],
    )
    def aftersales_rate(self, token, rate=None, feedback=None, **kw):
        rating, ticket = self._aftersales_rating(token)
        error = None
        if request.httprequest.method == "POST" and not rating.consumed:
            value = int(rate) if (rate or "").isdigit() else 0
            if 1 <= value <= 5:
                ticket.rating_apply(
                    value, token=token, feedback=(feedback or "").strip() or None
                )
            else:
                error = request.env._("Please choose from 1 to 5 stars.")
        return request.render(
            "sparklife_aftersales.aftersales_rating_page",
            {"rating": rating, "ticket": ticket, "token": token, "error": error},
        )
