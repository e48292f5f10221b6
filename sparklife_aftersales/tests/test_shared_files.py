# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Any node serves any customer's files: with OCA ``fs_attachment`` and a
storage every node reaches set as the default for attachments, a photo a
customer sends through one node is written to that storage, not to the
node's own filestore, and another node, with a filestore of its own, serves
it to her."""

import os
import re
import shutil
import tempfile
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from odoo.addons.base.models.ir_attachment import IrAttachment

from .common import PNG, PiecesMixin, PortalCase
from .test_appraisals import AppraisalMixin

#: The storage's code, which prefixes the name of every file it keeps.
SHARED = "sparklife_shared"


@tagged("post_install", "-at_install")
class TestSharedFiles(AppraisalMixin, PiecesMixin, PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shared_dir = tempfile.mkdtemp(prefix="sparklife-shared-")
        cls.addClassCleanup(shutil.rmtree, cls.shared_dir, ignore_errors=True)
        cls.storage = cls.env["fs.storage"].create(
            {
                "name": "Shared folder",
                "code": SHARED,
                "protocol": "file",
                "directory_path": cls.shared_dir,
                "use_as_default_for_attachments": True,
                # Images go to the folder too, whatever their size.
                "force_db_for_default_attachment_rules": (
                    '{"application/javascript": 0, "text/css": 0}'
                ),
            }
        )

    def _node(self):
        """Requests from now on are served by a node whose filestore is a
        folder of its own, empty."""
        own = tempfile.mkdtemp(prefix="sparklife-node-")
        self.addCleanup(shutil.rmtree, own, ignore_errors=True)
        return patch.object(IrAttachment, "_filestore", lambda self: own), own

    def _files_in(self, folder):
        found = {}
        for root, _dirs, names in os.walk(folder):
            for name in names:
                with open(os.path.join(root, name), "rb") as file:
                    found[name] = file.read()
        return found

    def test_a_photo_sent_through_one_node_is_served_by_another(self):
        node_a, filestore_a = self._node()
        with node_a:
            self.authenticate("portal_alice", "portal_alice")
            response = self._submit(
                self.ring_line,
                photos=[("front.png", PNG)],
                service="resize",
                description="One size smaller, please.",
                aftersales_requested_size="52",
            )
            self.assertEqual(response.status_code, 303)
            request_page = self.url_open(response.headers["Location"]).text
        photo = self._requests_of(self.alice).aftersales_photo_ids
        self.assertEqual(len(photo), 1)
        self.assertTrue(photo.store_fname.startswith(f"{SHARED}://"))
        self.assertEqual(list(self._files_in(self.shared_dir).values()), [PNG])
        self.assertFalse(self._files_in(filestore_a), "nothing on node A's disk")

        link = re.search(
            rf'href="(/web/content/{photo.id}\?download=true&amp;access_token=[^"]+)"',
            request_page,
        ).group(1)
        node_b, filestore_b = self._node()
        with node_b:
            self.assertEqual(self.url_open(link.replace("&amp;", "&")).content, PNG)
            # She alone: another customer is not served it by this node either.
            self.authenticate("portal_bob", "portal_bob")
            self.assertNotEqual(
                self.url_open(f"/web/content/{photo.id}").status_code, 200
            )
        self.assertFalse(self._files_in(filestore_b))

    def test_an_appraisal_issued_on_one_node_is_downloaded_on_another(self):
        """A document the addon prints and keeps goes to the shared storage
        like a photo, and its owner downloads it from any node."""
        node_a, filestore_a = self._node()
        with node_a:
            line, lot = self._appraised_piece("Shared Appraised", partner=self.alice)
            appraisal = self._appraisal(lot, on=fields.Date.today())
            appraisal.action_issue()
        document = appraisal.document_id
        self.assertTrue(document.store_fname.startswith(f"{SHARED}://"))
        self.assertIn(document.raw, self._files_in(self.shared_dir).values())
        self.assertFalse(self._files_in(filestore_a))
        node_b, filestore_b = self._node()
        with node_b:
            self.authenticate("portal_alice", "portal_alice")
            url = f"/my/aftersales/item/{line.id}/appraisal/{appraisal.id}"
            served = self.url_open(url)
            self.assertEqual(served.status_code, 200)
            self.assertEqual(served.content, document.raw)
        self.assertFalse(self._files_in(filestore_b))
