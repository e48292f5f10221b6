# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestInvoiceReads(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            login="pdp_aftersales_clerk",
            groups="sparklife_aftersales.group_aftersales_user",
        )
        cls.stranger = new_test_user(
            cls.env, login="pdp_stranger", groups="base.group_user"
        )

    def test_after_sales_users_read_the_flows_listed_on_invoices(self):
        Flow = self.env["l10n.fr.pdp.reports.flow"]
        self.assertTrue(Flow.with_user(self.clerk).has_access("read"))
        for operation in ("write", "create", "unlink"):
            with self.subTest(operation=operation):
                self.assertFalse(Flow.with_user(self.clerk).has_access(operation))
        with self.assertRaises(AccessError):
            Flow.with_user(self.stranger).check_access("read")

    def test_the_right_is_data_of_this_module(self):
        access = self.env.ref(
            "sparklife_aftersales_l10n_fr_pdp.access_l10n_fr_pdp_reports_flow_aftersales_user"
        )
        self.assertEqual(
            access.group_id, self.env.ref("sparklife_aftersales.group_aftersales_user")
        )
        self.assertEqual(access.model_id.model, "l10n.fr.pdp.reports.flow")
