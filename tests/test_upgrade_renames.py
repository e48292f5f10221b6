"""19.0.1.5.0 gave the addon's prefix to its fields on Odoo's and OCA's
models: an old database upgraded keeps every renamed field's values, and what
users saved on the old names (filters, export lists, templates) follows.

The database bin/test prepares (SPARKLIFE_UPGRADE_DB) is copied once, put
back as 19.0.1.4.0 left it (old names, a value in each stored field, a saved
filter and an export line per field), then upgraded; each renamed field is
one test.
"""

import ast
import datetime as dt
import os
import pathlib
import subprocess

import psycopg2
import pytest
from test_install_upgrade import DB, ROOT, _query, _upgrade

MIGRATION = (
    ROOT / "sparklife_aftersales" / "migrations" / "19.0.1.5.0" / "pre-migrate.py"
)

pytestmark = pytest.mark.skipif(
    not DB, reason="needs the database bin/test prepares (SPARKLIFE_UPGRADE_DB)"
)


def _renames():
    """The migration's ``RENAMES``, read from its source."""
    tree = ast.parse(pathlib.Path(MIGRATION).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "RENAMES":
            return ast.literal_eval(node.value)
    raise AssertionError("no RENAMES in the migration")


RENAMES = _renames()
FIELDS = [
    (model, old, new) for model, names in RENAMES.items() for old, new in names.items()
]

#: The row of each renamed model that carries the test values.
ROWS = {
    "helpdesk.ticket": "SELECT id FROM helpdesk_ticket WHERE name = 'EXISTING-TICKET-BEFORE-INSTALL'",
    "sale.order.line": (
        "SELECT l.id FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id"
        " WHERE o.client_order_ref = 'EXISTING-BEFORE-INSTALL'"
    ),
    "res.partner": "SELECT id FROM res_partner WHERE name = 'Existing Customer'",
    "product.template": (
        "SELECT id FROM product_template WHERE name->>'en_US' = 'Existing Ring'"
    ),
    "rma": "SELECT id FROM rma WHERE origin = 'EXISTING-RMA'",
}

#: A return on the existing order, so that the return's fields have a row.
NEW_RMA = """
line = env["sale.order.line"].search([("order_id.client_order_ref", "=", "EXISTING-BEFORE-INSTALL")])
env["rma"].create({
    "partner_id": line.order_partner_id.id,
    "product_id": line.product_id.id,
    "product_uom_qty": 1,
    "product_uom": line.product_uom_id.id,
    "origin": "EXISTING-RMA",
})
env.cr.commit()
"""


def _value(cr, model, name, ttype, relation):
    """A value of ``ttype`` to store in the field under test."""
    if ttype == "boolean":
        return True
    if ttype == "date":
        return dt.date(2026, 3, 4)
    if ttype == "datetime":
        return dt.datetime(2026, 3, 4, 5, 6, 7)
    if ttype in ("integer", "float", "monetary"):
        return 3
    if ttype == "selection":
        cr.execute(
            "SELECT s.value FROM ir_model_fields_selection s"
            " JOIN ir_model_fields f ON f.id = s.field_id"
            " WHERE f.model = %s AND f.name = %s ORDER BY s.sequence DESC, s.id DESC LIMIT 1",
            [model, name],
        )
        return cr.fetchone()[0]
    if ttype == "many2one":
        cr.execute(f'SELECT max(id) FROM "{relation.replace(".", "_")}"')
        return cr.fetchone()[0]
    return "kept"


@pytest.fixture(scope="module")
def upgraded():
    """The prepared database, copied, set back to 19.0.1.4.0 with a value,
    a filter and an export line per renamed field, then upgraded. Yields the
    copy's name and the values written, ``{(model, old): value}``."""
    copy = f"{DB}_renames"
    admin = psycopg2.connect(dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        cr.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{DB}"')
    subprocess.run(
        [
            "bash",
            "-c",
            '. bin/_env.sh && odoo shell -d "$UPGRADE_DB" --no-http --log-level=warn',
        ],
        input=NEW_RMA,
        text=True,
        cwd=ROOT,
        env={**os.environ, "ROOT": str(ROOT), "UPGRADE_DB": copy},
        check=True,
    )
    written = {}
    with psycopg2.connect(dbname=copy) as conn, conn.cursor() as cr:
        for model, old, new in FIELDS:
            table = model.replace(".", "_")
            cr.execute(
                "SELECT store, ttype, relation FROM ir_model_fields"
                " WHERE model = %s AND name = %s",
                [model, new],
            )
            store, ttype, relation = cr.fetchone()
            if store and ttype not in ("one2many", "many2many"):
                cr.execute(ROWS[model])
                (row_id,) = cr.fetchone()
                value = _value(cr, model, new, ttype, relation)
                cr.execute(
                    f'UPDATE "{table}" SET "{new}" = %s WHERE id = %s', [value, row_id]
                )
                written[model, old] = value
                cr.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{new}" TO "{old}"')
            # The field rows and their external ids as 19.0.1.4.0 named them.
            cr.execute(
                "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
                [old, model, new],
            )
            cr.execute(
                "UPDATE ir_model_fields SET relation_field = %s"
                " WHERE relation = %s AND relation_field = %s",
                [old, model, new],
            )
            cr.execute(
                "UPDATE ir_model_data SET name = %s"
                " WHERE model = 'ir.model.fields' AND name = %s",
                [f"field_{table}__{old}", f"field_{table}__{new}"],
            )
            cr.execute(
                "UPDATE ir_model_data SET name = replace(name, %s, %s)"
                " WHERE model = 'ir.model.fields.selection' AND starts_with(name, %s)",
                [f"__{new}__", f"__{old}__", f"selection__{table}__{new}__"],
            )
            # What a user saved on the old name.
            cr.execute(
                "INSERT INTO ir_filters (name, model_id, domain, context, sort, active)"
                " VALUES (%s, %s, %s, %s, %s, true)",
                [
                    f"By {model} {old}",
                    model,
                    f'[("{old}", "!=", False)]',
                    f"{{'group_by': ['{old}']}}",
                    f'["{old} desc"]',
                ],
            )
            cr.execute(
                "INSERT INTO ir_exports (name, resource) VALUES (%s, %s) RETURNING id",
                [f"Export {model} {old}", model],
            )
            cr.execute(
                "INSERT INTO ir_exports_line (export_id, name) VALUES (%s, %s)",
                [cr.fetchone()[0], old],
            )
        # A path through a renamed relation to a renamed field, in a filter
        # and in a template kept on update.
        cr.execute(
            "INSERT INTO ir_filters (name, model_id, domain, context, sort, active) VALUES"
            " ('Through the item', 'helpdesk.ticket',"
            " '[(\"sale_line_id.warranty_end\", \"<\", \"2027-01-01\")]', '{}', '[]', true)"
        )
        cr.execute(
            """
            UPDATE mail_template SET body_html = jsonb_build_object(
                'en_US', '<p t-out="object.sale_line_id.warranty_end"/>')
             WHERE id = (SELECT res_id FROM ir_model_data
                          WHERE module = 'sparklife_aftersales'
                            AND name = 'mail_template_step_shipped')
            """
        )
        cr.execute(
            "UPDATE ir_module_module SET latest_version = '19.0.1.4.0'"
            " WHERE name = 'sparklife_aftersales'"
        )
    conn.close()
    _upgrade(copy)
    yield copy, written
    with admin.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{copy}"')
    admin.close()


@pytest.mark.parametrize(
    ("model", "old", "new"), FIELDS, ids=[f"{m}.{o}" for m, o, _n in FIELDS]
)
def test_renamed_field_keeps_values_and_saved_searches(upgraded, model, old, new):
    db, written = upgraded

    def query(sql, params=()):
        return _query(sql, params, dbname=db)

    names = {
        name
        for (name,) in query(
            "SELECT name FROM ir_model_fields WHERE model = %s", (model,)
        )
    }
    assert new in names and old not in names
    assert query(
        "SELECT count(*) FROM ir_model_data d JOIN ir_model_fields f ON f.id = d.res_id"
        " WHERE d.model = 'ir.model.fields' AND d.name = %s AND f.name = %s",
        (f"field_{model.replace('.', '_')}__{new}", new),
    ) == [(1,)], "the field's external id does not follow it"
    if (model, old) in written:
        table = model.replace(".", "_")
        ((row_id,),) = query(ROWS[model])
        ((value,),) = query(f'SELECT "{new}" FROM "{table}" WHERE id = %s', (row_id,))
        assert value == written[model, old], "the value was lost"
    ((domain, context, sort),) = query(
        "SELECT domain, context, sort FROM ir_filters WHERE name = %s",
        (f"By {model} {old}",),
    )
    assert domain == f'[("{new}", "!=", False)]'
    assert context == f"{{'group_by': ['{new}']}}"
    assert sort == f'["{new} desc"]'
    assert query(
        "SELECT line.name FROM ir_exports_line line"
        " JOIN ir_exports export ON export.id = line.export_id WHERE export.name = %s",
        (f"Export {model} {old}",),
    ) == [(new,)]


def test_paths_through_renamed_fields_follow(upgraded):
    db, _written = upgraded
    ((domain,),) = _query(
        "SELECT domain FROM ir_filters WHERE name = 'Through the item'", dbname=db
    )
    assert (
        domain
        == '[("aftersales_sale_line_id.aftersales_warranty_end", "<", "2027-01-01")]'
    )
    ((body,),) = _query(
        "SELECT body_html->>'en_US' FROM mail_template WHERE id = ("
        " SELECT res_id FROM ir_model_data WHERE module = 'sparklife_aftersales'"
        " AND name = 'mail_template_step_shipped')",
        dbname=db,
    )
    assert body == '<p t-out="object.aftersales_sale_line_id.aftersales_warranty_end"/>'
