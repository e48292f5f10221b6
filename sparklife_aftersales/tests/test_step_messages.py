# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer is told each step of a request once, by email and (for the
steps the company chooses) SMS, in their language, to a normalized number
that is not blacklisted."""

from unittest.mock import patch

from odoo.modules import module as odoo_module
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import SMSCase

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestStepMessages(AftersalesCase, MockEmail, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        # A request closed also asks for a rating (test_service_levels): here,
        # only the step messages are told.
        cls.env.ref("sparklife_aftersales.mail_template_rating_request").unlink()
        cls.env.ref("sparklife_aftersales.sms_template_rating_request").unlink()
        cls.customer.write(
            {
                "phone": "06 12 34 56 78",
                "country_id": cls.env.ref("base.fr").id,
                "lang": "en_US",
            }
        )
        cls.company.write(
            {
                "aftersales_service_shipping_payer": "customer",
                "aftersales_paid_before_shipping": True,
                "aftersales_invoice_method": "full",
            }
        )
        cls.line = cls._bought_recently()
        cls.accountant = new_test_user(
            cls.env, login="steps_accountant", groups="account.group_account_invoice"
        )

    def _customer_mails(self):
        return self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)

    def _steps(self, ticket):
        return ticket.aftersales_notice_ids.mapped("step")

    def test_a_free_resize_tells_each_step_once(self):
        ticket = self._new_request("resize")
        with self.mock_mail_gateway(), self.mockSMSGateway():
            ticket.action_aftersales_approve()
        mail = self._customer_mails()
        self.assertEqual(len(mail), 1)
        self.assertIn("is approved", mail.subject)
        self.assertIn("12 rue de la Paix", mail.body_html)
        self.assertIn("at your expense", mail.body_html)
        self.assertEqual(self._sms, [], "approval is told by email only (setting)")

        ticket.action_aftersales_send_to_workshop()
        job = ticket.aftersales_repair_id
        job.aftersales_condition_notes = "A light scratch on the band"
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self._receive(job)
        mail = self._customer_mails()
        self.assertIn("we received your piece", mail.subject)
        self.assertIn("A light scratch on the band", mail.body_html)
        self.assertIn("expect to finish the work by", mail.body_html)
        # The number typed in the national format is sent in E.164.
        self.assertSMSIapSent(["+33612345678"], content=ticket.number)

        with self.mock_mail_gateway(), self.mockSMSGateway():
            self._repair(job)
        self.assertIn("is finished", self._customer_mails().subject)
        self.assertEqual(self._sms, [])

        with self.mock_mail_gateway(), self.mockSMSGateway():
            self._ship_back(job, tracking="6A123456789FR")
        mail = self._customer_mails()
        self.assertIn("on its way", mail.subject)
        self.assertIn("6A123456789FR", mail.body_html)
        self.assertSMSIapSent(["+33612345678"], content="6A123456789FR")
        self.assertEqual(
            sorted(self._steps(ticket)),
            ["approved", "finished", "received", "shipped"],
        )
        # Each message is kept on the request.
        self.assertTrue(
            ticket.message_ids.filtered(lambda m: "on its way" in (m.subject or ""))
        )

    def test_a_paid_repair_tells_its_quotation_with_the_link_to_accept_it(self):
        ticket = self._new_request("restoration")
        ticket.action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
        with self.mock_mail_gateway(), self.mockSMSGateway():
            order.action_quotation_sent()
        mail = self._customer_mails()
        self.assertIn("quotation is ready", mail.subject)
        self.assertIn(order.get_portal_url().split("?")[0], mail.body_html)
        self.assertIn(order.name, mail.body_html)
        self.assertEqual(self._steps(ticket), ["quotation"])
        # The clerk takes the quotation back and sends it again: told once.
        with self.mock_mail_gateway(), self.mockSMSGateway():
            order._action_cancel()
            order.action_draft()
            order.action_quotation_sent()
        self.assertEqual(order.state, "sent")
        self.assertFalse(self._customer_mails())
        self.assertEqual(self._steps(ticket), ["quotation"])

    def test_steps_told_by_sms_are_a_setting(self):
        self.company.aftersales_sms_on_approved = True
        ticket = self._new_request("resize")
        with self.mock_mail_gateway(), self.mockSMSGateway():
            ticket.action_aftersales_approve()
        self.assertSMSIapSent(["+33612345678"], content=ticket.number)

    def test_a_blacklisted_number_written_another_way_gets_no_sms(self):
        self.env["phone.blacklist"].sudo().add("+33 6 12 34 56 78")
        ticket = self._new_request("resize")
        ticket.action_aftersales_approve()
        ticket.action_aftersales_send_to_workshop()
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self._receive(ticket.aftersales_repair_id)
        self.assertEqual(self._sms, [])
        self.assertEqual(len(self._customer_mails()), 1, "the email still goes")
        self.assertFalse(any(ticket.aftersales_notice_ids.mapped("by_sms")))

    def test_in_the_customers_language(self):
        """A French customer reads the addon's own French (i18n/fr.po)."""
        self.env["ir.module.module"]._load_module_terms(
            ["sparklife_aftersales"], ["fr_FR"]
        )
        self.customer.lang = "fr_FR"
        ticket = self._new_request("resize")
        with self.mock_mail_gateway(), self.mockSMSGateway():
            ticket.action_aftersales_approve()
        mail = self._customer_mails()
        self.assertIn(f"votre demande est approuvée ({ticket.number})", mail.subject)
        self.assertIn("Bonjour", mail.body_html)
        self.assertNotIn("Hello", mail.body_html)
        ticket.action_aftersales_send_to_workshop()
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self._receive(ticket.aftersales_repair_id)
        self.assertIn(
            "nous avons bien reçu votre pièce", self._customer_mails().subject
        )
        self.assertSMSIapSent(
            ["+33612345678"],
            content=f"nous avons bien reçu votre pièce pour la demande {ticket.number}",
        )
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self._repair(ticket.aftersales_repair_id)
        self.assertIn("sont terminés", self._customer_mails().subject)
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self._ship_back(ticket.aftersales_repair_id, tracking="6A123456789FR")
        self.assertIn("votre pièce est en route", self._customer_mails().subject)
        self.assertSMSIapSent(
            ["+33612345678"], content="est en route vers vous: 6A123456789FR"
        )

    def test_records_loaded_from_data_files_tell_nobody(self):
        ticket = self._new_request("resize").with_context(install_mode=True)
        with self.mock_mail_gateway(), self.mockSMSGateway():
            ticket.action_aftersales_approve()
        self.assertFalse(self._customer_mails())
        self.assertFalse(ticket.aftersales_notice_ids)

    def test_a_return_tells_its_refund(self):
        ticket = self._new_request("return_satisfaction")
        ticket.action_aftersales_authorize_return()
        rma = ticket.aftersales_rma_ids
        self._validate(rma.reception_move_id.picking_id)
        self._all_conditions_met(rma)
        with self.mock_mail_gateway(), self.mockSMSGateway():
            rma.action_refund()
        mail = self._customer_mails()
        self.assertIn("your return is refunded", mail.subject)
        self.assertIn(
            f"{rma.refund_id.amount_total:,.2f}", mail.body_html, "the amount refunded"
        )
        self.assertEqual(self._steps(ticket), ["refunded"])

    # One message per step, ours ---------------------------------------------------

    def _validate_as_clerk(self, picking, tracking=None):
        """The clerk validates ``picking`` as in the back office (stock_sms
        on, as outside tests): the action it answers, if any."""
        picking = picking.with_user(self.aftersales_user)
        if tracking:
            picking.sudo().carrier_tracking_ref = tracking
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        with patch.object(odoo_module, "current_test", False):
            return picking.with_context(skip_backorder=True).button_validate()

    def _ship_back_as_clerk(self, ticket, tracking=None):
        job = ticket.aftersales_repair_id
        job.action_aftersales_ship_back()
        return self._validate_as_clerk(job.aftersales_delivery_id, tracking)

    def test_shipped_back_is_told_once_by_our_own_messages(self):
        """stock_sms is on: the piece shipped back is told by the request's
        own email and SMS only; no "confirm by SMS" dialog for the clerk, no
        stock SMS, no closing email of the stage the request reaches."""
        self.company.write(
            {"stock_text_confirmation": True, "stock_confirmation_type": "sms"}
        )
        ticket = self._new_request("resize")
        self.env.cr.precommit.run()  # as when the request was saved
        ticket.action_aftersales_approve()
        ticket.action_aftersales_send_to_workshop()
        job = ticket.aftersales_repair_id
        self._receive(job)
        self._repair(job)
        self.env.cr.precommit.run()
        with self.mock_mail_gateway(), self.mockSMSGateway():
            result = self._ship_back_as_clerk(ticket, tracking="6A123456789FR")
            self.env.cr.precommit.run()  # tracking, and the templates it sends
        self.assertIs(result, True, "no confirm-by-SMS dialog")
        self.assertTrue(ticket.stage_id.closed)
        mail = self._customer_mails()
        self.assertEqual(len(mail), 1, mail.mapped("subject"))
        self.assertIn("on its way", mail.subject)
        self.assertEqual(len(self._sms), 1, [sms["body"] for sms in self._sms])
        self.assertSMSIapSent(["+33612345678"], content="6A123456789FR")
        self.assertFalse(
            ticket.message_ids.filtered(
                lambda m: "has been closed" in (m.subject or "")
            )
        )

    def test_other_goods_keep_the_stock_sms_and_tickets_their_closing_email(self):
        self.company.write(
            {"stock_text_confirmation": True, "stock_confirmation_type": "sms"}
        )
        lamp = self.env["product.product"].create(
            {"name": "Test Office Lamp", "type": "consu"}
        )
        order = self._order([(lamp, 1)])
        order.action_confirm()
        delivery = order.picking_ids
        result = self._validate_as_clerk(delivery)
        self.assertEqual(result["res_model"], "confirm.stock.sms")
        self.company.has_received_warning_stock_sms = True
        with self.mock_mail_gateway(), self.mockSMSGateway():
            result = self._validate_as_clerk(delivery)
        self.assertEqual(delivery.state, "done")
        self.assertSMSIapSent(["+33612345678"], content="has been shipped")
        # A ticket that is not about a piece keeps helpdesk's closing email.
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Opening hours?",
                "description": "<p>When are you open?</p>",
                "partner_id": self.customer.id,
            }
        )
        self.env.cr.precommit.run()  # as when the ticket was saved
        with self.mock_mail_gateway():
            ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
            self.env.cr.precommit.run()  # tracking, and the templates it sends
        self.assertIn(
            "has been closed", " ".join(self._customer_mails().mapped("subject"))
        )

    def test_shipped_back_without_carrier_leaves_out_what_is_empty(self):
        ticket, job = self._ready_to_ship("resize")
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self._ship_back(job)
        body = self._customer_mails().body_html
        self.assertNotIn("Carrier:", body)
        self.assertNotIn("Tracking reference:", body)
        # With a tracking reference but no carrier: only the reference.
        ticket, job = self._ready_to_ship("cleaning")
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self._ship_back(job, tracking="6A123456789FR")
        body = self._customer_mails().body_html
        self.assertNotIn("Carrier:", body)
        self.assertIn("Tracking reference: <strong>6A123456789FR</strong>.", body)
