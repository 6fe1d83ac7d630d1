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
import http.client
import json
import os
import re
import shutil
import sys
import tempfile
import unittest
import urllib.parse

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hubkit  # noqa: E402

HUB, KIOSKCTL = sys.argv[1], sys.argv[2]
ROLES = ["viewer", "reviewer", "staff", "admin"]
HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "O'Brien \"Bo\"",
           "مرحبا"]


class StaffRoutes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hub-web-routes-")
        cls.addClassCleanup(shutil.rmtree, cls.dir, ignore_errors=True)
        cls.hub = hubkit.Hub(HUB, cls.dir)
        cls.hub.start()
        cls.addClassCleanup(cls.hub.stop)
        for role in ROLES:
            cls.hub.add_user(f"{role}@example.org", role)
        public_key, cls.key_file = hubkit.nonprofit_key(KIOSKCTL, cls.dir)
        event = cls.hub.create_event("Robotics Day")
        k1 = hubkit.Kiosk(KIOSKCTL, cls.dir, "k1", cls.hub, "Front desk", public_key, event)
        k2 = hubkit.Kiosk(KIOSKCTL, cls.dir, "k2", cls.hub, "Gym door", public_key, event)
        cls.codes = k1.register([(HOSTILE[0], HOSTILE[1], "2016-02-03"),
                                 ("José", HOSTILE[2], "2017-05-06")], HOSTILE[3], "Quispe",
                                "5557771234")
        k1.json("checkin", cls.codes[0], "--volunteer", "Dana")
        cls.k1 = k1
        cls.codes += k2.register([("Iris", "Ng", "2017-01-02")], "Wen", "Ng", "5558889999")
        k2.json("checkin", cls.codes[2])
        # 55 survey answers, enough for two pages of 50; every fifth child "had fun" (5).
        for i in range(55):
            k = k1 if i % 2 == 0 else k2
            k.submit("post-event-survey", {"child_had_fun": "5" if i % 5 == 0 else "3",
                                           "recommend": i % 11, "grade_band": []})
        cls.application = k1.submit("scholarship-application",
                                    hubkit.scholarship("Maya", "López"))["record_id"]
        for k in (k1, k2):
            k.ctl("sync")
        cls.event = k1.event
        viewer = cls.signed_in("viewer")
        person = viewer.get("/people?q=Iris")[2]
        cls.person_path = html.unescape(re.search(r'href="(/person\?id=[^"]+)"', person).group(1))
        survey = viewer.get("/responses?form=post-event-survey")[2]
        cls.response_path = html.unescape(re.search(r'href="(/response\?id=[^"]+)"', survey).group(1))

    @classmethod
    def signed_in(cls, role):
        c = hubkit.Client(cls.hub)
        status, headers, _, _ = c.sign_in(f"{role}@example.org")
        assert status == 303 and headers["location"] == "/", (status, headers)
        return c

    # The route table, as the hub declares it: (method, path, the role it needs, form fields).
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

    def review_form(self, client):
        status, _, body, _ = client.get("/application?id=" + self.application)
        self.assertEqual(status, 200)
        return body, re.search(r'name="version" value="(\d+)"', body).group(1)

    def test_scholarship_review_with_two_reviewers_at_once(self):
        self.hub.add_user("rev2@example.org", "reviewer")
        first, second = self.signed_in("reviewer"), hubkit.Client(self.hub)
        second.sign_in("rev2@example.org")
        queue = first.get("/review")[2]
        self.assertIn("Maya López", queue)
        _, v = self.review_form(first)
        _, v2 = self.review_form(second)
        self.assertEqual(v, v2)
        fields = {"id": self.application, "version": v, "status": "awarded",
                  "reviewer": "reviewer@example.org", "score_need": "8", "score_interest": "9",
                  "score_essay": "7", "score_reference": "4", "notes": "Strong essay <b>"}
        # A score over its line's maximum is refused, and nothing is saved.
        status, _, body, _ = first.post("/application", dict(fields, score_need="11", csrf=first.csrf()))
        self.assertEqual(status, 400)
        self.assertIn("Financial need: a score is a whole number from 0 to 10", body)
        self.assertEqual(self.review_form(first)[1], v)
        status, headers, _, _ = first.post("/application", dict(fields, csrf=first.csrf()))
        self.assertEqual(status, 303)
        body = first.get(headers["location"])[2]
        self.assertIn('id="review-saved"', body)
        self.assertIn("28 / 35", body)
        self.assertIn("Strong essay &lt;b&gt;", body)
        # The second reviewer saves over the version they opened: told, with both kept.
        theirs = {"id": self.application, "version": v2, "status": "waitlisted", "reviewer": "",
                  "notes": "Waitlist until funds are confirmed", "csrf": second.csrf()}
        status, _, body, _ = second.post("/application", theirs)
        self.assertEqual(status, 409)
        self.assertIn('id="their-save"', body)
        self.assertIn("Strong essay &lt;b&gt;", body)                    # the first's save
        self.assertIn(">Waitlist until funds are confirmed</textarea>", body)  # their own words
        self.assertIn(">Awarded<", body)
        newer = re.search(r'name="version" value="(\d+)"', body).group(1)
        self.assertEqual(int(newer), int(v) + 1)
        status, _, _, _ = second.post("/application", dict(theirs, version=newer, csrf=second.csrf()))
        self.assertEqual(status, 303)
        history = self.review_form(first)[0]
        saves = re.search(r'<table id="review-history">.*?</table>', history, re.S).group(0)
        self.assertIn("rev2@example.org", saves)
        self.assertIn("28 / 35", saves)
        self.assertIn("Waitlisted", self.signed_in("reviewer").get("/review?status=waitlisted")[2])
        self.assertNotIn("Maya", self.signed_in("reviewer").get("/review?status=awarded")[2])

        # The workbook's scholarship table ends with the review.
        staff = self.signed_in("staff")
        status, _, _, _ = staff.get("/export?form=scholarship-application")
        self.assertEqual(status, 200)
        path = os.path.join(self.dir, "review.xlsx")
        with open(path, "wb") as f:
            f.write(staff.last_bytes)
        rows = list(openpyxl.load_workbook(path, read_only=True)["scholarship-application"]
                    .iter_rows(values_only=True))
        self.assertEqual(rows[0][-3:], ("review_status", "review_score", "reviewer"))
        self.assertEqual(rows[1][-3:-1], ("waitlisted", None))
        self.assertFalse(rows[1][-1])

    def test_the_review_rubric_is_a_hub_setting(self):
        rubric = os.path.join(self.dir, "rubric.json")
        with open(rubric, "w", encoding="utf-8") as f:
            f.write('[{"id": "fit", "label": {"en": "Fit with the camp", "es": "Encaje"}, "max": 3}]')
        self.assertIn("1 line(s)", self.hub.cli("review", "rubric", rubric).stdout)
        self.assertIn("fit\t0-3\tFit with the camp", self.hub.cli("review", "rubric").stdout)
        body = self.review_form(self.signed_in("reviewer"))[0]
        self.assertIn("Fit with the camp (0–3)", body)
        with open(rubric, "w", encoding="utf-8") as f:
            f.write('[{"id": "Bad Id", "label": {"en": "x"}, "max": 3}]')
        p = self.hub.cli("review", "rubric", rubric, ok=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("a-z, 0-9 and _", p.stderr)
        self.assertIn("Fit with the camp", self.review_form(self.signed_in("reviewer"))[0])
        # Back to the default for the other tests.
        with open(rubric, "w", encoding="utf-8") as f:
            f.write(__import__("json").dumps([
                {"id": "need", "label": {"en": "Financial need"}, "max": 10},
                {"id": "interest", "label": {"en": "Interest in STEM"}, "max": 10},
                {"id": "essay", "label": {"en": "Essay"}, "max": 10},
                {"id": "reference", "label": {"en": "Reference"}, "max": 5}]))
        self.hub.cli("review", "rubric", rubric)

    def new_token(self, role, access):
        client = self.signed_in(role)
        status, _, body, _ = client.post("/tokens/add", {"name": f"{role} {access}", "access": access,
                                                         "csrf": client.csrf()})
        self.assertEqual(status, 201)
        return re.search(r'class="code token">([A-Za-z0-9_-]{43})<', body).group(1), client

    def api(self, method, path, token=None, body=None):
        headers = {"Authorization": "Bearer " + token} if token else {}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection("127.0.0.1", self.hub.port, timeout=30)
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        payload = json.loads(r.read().decode("utf-8"))
        conn.close()
        return r.status, payload

    def test_the_json_api_with_personal_tokens(self):
        read, owner = self.new_token("viewer", "read")
        status, out = self.api("GET", "/api/events", read)
        self.assertEqual(status, 200)
        self.assertIn(self.event, [e["id"] for e in out["events"]])
        # Every survey response, 20 at a time by key: each once.
        seen, cursor = [], None
        while True:
            path = "/api/responses?form=post-event-survey&limit=20"
            if cursor:
                path += "&cursor=" + urllib.parse.quote(cursor)
            status, out = self.api("GET", path, read)
            self.assertEqual(status, 200)
            seen += [r["record_id"] for r in out["responses"]]
            cursor = out["next_cursor"]
            if not cursor:
                break
        self.assertEqual(len(seen), 55)
        self.assertEqual(len(set(seen)), 55)
        self.assertIn(out["responses"][0]["answers"]["child_had_fun"], ("3", "5"))
        status, out = self.api("GET", "/api/people?q=iris", read)
        self.assertEqual([p["given_name"] for p in out["people"]], ["Iris"])
        status, out = self.api("GET", "/api/attendance?event=" + urllib.parse.quote(self.event), read)
        self.assertEqual(len(out["attendance"]), 2)
        # A read-only token may not write; a staff account's read-write token may.
        event = {"name": "Fall Fair", "kind": "fair", "starts_on": "2026-10-03"}
        status, out = self.api("POST", "/api/events", read, event)
        self.assertEqual((status, out["error"]), (403, "forbidden"))  # a viewer's, besides
        write, _ = self.new_token("staff", "write")
        staff_read, _ = self.new_token("staff", "read")
        self.assertEqual(self.api("POST", "/api/events", staff_read, event)[1]["error"], "read_only_token")
        status, out = self.api("POST", "/api/events", write, event)
        self.assertEqual(status, 201)
        self.assertTrue(any(line.split("\t")[0] == out["id"] for line in
                            self.hub.cli("event", "list").stdout.splitlines()))
        status, out = self.api("POST", "/api/events", write, {"name": "", "kind": "party"})
        self.assertEqual(status, 400)
        self.assertIn("error", out)
        self.assertEqual(self.api("GET", "/api/responses", read)[1]["error"], "bad_query")
        self.assertEqual(self.api("GET", "/api/responses?form=x&cursor=junk", read)[1]["error"], "bad_cursor")
        # Revoked, unknown or missing: 401, with a reason.
        tokens_page = owner.get("/tokens")[2]
        token_id = re.search(r'<tr><td>viewer read</td>.*?name="id" value="(\d+)"', tokens_page, re.S).group(1)
        status, _, _, _ = owner.post("/tokens/revoke", {"id": token_id, "csrf": owner.csrf()})
        self.assertEqual(status, 200)
        status, out = self.api("GET", "/api/events", read)
        self.assertEqual((status, out["error"]), (401, "bad_token"))
        self.assertEqual(self.api("GET", "/api/events", "x" * 43)[0], 401)
        self.assertEqual(self.api("GET", "/api/events")[0], 401)
        self.assertTrue(any("api_token_revoked" in line for line in self.hub.audit_lines()))

    def test_events_rosters_and_forms_from_the_page(self):
        staff = self.signed_in("staff")
        fields = {"name": "Winter camp", "kind": "camp", "starts_on": "2027-01-10",
                  "ends_on": "2027-01-05", "csrf": staff.csrf()}
        status, _, body, _ = staff.post("/events/add", fields)
        self.assertEqual(status, 400)
        self.assertIn("the last day is not before the first", body)
        status, _, body, _ = staff.post("/events/add", dict(fields, ends_on="2027-01-14"))
        self.assertEqual(status, 201)
        event = re.search(r'<option value="([^"]+)" selected>Winter camp</option>', body).group(1)
        # A roster with a bad row: nothing imported, the row named.
        bad = ("First name,Last name,Date of birth,Phone\n"
               "Quentin,Blake,2015-02-03,5551112222\n"
               "Rhea,Stone,2015-02-30,5553334444\n")
        status, _, body, _ = staff.post("/events/roster", {"event": event, "csv": bad, "csrf": staff.csrf()})
        self.assertEqual(status, 400)
        self.assertIn("Nothing was imported", body)
        self.assertIn("line 3", body)
        self.assertIn('id="no-match"', staff.get("/people?q=quentin")[2])
        good = bad.replace("2015-02-30", "2015-02-28")
        status, _, body, _ = staff.post("/events/roster", {"event": event, "csv": good, "csrf": staff.csrf()})
        self.assertEqual(status, 200)
        self.assertIn("Published: 2 students", body)
        self.assertIn("Quentin Blake", staff.get("/people?q=quentin")[2])
        # Forms: a broken spec is refused with its problem; a good one is published.
        status, _, body, _ = staff.post("/forms/publish", {"spec": '{"id": "x"}', "csrf": staff.csrf()})
        self.assertEqual(status, 400)
        self.assertIn("was not published", body)
        spec = {"id": "robotics-club", "version": 1, "kind": "survey", "languages": ["en"],
                "title": {"en": "Robotics club"},
                "items": [{"id": "level", "type": "integer", "label": {"en": "Level"}}]}
        status, _, body, _ = staff.post("/forms/publish", {"spec": json.dumps(spec), "csrf": staff.csrf()})
        self.assertEqual(status, 201, body[:500])
        self.assertIn("Published: robotics-club, version 1", body)
        self.assertIn("robotics-club\tversion 1\tsurvey\thub", self.hub.cli("forms", "list").stdout)
        audit = "\n".join(self.hub.audit_lines())
        for action in ("event_created", "roster_imported", "form_published"):
            self.assertIn(action, audit)

    def test_sealed_answers_open_in_the_browser_for_admins_only(self):
        admin, staff = self.signed_in("admin"), self.signed_in("staff")
        page = "/response?id=" + self.application
        body = admin.get(page)[2]
        self.assertIn('id="open-sealed"', body)
        self.assertNotIn("$25,000 to $39,999", body)
        self.assertNotIn('id="open-sealed"', staff.get(page)[2])
        opening = {"id": self.application, "passphrase": "correct horse battery staple"}
        self.assertEqual(staff.post("/response/open", dict(opening, csrf=staff.csrf()))[0], 403)
        # Before the hub holds the key: said so.
        status, _, body, _ = admin.post("/response/open", dict(opening, csrf=admin.csrf()))
        self.assertEqual(status, 409)
        self.assertIn("holds no key", body)
        # The key, locked under a passphrase (too short first), from the command line.
        short = os.path.join(self.dir, "short.txt")
        with open(short, "w") as f:
            f.write("short")
        p = self.hub.cli("keys", "import", self.key_file, "--passphrase-file", short, ok=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("at least 12 characters", p.stderr)
        good = os.path.join(self.dir, "passphrase.txt")
        with open(good, "w") as f:
            f.write("correct horse battery staple\n")
        self.assertIn("locked under the passphrase",
                      self.hub.cli("keys", "import", self.key_file, "--passphrase-file", good).stdout)
        status, _, body, _ = admin.post("/response/open", dict(opening, passphrase="wrong one!",
                                                                  csrf=admin.csrf()))
        self.assertEqual(status, 403)
        self.assertIn("does not open the hub", body)
        self.assertNotIn("$25,000 to $39,999", body)
        status, _, body, _ = admin.post("/response/open", dict(opening, csrf=admin.csrf()))
        self.assertEqual(status, 200)
        self.assertIn('id="opened"', body)
        self.assertIn("$25,000 to $39,999", body)
        audit = "\n".join(self.hub.audit_lines())
        self.assertIn("sealed_open_failed", audit)
        self.assertIn("sealed_opened", audit)
        self.assertNotIn("correct horse", audit)
        self.assertNotIn("correct horse", open(os.path.join(self.dir, "hub.log")).read())
        # The key page: the key held, and importing through the page as well.
        keys = admin.get("/keys")[2]
        self.assertIn('id="key-held"', keys)
        with open(self.key_file) as f:
            key_text = f.read()
        status, _, body, _ = admin.post("/keys/import", {"key": "not a key", "passphrase": "x" * 12,
                                                          "again": "x" * 12, "csrf": admin.csrf()})
        self.assertEqual(status, 400)
        self.assertIn("not a private key file", body)
        status, _, body, _ = admin.post("/keys/import", {"key": key_text, "passphrase": "another passphrase",
                                                          "again": "another passphrase", "csrf": admin.csrf()})
        self.assertEqual(status, 201)
        self.assertEqual(admin.post("/response/open", dict(opening, passphrase="another passphrase",
                                                           csrf=admin.csrf()))[0], 200)

    def test_accounts_from_the_page(self):
        admin = self.signed_in("admin")
        status, _, body, _ = admin.post("/users/add", {"email": "Kim@Example.org", "role": "viewer",
                                                       "csrf": admin.csrf()})
        self.assertEqual(status, 201)
        link = re.search(r'class="code token">(http://127\.0\.0\.1:\d+/welcome\?token=[A-Za-z0-9_-]+)<',
                         body).group(1)
        self.assertEqual(admin.post("/users/add", {"email": "kim@example.org", "role": "viewer",
                                                   "csrf": admin.csrf()})[0], 409)
        self.assertEqual(admin.post("/users/add", {"email": "not an address", "role": "viewer",
                                                   "csrf": admin.csrf()})[0], 400)
        # Kim opens the link and chooses a password.
        kim = hubkit.Client(self.hub)
        path = link[link.index("/welcome"):]
        form = re.search(r'name="form_token" value="([^"]+)"', kim.get(path)[2]).group(1)
        status, _, _, _ = kim.post("/welcome", {"password": "kites over lakes", "again": "kites over lakes",
                                               "token": path.split("=", 1)[1], "form_token": form})
        self.assertEqual(status, 303)
        self.assertEqual(kim.get("/review")[0], 403)
        change = {"email": "kim@example.org", "action": "role", "role": "reviewer", "csrf": admin.csrf()}
        self.assertEqual(admin.post("/users/change", change)[0], 200)
        self.assertEqual(kim.get("/review")[0], 200, "a role change applies at once")
        self.assertEqual(admin.post("/users/change", dict(change, action="disable", csrf=admin.csrf()))[0], 200)
        self.assertEqual(kim.get("/")[0], 303, "disabling signs the account out")
        status, _, body, _ = admin.post("/users/change", dict(change, action="reset", csrf=admin.csrf()))
        self.assertEqual(status, 200)
        self.assertIn('id="new-link"', body)
        # The last active admin stays one.
        me = {"email": "admin@example.org", "csrf": admin.csrf()}
        status, _, body, _ = admin.post("/users/change", dict(me, action="role", role="staff"))
        self.assertEqual(status, 409)
        self.assertIn("at least one active admin", body)
        self.assertEqual(admin.post("/users/change", dict(me, action="disable", csrf=admin.csrf()))[0], 409)
        self.assertEqual(admin.get("/users")[0], 200)
        audit = "\n".join(self.hub.audit_lines())
        for action in ("user_added", "role_changed", "user_disabled", "user_reset"):
            self.assertIn(action, audit)

    def test_zz_a_corrected_application_keeps_its_review(self):
        reviewer = self.signed_in("reviewer")
        _, version = self.review_form(reviewer)
        fields = {"id": self.application, "version": version, "status": "awarded", "reviewer": "",
                  "score_need": "10", "notes": "Keep me", "csrf": reviewer.csrf()}
        self.assertEqual(reviewer.post("/application", fields)[0], 303)
        fixed = self.k1.submit("scholarship-application",
                               hubkit.scholarship("Maya", "López", essay="I love robots; I fixed a typo."),
                               "--corrects", self.application)["record_id"]
        self.k1.ctl("sync")
        queue = reviewer.get("/review")[2]
        self.assertIn(fixed, queue)
        self.assertNotIn(self.application, queue)
        status, _, body, _ = reviewer.get("/application?id=" + fixed)
        self.assertEqual(status, 200)
        self.assertIn(">Keep me</textarea>", body)
        self.assertIn("I fixed a typo", body)
        self.assertEqual(reviewer.get("/application?id=" + self.application)[0], 404)

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
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[3:])
