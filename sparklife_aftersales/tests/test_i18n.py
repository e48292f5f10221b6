# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import re

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import trans_export

#: Python placeholders (%s, %(name)s), inline template expressions ({{ ... }})
#: and HTML tags with their attributes: a translation keeps each of them
#: (but for the text of the attributes read by people).
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]")
EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
READ_ATTRIBUTE = re.compile(r'\b(aria-label|title|alt|placeholder)="[^"]*"')


def _kept(text):
    """What a translation of ``text`` must keep, in order."""
    tags = [READ_ATTRIBUTE.sub(r'\1=""', tag) for tag in TAG.findall(text)]
    return sorted(PLACEHOLDER.findall(text)), sorted(EXPRESSION.findall(text)), tags


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

    def test_the_french_translation_is_complete(self):
        """i18n/fr.po translates every string of the .pot, keeping each
        placeholder, QWeb expression and HTML tag (update it with msgmerge
        after bin/i18n)."""
        template = polib.pofile(
            file_path("sparklife_aftersales/i18n/sparklife_aftersales.pot")
        )
        french = polib.pofile(file_path("sparklife_aftersales/i18n/fr.po"))
        self.assertEqual(
            sorted(entry.msgid for entry in french),
            sorted(entry.msgid for entry in template),
            "fr.po is not in step with the .pot",
        )
        for entry in french:
            with self.subTest(msgid=entry.msgid[:60]):
                self.assertTrue(entry.msgstr, "not translated")
                self.assertNotIn("fuzzy", entry.flags)
                self.assertEqual(_kept(entry.msgstr), _kept(entry.msgid))
