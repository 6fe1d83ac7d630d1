#!/usr/bin/python3
"""The hub's exports read back by independent readers (Python's csv module and openpyxl).

Two kiosks (real stores through kioskctl) save registrations with a repeat group of three
children, a survey with a correction, a sealed scholarship answer, check-ins and a check-out,
with hostile text in names and answers; they sync to a real stem-hub on loopback; then every
table of the XLSX and CSV exports must hold exactly what the kiosks saved.

Run by ctest: readback_test.py STEM_HUB KIOSKCTL
"""
import csv
import datetime
import glob
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import openpyxl

HUB, KIOSKCTL = sys.argv[1], sys.argv[2]

# Text that spreadsheets and CSV readers get wrong when an exporter is careless.
HOSTILE_FIRST = ['=HYPERLINK("http://evil.example/x","Click")', '@SUM(1)', 'Zoë "Z", Jr.']
HOSTILE_LAST = ['-2+3', '+1 555', 'مرحبا']
HOSTILE_LONG = 'Line one, with "quotes"\nline two 🚀\r\n\tTabbed =1+1'


def run(*args, ok=True, env=None):
    p = subprocess.run(list(args), capture_output=True, text=True, env=env, timeout=120)
    if ok and p.returncode != 0:
        raise AssertionError(f"{args} failed ({p.returncode}): {p.stderr}")
    return p


def signature():
    return {"width": 300, "height": 100, "strokes": [[[10, 10], [50, 60], [90, 20]]]}


def registration(children, guardian_first, phone):
    return {
        "children": children,
        "guardian_first_name": guardian_first, "guardian_last_name": "Quispe",
        "guardian_relationship": "parent", "guardian_phone": phone,
        "guardian_email": "rosa@example.org", "preferred_language": "es", "how_heard": "school",
        "emergency_name": "Ana", "emergency_phone": "5550001111", "photo_consent": True,
        "liability_consent": True, "others_pick_up": False, "guardian_signature": signature(),
    }


def child(first, last, dob, grade, allergies, interests=None, notes=None):
    c = {"student_first_name": first, "student_last_name": last, "student_dob": dob,
         "grade": grade, "has_allergies": allergies}
    if interests is not None:
        c["interests"] = interests
    if notes is not None:
        c["medical_notes"] = notes
    return c


def ooxml(text):
    """A cell's text as Excel shows it: OOXML writes control characters as _xHHHH_
    (ECMA-376 Part 1, 22.9.2.19), which Excel and LibreOffice decode; openpyxl does not."""
    if not isinstance(text, str):
        return text
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def unguard(text):
    """The original text of a CSV cell (the exporter's leading apostrophe removed)."""
    return text[1:] if text.startswith("'") else text


class Kiosk:
    def __init__(self, root, name, public_key):
        self.db = os.path.join(root, name + ".db")
        self.root = root
        self.name = name
        self.ctl("init")
        self.event = self.json("event", "create", "--name", "Summer camp", "--kind", "camp",
                               "--start", "2026-07-06", "--end", "2026-07-10", "--use")["id"]
        self.ctl("keys", "use", public_key)

    def ctl(self, *args, ok=True):
        return run(KIOSKCTL, "--db", self.db, *args, ok=ok)

    def json(self, *args):
        return json.loads(self.ctl("--json", *args).stdout)

    def submit(self, form, answers, *extra):
        path = os.path.join(self.root, self.name + "-answers.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(answers, f, ensure_ascii=False)
        return self.json("submit", "--form", form, "--answers", path, *extra)


class HubExportReadBack(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hub-export-test-")
        d = cls.dir
        cls.hub_db = os.path.join(d, "hub.db")
        cls.key = os.path.join(d, "nonprofit.key")
        keys = json.loads(run(KIOSKCTL, "--db", os.path.join(d, "keys.db"), "--json", "keys",
                              "generate", "--out", cls.key).stdout)
        cls.hub = subprocess.Popen([HUB, "serve", "--db", cls.hub_db, "--listen", "127.0.0.1:0"],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = cls.hub.stdout.readline()
        port = re.search(r":(\d+)$", line.strip()).group(1)
        url = "http://127.0.0.1:" + port

        cls.k1 = Kiosk(d, "k1", keys["public_key"])
        cls.k2 = Kiosk(d, "k2", keys["public_key"])
        for k, name in ((cls.k1, "Front desk"), (cls.k2, "Gym door")):
            code = run(HUB, "device", "add", name, "--db", cls.hub_db).stdout.strip()
            k.ctl("enroll", url, code)

        # Kiosk 1: a family of three children with hostile names, one with sealed notes.
        cls.family1 = [
            child(HOSTILE_FIRST[0], HOSTILE_LAST[0], "2016-02-03", "4", False,
                  ["robotics", "coding"]),
            child(HOSTILE_FIRST[1], HOSTILE_LAST[1], "2018-09-10", "2", True, [],
                  "Asthma; inhaler in bag 🚑"),
            child(HOSTILE_FIRST[2], HOSTILE_LAST[2], "2014-12-31", "k", False, ["chemistry"]),
        ]
        cls.reg1 = cls.k1.submit("student-registration",
                                 registration(cls.family1, "Rosa", "5557771234"))
        cls.codes1 = [c["confirmation_code"] for c in cls.reg1["registered"]]
        cls.survey = {"child_had_fun": "5", "recommend": 9, "liked_most": HOSTILE_LONG,
                      "improve": "=HYPERLINK(\"http://x\")", "grade_band": ["3_to_5", "6_to_8"]}
        cls.survey1 = cls.k1.submit("post-event-survey", cls.survey)
        cls.survey_fixed = dict(cls.survey, recommend=10, improve="@SUM(1)")
        cls.survey1b = cls.k1.submit("post-event-survey", cls.survey_fixed, "--corrects",
                                     cls.survey1["record_id"])
        cin = cls.k1.json("checkin", cls.codes1[0], "--volunteer", "Dana")
        cls.checkin1 = cin["record_id"]
        cls.k1.json("checkout", cls.codes1[0], "--code", cin["pickup_code"], "--volunteer", "Lee")
        cls.k1.json("checkin", cls.codes1[1], "--volunteer", "Dana")

        # A form of the nonprofit's own, installed on kiosk 1 only: the hub learns it from the
        # kiosk, and its registration puts the child among the people.
        custom = {
            "id": "robotics-club", "version": 1, "kind": "registration",
            "languages": ["en", "es"], "title": {"en": "Robotics club", "es": "Club de robótica"},
            "items": [
                {"id": "nombre", "type": "text", "required": True,
                 "person_field": "student.given_name", "label": {"en": "Name", "es": "Nombre"}},
                {"id": "apellido", "type": "text", "required": True,
                 "person_field": "student.family_name",
                 "label": {"en": "Family name", "es": "Apellido"}},
                {"id": "nivel", "type": "integer", "label": {"en": "Level", "es": "Nivel"}},
            ]}
        cls.custom = custom
        custom_path = os.path.join(d, "robotics-club.json")
        with open(custom_path, "w", encoding="utf-8") as f:
            json.dump(custom, f, ensure_ascii=False)
        cls.k1.ctl("forms", "install", custom_path)
        cls.club = cls.k1.submit("robotics-club", {"nombre": "Ada", "apellido": "Byron", "nivel": 3})

        # Kiosk 2: one child, a survey, a check-in.
        cls.family2 = [child("Iris", "Ng", "2017-01-02", "3", False, ["astronomy"])]
        cls.reg2 = cls.k2.submit("student-registration",
                                 registration(cls.family2, "Wen", "5558889999"))
        cls.k2.submit("post-event-survey", {"child_had_fun": "4", "grade_band": []})
        cls.k2.json("checkin", cls.reg2["registered"][0]["confirmation_code"])

        for k in (cls.k1, cls.k2):
            k.ctl("sync")

        cls.xlsx = os.path.join(d, "camp.xlsx")
        cls.xlsx_open = os.path.join(d, "camp-open.xlsx")
        cls.csv_dir = os.path.join(d, "camp-csv")
        cls.csv_es = os.path.join(d, "camp-es")
        cls.csv_history = os.path.join(d, "camp-history")
        cls.export("--format", "xlsx", "--out", cls.xlsx)
        cls.export("--format", "xlsx", "--out", cls.xlsx_open, "--private-key", cls.key)
        cls.export("--format", "csv", "--out", cls.csv_dir, "--private-key", cls.key)
        cls.export("--format", "csv", "--out", cls.csv_es, "--labels", "es", "--no-bom")
        cls.export("--format", "csv", "--out", cls.csv_history, "--history",
                   "--form", "post-event-survey")

    @classmethod
    def tearDownClass(cls):
        cls.hub.terminate()
        cls.hub.wait(timeout=30)
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def export(cls, *args, ok=True):
        return run(HUB, "export", "--db", cls.hub_db, *args, ok=ok)

    # --- readers ---------------------------------------------------------------------------
    def read_csv(self, folder, name, bom=True):
        with open(os.path.join(folder, name + ".csv"), "rb") as f:
            raw = f.read()
        self.assertEqual(raw.startswith(b"\xef\xbb\xbf"), bom, name)
        return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))

    def sheet(self, path, name):
        wb = openpyxl.load_workbook(path, read_only=False)
        ws = wb[name]
        header = [c.value for c in ws[1]]
        rows = []
        for r in ws.iter_rows(min_row=2):
            rows.append({h: c for h, c in zip(header, r)})
        return ws, rows

    # --- the tests -------------------------------------------------------------------------
    def test_people_csv_holds_every_child_and_guardian_with_hostile_text_intact(self):
        rows = self.read_csv(self.csv_dir, "people")
        students = [r for r in rows if r["role"] == "student"]
        guardians = [r for r in rows if r["role"] == "guardian"]
        self.assertEqual(len(students), 5)  # four children, and Ada of the club
        self.assertEqual(len(guardians), 2)
        by_code = {r["confirmation_code"]: r for r in students}
        for code, c in zip(self.codes1, self.family1):
            r = by_code[code]
            self.assertEqual(unguard(r["given_name"]), c["student_first_name"])
            self.assertEqual(unguard(r["family_name"]), c["student_last_name"])
            self.assertEqual(r["birth_date"], c["student_dob"])
            self.assertEqual(r["grade"], c["grade"])
            self.assertEqual(r["allergy_flag"], "TRUE" if c["has_allergies"] else "FALSE")
            self.assertEqual(r["guardian_name"], "Rosa Quispe")
            self.assertEqual(r["kiosk"], "Front desk")
        # Dangerous cells carry the guard; safe ones do not.
        self.assertTrue(by_code[self.codes1[0]]["given_name"].startswith("'="))
        self.assertTrue(by_code[self.codes1[1]]["given_name"].startswith("'@"))
        self.assertEqual(by_code[self.codes1[2]]["family_name"], "مرحبا")

    def test_people_sheet_has_text_cells_never_formulas(self):
        ws, rows = self.sheet(self.xlsx, "people")
        self.assertEqual(ws.freeze_panes, "A2")
        names = {}
        for r in rows:
            if r["role"].value == "student":
                names[r["confirmation_code"].value] = r
        for code, c in zip(self.codes1, self.family1):
            r = names[code]
            self.assertEqual(r["given_name"].data_type, "s")
            self.assertEqual(r["given_name"].value, c["student_first_name"])
            self.assertEqual(r["family_name"].value, c["student_last_name"])
            self.assertIsInstance(r["birth_date"].value, datetime.datetime)
            self.assertEqual(r["birth_date"].value.date().isoformat(), c["student_dob"])
            self.assertIs(r["allergy_flag"].value, c["has_allergies"])

    def test_registration_has_one_row_per_family_and_a_linked_row_per_child(self):
        _, forms = self.sheet(self.xlsx, "student-registration")
        self.assertEqual(len(forms), 2)
        ids = {r["response_id"].value for r in forms}
        self.assertIn(self.reg1["record_id"], ids)
        mine = [r for r in forms if r["response_id"].value == self.reg1["record_id"]][0]
        self.assertEqual(mine["guardian_first_name"].value, "Rosa")
        self.assertEqual(mine["guardian_signature"].value, "signed")
        self.assertIs(mine["liability_consent"].value, True)
        self.assertEqual(mine["kiosk"].value, "Front desk")
        _, kids = self.sheet(self.xlsx, "student-registration-children")
        self.assertEqual(len(kids), 4)
        family = [r for r in kids if r["response_id"].value == self.reg1["record_id"]]
        self.assertEqual([r["entry"].value for r in family], [1, 2, 3])
        for r, c in zip(family, self.family1):
            self.assertEqual(r["student_first_name"].value, c["student_first_name"])
            self.assertEqual(r["student_dob"].value.date().isoformat(), c["student_dob"])
            self.assertIs(r["has_allergies"].value, c["has_allergies"])
            self.assertEqual(r["interests"].value or "", " ".join(c.get("interests") or []))
            for choice in ("robotics", "coding", "chemistry"):
                # Nothing chosen is no answer: its 0/1 columns stay empty.
                expected = (1 if choice in c["interests"] else 0) if c["interests"] else None
                self.assertEqual(r["interests/" + choice].value, expected)
        self.assertEqual(family[1]["medical_notes"].value, "[sealed]")
        self.assertIsNone(family[0]["medical_notes"].value)

    def test_sealed_answers_open_only_with_the_key(self):
        _, kids = self.sheet(self.xlsx_open, "student-registration-children")
        notes = [r["medical_notes"].value for r in kids if r["medical_notes"].value]
        self.assertEqual(notes, ["Asthma; inhaler in bag 🚑"])
        rows = self.read_csv(self.csv_dir, "student-registration-children")
        self.assertIn("Asthma; inhaler in bag 🚑", [r["medical_notes"] for r in rows])
        # The files hold no plaintext without the key.
        with open(self.xlsx, "rb") as f:
            self.assertNotIn("inhaler".encode(), f.read())

    def test_a_correction_replaces_the_answer_and_history_keeps_both(self):
        rows = self.read_csv(self.csv_dir, "post-event-survey")
        self.assertEqual(len(rows), 2)  # k1's corrected survey and k2's
        mine = [r for r in rows if r["corrects"] == self.survey1["record_id"]]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["response_id"], self.survey1b["record_id"])
        self.assertEqual(mine[0]["recommend"], "10")
        self.assertEqual(unguard(mine[0]["improve"]), "@SUM(1)")
        self.assertEqual(unguard(mine[0]["liked_most"]), HOSTILE_LONG)
        self.assertEqual(mine[0]["grade_band"], "3_to_5 6_to_8")
        self.assertEqual(mine[0]["grade_band/6_to_8"], "1")
        self.assertEqual(mine[0]["grade_band/pre_k"], "0")
        hist = self.read_csv(self.csv_history, "post-event-survey")
        self.assertEqual(len(hist), 3)
        old = [r for r in hist if r["response_id"] == self.survey1["record_id"]][0]
        self.assertEqual(old["superseded_by"], self.survey1b["record_id"])
        self.assertEqual(unguard(old["improve"]), '=HYPERLINK("http://x")')
        self.assertFalse(os.path.exists(os.path.join(self.csv_history, "people.csv")))
        _, sheet = self.sheet(self.xlsx, "post-event-survey")
        fixed = [r for r in sheet if r["response_id"].value == self.survey1b["record_id"]][0]
        self.assertEqual(fixed["recommend"].value, 10)
        self.assertEqual(ooxml(fixed["liked_most"].value), HOSTILE_LONG)
        self.assertEqual(fixed["improve"].data_type, "s")

    def test_attendance_links_check_out_to_check_in(self):
        rows = self.read_csv(self.csv_dir, "attendance")
        self.assertEqual(len(rows), 3)
        out = [r for r in rows if r["checkin_id"] == self.checkin1][0]
        self.assertEqual(unguard(out["given_name"]), self.family1[0]["student_first_name"])
        self.assertEqual(out["checked_in_by"], "Dana")
        self.assertEqual(out["checked_out_by"], "Lee")
        self.assertEqual(out["pickup"], "pickup code")
        self.assertGreaterEqual(float(out["minutes"]), 0)
        still_here = [r for r in rows if r["checkin_id"] != self.checkin1 and r["checked_in_kiosk"] == "Front desk"]
        self.assertEqual(len(still_here), 1)
        self.assertEqual(still_here[0]["checked_out_at"], "")
        _, sheet = self.sheet(self.xlsx, "attendance")
        self.assertEqual(len(sheet), 3)
        self.assertTrue(all(isinstance(r["checked_in_at"].value, datetime.datetime) for r in sheet))

    def test_signatures_are_svg_files_named_by_response(self):
        svgs = sorted(glob.glob(os.path.join(self.csv_dir, "signatures", "*.svg")))
        self.assertEqual(len(svgs), 2)
        name = os.path.join(self.csv_dir, "signatures",
                            self.reg1["record_id"] + "-guardian_signature.svg")
        with open(name, encoding="utf-8") as f:
            self.assertIn("<polyline", f.read())

    def test_spanish_labels(self):
        rows = self.read_csv(self.csv_es, "student-registration-children", bom=False)
        header = list(rows[0].keys())
        self.assertIn("¿En qué grado está su hijo o hija?", header)
        grades = {r["¿En qué grado está su hijo o hija?"] for r in rows}
        self.assertIn("4.º grado", grades)
        self.assertIn("Kínder", grades)

    def test_a_form_installed_on_a_kiosk_reaches_the_hub_with_its_event(self):
        # Kiosk 1's own form: the kiosk reported it, so its responses have their table.
        forms = run(HUB, "forms", "list", "--db", self.hub_db).stdout
        self.assertIn("robotics-club\tversion 1\tregistration\tkiosk", forms)
        self.assertNotIn("unknown", forms)
        rows = self.read_csv(self.csv_dir, "robotics-club")
        self.assertEqual([(r["nombre"], r["nivel"]) for r in rows], [("Ada", "3")])
        _, sheet = self.sheet(self.xlsx, "robotics-club")
        self.assertEqual([(r["nombre"].value, r["nivel"].value) for r in sheet], [("Ada", 3)])
        # The child it registered is among the people, found by the kiosk's code.
        people = self.read_csv(self.csv_dir, "people")
        ada = [p for p in people if p["given_name"] == "Ada"]
        self.assertEqual(len(ada), 1)
        self.assertEqual(ada[0]["confirmation_code"], self.club["registered"][0]["confirmation_code"])
        # The events made on the kiosks are known by name, kind, dates and kiosk.
        events = run(HUB, "event", "list", "--db", self.hub_db).stdout
        self.assertIn(self.k1.event + "\tSummer camp\tcamp\t2026-07-06..2026-07-10\t"
                      "made on kiosk Front desk\trecords=", events)
        self.assertIn(self.k2.event + "\tSummer camp\tcamp\t2026-07-06..2026-07-10\t"
                      "made on kiosk Gym door\trecords=", events)

    def test_z_a_form_published_on_the_hub_reaches_the_kiosks(self):
        # (Named to run last: it adds responses.) A new version, published on the hub ...
        v2 = json.loads(json.dumps(self.custom))
        v2["version"] = 2
        v2["items"].append({"id": "taller", "type": "text",
                            "label": {"en": "Workshop", "es": "Taller"}})
        path = os.path.join(self.dir, "robotics-club-v2.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(v2, f, ensure_ascii=False)
        run(HUB, "forms", "install", path, "--db", self.hub_db)
        self.assertIn("robotics-club\tversion 2\tregistration\thub",
                      run(HUB, "forms", "list", "--db", self.hub_db).stdout)
        # ... comes down to kiosk 2 when it syncs (kiosk 2 never had the form) ...
        synced = self.k2.json("sync")
        self.assertEqual(synced["forms_received"], 1)
        forms = {(f["id"], f["version"]) for f in self.k2.json("forms", "list")}
        self.assertIn(("robotics-club", 2), forms)
        self.assertEqual(self.k2.json("sync")["forms_received"], 0)  # once
        # ... and its answers reach the hub's table, in the new column.
        self.k2.submit("robotics-club", {"nombre": "Grace", "apellido": "Hopper", "nivel": 5,
                                         "taller": "COBOL"})
        self.k2.ctl("sync")
        out = os.path.join(self.dir, "club-v2")
        self.export("--format", "csv", "--out", out, "--form", "robotics-club")
        rows = self.read_csv(out, "robotics-club")
        self.assertEqual(sorted((r["nombre"], r["taller"]) for r in rows),
                         [("Ada", ""), ("Grace", "COBOL")])

    def test_bad_requests_fail_with_one_line_and_leave_nothing(self):
        target = os.path.join(self.dir, "bad.xlsx")
        cases = [
            ("--format", "xlsx", "--out", target, "--event", "no-such-event"),
            ("--format", "xlsx", "--out", target, "--form", "no-such-form"),
            ("--format", "xlsx", "--out", os.path.join(self.dir, "missing", "x.xlsx")),
            ("--format", "xlsx", "--out", self.xlsx),  # exists, no --force
            ("--format", "csv", "--out", self.csv_dir),
            ("--format", "xlsx", "--out", target, "--private-key", self.hub_db),
        ]
        before = sorted(os.listdir(self.dir))
        for args in cases:
            p = self.export(*args, ok=False)
            self.assertEqual(p.returncode, 1, args)
            self.assertEqual(p.stderr.count("\n"), 1, p.stderr)
            self.assertTrue(p.stderr.startswith("stem-hub: "), p.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)), before)
        # A key that is not the nonprofit's: refused, nothing written.
        other = os.path.join(self.dir, "other.key")
        run(KIOSKCTL, "--db", os.path.join(self.dir, "keys2.db"), "keys", "generate", "--out", other)
        p = self.export("--format", "xlsx", "--out", target, "--private-key", other, ok=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("private key", p.stderr)
        self.assertFalse(os.path.exists(target))
        self.assertEqual([f for f in os.listdir(self.dir) if "partial" in f], [])
        # --force replaces an earlier export.
        forced = os.path.join(self.dir, "forced")
        self.export("--format", "csv", "--out", forced, "--form", "post-event-survey")
        self.assertFalse(os.path.exists(os.path.join(forced, "people.csv")))
        self.export("--format", "csv", "--out", forced, "--force")
        self.assertEqual(len(self.read_csv(forced, "people")), 7)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
