# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Retake the README's screenshots from a running Sparklife demo.

Each shot of ``SHOTS`` is one PNG of ``sparklife_aftersales/static/description``:
a page, opened in headless Chromium as one of the demo's users (signed in
through ``/web/session/authenticate``), at a viewport size, once a CSS
selector is on the page, after a few steps (clicks, fills, a scroll). The
records a page shows are found when the tool runs, by XML id or by a search
as the administrator, never by a database id. Portal pages are in the
user's language (the ``frontend_lang`` cookie).

A page that shows an error, a sign-in form where a user was expected, or
that never shows its selector is not saved: the shot is reported as failed
and the tool exits with status 1 after the others.

    tools/screenshots.py --url http://localhost:8069 --db sparklife
    tools/screenshots.py --url ... --db ... purchased_items settings  # a few

Chromium is driven through its DevTools protocol (websocket-client, already
a test dependency); no browser is downloaded.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "sparklife_aftersales" / "static" / "description"
ADDON = "sparklife_aftersales"

#: Demo users and their passwords (demo data: login = password).
USERS = {"admin": "admin", "chloe": "chloe", "james": "james", "camille": "camille"}


@dataclass
class Shot:
    """One screenshot: ``path`` may hold ``{name}`` placeholders filled from
    ``records`` (see ``Demo.resolve``); ``user`` None opens it signed out."""

    name: str
    path: str
    user: str | None = "admin"
    wait: str = "body"
    width: int = 1280
    height: int = 900
    #: Grow the viewport to the page's height (capped at ``max_height``).
    full_page: bool = False
    max_height: int = 1600
    records: dict = field(default_factory=dict)
    #: ("click", css[, text]) | ("fill", css, value) | ("select", css, value)
    #: | ("submit", css) | ("wait", css) | ("scroll", css[, offset])
    #: | ("sleep", s)
    steps: list = field(default_factory=list)


def act(xmlid):
    return f"/odoo/action-{ADDON}.{xmlid}"


FORM = ".o_form_view .o_form_sheet_bg, .o_form_view .o_form_sheet"
LIST = ".o_list_view .o_data_row"
KANBAN = ".o_kanban_view .o_kanban_record"
PORTAL = "#wrap"

SHOTS = [
    # Back office -------------------------------------------------------------
    Shot("purchased_items", act("action_purchased_items"), wait=LIST),
    Shot(
        "purchased_items_filter",
        act("action_purchased_items"),
        wait=LIST,
        steps=[
            ("click", ".o_searchview_dropdown_toggler"),
            ("click", ".o_filter_menu .o-dropdown-item", "Free resize"),
            ("wait", ".o_searchview_facet"),
            ("click", ".o_searchview_dropdown_toggler"),
            ("sleep", 1),
        ],
    ),
    Shot(
        "purchased_item_form",
        act("action_purchased_items") + "/{line}",
        wait=FORM,
        records={
            "line": (
                "sale.order.line",
                [("product_id", "=", "@product_stacking_ring")],
            )
        },
    ),
    Shot(
        "settings",
        act("action_aftersales_config"),
        wait=".o_setting_box, .o_setting_container",
    ),
    Shot("service_requests", "/odoo/service-requests", wait=KANBAN),
    Shot(
        "service_requests_list",
        "/odoo/service-requests?view_type=list",
        wait=LIST,
    ),
    Shot(
        "service_request_resize",
        "/odoo/service-requests/{ticket}",
        wait=FORM,
        width=1400,  # the chatter beside the form
        records={"ticket": "@ticket_chloe_resize"},
    ),
    Shot(
        "service_request_warranty",
        "/odoo/service-requests/{ticket}",
        wait=FORM,
        records={"ticket": "@ticket_chloe_warranty"},
    ),
    Shot(
        "rma_quality_return",
        act("action_aftersales_returns") + "/{rma}",
        wait=FORM,
        records={"rma": "@rma_chloe_earrings_quality"},
        steps=[("scroll", ".o_form_sheet .o_inner_group, .o_form_sheet .o_group")],
    ),
    Shot("policy_form", act("action_server_policy_settings"), wait=FORM),
    Shot("reminders", act("action_aftersales_reminders"), wait=".o_list_view"),
    Shot(
        "piece_serial",
        act("action_aftersales_serials") + "/{lot}",
        wait=FORM,
        width=1400,
        records={"lot": "@lot_solitaire_1"},
    ),
    Shot(
        "service_request_complaint",
        "/odoo/service-requests/{ticket}",
        wait=FORM,
        width=1400,
        records={"ticket": "@ticket_james_complaint"},
    ),
    Shot(
        "late_requests",
        act("action_aftersales_late_requests"),
        wait=".o_list_view, .o_kanban_view",
        width=1400,
    ),
    Shot(
        "service_level_targets",
        "/odoo/action-helpdesk_mgmt_sla.action_helpdesk_sla_tree",
        wait=LIST,
        width=1400,
    ),
    Shot(
        "service_levels_report",
        act("action_aftersales_service_level_report"),
        wait=".o_pivot, .o_graph_renderer, .o_list_view",
        width=1400,
    ),
    Shot(
        "service_request_paid_service",
        "/odoo/service-requests/{ticket}",
        wait=FORM,
        records={"ticket": "@ticket_james_restoration"},
        steps=[
            ("click", ".o_notebook .nav-link", "Paid service"),
            ("scroll", ".o_notebook", -380),
        ],
    ),
    Shot(
        "workshop_board",
        act("action_aftersales_workshop"),
        wait=KANBAN,
        width=1800,
    ),
    Shot(
        "workshop_job",
        act("action_aftersales_workshop") + "/{job}",
        wait=FORM,
        records={"job": ("@ticket_chloe_warranty", "aftersales_repair_id")},
    ),
    Shot(
        "workshop_take_in_slip",
        f"/report/html/{ADDON}.report_take_in_slip/{{job}}",
        wait=".page",
        width=1000,
        records={"job": ("@ticket_chloe_warranty", "aftersales_repair_id")},
    ),
    Shot(
        "paid_services_report",
        act("action_paid_service_report"),
        wait=".o_pivot, .o_graph_renderer",
    ),
    Shot(
        "paid_services_list",
        act("action_paid_service_report") + "?view_type=list",
        wait=".o_list_view .o_group_header, .o_list_view .o_data_row",
        # One row per invoice: without the report's default grouping.
        steps=[("click", ".o_searchview_facet .o_facet_remove"), ("wait", LIST)],
    ),
    # Customer portal, as Chloé (French) ---------------------------------------
    Shot("portal_home_aftersales", "/my", user="chloe", wait=".o_portal_docs"),
    Shot("portal_aftersales_items", "/my/aftersales", user="chloe", wait=PORTAL),
    Shot(
        "portal_aftersales_item",
        "/my/aftersales/item/{line}",
        user="chloe",
        wait="#aftersales_request_form",
        full_page=True,
        records={
            "line": (
                "sale.order.line",
                [("order_id", "=", "@order_chloe_recent")],
            )
        },
    ),
    Shot(
        "portal_aftersales_refused",
        "/my/aftersales/item/{line}",
        user="chloe",
        wait="#aftersales_request_form",
        records={
            "line": (
                "sale.order.line",
                [("order_id", "=", "@order_chloe_recent")],
            )
        },
        steps=[
            ("select", "#aftersales_service", "return_quality"),
            (
                "fill",
                "#aftersales_description",
                "La pierre est rayée ; je l'ai vu en déballant la bague.",
            ),
            ("submit", "#aftersales_request_form"),
            ("wait", "#aftersales_request_error"),
        ],
    ),
    Shot(
        "portal_aftersales_request",
        "/my/ticket/{ticket}",
        user="chloe",
        wait=PORTAL,
        full_page=True,
        records={"ticket": "@ticket_chloe_resize"},
    ),
    Shot(
        "portal_aftersales_quotation",
        "/my/ticket/{ticket}",
        user="chloe",
        wait=PORTAL,
        full_page=True,
        records={"ticket": "@ticket_chloe_clasp"},
    ),
    Shot(
        "portal_aftersales_timeline",
        "/my/ticket/{ticket}",
        user="chloe",
        wait=PORTAL,
        full_page=True,
        records={"ticket": "@ticket_chloe_warranty"},
    ),
    Shot(
        "portal_tracking_page",
        "{tracking}",
        user=None,
        wait=".o_aftersales_tracking",
        records={"tracking": ("@ticket_chloe_warranty", "aftersales_tracking_link")},
    ),
    Shot(
        "portal_rating",
        "/aftersales/rate/{token}",
        user="chloe",
        wait="#aftersales_rating_submit",
        records={
            "token": (
                "rating.rating",
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("partner_id", "=", "@partner_chloe"),
                    ("consumed", "=", False),
                ],
                "access_token",
                # The demo has no rating request for Chloé: one is made,
                # as a closed request's rating email would.
                {
                    "res_model_id": "@helpdesk_mgmt.model_helpdesk_ticket",
                    "res_id": "@ticket_chloe_resize",
                    "partner_id": "@partner_chloe",
                },
            )
        },
    ),
    Shot(
        "portal_aftersales_requests",
        "/my/aftersales/requests",
        user="chloe",
        wait=PORTAL,
    ),
    Shot(
        "portal_return_request",
        "/my/orders/{order}",
        user="chloe",
        wait="[data-bs-target='#modal-request-rma']",
        records={"order": "@order_chloe_earrings"},
        steps=[
            ("click", "[data-bs-target='#modal-request-rma']"),
            ("wait", "#modal-request-rma.show"),
            ("fill", "#modal-request-rma input[name='0-quantity']", "1"),
            (
                "select",
                "#modal-request-rma select[name='0-aftersales_service']",
                "return_quality",
            ),
            ("sleep", 1),
        ],
    ),
    Shot(
        "portal_return",
        "/my/rmas/{rma}",
        user="chloe",
        wait=PORTAL,
        full_page=True,
        records={"rma": "@rma_chloe_earrings_quality"},
    ),
    Shot(
        "warranty_card",
        f"/report/html/{ADDON}.report_warranty_card/{{line}}",
        wait=".page",
        width=1000,
        full_page=True,
        records={
            "line": (
                "sale.order.line",
                [("order_id", "=", "@order_chloe_recent")],
            )
        },
    ),
    Shot("portal_communication", "/my/communication", user="chloe", wait=PORTAL),
    # Sparklife Care ---------------------------------------------------------------
    Shot("care_plans", act("action_aftersales_care_plans"), wait=LIST),
    Shot(
        "care_plan_suspended",
        act("action_aftersales_care_plans") + "/{plan}",
        wait=FORM,
        records={
            "plan": (
                "sparklife.aftersales.care.plan",
                [("sale_line_id.order_id", "=", "@order_james_care")],
            )
        },
    ),
    Shot("care_plan_report", act("action_care_plan_report"), wait=".o_pivot"),
    Shot(
        "portal_care_plan",
        "/my/aftersales/item/{line}",
        user="chloe",
        wait="#aftersales_request_form",
        full_page=True,
        records={
            "line": (
                "sale.order.line",
                [
                    ("order_id", "=", "@order_chloe_care"),
                    ("is_aftersales_item", "=", True),
                ],
            )
        },
    ),
    Shot("ownership_transfers", act("action_aftersales_transfers"), wait=LIST),
    Shot(
        "appraisal",
        act("action_aftersales_appraisals") + "/{appraisal}",
        wait=FORM,
        records={
            "appraisal": (
                "sparklife.aftersales.appraisal",
                [("lot_id", "=", "@lot_solitaire_1")],
            )
        },
    ),
    Shot(
        "verify_genuine",
        "/aftersales/verify/{token}",
        user=None,
        wait="#aftersales_verify_status",
        height=600,
        records={"token": ("@lot_solitaire_1", "aftersales_verify_token")},
    ),
    Shot(
        "verify_stolen",
        "/aftersales/verify/{token}",
        user=None,
        wait="#aftersales_verify_status",
        height=600,
        records={"token": ("@lot_solitaire_3", "aftersales_verify_token")},
    ),
    Shot(
        "portal_exchange_form",
        "/my/aftersales/item/{line}",
        user="chloe",
        wait="#aftersales_request_form",
        records={
            "line": (
                "sale.order.line",
                [("order_id", "=", "@order_chloe_recent")],
            )
        },
        steps=[
            ("select", "#aftersales_service", "exchange"),
            ("wait", "#aftersales_exchange_group:not(.d-none)"),
        ],
        full_page=True,
    ),
    Shot(
        "portal_exchange_request",
        "/my/ticket/{ticket}",
        user="chloe",
        wait="#aftersales_request_new_piece",
        full_page=True,
        records={"ticket": "@ticket_chloe_exchange"},
    ),
    Shot(
        "trade_up_request",
        "/odoo/service-requests/{ticket}",
        wait=FORM,
        records={"ticket": "@ticket_chloe_trade_up"},
    ),
    Shot(
        "goodwill_credit",
        act("action_aftersales_credits") + "/{credit}",
        wait=FORM,
        records={
            "credit": (
                "sparklife.aftersales.credit",
                [("ticket_id", "=", "@ticket_james_complaint")],
            )
        },
    ),
    Shot(
        "portal_credit",
        "/my/aftersales",
        user="james",
        wait="#aftersales_credits",
        full_page=True,
    ),
    Shot(
        "portal_handed_over",
        "/my/aftersales/item/{line}",
        user="james",
        wait="#aftersales_request_form",
        full_page=True,
        records={
            "line": (
                "sale.order.line",
                [
                    ("order_id", "=", "@order_chloe_gift"),
                    ("is_aftersales_item", "=", True),
                ],
            )
        },
    ),
]


class Demo:
    """JSON-RPC on the running server, as the administrator, to find the
    records the shots show."""

    def __init__(self, url, db):
        self.url = url
        self.db = db
        self.sessions = {}
        self.admin = self.session("admin")

    def session(self, login):
        """A signed-in requests session of ``login``."""
        if login not in self.sessions:
            http = requests.Session()
            res = http.post(
                f"{self.url}/web/session/authenticate",
                json={
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "db": self.db,
                        "login": login,
                        "password": USERS[login],
                    },
                },
                timeout=60,
            ).json()
            if res.get("error") or not res.get("result", {}).get("uid"):
                sys.exit(f"cannot sign in as {login}: {res.get('error')}")
            http.uid = res["result"]["uid"]
            self.sessions[login] = http
        return self.sessions[login]

    def call(self, model, method, *args, **kwargs):
        res = self.admin.post(
            f"{self.url}/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": list(args),
                    "kwargs": kwargs,
                },
            },
            timeout=120,
        ).json()
        if res.get("error"):
            raise LookupError(f"{model}.{method}: {res['error']['data']['message']}")
        return res["result"]

    def xmlid(self, ref):
        """The (model, id) of ``@name`` (the addon's) or ``@module.name``."""
        module, _dot, name = ref[1:].rpartition(".")
        rows = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module or ADDON), ("name", "=", name)],
            fields=["model", "res_id"],
            limit=1,
        )
        if not rows:
            raise LookupError(f"no record {ref}")
        return rows[0]["model"], rows[0]["res_id"]

    def resolve(self, spec):
        """A shot's record value: ``"@xmlid"`` (its id), ``("@xmlid",
        field)``, ``(model, domain)`` (the first match's id) or ``(model,
        domain, field[, values])``, where a record of ``values`` is created
        when none matches; ``"@xmlid"`` in a domain or in values is that
        record's id."""
        if isinstance(spec, str):
            return self.xmlid(spec)[1]
        if spec[0].startswith("@"):
            model, res_id = self.xmlid(spec[0])
            return self.value(model, [("id", "=", res_id)], spec[1])
        model = spec[0]
        domain = [(f, op, self.ref(v)) for f, op, v in spec[1]]
        fname = spec[2] if len(spec) > 2 else "id"
        create = spec[3] if len(spec) > 3 else None
        try:
            return self.value(model, domain, fname)
        except LookupError:
            if not create:
                raise
        values = {key: self.ref(value) for key, value in create.items()}
        new_id = self.call(model, "create", values)
        return self.value(model, [("id", "=", new_id)], fname)

    def ref(self, value):
        if isinstance(value, str) and value.startswith("@"):
            return self.xmlid(value)[1]
        return value

    def value(self, model, domain, fname):
        rows = self.call(
            model, "search_read", domain, fields=[fname], limit=1, order="id"
        )
        if not rows or not rows[0][fname]:
            raise LookupError(f"no {fname} on {model} {domain}")
        value = rows[0][fname]
        return value[0] if isinstance(value, list) else value

    def lang(self, login):
        uid = self.session(login).uid
        return self.call("res.users", "read", [uid], ["lang"])[0]["lang"]


class Chromium:
    """A headless Chromium and one page, driven through DevTools."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="sparklife-shots-")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--no-first-run",
                "--no-default-browser-check",
                "--lang=en-US",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile, "DevToolsActivePort")
        for _i in range(200):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        else:
            self.close()
            sys.exit("Chromium did not start")
        port = port_file.read_text().split()[0]
        targets = requests.get(f"http://127.0.0.1:{port}/json", timeout=10).json()
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.send("Page.enable")
        self.send("Network.enable")

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def js(self, expression):
        res = self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in res:
            raise RuntimeError(res["exceptionDetails"].get("text"))
        return res["result"].get("value")

    def wait(self, css, timeout=30):
        """Wait for ``css`` to match a visible element, then for Odoo to be
        idle (no loading indicator, no pending RPC shown)."""
        deadline = time.time() + timeout
        probe = f"""(() => {{
            const el = document.querySelector({json.dumps(css)});
            return !!el && !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
                && document.readyState === 'complete'
                && !document.querySelector('.o_loading_indicator, .o_blockUI');
        }})()"""
        while time.time() < deadline:
            try:
                if self.js(probe):
                    return True
            except RuntimeError:
                pass  # the page navigated away while evaluating
            time.sleep(0.3)
        return False

    def close(self):
        if getattr(self, "proc", None):
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def run_step(browser, step):
    kind, css, *rest = step
    sel = json.dumps(css)
    if kind == "sleep":
        time.sleep(css)
        return True
    if kind == "wait":
        return browser.wait(css)
    if kind == "click":
        text = json.dumps(rest[0] if rest else "")
        return browser.js(
            f"""(() => {{
            const el = [...document.querySelectorAll({sel})]
                .find(e => e.textContent.includes({text}));
            if (!el) return false;
            el.click();
            return true;
        }})()"""
        ) and (time.sleep(0.8) or True)
    if kind in ("fill", "select"):
        value = json.dumps(rest[0])
        return browser.js(
            f"""(() => {{
            const el = document.querySelector({sel});
            if (!el) return false;
            el.value = {value};
            el.dispatchEvent(new Event('input', {{bubbles: true}}));
            el.dispatchEvent(new Event('change', {{bubbles: true}}));
            return true;
        }})()"""
        )
    if kind == "submit":
        ok = browser.js(
            f"""(() => {{
            const form = document.querySelector({sel});
            if (!form) return false;
            form.requestSubmit ? form.requestSubmit() : form.submit();
            return true;
        }})()"""
        )
        time.sleep(1.5)
        return ok
    if kind == "scroll":  # the element at the top, then by an offset (px)
        offset = rest[0] if rest else 0
        return browser.js(
            f"""(() => {{
            const el = document.querySelector({sel});
            if (!el) return false;
            el.scrollIntoView({{block: 'start'}});
            let box = el.parentElement;
            while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
            (box || document.scrollingElement).scrollBy(0, {offset});
            return true;
        }})()"""
        ) and (time.sleep(0.5) or True)
    raise ValueError(f"unknown step {kind}")


#: What a page shows when it is not the page asked for.
BROKEN = """(() => {
    if (document.querySelector('.o_error_dialog, .o_notification.border-danger'))
        return 'an error dialog';
    if (document.querySelector('form.oe_login_form')) return 'the sign-in form';
    const title = document.title || '';
    if (/^(404|403|500)|Page Not Found|Internal Server Error|Forbidden/i.test(title))
        return 'an error page: ' + title;
    return '';
})()"""


def take(browser, demo, base, shot, out):
    path = shot.path.format(**{k: demo.resolve(v) for k, v in shot.records.items()})
    url = path if path.startswith("http") else base + path
    browser.send("Network.clearBrowserCookies")
    if shot.user:
        cookie = demo.session(shot.user).cookies.get("session_id")
        browser.send("Network.setCookie", name="session_id", value=cookie, url=base)
        lang = demo.lang(shot.user)
        browser.send("Network.setCookie", name="frontend_lang", value=lang, url=base)
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        width=shot.width,
        height=shot.height,
        deviceScaleFactor=1,
        mobile=False,
    )
    browser.send("Page.navigate", url=url)
    time.sleep(1)
    if not browser.wait(shot.wait):
        return f"{shot.wait!r} never showed on {url}"
    for step in shot.steps:
        if not run_step(browser, step):
            return f"step {step} failed on {url}"
    browser.wait(shot.wait if not shot.steps else "body")
    time.sleep(1.2)  # fonts, images and animations
    # The web client fits its menu bar to the window when it is resized.
    browser.js("window.dispatchEvent(new Event('resize'))")
    time.sleep(0.5)
    broken = browser.js(BROKEN)
    if broken:
        return f"{url} shows {broken}"
    height = shot.height
    if shot.full_page:
        page = browser.js("document.documentElement.scrollHeight")
        height = min(max(page, shot.height), shot.max_height)
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            width=shot.width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        time.sleep(0.8)
    png = browser.send(
        "Page.captureScreenshot",
        format="png",
        clip={"x": 0, "y": 0, "width": shot.width, "height": height, "scale": 1},
        captureBeyondViewport=False,
    )["data"]
    Path(out, f"{shot.name}.png").write_bytes(base64.b64decode(png))
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="only these shots (file names)")
    parser.add_argument(
        "--url", default=os.environ.get("SPARKLIFE_URL", "http://localhost:8069")
    )
    parser.add_argument("--db", default=os.environ.get("SPARKLIFE_DB", "sparklife"))
    parser.add_argument("--out", default=str(OUT), help="folder of the PNG files")
    parser.add_argument(
        "--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium")
    )
    parser.add_argument("--list", action="store_true", help="list the shots and stop")
    args = parser.parse_args()
    shots = [s for s in SHOTS if not args.names or s.name in args.names]
    if args.list:
        for shot in SHOTS:
            print(f"{shot.name:32} {shot.user or '-':8} {shot.path}")
        return 0
    unknown = set(args.names) - {s.name for s in SHOTS}
    if unknown:
        sys.exit(f"unknown shots: {', '.join(sorted(unknown))}")
    base = args.url.rstrip("/")
    demo = Demo(base, args.db)
    browser = Chromium(args.chromium)
    failed = []
    try:
        for shot in shots:
            try:
                problem = take(browser, demo, base, shot, args.out)
            except (
                LookupError,
                RuntimeError,
                KeyError,
                websocket.WebSocketException,
            ) as exc:
                problem = str(exc)
            print(
                f"{'FAILED' if problem else 'ok':6} {shot.name}"
                + (f": {problem}" if problem else "")
            )
            if problem:
                failed.append(shot.name)
    finally:
        browser.close()
    if failed:
        print(
            f"{len(failed)} of {len(shots)} shots failed: {' '.join(failed)}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
