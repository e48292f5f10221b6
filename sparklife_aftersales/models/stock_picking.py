# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Transfers: the receipt of a customer's piece into the workshop and its
delivery back, each tied to its workshop job. A paid job's piece is not
delivered before its service is paid."""

from markupsafe import Markup

from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    aftersales_repair_id = fields.Many2one(
        comodel_name="repair.order",
        string="Workshop job",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The workshop job whose piece this transfer brings in or sends back.",
    )

    def button_validate(self):
        stopped = self._aftersales_stop_missing_pieces()
        if stopped:
            return stopped
        self._aftersales_deliveries().aftersales_repair_id._aftersales_check_may_ship()
        self._aftersales_check_pieces_free()
        return super().button_validate()

    def _aftersales_stop_missing_pieces(self):
        """A transfer moving a piece reported lost or stolen (a workshop
        receipt, a return, a sale's delivery) is not validated: a manager is
        alerted on the piece, and whoever validates it is told to keep the
        piece aside. Returns the notification to show them, or None."""
        missing = self.move_line_ids.lot_id._aftersales_missing()
        if missing:
            missing._aftersales_alert_missing(
                self.env._("transfer %(names)s", names=", ".join(self.mapped("name")))
            )
            for picking in self:
                picking.message_post(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "Not validated: %(serials)s is reported lost or stolen. "
                        "A manager is alerted.",
                        serials=", ".join(missing.mapped("name")),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "danger",
                    "sticky": True,
                    "title": self.env._("Piece reported lost or stolen"),
                    "message": self.env._(
                        "%(serials)s is reported lost or stolen: the transfer is not "
                        "validated. Keep the piece aside and say nothing to whoever "
                        "brought it; a manager is alerted.",
                        serials=", ".join(missing.mapped("name")),
                    ),
                },
            }
        return None

    def _aftersales_own(self):
        """The transfers of after-sales documents: a workshop job's piece in
        and back, a return's receipt and what it sends back. Their customer
        is told each step by the request's own messages."""
        return self.filtered(
            lambda p: p.aftersales_repair_id
            or p.move_ids.rma_id.filtered("aftersales_ticket_id")
        )

    def _check_warn_sms(self):
        # No "confirm by SMS" dialog for the transfers whose customer is
        # told by the request's own messages.
        return super()._check_warn_sms() - self._aftersales_own()

    def _send_confirmation_email(self):
        """stock_sms's "your order has been shipped" SMS is not sent for
        after-sales transfers: the request's own step message tells the
        customer. Other goods keep it."""
        own = self._aftersales_own()
        result = super(StockPicking, self - own)._send_confirmation_email()
        if own:
            super(
                StockPicking, own.with_context(skip_sms=True)
            )._send_confirmation_email()
        return result

    def _aftersales_deliveries(self):
        return self.filtered(
            lambda p: p.aftersales_repair_id
            and p == p.aftersales_repair_id.aftersales_delivery_id
        )

    def _aftersales_receipts(self):
        return self.filtered(
            lambda p: p.aftersales_repair_id
            and p == p.aftersales_repair_id.aftersales_receipt_id
        )

    def _aftersales_check_pieces_free(self):
        """A piece received for a workshop job is not with the workshop on
        another job already (its serial, as read on the receipt)."""
        Job = self.env["repair.order"]
        for receipt in self._aftersales_receipts():
            for lot in receipt.move_line_ids.lot_id:
                Job._aftersales_check_piece_free(lot, receipt.aftersales_repair_id)

    def _action_done(self):
        self._aftersales_deliveries().aftersales_repair_id._aftersales_check_may_ship()
        result = super()._action_done()
        for picking in self.filtered(
            lambda p: p.aftersales_repair_id and p.state == "done"
        ):
            picking.aftersales_repair_id._aftersales_piece_moved(picking)
        return result
