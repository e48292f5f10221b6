# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Any node serves any customer: with OCA ``session_db``, a customer who
logs in through one Odoo node is recognised by another, each node with its
own connection to the sessions' table, and nothing of it in the node's
memory or files."""

import re
import tempfile
from unittest.mock import patch

from odoo import http
from odoo.sql_db import connection_info_for
from odoo.tests import tagged
from odoo.tests.common import get_db_name

from odoo.addons.session_db.pg_session_store import PGSessionStore

from .common import PortalCase


def _sessions_uri():
    """The database's own address, where session_db keeps its table (a
    database of its own in production, see the README)."""
    _name, info = connection_info_for(get_db_name())
    user = info.get("user", "")
    secret = f":{info['password']}" if info.get("password") else ""
    host = info.get("host", "")
    port = f":{info['port']}" if info.get("port") else ""
    credentials = f"{user}{secret}@" if user else ""
    return f"postgres://{credentials}{host}{port}/{info['database']}"


@tagged("post_install", "-at_install")
class TestSharedSessions(PortalCase):
    def _node(self, store):
        """Requests from now on are served by a node with this store."""
        return patch.dict(vars(http.root), {"session_store": store})

    def test_logged_in_on_one_node_served_by_the_other(self):
        node_a = PGSessionStore(_sessions_uri(), session_class=http.Session)
        node_b = PGSessionStore(_sessions_uri(), session_class=http.Session)
        self.addCleanup(node_b._close_connection)
        self.addCleanup(node_a._close_connection)
        with self._node(node_a):
            page = self.url_open("/web/login")
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            answer = self.url_open(
                "/web/login",
                data={
                    "login": "portal_alice",
                    "password": "portal_alice",
                    "csrf_token": csrf.group(1),
                    "redirect": "/my/aftersales",
                },
                allow_redirects=False,
            )
            self.assertEqual(answer.status_code, 303, "logged in on node A")
        sid = self.opener.cookies["session_id"]
        self.addCleanup(node_a.delete, node_a.get(sid))
        self.assertEqual(node_b.get(sid)["login"], "portal_alice", "in PostgreSQL")
        with self._node(node_b):
            page = self.url_open("/my/aftersales", allow_redirects=False)
            self.assertEqual(page.status_code, 200, "node B knows her")
            self.assertIn(f"/my/aftersales/item/{self.ring_line.id}", page.text)
            self.assertNotIn(f"/my/aftersales/item/{self.bob_line.id}", page.text)
        # A node keeping sessions in its own files does not know her.
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        own_files = http.FilesystemSessionStore(
            folder.name, session_class=http.Session, renew_missing=True
        )
        with self._node(own_files):
            page = self.url_open("/my/aftersales", allow_redirects=False)
            self.assertEqual(page.status_code, 303)
            self.assertIn("/web/login", page.headers["Location"])
