# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Renaming the addon's fields on an upgrade, keeping everything built on
them: their values, tracking history and translations (the columns and the
field rows are renamed in place), and what users and data saved under the old
names: filters, export lists, their own views, and the mail and SMS templates
kept on update.

Field paths are followed from model to model (``sale_line_id.warranty_end``
on a request renames both steps, the second as a field of the order line), so
a saved filter or a template that reaches a renamed field through another one
keeps working.
"""

import json
import re

from odoo.tools import SQL
from odoo.tools.sql import column_exists, rename_column

#: A quoted name or path in a domain, a context or a sort: its leading path,
#: then anything after it (``:month`` of a grouping stays with the name,
#: `` desc`` of a sort is kept as it is).
_QUOTED = re.compile(
    r"""(?P<q>["'])(?P<path>[A-Za-z_][\w.:]*)(?P<rest>[^"'\n]*)(?P=q)"""
)
#: A chain of fields read from a template's record: ``object.a.b``.
_OBJECT_CHAIN = re.compile(r"\bobject((?:\.[A-Za-z_]\w*)+)")


class FieldRenames:
    """The renames ``{model: {old name: new name}}``, with the relations of
    the database as it stands before them, to follow paths."""

    def __init__(self, cr, renames):
        self.cr = cr
        self.renames = renames
        cr.execute(
            "SELECT model, name, relation FROM ir_model_fields"
            " WHERE coalesce(relation, '') != ''"
        )
        self.relations = {(model, name): rel for model, name, rel in cr.fetchall()}

    def path(self, model, path, sep="."):
        """``path`` from ``model`` with each renamed step renamed (a step may
        carry a ``:grouping``)."""
        steps = []
        for step in path.split(sep):
            name, colon, grouping = step.partition(":")
            steps.append(self.renames.get(model, {}).get(name, name) + colon + grouping)
            model = model and self.relations.get((model, name))
        return sep.join(steps)

    def expression(self, model, text):
        """A saved domain, context or sort on ``model`` with the quoted names
        and paths renamed."""
        if not text:
            return text
        return _QUOTED.sub(
            lambda m: m["q"] + self.path(model, m["path"]) + m["rest"] + m["q"], text
        )

    def template(self, model, text):
        """A template of ``model`` with the ``object.…`` chains renamed."""
        if not text:
            return text
        return _OBJECT_CHAIN.sub(lambda m: "object." + self.path(model, m[1][1:]), text)

    # The steps of the upgrade --------------------------------------------

    def apply(self):
        for model, renames in self.renames.items():
            table = model.replace(".", "_")
            for old, new in renames.items():
                self._rename_field(model, table, old, new)
        self._rename_in_filters()
        self._rename_in_exports()
        self._rename_in_views()
        self._rename_in_templates()

    def _rename_field(self, model, table, old, new):
        cr = self.cr
        if column_exists(cr, table, old) and not column_exists(cr, table, new):
            rename_column(cr, table, old, new)
        cr.execute(
            "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
            [new, model, old],
        )
        # One2many fields whose inverse is the renamed field.
        cr.execute(
            "UPDATE ir_model_fields SET relation_field = %s"
            " WHERE relation = %s AND relation_field = %s",
            [new, model, old],
        )
        # The external ids of the field and of its selection values, so that
        # the update does not take the field row for an obsolete one.
        cr.execute(
            "UPDATE ir_model_data SET name = %s"
            " WHERE model = 'ir.model.fields' AND name = %s",
            [f"field_{table}__{new}", f"field_{table}__{old}"],
        )
        old_prefix = f"selection__{table}__{old}__"
        cr.execute(
            "UPDATE ir_model_data SET name = %s || substr(name, %s)"
            " WHERE model = 'ir.model.fields.selection' AND starts_with(name, %s)",
            [f"selection__{table}__{new}__", len(old_prefix) + 1, old_prefix],
        )

    def _rename_in_filters(self):
        cr = self.cr
        cr.execute(
            "SELECT id, model_id, domain, context, sort FROM ir_filters"
            " WHERE model_id = ANY(%s)",
            [self._reaching_models()],
        )
        for filter_id, model, *texts in cr.fetchall():
            renamed = [self.expression(model, text) for text in texts]
            if renamed != texts:
                cr.execute(
                    "UPDATE ir_filters SET domain = %s, context = %s, sort = %s"
                    " WHERE id = %s",
                    [*renamed, filter_id],
                )

    def _rename_in_exports(self):
        cr = self.cr
        cr.execute(
            "SELECT line.id, export.resource, line.name FROM ir_exports_line line"
            " JOIN ir_exports export ON export.id = line.export_id"
            " WHERE export.resource = ANY(%s)",
            [self._reaching_models()],
        )
        for line_id, model, name in cr.fetchall():
            renamed = self.path(model, name or "", sep="/")
            if renamed != (name or ""):
                cr.execute(
                    "UPDATE ir_exports_line SET name = %s WHERE id = %s",
                    [renamed, line_id],
                )

    def _rename_in_views(self):
        """Users' own views (the addon's views are loaded anew): the renamed
        fields where they stand as names, right after a quote."""
        cr = self.cr
        cr.execute(
            """
            SELECT view.id, view.model, view.arch_db FROM ir_ui_view view
             WHERE view.model = ANY(%s)
               AND NOT EXISTS (
                    SELECT 1 FROM ir_model_data d
                     WHERE d.model = 'ir.ui.view' AND d.res_id = view.id
                       AND d.module = 'sparklife_aftersales')
            """,
            [list(self.renames)],
        )
        for view_id, model, arch in cr.fetchall():
            renamed = {}
            for lang, text in (arch or {}).items():
                for old, new in self.renames[model].items():
                    text = re.sub(rf"(?<=[\"']){re.escape(old)}(?!\w)", new, text)
                renamed[lang] = text
            if renamed != (arch or {}):
                cr.execute(
                    "UPDATE ir_ui_view SET arch_db = %s::jsonb WHERE id = %s",
                    [json.dumps(renamed), view_id],
                )

    def _rename_in_templates(self):
        """Mail and SMS templates, which updates keep as staff edited them."""
        cr = self.cr
        for table, columns in (
            ("mail_template", ("subject", "body_html")),
            ("sms_template", ("body",)),
        ):
            cr.execute(
                SQL(
                    "SELECT template.id, model.model, %s FROM %s template"
                    " JOIN ir_model model ON model.id = template.model_id"
                    " WHERE model.model = ANY(%s)",
                    SQL(", ").join(SQL.identifier("template", c) for c in columns),
                    SQL.identifier(table),
                    self._reaching_models(),
                )
            )
            for template_id, model, *values in cr.fetchall():
                values = [value or {} for value in values]
                renamed = [
                    {lang: self.template(model, text) for lang, text in value.items()}
                    for value in values
                ]
                if renamed != values:
                    cr.execute(
                        SQL(
                            "UPDATE %s SET %s WHERE id = %s",
                            SQL.identifier(table),
                            SQL(", ").join(
                                SQL("%s = %s::jsonb", SQL.identifier(c), json.dumps(v))
                                for c, v in zip(columns, renamed, strict=True)
                            ),
                            template_id,
                        )
                    )

    def _reaching_models(self):
        """The renamed models and those with a relation to one of them, from
        which a path can reach a renamed field."""
        return sorted(
            set(self.renames)
            | {
                model
                for (model, _name), rel in self.relations.items()
                if rel in self.renames
            }
        )


def rename_fields(cr, renames):
    """Rename the fields ``{model: {old name: new name}}`` (see the module)."""
    FieldRenames(cr, renames).apply()
