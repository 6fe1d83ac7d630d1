#!/usr/bin/python3
"""The staff pages' access rules, against a real stem-hub on loopback with two kiosks synced.

Every route x every role: allowed gets its page, denied gets 403 (or, without a session, a
redirect to the sign-in page) and changes nothing; state changes without the session's CSRF
token get 403; hostile names reach the pages escaped; search text with SQL metacharacters
finds nothing and breaks nothing; the sign-in throttle holds across a restart; sign-in links,
sign-out and the session's rotation behave as their contract says.

Run by ctest: routes_test.py STEM_HUB KIOSKCTL
"""
import datetime
import html
import os
import re
import sys
import unittest
import urllib.parse

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture  # noqa: E402
import hubkit  # noqa: E402
from fixture import HOSTILE, ROLES  # noqa: E402


class StaffRoutes(fixture.HubWithKiosks):
    def routes(self):
        return [
            ("GET", "/", "viewer", None),
            ("GET", "/overview.json?event=" + urllib.parse.quote(self.event), "viewer", None),
            ("GET", "/people?q=iris", "viewer", None),
            ("GET", self.person_path, "viewer", None),
            ("GET", "/responses", "viewer", None),
            ("GET", "/responses?form=post-event-survey", "viewer", None),
            ("GET", self.response_path, "viewer", None),
            ("GET", "/export?format=xlsx&form=post-event-survey", "staff", None),
            ("GET", "/review", "reviewer", None),
            ("GET", "/application?id=" + self.application, "reviewer", None),
            ("POST", "/application", "reviewer", {"id": self.application, "version": "",
                                                   "status": "in_review", "notes": ""}),
            ("GET", "/devices", "staff", None),
            ("GET", "/events", "staff", None),
            ("POST", "/events/add", "staff", {"name": "Route fair", "kind": "fair",
                                               "starts_on": "2026-11-01"}),
            ("POST", "/devices/add", "staff", {"name": "New kiosk"}),
            ("POST", "/devices/revoke", "staff", {"name": "Spare"}),
            ("GET", "/audit", "admin", None),
            ("GET", "/keys", "admin", None),
            ("GET", "/users", "admin", None),
            ("POST", "/users/add", "admin", {"email": "", "role": "viewer"}),
            ("GET", "/results", "viewer", None),
            ("GET", "/results?form=post-event-survey", "viewer", None),
            ("GET", "/tokens", "viewer", None),
            ("POST", "/tokens/add", "viewer", {"name": "A script", "access": "read"}),
            ("GET", "/api/events", "viewer", None),
            ("GET", "/api/people?q=iris", "viewer", None),
            ("GET", "/api/attendance?event=" + urllib.parse.quote(self.event), "viewer", None),
            ("GET", "/api/responses?form=post-event-survey", "viewer", None),
            ("GET", "/api/export?form=post-event-survey", "staff", None),
            ("POST", "/signout", "viewer", {}),
        ]

    def test_every_route_for_every_role(self):
        spare = 0
        # One session per role (sign-in is rate limited per address); sign-out ends its own.
        sessions = {role: self.signed_in(role) for role in ROLES}
        for method, path, needs, fields in self.routes():
            for role in [None] + ROLES:
                with self.subTest(route=f"{method} {path}", role=role):
                    if role is None:
                        client = hubkit.Client(self.hub)
                    elif path == "/signout":
                        client = self.signed_in(role)
                    else:
                        client = sessions[role]
                    allowed = role is not None and ROLES.index(role) >= ROLES.index(needs)
                    if fields is not None:
                        fields = dict(fields)
                        if path == "/devices/add":
                            spare += 1
                            fields["name"] = f"New kiosk {spare}"
                        if path == "/users/add":
                            spare += 1
                            fields["email"] = f"new{spare}@example.org"
                        if path == "/devices/revoke":
                            spare += 1
                            fields["name"] = f"Spare {spare}"
                            self.hub.cli("device", "add", fields["name"])
                        if path == "/application":
                            page = hubkit.Client(self.hub)
                            page.sign_in("admin@example.org")
                            body = page.get("/application?id=" + self.application)[2]
                            fields["version"] = re.search(r'name="version" value="(\d+)"', body).group(1)
                        if role:
                            fields["csrf"] = client.csrf()
                    devices, audit = self.hub.device_names(), len(self.hub.audit_lines())
                    status, headers, body, _ = client.request(method, path, fields)
                    if role is None and (path.startswith("/api/") or ".json" in path):
                        self.assertEqual(status, 401)
                        self.assertEqual(headers["content-type"], "application/json")
                    elif role is None:
                        self.assertEqual(status, 303)
                        self.assertTrue(headers["location"].startswith("/signin?next="))
                    elif not allowed:
                        self.assertEqual(status, 403, body[:300])
                    else:
                        self.assertIn(status, (200, 201, 303), body[:300])
                    if not allowed:
                        self.assertEqual(self.hub.device_names(), devices)
                        self.assertEqual(len(self.hub.audit_lines()), audit)
                    elif path == "/devices/add":
                        self.assertIn(fields["name"], self.hub.device_names())
                        self.assertRegex(body, r'class="code">[0-9A-Z-]{6,}<')

    def test_state_changes_without_the_csrf_token_are_refused(self):
        client = self.signed_in("admin")
        before = self.hub.device_names()
        for fields in ({"name": "No token"}, {"name": "Bad token", "csrf": "x" * 43},
                       {"name": "Empty token", "csrf": ""}):
            with self.subTest(fields=fields):
                status, _, body, _ = client.post("/devices/add", fields)
                self.assertEqual(status, 403)
                self.assertIn("expired", body)
        # Another session's token is no better.
        other = self.signed_in("staff").csrf()
        status, _, _, _ = client.post("/devices/add", {"name": "Stolen token", "csrf": other})
        self.assertEqual(status, 403)
        status, _, _, _ = client.post("/signout", {})
        self.assertEqual(status, 403)
        self.assertEqual(self.hub.device_names(), before)
        self.assertEqual(client.get("/")[0], 200)  # still signed in

    def test_hostile_names_reach_every_page_escaped(self):
        client = self.signed_in("admin")
        pages = [client.get("/")[2], client.get("/people?q=jose")[2],
                 client.get("/people?q=" + urllib.parse.quote(self.codes[0]))[2]]
        found = re.search(r'href="(/person\?id=[^"]+)"', pages[2]).group(1)
        pages.append(client.get(html.unescape(found))[2])
        client.post("/devices/add", {"name": HOSTILE[0], "csrf": client.csrf()})
        pages.append(client.get("/devices")[2])
        pages.append(client.get("/audit")[2])
        for i, page in enumerate(pages):
            with self.subTest(page=i):
                self.assertNotIn("<script>alert", page)
                self.assertNotIn("<img src=x", page)
                self.assertNotIn("onerror=alert(2)>", page.replace("&gt;", ""))
        self.assertIn(html.escape(HOSTILE[0], quote=True).replace("&#x27;", "&apos;"), pages[0])
        self.assertIn("&lt;script&gt;", pages[3])
        self.assertIn("O&apos;Brien &quot;Bo&quot;", pages[1])
        self.assertIn("مرحبا", pages[3])

    def test_search_is_accent_insensitive_and_sql_text_finds_nothing(self):
        client = self.signed_in("viewer")
        self.assertIn("José", client.get("/people?q=JOSE")[2])
        self.assertIn("Iris", client.get("/people?q=9999")[2])  # the last digits of a phone
        self.assertIn("Iris", client.get("/people?q=iris%20ng")[2])
        for q in ["' OR 1=1 --", "%", "_", "\"; DROP TABLE people; --", "*", "\\", "zz%"]:
            with self.subTest(q=q):
                status, _, body, _ = client.get("/people?q=" + urllib.parse.quote(q))
                self.assertEqual(status, 200)
                self.assertIn('id="no-match"', body)
        self.assertIn("Iris", client.get("/people?q=iris")[2])  # nothing broke

    def test_sign_in_throttle_survives_a_restart(self):
        self.hub.add_user("throttled@example.org", "viewer")
        client = hubkit.Client(self.hub)
        for _ in range(5):
            self.assertEqual(client.sign_in("throttled@example.org", "wrong password!")[0], 401)
        status, headers, body, _ = client.sign_in("throttled@example.org")
        self.assertEqual(status, 429)
        self.assertRegex(body, r"Try again in \d+ minutes")
        self.hub.stop()
        self.hub.start()
        status, _, body, _ = hubkit.Client(self.hub).sign_in("throttled@example.org")
        self.assertEqual(status, 429, "the throttle must survive a restart")
        # Another account from the same address is not held back by five failures.
        self.assertEqual(hubkit.Client(self.hub).sign_in("viewer@example.org")[0], 303)
        self.assertTrue(any("signin_failed" in line for line in self.hub.audit_lines()))

    def test_session_is_rotated_at_sign_in_and_ended_at_sign_out(self):
        client = hubkit.Client(self.hub)
        client.sign_in("viewer@example.org")
        first = client.cookies["stem_session"]
        client.sign_in("viewer@example.org")
        second = client.cookies["stem_session"]
        self.assertNotEqual(first, second)
        old = hubkit.Client(self.hub)
        old.cookies["stem_session"] = first
        self.assertEqual(old.get("/")[0], 303, "the session before sign-in must end")
        status, headers, _, raw = client.get("/")
        self.assertEqual(status, 200)
        status, headers, _, raw = client.post("/signout", {"csrf": client.csrf()})
        self.assertEqual((status, headers["location"]), (303, "/signin"))
        again = hubkit.Client(self.hub)
        again.cookies["stem_session"] = second
        self.assertEqual(again.get("/")[0], 303)

    def test_session_cookie_and_page_headers(self):
        client = hubkit.Client(self.hub)
        _, _, _, raw = client.sign_in("viewer@example.org")
        cookie = [v for k, v in raw if k.lower() == "set-cookie" and v.startswith("stem_session=")][0]
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)
        _, headers, body, _ = client.get("/")
        csp = headers["content-security-policy"]
        self.assertIn("script-src 'self'", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        self.assertNotRegex(body, r"<script>[^<]")  # no inline script
        self.assertNotRegex(body, r"https?://")       # nothing from another address

    def test_a_sign_in_link_sets_the_password_once(self):
        out = self.hub.cli("user", "add", "new@example.org", "--role", "reviewer").stdout
        link = re.search(r"(/welcome\?token=[A-Za-z0-9_-]+)", out).group(1)
        token = link.split("=", 1)[1]
        client = hubkit.Client(self.hub)
        status, _, body, _ = client.get(link)
        self.assertEqual(status, 200)
        self.assertIn("new@example.org", body)
        form = re.search(r'name="form_token" value="([^"]+)"', body).group(1)
        cases = [({"password": "robots on mars", "again": "robots on venus"}, 400, "not the same"),
                 ({"password": "Password123", "again": "Password123"}, 400, "most common"),
                 ({"password": "short", "again": "short"}, 400, "too short")]
        for fields, want, words in cases:
            status, _, body, _ = client.post("/welcome", dict(fields, token=token, form_token=form))
            self.assertEqual(status, want)
            self.assertIn(words, body)
        fields = {"password": "a kite over the lake", "again": "a kite over the lake",
                  "token": token, "form_token": form}
        status, headers, _, _ = client.post("/welcome", fields)
        self.assertEqual((status, headers.get("location")), (303, "/"))
        self.assertEqual(client.get("/")[0], 200)
        self.assertEqual(hubkit.Client(self.hub).get(link)[0], 404, "a link works once")
        self.assertEqual(hubkit.Client(self.hub).sign_in("new@example.org", "a kite over the lake")[0], 303)

    def rows(self, client, path):
        status, _, body, _ = client.get(path)
        self.assertEqual(status, 200, path)
        table = re.search(r'<table id="responses">.*?</table>', body, re.S)
        links = {}
        for rel in ("prev", "next"):
            m = re.search(r'href="([^"]+)" rel="%s"' % rel, body)
            links[rel] = html.unescape(m.group(1)) if m else None
        return (table.group(0).count("<tr>") - 1 if table else 0), links, body

    def test_responses_page_by_key_with_filters(self):
        client = self.signed_in("viewer")
        base = "/responses?form=post-event-survey"
        n, links, _ = self.rows(client, base)
        self.assertEqual((n, links["prev"]), (50, None))
        n, links, _ = self.rows(client, links["next"])
        self.assertEqual((n, links["next"]), (5, None))
        n, links, _ = self.rows(client, links["prev"])
        self.assertEqual((n, links["prev"]), (50, None))
        n, links, _ = self.rows(client, base + "&page=oldest")
        self.assertEqual((n, links["prev"] is not None, links["next"]), (50, True, None))
        # Filters: an answer (11 of 55 "had fun" 5), a kiosk (28 and 27), days.
        _, _, body = self.rows(client, base)
        fun = re.search(r'<option value="([0-9]+:5)"', body).group(1)
        self.assertEqual(self.rows(client, base + "&answer=" + urllib.parse.quote(fun))[0], 11)
        kiosks = re.findall(r'<option value="([^"]+)">(Front desk|Gym door)</option>', body)
        self.assertEqual(sorted(self.rows(client, base + "&kiosk=" + urllib.parse.quote(k))[0]
                                for k, _ in kiosks), [27, 28])
        today = datetime.date.today()
        self.assertEqual(self.rows(client, f"{base}&from={today}&to={today}")[0], 50)
        self.assertEqual(self.rows(client, f"{base}&from={today + datetime.timedelta(days=1)}")[0], 0)
        for bad in ("&cursor=nonsense", "&cursor=2026-01-01T00:00:00Z~x", "&from=2026-13-01",
                    "&to=yesterday"):
            with self.subTest(bad=bad):
                self.assertEqual(client.get(base + bad)[0], 400)
        # One response: its answers in the reader's language.
        status, _, body, _ = client.get(self.response_path)
        self.assertEqual(status, 200)
        self.assertIn("How likely are you to recommend", body)

    def test_staff_download_the_workbook(self):
        client = self.signed_in("staff")
        status, headers, _, _ = client.request("GET", "/export?format=xlsx")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"],
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertIn("attachment", headers["content-disposition"])
        self.assertTrue(any("exported" in line and "staff@example.org" in line
                            for line in self.hub.audit_lines()))
        self.assertEqual(client.get("/export?format=csv")[0], 400)
        self.assertEqual(client.get("/export?event=ev-nope")[0], 404)

    def test_pages_speak_spanish(self):
        client = hubkit.Client(self.hub, language="es-MX,es;q=0.9,en;q=0.5")
        self.assertIn("Iniciar sesión", client.get("/signin")[2])
        client.sign_in("viewer@example.org")
        body = client.get("/")[2]
        self.assertIn('lang="es"', body)
        self.assertIn("Siguen aquí", body)
        english = hubkit.Client(self.hub)
        english.sign_in("viewer@example.org")
        self.assertIn("Still here", english.get("/")[2])
        self.assertIn("Siguen aquí", english.get("/?lang=es")[2])
        self.assertIn("Siguen aquí", english.get("/")[2], "the choice is kept in a cookie")



if __name__ == "__main__":
    fixture.main()
