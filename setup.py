"""Packaging of the sparklife_aftersales Odoo addon.

``pip install .`` (or ``pip install -e .`` while developing) installs the
addon as ``odoo.addons.sparklife_aftersales``, where Odoo finds it without any
addons path, together with its Odoo and OCA dependencies pinned to the 19.0
series. As in OCA's setuptools-odoo layout, ``setup/_pkg/odoo/addons/`` holds a
link to the addon folder, so an editable install serves the working tree.
"""

import ast
import pathlib

from setuptools import setup

HERE = pathlib.Path(__file__).parent
MANIFEST = ast.literal_eval(
    (HERE / "sparklife_aftersales" / "__manifest__.py").read_text(encoding="utf-8")
)

#: The addon and its bridge to France's e-invoicing (installed by itself
#: where both modules are).
ADDONS = ("sparklife_aftersales", "sparklife_aftersales_l10n_fr_pdp")

setup(
    name="odoo-addon-sparklife_aftersales",
    version=MANIFEST["version"],
    description=MANIFEST["summary"],
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3",
    author=MANIFEST["author"],
    python_requires=">=3.10",
    package_dir={"": "setup/_pkg"},
    packages=[
        "odoo.addons." + ".".join(path.parent.relative_to(HERE).parts)
        for addon in ADDONS
        for path in sorted((HERE / addon).rglob("__init__.py"))
    ],
    include_package_data=True,
    package_data={f"odoo.addons.{addon}": ["**/*"] for addon in ADDONS},
    install_requires=[
        # Odoo 19.0 itself comes from ODOO_PATH (bin/setup installs it editable).
        "odoo>=19.0a,<19.1dev",
        "odoo-addon-helpdesk-mgmt==19.0.*",
        "odoo-addon-helpdesk-mgmt-sla==19.0.*",
        "odoo-addon-helpdesk-mgmt-rating==19.0.*",
        "odoo-addon-rma-sale==19.0.*",
        # Background jobs spread over every Odoo node (off by default, see
        # the README), sessions in PostgreSQL and attachments on a storage
        # every node reaches, for several nodes.
        "odoo-addon-queue-job==19.0.*",
        "odoo-addon-session-db==19.0.*",
        "odoo-addon-fs-attachment==19.0.*",
        # Odoo checks and normalizes phone numbers (E.164, for SMS) only with
        # it, and the localizations of EU countries (Peppol) need it.
        "phonenumbers",
    ],
    classifiers=[
        "Framework :: Odoo",
        "Framework :: Odoo :: 19.0",
        "License :: OSI Approved :: GNU Affero General Public License v3",
        "Programming Language :: Python :: 3",
    ],
)
