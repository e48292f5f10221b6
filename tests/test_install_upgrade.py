"""Installing the addon on a shop with orders, and upgrading it, lose nothing.

bin/test prepares the database named by SPARKLIFE_UPGRADE_DB: Odoo with the
addon's dependencies, an order confirmed and delivered before the addon was
installed (fixtures/existing_order.py), then the addon itself.
"""

import datetime as dt
import os
import pathlib
import subprocess

import psycopg2
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
DB = os.environ.get("SPARKLIFE_UPGRADE_DB")

pytestmark = pytest.mark.skipif(
    not DB, reason="needs the database bin/test prepares (SPARKLIFE_UPGRADE_DB)"
)


def _query(sql, params=(), dbname=DB):
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute(sql, params)
        rows = cr.fetchall() if cr.description else None
    conn.close()
    return rows


EXISTING_LINE = """
    SELECT l.id, l.is_aftersales_item, l.aftersales_purchase_date, l.aftersales_received_date,
           l.aftersales_warranty_end, l.aftersales_return_end, l.aftersales_free_resizes_allowed,
           l.aftersales_free_resizes_used, l.aftersales_free_resizes_remaining
      FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
     WHERE o.client_order_ref = 'EXISTING-BEFORE-INSTALL'
"""


def test_covering_a_product_fills_the_coverage_of_its_past_orders():
    """The order was made before the addon was installed; its product was
    then marked as covered by after-sales (fixtures/cover_existing_product.py)."""
    (row,) = _query(EXISTING_LINE)
    _id, item, purchase, received, warranty, return_end, allowed, used, left = row
    assert item is True
    assert purchase == dt.date(2026, 1, 15)
    assert received == dt.date(2026, 1, 20)
    assert warranty == dt.date(2027, 1, 15)
    assert return_end == dt.date(2026, 2, 19)
    assert (allowed, used, left) == (0, 0, 0)


def _upgrade(dbname):
    """Update the addon on ``dbname`` as an administrator does (-u)."""
    subprocess.run(
        [
            "bash",
            "-c",
            '. bin/_env.sh && odoo_step "$UPGRADE_DB" -u sparklife_aftersales',
        ],
        cwd=ROOT,
        env={**os.environ, "ROOT": str(ROOT), "UPGRADE_DB": dbname},
        check=True,
    )


@pytest.fixture
def upgrade_db():
    """A copy of the prepared database, dropped afterwards."""
    copy = f"{DB}_upgrade"
    admin = psycopg2.connect(dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        cr.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{DB}"')
    yield copy
    with admin.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{copy}"')
    admin.close()


def test_upgrade_keeps_data_and_settings(upgrade_db):
    def query(sql, params=()):
        return _query(sql, params, dbname=upgrade_db)

    ((line_id, *_),) = query(EXISTING_LINE)
    # What users did since the install: a product made adjustable, a free
    # resize approved, a policy setting changed.
    query(
        """UPDATE product_template SET aftersales_adjustable = true WHERE id = (
               SELECT p.product_tmpl_id FROM product_product p
                 JOIN sale_order_line l ON l.product_id = p.id WHERE l.id = %s)""",
        (line_id,),
    )
    query(
        "UPDATE sale_order_line SET aftersales_free_resizes_used = 1 WHERE id = %s",
        (line_id,),
    )
    query("UPDATE res_company SET aftersales_return_days = 45")
    _upgrade(upgrade_db)
    (after,) = query(EXISTING_LINE)
    assert after[1] is True, "the item lost its coverage"
    assert after[7] == 1, "free resizes used were lost"
    assert after[4] == dt.date(2027, 1, 15)
    assert query("SELECT DISTINCT aftersales_return_days FROM res_company") == [(45,)]
    assert query(
        "SELECT count(*) FROM product_template WHERE aftersales_adjustable"
    ) == [(1,)]


def test_upgrade_from_before_covered_products_keeps_every_item(upgrade_db):
    """A database of 19.0.1.0.0, when every good sold was a purchased item:
    the upgrade marks the products of existing items as covered."""

    def query(sql, params=()):
        return _query(sql, params, dbname=upgrade_db)

    query("UPDATE product_template SET aftersales_covered = NULL")
    query(
        "UPDATE ir_module_module SET latest_version = '19.0.1.0.0'"
        " WHERE name = 'sparklife_aftersales'"
    )
    _upgrade(upgrade_db)
    (after,) = query(EXISTING_LINE)
    assert after[1] is True, "the item lost its coverage"
    assert after[4] == dt.date(2027, 1, 15)
    assert query(
        "SELECT aftersales_covered FROM product_template WHERE name->>'en_US' = 'Existing Ring'"
    ) == [(True,)]
    # Products never sold stay outside after-sales.
    assert query(
        "SELECT count(*) FROM product_template t WHERE aftersales_covered AND NOT EXISTS ("
        " SELECT 1 FROM product_product p JOIN sale_order_line l ON l.product_id = p.id"
        " WHERE p.product_tmpl_id = t.id AND l.is_aftersales_item)"
    ) == [(0,)]


def test_upgrade_to_coverage_by_category_changes_no_product(upgrade_db):
    """Before coverage followed categories, a product was covered by its
    flag alone: covered products keep it as their own choice, the others
    follow their category, which covers nothing yet."""

    def query(sql, params=()):
        return _query(sql, params, dbname=upgrade_db)

    # The database as 19.0.1.3.0 left it.
    query("ALTER TABLE product_template DROP COLUMN IF EXISTS aftersales_coverage")
    query("ALTER TABLE product_category DROP COLUMN IF EXISTS aftersales_covered")
    query(
        "UPDATE ir_module_module SET latest_version = '19.0.1.3.0'"
        " WHERE name = 'sparklife_aftersales'"
    )
    before = query(
        "SELECT id, aftersales_covered IS TRUE FROM product_template ORDER BY id"
    )
    _upgrade(upgrade_db)
    after = query(
        "SELECT id, aftersales_covered IS TRUE, aftersales_coverage"
        " FROM product_template ORDER BY id"
    )
    assert [(id_, covered) for id_, covered, _choice in after] == before
    assert {(covered, choice) for _id, covered, choice in after} <= {
        (True, "covered"),
        (False, "category"),
    }
    assert query(
        "SELECT aftersales_coverage FROM product_template"
        " WHERE name->>'en_US' = 'Existing Ring'"
    ) == [("covered",)]
    (after_line,) = query(EXISTING_LINE)
    assert after_line[1] is True, "the item lost its coverage"


def test_upgrade_leaves_out_an_empty_carrier_line_of_the_shipped_back_email(
    upgrade_db,
):
    """The shipped-back email of a 19.0.1.3.0 database (kept on update) no
    longer says "Carrier: ." when the carrier is not known; a line staff
    rewrote is left as they wrote it."""

    def query(sql, params=()):
        return _query(sql, params, dbname=upgrade_db)

    template = """
        SELECT t.id FROM mail_template t JOIN ir_model_data d
            ON d.res_id = t.id AND d.model = 'mail.template'
           AND d.name = 'mail_template_step_shipped'
    """
    ((template_id,),) = query(template)
    old = (
        '<p t-if="object.outbound_carrier or object.outbound_tracking_ref">'
        "Carrier: <t t-out=\"object.outbound_carrier or ''\">Colissimo</t>. "
        "Tracking reference: <strong t-out=\"object.outbound_tracking_ref or ''\">"
        "6A12345678901</strong>.</p>"
    )
    query(
        "UPDATE mail_template SET body_html = jsonb_build_object("
        " 'en_US', %s::text, 'fr_FR', %s::text) WHERE id = %s",
        (
            f"<div><p>Hello</p>{old}</div>",
            "<div><p>Mon texte à moi</p></div>",
            template_id,
        ),
    )
    query(
        "UPDATE ir_module_module SET latest_version = '19.0.1.3.0'"
        " WHERE name = 'sparklife_aftersales'"
    )
    _upgrade(upgrade_db)
    ((english, french),) = query(
        "SELECT body_html->>'en_US', body_html->>'fr_FR' FROM mail_template"
        " WHERE id = %s",
        (template_id,),
    )
    assert old not in english
    assert '<p t-if="object.aftersales_outbound_carrier">Carrier: ' in english
    assert (
        '<p t-if="object.aftersales_outbound_tracking_ref">Tracking reference: '
        in english
    )
    assert english.startswith("<div><p>Hello</p>")
    assert french == "<div><p>Mon texte à moi</p></div>", "edited by staff: kept"


def test_upgrade_renames_the_requests_policy_fields_keeping_values_and_filters(
    upgrade_db,
):
    """19.0.1.3.0 named the request's answer ``eligibility``,
    ``eligibility_reason``, ``eligibility_deadline`` and ``photo_count``; the
    return already used ``aftersales_*``. The upgrade renames the request's
    fields in place: their values stay, and a user's saved filter and export
    list on the old names follow."""

    def query(sql, params=()):
        return _query(sql, params, dbname=upgrade_db)

    renames = (
        ("eligibility", "aftersales_eligibility"),
        ("eligibility_reason", "aftersales_reason"),
        ("eligibility_deadline", "aftersales_deadline"),
        ("photo_count", "aftersales_photo_count"),
    )
    # The database as 19.0.1.3.0 left it.
    for old, new in renames:
        if new != "aftersales_reason":  # not stored
            query(f'ALTER TABLE helpdesk_ticket RENAME COLUMN "{new}" TO "{old}"')
        query(
            "UPDATE ir_model_fields SET name = %s"
            " WHERE model = 'helpdesk.ticket' AND name = %s",
            (old, new),
        )
        query(
            "UPDATE ir_model_data SET name = replace(name, %s, %s)"
            " WHERE module = 'sparklife_aftersales' AND name LIKE %s",
            (
                f"helpdesk_ticket__{new}",
                f"helpdesk_ticket__{old}",
                f"%helpdesk_ticket__{new}%",
            ),
        )
    query(
        "UPDATE helpdesk_ticket SET eligibility = 'paid', photo_count = 2,"
        " eligibility_deadline = '2027-01-15', aftersales_service = 'restoration',"
        " access_token = 'the-token-old-links-carried'"
        " WHERE name = 'EXISTING-TICKET-BEFORE-INSTALL'"
    )
    query(
        "INSERT INTO ir_filters (name, model_id, domain, context, sort, active)"
        " VALUES ('Paid, by answer', 'helpdesk.ticket',"
        ' \'[("eligibility", "=", "paid"), ("photo_count", ">", 0)]\','
        ' \'{"group_by": ["eligibility"]}\', \'["eligibility_deadline desc"]\', true)'
    )
    query(
        "INSERT INTO ir_exports (name, resource) VALUES ('Answers', 'helpdesk.ticket')"
    )
    query(
        "INSERT INTO ir_exports_line (export_id, name)"
        " SELECT id, 'eligibility_reason' FROM ir_exports WHERE name = 'Answers'"
    )
    query(
        "UPDATE ir_module_module SET latest_version = '19.0.1.3.0'"
        " WHERE name = 'sparklife_aftersales'"
    )
    _upgrade(upgrade_db)
    assert query(
        "SELECT aftersales_eligibility, aftersales_photo_count, aftersales_deadline"
        " FROM helpdesk_ticket WHERE name = 'EXISTING-TICKET-BEFORE-INSTALL'"
    ) == [("paid", 2, dt.date(2027, 1, 15))]
    # The portal token the old tracking links carried opens nothing anymore.
    assert query(
        "SELECT access_token FROM helpdesk_ticket"
        " WHERE name = 'EXISTING-TICKET-BEFORE-INSTALL'"
    ) == [(None,)]
    names = {
        name
        for (name,) in query(
            "SELECT name FROM ir_model_fields WHERE model = 'helpdesk.ticket'"
        )
    }
    assert {new for _old, new in renames} <= names
    assert not {old for old, _new in renames} & names
    ((domain, context, sort),) = query(
        "SELECT domain, context, sort FROM ir_filters WHERE name = 'Paid, by answer'"
    )
    assert domain == (
        '[("aftersales_eligibility", "=", "paid"), ("aftersales_photo_count", ">", 0)]'
    )
    assert context == '{"group_by": ["aftersales_eligibility"]}'
    assert sort == '["aftersales_deadline desc"]'
    assert query(
        "SELECT line.name FROM ir_exports_line line"
        " JOIN ir_exports export ON export.id = line.export_id"
        " WHERE export.name = 'Answers'"
    ) == [("aftersales_reason",)]


def test_upgrade_moves_the_invoice_reads_to_the_bridge_module(upgrade_db):
    """Before 19.0.1.5.0 the addon granted After-Sales users read access to
    France's e-invoicing flows in code (rows without an external id); the
    upgrade removes those rows and installs the bridge module, whose data
    grants the same right."""

    def query(sql, params=()):
        return _query(sql, params, dbname=upgrade_db)

    bridge = "sparklife_aftersales_l10n_fr_pdp"
    # The database as 19.0.1.4.0 left it: the bridge not installed, the right
    # granted by a row of its own.
    query(
        "DELETE FROM ir_model_access WHERE id IN (SELECT res_id FROM ir_model_data"
        " WHERE module = %s AND model = 'ir.model.access')",
        (bridge,),
    )
    query("DELETE FROM ir_model_data WHERE module = %s", (bridge,))
    query(
        "UPDATE ir_module_module SET state = 'uninstalled' WHERE name = %s", (bridge,)
    )
    query(
        "INSERT INTO ir_model_access (name, model_id, group_id, perm_read, active)"
        " SELECT 'l10n.fr.pdp.reports.flow after-sales user', m.id, d.res_id, true, true"
        " FROM ir_model m, ir_model_data d WHERE m.model = 'l10n.fr.pdp.reports.flow'"
        " AND d.module = 'sparklife_aftersales' AND d.name = 'group_aftersales_user'"
    )
    query(
        "UPDATE ir_module_module SET latest_version = '19.0.1.4.0'"
        " WHERE name = 'sparklife_aftersales'"
    )
    _upgrade(upgrade_db)
    assert query("SELECT state FROM ir_module_module WHERE name = %s", (bridge,)) == [
        ("installed",)
    ]
    rows = query(
        "SELECT d.module FROM ir_model_access a JOIN ir_model m ON m.id = a.model_id"
        " LEFT JOIN ir_model_data d ON d.model = 'ir.model.access' AND d.res_id = a.id"
        " WHERE m.model = 'l10n.fr.pdp.reports.flow'"
        " AND a.group_id = (SELECT res_id FROM ir_model_data"
        " WHERE module = 'sparklife_aftersales' AND name = 'group_aftersales_user')"
    )
    assert rows == [(bridge,)], "one right, the bridge's"
