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
    def _aftersales_rating_url(self, token):
        """The page of our own for a rating of an after-sales request, or
        None for any other rating."""
        rating = (
            request.env["rating.rating"]
            .sudo()
            .search([("access_token", "=", token)], limit=1)
        )
        if rating.res_model == "helpdesk.ticket":
            ticket = request.env["helpdesk.ticket"].sudo().browse(rating.res_id)
            if ticket.exists().aftersales_service:
                return f"/aftersales/rate/{token}"
        return None

    # Odoo's own /rate pages skip the checks of ours (who is signed in, a
    # rating already given): an after-sales request is rated on ours only.
    @http.route()
    def action_open_rating(self, token, rate, **kwargs):
        url = self._aftersales_rating_url(token)
        if url:
            return request.redirect(url)
        return super().action_open_rating(token, rate, **kwargs)

    @http.route()
    def action_submit_rating(self, token, rate=0, **kwargs):
        url = self._aftersales_rating_url(token)
        if url:
            return request.redirect(url)
        return super().action_submit_rating(token, rate=rate, **kwargs)

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
