"""The load test's users (Locust): portal customers and after-sales clerks.

Customers log in, browse *My after-sales*, their items and requests,
download a warranty card, and send a request form with a photo for each of
their two pieces (one time in four the same form twice, as a double click
does). Clerks call the server as the web client does (JSON-RPC): they assess
and approve the contested free resizes (several clerks on the same last free
resize) and create quotations of restorations.

Every form the server accepted is written, with its key, to the keys file:
after the run, each must have made exactly one request. A refusal the
business gives (a 400 page, a UserError over JSON-RPC) is a success of the
request, counted apart under its own name; a server error is a failure.

Reads the seed (bench/load/seed.py) from ``LOAD_SEED`` and writes the keys
to ``LOAD_KEYS``; with ``LOAD_FORMS``, writes there every form sent and the
answer the customer got (its HTTP status, or the connection's error), one
line per sending: the fault test checks each against the requests made.
"""

import base64
import json
import os
import random
import re
from itertools import count

from locust import HttpUser, between, task

SEED = json.loads(open(os.environ["LOAD_SEED"]).read())
KEYS = os.environ["LOAD_KEYS"]
FORMS = os.environ.get("LOAD_FORMS")
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
CUSTOMERS = iter(SEED["customers"] * 100)
CLERKS = iter(SEED["clerks"] * 100)
RPC_IDS = count(1)
BUSINESS_ERRORS = (
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
)


def csrf(html):
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    return match.group(1) if match else ""


class Customer(HttpUser):
    weight = 4
    wait_time = between(1, 3)

    def on_start(self):
        self.me = next(CUSTOMERS)
        self.pending = list(self.me["items"])  # one form per piece
        self.logged_in = False
        self.log_in()

    def log_in(self):
        page = self.client.get("/web/login", name="login page")
        answer = self.client.post(
            "/web/login",
            data={
                "login": self.me["login"],
                "password": SEED["password"],
                "csrf_token": csrf(page.text),
                "redirect": "/my",
            },
            name="login",
        )
        self.logged_in = answer.ok and "/web/login" not in (answer.url or "")

    def page(self, url, name):
        """A page of hers. Being sent back to the login page once logged in
        is a failure (her session was lost); a customer whose login did not
        go through (a node gone during it) logs in again."""
        if not self.logged_in:
            self.log_in()
        with self.client.get(url, name=name, catch_response=True) as response:
            if "/web/login" in (response.url or ""):
                response.failure("session lost")
            elif response.ok:
                response.success()
            return response

    @task(4)
    def my_aftersales(self):
        self.page("/my/aftersales", "/my/aftersales")

    @task(3)
    def item_page(self):
        item = random.choice(self.me["items"])
        self.page(f"/my/aftersales/item/{item}", "/my/aftersales/item")

    @task(2)
    def my_requests(self):
        self.page("/my/aftersales/requests", "/my/aftersales/requests")

    @task(1)
    def warranty_card(self):
        self.client.get(
            f"/my/aftersales/item/{self.me['ring']}/warranty-card",
            name="warranty card (PDF)",
        )

    @task(2)
    def send_form(self):
        if not self.pending:
            return self.my_requests()
        item = self.pending.pop()
        page = self.page(f"/my/aftersales/item/{item}", "/my/aftersales/item")
        key = re.search(r'name="submission_key" value="([^"]+)"', page.text)
        if not key:
            return
        data = {
            "csrf_token": csrf(page.text),
            "submission_key": key.group(1),
            "service": "cleaning",
            "description": "Please make it shine again.",
        }
        times = 2 if random.random() < 0.25 else 1  # a double click
        for _ in range(times):
            with self.client.post(
                f"/my/aftersales/item/{item}/request",
                data=data,
                files={"photos": ("piece.png", PNG, "image/png")},
                allow_redirects=False,
                name="request form" if times == 1 else "request form (double click)",
                catch_response=True,
            ) as response:
                if FORMS:
                    answer = response.status_code or type(response.error).__name__
                    with open(FORMS, "a") as forms:
                        forms.write(f"{key.group(1)} {answer}\n")
                if response.status_code in (302, 303):
                    with open(KEYS, "a") as keys:
                        keys.write(key.group(1) + "\n")
                    response.success()
                elif response.status_code == 400:
                    response.success()  # refused by the business rules
                else:
                    response.failure(f"HTTP {response.status_code}")


class Clerk(HttpUser):
    weight = 1
    wait_time = between(0.5, 2)

    def on_start(self):
        self.login = next(CLERKS)
        self.rpc(
            "/web/session/authenticate",
            {
                "db": SEED["database"],
                "login": self.login,
                "password": SEED["password"],
            },
            name="clerk login",
        )

    def rpc(self, url, params, name):
        with self.client.post(
            url,
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": params,
                "id": next(RPC_IDS),
            },
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            body = response.json()
            error = body.get("error")
            if not error:
                response.success()
                return body.get("result")
            if error.get("data", {}).get("name") in BUSINESS_ERRORS:
                response.success()  # refused by the business rules
                return None
            response.failure(error.get("data", {}).get("name") or str(error))
            return None

    def call(self, model, method, ids, name):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": [ids], "kwargs": {}},
            name=name,
        )

    @task(3)
    def approve_a_contested_resize(self):
        ticket = random.choice(SEED["contested"])
        self.call("helpdesk.ticket", "action_aftersales_assess", [ticket], "assess")
        self.call("helpdesk.ticket", "action_aftersales_approve", [ticket], "approve")

    @task(1)
    def quote_a_restoration(self):
        ticket = random.choice(SEED["restorations"])
        self.call(
            "helpdesk.ticket",
            "action_aftersales_create_quotation",
            [ticket],
            "create quotation",
        )
