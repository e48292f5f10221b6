# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from psycopg2.errors import CheckViolation

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.sparklife_aftersales import policy

from .common import AftersalesCase, utc


@tagged("post_install", "-at_install")
class TestSettings(AftersalesCase):
    def test_defaults_are_sparklife_policy(self):
        settings = self.env["res.company"].create({"name": "New Boutique"})
        self.assertEqual(
            settings._aftersales_policy_settings(),
            policy.Settings(timezone=settings.partner_id.tz or "UTC"),
        )

    def test_manager_changes_the_policy_in_settings(self):
        line = self._bought(self.ring, utc(2026, 3, 1, 9), utc(2026, 3, 10, 9))
        with Form(self.env["res.config.settings"]) as config:
            config.aftersales_warranty_months = 24
            config.aftersales_return_days = 14
            config.aftersales_service_shipping_payer = policy.COMPANY
        config.save().execute()
        self.assertEqual(self.company.aftersales_warranty_months, 24)
        self.assertEqual(self.company.aftersales_service_shipping_payer, policy.COMPANY)
        self.assertEqual(line.aftersales_warranty_end, date(2028, 3, 1))
        self.assertEqual(line.aftersales_return_end, date(2026, 3, 24))
        settings = self.company._aftersales_policy_settings()
        self.assertEqual(settings.timezone, "Europe/Paris")
        self.assertEqual(settings.service_shipping_payer, policy.COMPANY)

    def test_negative_durations_are_refused(self):
        with (
            self.assertRaisesRegex(ValidationError, "cannot be negative"),
            self.env.cr.savepoint(),
        ):
            self.company.aftersales_return_days = -1
        self.env.invalidate_all()
        # The database refuses them too, whatever writes them.
        with self.assertRaises(CheckViolation), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE res_company SET aftersales_return_days = -1 WHERE id = %s",
                    [self.company.id],
                )

    def test_settings_page_is_for_managers(self):
        self.assertTrue(
            self.env.ref("sparklife_aftersales.group_aftersales_manager")
            in self.env.ref("base.user_admin").all_group_ids
        )
        self.assertFalse(
            self.aftersales_user.has_group(
                "sparklife_aftersales.group_aftersales_manager"
            )
        )


@tagged("post_install", "-at_install")
class TestMenuAccess(AftersalesCase):
    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_after_sales_menu_for_its_users_only(self):
        root = self.env.ref("sparklife_aftersales.menu_aftersales_root")
        items = self.env.ref("sparklife_aftersales.menu_purchased_items")
        config = self.env.ref("sparklife_aftersales.menu_aftersales_config")
        visible = self._visible_menus(self.aftersales_user)
        self.assertIn(root.id, visible)
        self.assertIn(items.id, visible)
        self.assertNotIn(config.id, visible)
        clerk = new_test_user(self.env, login="clerk", groups="base.group_user")
        self.assertNotIn(root.id, self._visible_menus(clerk))
        admin = self.env.ref("base.user_admin")
        self.assertIn(config.id, self._visible_menus(admin))

    def test_managers_reach_the_policy_form_not_odoo_settings(self):
        manager = new_test_user(
            self.env,
            login="policy_manager",
            groups="sparklife_aftersales.group_aftersales_manager",
        )
        visible = self._visible_menus(manager)
        self.assertIn(
            self.env.ref("sparklife_aftersales.menu_aftersales_policy").id, visible
        )
        self.assertIn(
            self.env.ref("sparklife_aftersales.menu_service_requests").id, visible
        )
        self.assertNotIn(
            self.env.ref("sparklife_aftersales.menu_aftersales_settings").id, visible
        )


@tagged("post_install", "-at_install")
class TestPolicyForm(AftersalesCase):
    """After-sales managers change their company's policy without being
    Settings administrators."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="policy_manager",
            groups="sparklife_aftersales.group_aftersales_manager",
        )

    def _open(self, user):
        action = (
            self.env["sparklife.aftersales.policy.settings"]
            .with_user(user)
            .action_open()
        )
        return self.env[action["res_model"]].with_user(user).browse(action["res_id"])

    def test_manager_saves_the_policy(self):
        line = self._bought(self.ring, utc(2026, 3, 1, 9), utc(2026, 3, 10, 9))
        workshop = self.env["res.partner"].create({"name": "Sparklife Workshop"})
        with Form(self._open(self.manager)) as form:
            self.assertEqual(form.aftersales_warranty_months, 12)
            form.aftersales_warranty_months = 24
            form.aftersales_free_resizes_per_unit = 2
            form.aftersales_address_id = workshop
        form.record.action_save()
        self.assertEqual(self.company.aftersales_warranty_months, 24)
        self.assertEqual(self.company.aftersales_address_id, workshop)
        self.assertEqual(line.aftersales_warranty_end, date(2028, 3, 1))
        self.assertEqual(line.aftersales_free_resizes_allowed, 2)
        # Only the policy: the rest of the company stays out of reach.
        with self.assertRaises(AccessError):
            self.company.with_user(self.manager).name = "Renamed"

    def test_users_cannot_open_nor_save_it(self):
        with self.assertRaises(AccessError):
            self._open(self.aftersales_user)
        form = self._open(self.manager)
        with self.assertRaises(AccessError):
            form.with_user(self.aftersales_user).action_save()
        self.assertEqual(self.company.aftersales_warranty_months, 12)

    def test_negative_values_are_refused(self):
        form = self._open(self.manager)
        form.aftersales_return_days = -3
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            form.action_save()
