#!/usr/bin/python3
"""The staff's work on the pages, against the same real hub as routes_test.py (fixture.py):
two reviewers on one scholarship application at once, the rubric as a setting, a corrected
application keeping its review; events, rosters and forms published from the page; personal
API tokens and every JSON endpoint; sealed answers opened by admins and by staff given
"sensitive data", on a response's page and in a form's workbook; staff accounts.

Run by ctest: work_test.py STEM_HUB KIOSKCTL
"""
import datetime
import html
import io
import json
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


class StaffWork(fixture.HubWithKiosks):
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

    def test_sealed_answers_open_for_admins_and_staff_given_sensitive_data(self):
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

        # Staff given "sensitive data" open them too, on the page and in a form's workbook.
        download = {"form": "scholarship-application", "passphrase": "another passphrase"}
        self.assertEqual(staff.post("/export/open", dict(download, csrf=staff.csrf()))[0], 403)
        self.assertNotIn('id="open-export"', staff.get("/responses?form=scholarship-application")[2])
        refused = self.hub.cli("user", "sensitive-data", "viewer@example.org", "yes", ok=False)
        self.assertIn("only a staff account", refused.stderr)
        self.assertIn("may now open sealed answers",
                      self.hub.cli("user", "sensitive-data", "staff@example.org", "yes").stdout)
        self.assertIn("staff@example.org\tstaff\tactive", self.hub.cli("user", "list").stdout)
        self.assertIn('id="open-sealed"', staff.get(page)[2])
        self.assertIn('id="open-export"', staff.get("/responses?form=scholarship-application")[2])
        self.assertNotIn('id="open-export"', staff.get("/responses?form=post-event-survey")[2],
                         "a form with nothing sealed offers no opened download")
        status, _, body, _ = staff.post("/response/open", dict(opening, passphrase="another passphrase",
                                                                  csrf=staff.csrf()))
        self.assertEqual(status, 200)
        self.assertIn("$25,000 to $39,999", body)
        status, _, body, _ = staff.post("/export/open", dict(download, passphrase="not it at all",
                                                                csrf=staff.csrf()))
        self.assertEqual(status, 403)
        self.assertIn("does not open the hub", body)
        status, headers, _, _ = staff.post("/export/open", dict(download, csrf=staff.csrf()))
        self.assertEqual(status, 200)
        self.assertIn("-opened-", headers["content-disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(staff.last_bytes), read_only=True)["scholarship-application"]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        income = [i for i, h in enumerate(rows[0]) if h and "household's total income" in h][0]
        self.assertEqual([r[income] for r in rows[1:]], ["$25,000 to $39,999"])
        # The plain download keeps them sealed; no workbook is left behind in memory or on disk.
        status, _, _, _ = staff.request("GET", "/export?format=xlsx&form=scholarship-application")
        self.assertEqual(status, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(staff.last_bytes), read_only=True)["scholarship-application"]
        self.assertEqual([r[income] for r in list(sheet.iter_rows(values_only=True))[1:]], ["[sealed]"])
        for folder in ("/dev/shm", self.hub.tmp):
            if os.path.isdir(folder):
                self.assertEqual([n for n in os.listdir(folder) if n.startswith("stem-hub-export-")], [])
        audit = "\n".join(self.hub.audit_lines())
        self.assertIn("sensitive_data_granted", audit)
        self.assertRegex(audit, r"staff@example\.org\tsealed_opened\t.*scholarship-application")
        self.assertRegex(audit, r"staff@example\.org\tsealed_open_failed")
        self.assertNotIn("another passphrase", audit)
        # Taken back from the Accounts page: refused at once.
        admin_users = admin.get("/users")[2]
        self.assertIn("Opens them (sensitive data)", admin_users)
        self.assertEqual(admin.post("/users/change", {"email": "reviewer@example.org", "action": "sensitive",
                                                      "allowed": "yes", "csrf": admin.csrf()})[0], 409)
        self.assertEqual(admin.post("/users/change", {"email": "staff@example.org", "action": "sensitive",
                                                      "allowed": "no", "csrf": admin.csrf()})[0], 200)
        self.assertEqual(staff.post("/export/open", dict(download, csrf=staff.csrf()))[0], 403)
        self.assertIn("sensitive_data_withdrawn", "\n".join(self.hub.audit_lines()))

    def test_labels_printed_at_a_desk_reach_the_person_page_and_the_workbook(self):
        # A real cupsd (the kiosk tests' sandbox) with one label queue; kioskctl prints Iris's
        # badge and pickup stub on it, then a reprint on a printer that is gone.
        sandbox = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "labels",
                               "cups_sandbox.sh")
        cups = os.path.join(self.dir, "cups")
        os.chmod(self.dir, 0o711)  # its backend runs as lp: it must reach the jobs folder
        hubkit.run("bash", sandbox, "start", cups, "Labels")
        self.addCleanup(hubkit.run, "bash", sandbox, "stop", cups)
        os.environ["CUPS_SERVER"] = os.path.join(cups, "cups.sock")
        self.addCleanup(os.environ.pop, "CUPS_SERVER", None)
        k2 = self.kiosks[1]
        iris = self.codes[2]
        printed = k2.json("print", "labels", iris, "--printer", "Labels", "--volunteer", "Dana")
        self.assertEqual(printed["labels"], ["badge", "stub"])
        failed = k2.ctl("print", "badge", iris, "--printer", "Gone", "--reprint", "torn <b>", ok=False)
        self.assertEqual(failed.returncode, 1)
        self.assertIn('there is no printer queue "Gone"', failed.stderr)
        k2.ctl("sync")
        body = self.signed_in("viewer").get(self.person_path)[2]
        self.assertIn("Badges and pickup stubs printed", body)
        self.assertEqual(body.count("sent to the printer"), 2)
        self.assertIn(">pickup stub<", body)
        self.assertIn("not printed: printer gone", body)
        self.assertIn("torn &lt;b&gt;", body)   # the reason, escaped
        self.assertIn(">reprint<", body)
        es = hubkit.Client(self.hub, "es")
        es.sign_in("viewer@example.org")
        self.assertIn("no impresa: la impresora ya no está", es.get(self.person_path)[2])
        # The workbook's label_prints sheet: one row per label, oldest first.
        staff = self.signed_in("staff")
        self.assertEqual(staff.get("/export?format=xlsx")[0], 200)
        sheet = openpyxl.load_workbook(io.BytesIO(staff.last_bytes), read_only=True)["label_prints"]
        rows = list(sheet.iter_rows(values_only=True))
        head = rows[0]
        mine = [dict(zip(head, r)) for r in rows[1:] if r[head.index("reason")] in (None, "", "torn <b>")]
        self.assertEqual([(r["label"], r["reprint"], r["outcome"], r["printer"]) for r in mine[-3:]],
                         [("badge", 0, "sent", "Labels"), ("stub", 0, "sent", "Labels"),
                          ("badge", 1, "no_such_printer", "Gone")])
        self.assertEqual(mine[-1]["reason"], "torn <b>")
        self.assertEqual(mine[-3]["volunteer"], "Dana")
        self.assertIsInstance(mine[-1]["printed_at"], datetime.datetime)

    def test_zy_a_child_checked_in_on_two_kiosks_at_once_is_flagged(self):
        # Ada (the hub's roster) checked in at both doors before either kiosk synced.
        k1, k2 = self.kiosks
        k1.json("checkin", "ADA7K2", "--volunteer", "Dana")
        k2.json("checkin", "ADA7K2", "--volunteer", "Lee")
        viewer = self.signed_in("viewer")
        path = "/attendance/duplicates?event=" + urllib.parse.quote(self.event)
        self.assertNotIn("Ada Lovelace", viewer.get(path)[2])  # the hub has seen neither yet
        for k in (k1, k2):
            k.ctl("sync")
        overview = viewer.get("/?event=" + urllib.parse.quote(self.event))[2]
        self.assertIn(html.escape(path), overview)
        status, _, body = viewer.get(path)[:3]
        self.assertEqual(status, 200)
        row = re.search(r"<tr>\s*<td><a href=\"[^\"]+\">Ada Lovelace</a>.*?</tr>", body, re.S)
        self.assertIsNotNone(row, body)
        self.assertIn("Front desk", row.group(0))
        self.assertIn("Gym door", row.group(0))
        self.assertIn("Dana", row.group(0))
        self.assertIn("Lee", row.group(0))
        es = hubkit.Client(self.hub, "es")
        es.sign_in("viewer@example.org")
        self.assertIn("Segundo registro, en otro quiosco", es.get(path)[2])
        self.assertEqual(viewer.get("/attendance/duplicates?event=nope")[0], 404)

    def test_duplicate_people_across_kiosks_and_the_roster(self):
        # Sofía registered on both kiosks (accents typed on one), and Ada, on the hub's roster,
        # registered again as a walk-up with her birth day and month swapped.
        k1, k2 = self.kiosks
        k1.register([("Sofía", "Ramírez Soto", "2015-04-03")], "Lucía", "Soto", "5552020303")
        k2.register([("SOFIA", "Ramirez", "2015-04-03")], "Lucia", "Soto", "5559990000")
        k2.register([("Ada", "Lovelace", "2015-10-12")], "Anne", "Lovelace", "5550102020")
        for k in (k1, k2):
            k.ctl("sync")
        lines = self.hub.cli("people", "duplicates", "--event", self.event).stdout.splitlines()
        pairs = [line.split("\t") for line in lines if "\t" in line]
        why = {frozenset((p[3].split(" (")[0], p[4].split(" (")[0])): p[2] for p in pairs}
        self.assertEqual(why.get(frozenset(("Sofía Ramírez Soto", "SOFIA Ramirez"))),
                         "same birth date, similar name", lines)
        self.assertEqual(why.get(frozenset(("Ada Lovelace",))),
                         "same name, birth day and month swapped", lines)
        self.assertTrue(all(p[0] and p[1] and p[0] < p[1] for p in pairs), lines)
        self.assertIn("hub roster", " ".join(p[3] + p[4] for p in pairs))
        self.assertEqual(lines[-1], f"{len(pairs)} probable duplicate pairs")
        # The same pairs on the dashboard, in English and Spanish, with links to both people.
        viewer = self.signed_in("viewer")
        self.assertIn('href="/people/duplicates"', viewer.get("/people")[2])
        status, _, body = viewer.get("/people/duplicates?event=" + urllib.parse.quote(self.event))[:3]
        self.assertEqual(status, 200)
        self.assertIn("SOFIA Ramirez", body)
        self.assertIn("Same birth date, similar name", body)
        self.assertIn("Same name; birth day and month swapped", body)
        self.assertEqual(int(re.search(r'id="pair-count">(\d+)<', body).group(1)), len(pairs))
        for p in pairs:
            self.assertIn(html.escape("/person?id=" + urllib.parse.quote(p[0], safe="")), body)
        es = hubkit.Client(self.hub, "es")
        es.sign_in("viewer@example.org")
        self.assertIn("Mismo nombre; día y mes de nacimiento invertidos", es.get("/people/duplicates")[2])
        # A viewer sees no merge button and cannot post one; staff merge SOFIA into Sofía.
        self.assertNotIn('action="/people/merge"', body)
        sofia = [p for p in pairs if "SOFIA Ramirez" in p[3] + p[4]][0]
        second, into = (sofia[0], sofia[1]) if "SOFIA" in sofia[3] else (sofia[1], sofia[0])
        self.assertEqual(viewer.post("/people/merge", {"person": second, "into": into,
                                                       "csrf": viewer.csrf()})[0], 403)
        staff = self.signed_in("staff")
        self.assertIn('action="/people/merge"', staff.get("/people/duplicates")[2])
        status, headers, _, _ = staff.post("/people/merge", {"person": second, "into": into,
                                                             "csrf": staff.csrf()})
        self.assertEqual(status, 303)
        page = staff.get(headers["location"])[2]
        self.assertIn("Merged into", page)
        self.assertIn("Sofía Ramírez Soto", page)
        self.assertNotIn("SOFIA Ramirez", staff.get("/people/duplicates")[2])
        # Refused: merging it again, or into itself; nothing changes.
        self.assertEqual(staff.post("/people/merge", {"person": second, "into": into,
                                                      "csrf": staff.csrf()})[0], 409)
        self.assertEqual(staff.post("/people/merge", {"person": into, "into": into,
                                                      "csrf": staff.csrf()})[0], 409)
        # The workbook's people sheet says where SOFIA went; nothing was deleted.
        self.assertEqual(staff.get("/export?format=xlsx")[0], 200)
        sheet = openpyxl.load_workbook(io.BytesIO(staff.last_bytes), read_only=True)["people"]
        rows = list(sheet.iter_rows(values_only=True))
        merged = [dict(zip(rows[0], r)) for r in rows[1:] if r[rows[0].index("person_id")] == second]
        self.assertEqual(len(merged), 1)
        self.assertEqual(merged[0]["merged_into"], into)
        self.assertTrue(any("person_merged" in line for line in self.hub.audit_lines()))
        # Undone from the person page: the pair is listed again.
        status, headers, _, _ = staff.post("/people/unmerge", {"person": second, "csrf": staff.csrf()})
        self.assertEqual(status, 303)
        self.assertIn("The merge was undone.", staff.get(headers["location"])[2])
        self.assertIn("SOFIA Ramirez", staff.get("/people/duplicates")[2])
        self.assertEqual(staff.post("/people/unmerge", {"person": second, "csrf": staff.csrf()})[0], 404)
        # The same from the command line.
        self.assertIn(f"merged {second} into {into}",
                      self.hub.cli("people", "merge", second, "--into", into, "--reason", "twice").stdout)
        self.assertNotIn(second, self.hub.cli("people", "duplicates").stdout)
        again = self.hub.cli("people", "merge", second, "--into", into, ok=False)
        self.assertEqual(again.returncode, 1)
        self.assertIn("merged into someone already", again.stderr)
        self.hub.cli("people", "unmerge", second)
        self.assertIn("not merged into anyone", self.hub.cli("people", "unmerge", second, ok=False).stderr)
        # Bad input: an unknown event is said, on the page and on the command line.
        self.assertEqual(viewer.get("/people/duplicates?event=nope%3Cb%3E")[0], 404)
        bad = self.hub.cli("people", "duplicates", "--event", "nope", ok=False)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("no event nope at this hub", bad.stderr)
        self.assertEqual(self.hub.cli("people", "duplicates", "extra", ok=False).returncode, 2)

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


if __name__ == "__main__":
    fixture.main()
