# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The piece's papers in the customer portal: its appraisals (downloaded,
and a new one asked for in one click), reporting it lost or stolen, and
handing it over to a new owner, who accepts or refuses it through the link
they received. Every decision is the models'; the pages are the item's (see
:mod:`.portal`)."""

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from .portal import AftersalesPortal


class AftersalesPortalPapers(AftersalesPortal):
    # Appraisals ---------------------------------------------------------------------

    @http.route(
        "/my/aftersales/item/<int:line_id>/appraisal",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_aftersales_appraisal(self, line_id, **post):
        """A new appraisal of the piece, asked for in one click."""
        line = self._aftersales_item(line_id)
        if not line:
            return self._aftersales_not_found()
        return self._aftersales_send_from_item(
            line,
            lambda: request.env["helpdesk.ticket"]._aftersales_submit(
                line,
                "appraisal",
                request.env._("A new appraisal of my piece, for my insurer."),
                submission_key=post.get("submission_key"),
            ),
        )

    @http.route(
        "/my/aftersales/item/<int:line_id>/appraisal/<int:appraisal_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_aftersales_appraisal_document(self, line_id, appraisal_id, **kw):
        """The PDF of one of the owner's appraisals, downloaded."""
        line = self._aftersales_item(line_id)
        appraisal = line._aftersales_owner_appraisals().filtered(
            lambda a: a.id == appraisal_id
        )
        if not appraisal or not appraisal.document_id:
            raise request.not_found()
        return (
            request.env["ir.binary"]
            ._get_stream_from(appraisal.document_id, "raw")
            .get_response(as_attachment=True)
        )

    # Lost or stolen -----------------------------------------------------------------

    @http.route(
        "/my/aftersales/item/<int:line_id>/missing",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_aftersales_missing(self, line_id, lot_id=None, **post):
        """The owner reports one of the item's pieces lost or stolen."""
        line = self._aftersales_item(line_id)
        if not line:
            return self._aftersales_not_found()
        lot = line.aftersales_lot_ids.filtered(lambda lot: str(lot.id) == lot_id)
        if not lot:
            return self._aftersales_not_found()
        try:
            with request.env.cr.savepoint():
                lot._aftersales_report_missing(
                    post.get("kind"), post.get("since") or None, post.get("police_ref")
                )
        except (UserError, ValueError) as error:
            return self._aftersales_render_item(
                line, missing_error=str(error.args[0]), status=400
            )
        return request.redirect(f"/my/aftersales/item/{line.id}")

    # Handing a piece over ---------------------------------------------------------

    @http.route(
        "/my/aftersales/item/<int:line_id>/transfer",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_aftersales_transfer(self, line_id, email=None, **post):
        """The owner offers the piece to someone else, by email."""
        line = self._aftersales_item(line_id)
        if not line:
            return self._aftersales_not_found()
        try:
            with request.env.cr.savepoint():
                request.env["sparklife.aftersales.transfer"]._aftersales_offer(
                    line, email, request.env.user.partner_id
                )
        except UserError as error:
            return self._aftersales_render_item(
                line, transfer_error=error.args[0], status=400, transfer_email=email
            )
        return request.redirect(f"/my/aftersales/item/{line.id}?offered=1")

    @http.route(
        "/my/aftersales/item/<int:line_id>/transfer/cancel",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_aftersales_transfer_cancel(self, line_id, **post):
        """The owner withdraws the offer still waiting."""
        line = self._aftersales_item(line_id)
        if not line:
            return self._aftersales_not_found()
        pending = line._aftersales_pending_transfer()
        if pending:
            pending._aftersales_cancel()
        return request.redirect(f"/my/aftersales/item/{line.id}")

    @http.route(
        "/my/aftersales/transfer/<string:token>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def portal_aftersales_transfer_offer(self, token, **kw):
        """The offer, for whoever holds its link: the piece and what follows
        it, and the buttons to accept (signed in) or refuse it."""
        transfer = request.env["sparklife.aftersales.transfer"]._aftersales_from_token(
            token
        )
        if not transfer:
            raise request.not_found()
        return self._aftersales_render_offer(transfer)

    def _aftersales_render_offer(self, transfer, error=None, status=200):
        if transfer.state == "pending" and transfer._aftersales_is_past():
            transfer._aftersales_close("expired")
        line = transfer.sale_line_id
        return request.render(
            "sparklife_aftersales.aftersales_transfer_page",
            {
                "transfer": transfer,
                "item": line,
                "care_plan": line.aftersales_care_plan_id,
                # What the next owner gets: the engine says what follows the
                # piece and what stays the buyer's.
                "summary": line._aftersales_summary(for_next_owner=True)[line.id],
                "error": error,
                "signed_in": not request.env.user._is_public(),
            },
            status=status,
        )

    @http.route(
        "/my/aftersales/transfer/<string:token>/accept",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_aftersales_transfer_accept(self, token, **post):
        transfer = request.env["sparklife.aftersales.transfer"]._aftersales_from_token(
            token
        )
        if not transfer:
            raise request.not_found()
        try:
            with request.env.cr.savepoint():
                transfer._aftersales_accept(request.env.user.partner_id)
        except UserError as error:
            return self._aftersales_render_offer(
                transfer, error=error.args[0], status=400
            )
        return request.redirect(
            f"/my/aftersales/item/{transfer.sale_line_id.id}?accepted=1"
        )

    @http.route(
        "/my/aftersales/transfer/<string:token>/refuse",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_aftersales_transfer_refuse(self, token, **post):
        transfer = request.env["sparklife.aftersales.transfer"]._aftersales_from_token(
            token
        )
        if not transfer:
            raise request.not_found()
        error = None
        try:
            with request.env.cr.savepoint():
                user = request.env.user
                transfer._aftersales_refuse(
                    None if user._is_public() else user.partner_id
                )
        except UserError as exc:
            error = exc.args[0]
        return self._aftersales_render_offer(
            transfer, error=error, status=400 if error else 200
        )
