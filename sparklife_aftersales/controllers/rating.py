# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer rates a closed request from 1 to 5, with a comment, from the
link of the rating email or SMS (the rating's token, no account needed).

Built on Odoo's rating controller, as its ``/rate`` pages are: the rating and
its record are found by the token; a logged-in visitor who is not the rated
customer (nor of the customer's company) is refused, and nothing is written;
the page speaks the rated customer's language."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request
from odoo.tools.misc import get_lang

from odoo.addons.rating.controllers.main import Rating

#: The stars offered, from very poor to excellent.
STARS = range(1, 6)


class AftersalesRating(Rating):
    def _aftersales_rating(self, token):
        rating, ticket = self._get_rating_and_record(token)
        if rating.res_model != "helpdesk.ticket" or not ticket.aftersales_service:
            raise NotFound()
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
        user = request.env.user
        other_customer = (
            not user._is_public()
            and user.partner_id.commercial_partner_id
            != rating.partner_id.commercial_partner_id
        )
        lang = rating.partner_id.lang or get_lang(request.env).code
        View = request.env["ir.ui.view"].with_context(lang=lang)
        error = None
        if (
            request.httprequest.method == "POST"
            and not other_customer
            and not rating.consumed
        ):
            value = int(rate) if (rate or "").isdigit() else 0
            if value in STARS:
                ticket.rating_apply(
                    value, rating=rating, feedback=(feedback or "").strip() or None
                )
            else:
                error = View.env._("Please choose from 1 to 5 stars.")
        html = View._render_template(
            "sparklife_aftersales.aftersales_rating_page",
            {
                "rating": rating,
                "ticket": ticket,
                "token": token,
                "stars": STARS,
                "error": error,
                "other_customer": other_customer,
            },
        )
        return request.make_response(html, status=403 if other_customer else 200)
