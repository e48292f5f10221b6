# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import trans_export


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_pot_file_is_up_to_date(self):
        """i18n/sparklife_aftersales.pot holds every translatable string
        (regenerate it with bin/i18n)."""
        buffer = io.BytesIO()
        trans_export(None, ["sparklife_aftersales"], buffer, "po", self.env)
        current = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode())}
        committed = {
            entry.msgid
            for entry in polib.pofile(
                file_path("sparklife_aftersales/i18n/sparklife_aftersales.pot")
            )
        }
        self.assertIn("Free resize available until %(date)s.", current)
        self.assertEqual(
            sorted(current - committed), [], "strings missing from the .pot file"
        )
        self.assertEqual(sorted(committed - current), [], "stale strings in the .pot")
