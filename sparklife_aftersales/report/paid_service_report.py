# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.account.models.account_move import PAYMENT_STATE_SELECTION

from ..const import SERVICE_SELECTION


class SparklifeAftersalesPaidServiceReport(models.Model):
    """Every posted invoice and credit note line of an after-sales service,
    with its request, service, customer, amount and where its payment stands:
    what accountants reconcile and follow."""

    _name = "sparklife.aftersales.paid.service.report"
    _description = "After-sales paid services"
    _auto = False
    _rec_name = "move_id"
    _order = "date desc, id desc"
    # What the query reads: flushed before the report is searched.
    _depends = {
        "account.move": [
            "state",
            "move_type",
            "payment_state",
            "invoice_date",
            "commercial_partner_id",
            "invoice_currency_rate",
            "matched_payment_ids",
        ],
        "account.move.line": [
            "move_id",
            "date",
            "company_id",
            "company_currency_id",
            "aftersales_ticket_id",
            "aftersales_ticket_ref",
            "aftersales_service",
            "product_id",
            "balance",
            "price_total",
            "display_type",
            "account_id",
        ],
        "account.partial.reconcile": ["debit_move_id", "credit_move_id", "max_date"],
        "account.payment": ["date"],
        "account.account": ["account_type"],
    }

    move_id = fields.Many2one(
        comodel_name="account.move", string="Document", readonly=True
    )
    move_type = fields.Selection(
        selection=[
            ("out_invoice", "Invoice"),
            ("out_refund", "Credit note"),
        ],
        string="Type",
        readonly=True,
    )
    date = fields.Date(string="Accounting date", readonly=True)
    invoice_date = fields.Date(readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", readonly=True
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Service request", readonly=True
    )
    ticket_ref = fields.Char(string="Request", readonly=True)
    service = fields.Selection(selection=SERVICE_SELECTION, readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    amount = fields.Monetary(
        readonly=True,
        help="Untaxed, in the company's currency; credit notes are negative.",
    )
    amount_total = fields.Monetary(
        string="Amount with taxes",
        readonly=True,
        help="In the company's currency; credit notes are negative.",
    )
    payment_state = fields.Selection(
        selection=PAYMENT_STATE_SELECTION, string="Payment status", readonly=True
    )
    paid_date = fields.Date(
        string="Paid on",
        readonly=True,
        help="The day of the last payment of a paid document (its "
        "reconciliation, or the payment itself when it has no journal entry).",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT
                line.id,
                line.move_id,
                move.move_type,
                line.date,
                move.invoice_date,
                line.company_id,
                line.company_currency_id AS currency_id,
                move.commercial_partner_id AS partner_id,
                line.aftersales_ticket_id AS ticket_id,
                line.aftersales_ticket_ref AS ticket_ref,
                line.aftersales_service AS service,
                line.product_id,
                -line.balance AS amount,
                line.price_total / NULLIF(move.invoice_currency_rate, 0)
                    * (CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END)
                    AS amount_total,
                move.payment_state,
                CASE WHEN move.payment_state IN ('paid', 'in_payment')
                    THEN GREATEST(paid.paid_date, matched.paid_date) END AS paid_date
            FROM account_move_line line
            JOIN account_move move ON move.id = line.move_id
            LEFT JOIN LATERAL (
                SELECT MAX(partial.max_date) AS paid_date
                FROM account_move_line term
                JOIN account_account account ON account.id = term.account_id
                JOIN account_partial_reconcile partial
                    ON partial.debit_move_id = term.id
                    OR partial.credit_move_id = term.id
                WHERE term.move_id = move.id
                    AND account.account_type = 'asset_receivable'
            ) paid ON TRUE
            -- payments registered without a journal entry of their own
            LEFT JOIN LATERAL (
                SELECT MAX(payment.date) AS paid_date
                FROM account_move__account_payment matched_rel
                JOIN account_payment payment ON payment.id = matched_rel.payment_id
                WHERE matched_rel.invoice_id = move.id
                    AND payment.move_id IS NULL
            ) matched ON TRUE
            WHERE line.aftersales_service IS NOT NULL
                AND line.display_type = 'product'
                AND move.state = 'posted'
                AND move.move_type IN ('out_invoice', 'out_refund')
            """
        )

    def action_open_document(self):
        """Open the invoice or credit note of this row."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_open_request(self):
        """Open the service request this row bills (after-sales staff)."""
        self.ensure_one()
        self.ticket_id.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
