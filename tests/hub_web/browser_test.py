#!/usr/bin/python3
"""The staff pages in a real browser: Debian's chromium driven through chromium-driver and
python3-selenium, headless, against a real stem-hub on loopback that two kiosks synced to.

A program manager signs in, sees today's overview (who registered, who is here, who has not
been picked up, every kiosk), finds a child by a name typed without its accent, opens the
child's page, filters a survey's responses and downloads them as Excel (read back with
openpyxl), reads the survey's chart and net promoter score, reviews a scholarship to
"awarded" with a score and a note, adds a kiosk, switches to Spanish, and signs out. Every
step saves a screenshot.

Run by ctest: browser_test.py STEM_HUB KIOSKCTL SCREENSHOT_DIR
"""
import os
import shutil
import sys
import tempfile
import time
import unittest

import openpyxl

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hubkit  # noqa: E402

HUB, KIOSKCTL, SHOTS = sys.argv[1], sys.argv[2], sys.argv[3]


def browser(language, downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", f"--lang={language}", "--no-first-run",
                "--disable-background-networking", "--disable-component-update"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "intl.accept_languages": language, "download.default_directory": downloads,
        "download.prompt_for_download": False})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class InTheBrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hub-web-browser-")
        cls.addClassCleanup(shutil.rmtree, cls.dir, ignore_errors=True)
        os.makedirs(SHOTS, exist_ok=True)
        cls.hub = hubkit.Hub(HUB, cls.dir)
        cls.hub.start()
        cls.addClassCleanup(cls.hub.stop)
        cls.hub.add_user("manager@example.org", "staff")
        public_key, _ = hubkit.nonprofit_key(KIOSKCTL, cls.dir)
        event = cls.hub.create_event("Robotics Day")
        k1 = hubkit.Kiosk(KIOSKCTL, cls.dir, "k1", cls.hub, "Front desk", public_key, event)
        k2 = hubkit.Kiosk(KIOSKCTL, cls.dir, "k2", cls.hub, "Gym door", public_key, event)
        codes = k1.register([("José", "Núñez", "2016-02-03"), ("Lucía", "Núñez", "2018-04-05")],
                            "María", "Núñez", "5557771234")
        k1.json("checkin", codes[0], "--volunteer", "Dana")
        cin = k1.json("checkin", codes[1], "--volunteer", "Dana")
        k1.json("checkout", codes[1], "--code", cin["pickup_code"], "--volunteer", "Lee")
        more = k2.register([("Iris", "Ng", "2017-01-02")], "Wen", "Ng", "5558889999")
        k2.json("checkin", more[0])
        k1.submit("post-event-survey", {"child_had_fun": "4", "recommend": 7, "grade_band": [],
                                        "liked_most": "The robot race"})
        k2.submit("post-event-survey", {"child_had_fun": "5", "recommend": 10, "grade_band": []})
        k2.submit("scholarship-application", hubkit.scholarship("Maya", "López"))
        for k in (k1, k2):
            k.ctl("sync")
        cls.kiosks = (k1, k2)
        cls.downloads = os.path.join(cls.dir, "downloads")
        os.makedirs(cls.downloads)
        cls.driver = browser("en-US", cls.downloads)
        cls.addClassCleanup(cls.driver.quit)
        cls.wait = WebDriverWait(cls.driver, 15)

    def shot(self, name):
        path = os.path.join(SHOTS, name + ".png")
        self.assertTrue(self.driver.save_screenshot(path), path)
        self.assertGreater(os.path.getsize(path), 10000, path)

    def downloaded(self, suffix, timeout=30):
        """The path of the one file of `suffix` the browser finished downloading."""
        end = time.time() + timeout
        while time.time() < end:
            done = [f for f in os.listdir(self.downloads) if f.endswith(suffix)]
            if done:
                return os.path.join(self.downloads, done[0])
            time.sleep(0.2)
        self.fail(f"no {suffix} download in {timeout} s: {os.listdir(self.downloads)}")

    def text(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css).text

    def test_a_program_managers_day(self):
        d = self.driver
        d.get(self.hub.url + "/")
        self.wait.until(EC.url_contains("/signin"))
        self.shot("dashboard-1-sign-in")
        d.find_element(By.ID, "email").send_keys("manager@example.org")
        d.find_element(By.ID, "password").send_keys("not my password")
        d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        self.assertIn("Wrong email or password", self.wait.until(
            EC.visibility_of_element_located((By.ID, "signin-error"))).text)
        d.find_element(By.ID, "password").send_keys(hubkit.PASSWORD)
        d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()

        # The overview: four students (one from the hub's roster), two here now (one was
        # picked up), three checked in today.
        self.wait.until(EC.presence_of_element_located((By.ID, "event")))
        self.assertEqual(self.text("[data-count=students]"), "4")
        self.assertEqual(self.text("[data-count=here_now]"), "2")
        self.assertEqual(self.text("[data-count=checked_in_today]"), "3")
        still = self.text("table[aria-labelledby=still-here]")
        self.assertIn("José Núñez", still)
        self.assertIn("5557771234", still)  # the guardian's phone, for the safety list
        self.assertNotIn("Lucía", still)
        kiosks = self.text("section[aria-labelledby=kiosks] table")
        self.assertIn("Front desk", kiosks)
        self.assertIn("Gym door", kiosks)
        self.assertIn("How did we do?", self.text("#event"))
        self.shot("dashboard-2-overview")

        # Find a child by a name typed without accents, then open her page.
        d.find_element(By.LINK_TEXT, "People").click()
        box = self.wait.until(EC.presence_of_element_located((By.ID, "q")))
        box.send_keys("lucia nunez")
        d.find_element(By.CSS_SELECTOR, "form.search button").click()
        table = self.wait.until(EC.presence_of_element_located((By.ID, "people")))
        self.assertIn("Lucía Núñez", table.text)
        self.assertNotIn("José", table.text)
        self.shot("dashboard-3-search")
        d.find_element(By.LINK_TEXT, "Lucía Núñez").click()
        who = self.wait.until(EC.presence_of_element_located((By.ID, "who")))
        self.assertEqual(who.text, "Lucía Núñez")
        page = d.find_element(By.TAG_NAME, "main").text
        self.assertIn("María Núñez", page)  # her guardian
        self.assertIn("Robotics Day", page)
        self.shot("dashboard-4-person")

        # The survey's responses, filtered by an answer, and one response in full.
        d.find_element(By.LINK_TEXT, "Responses").click()
        self.wait.until(EC.presence_of_element_located((By.LINK_TEXT, "How did we do?"))).click()
        table = self.wait.until(EC.presence_of_element_located((By.ID, "responses")))
        self.assertEqual(len(table.find_elements(By.CSS_SELECTOR, "tbody tr")), 2)
        self.shot("dashboard-5-responses")
        # Download the form's workbook and read it back with openpyxl.
        d.find_element(By.ID, "download-xlsx").click()
        workbook = self.downloaded(".xlsx")
        sheet = openpyxl.load_workbook(workbook, read_only=True)["post-event-survey"]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows), 3)  # the header and two responses
        self.assertIn("How likely are you to recommend this event to a friend or family member?",
                      rows[0])
        d.find_element(By.CSS_SELECTOR, "#responses tbody tr a").click()
        answers = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "dl.answers")))
        self.assertIn("Gym door", d.find_element(By.CSS_SELECTOR, "p.meta").text)
        self.assertRegex(answers.text, r"recommend|Recommend")
        self.shot("dashboard-6-response")

        # The survey's results: a chart and a table per question, the net promoter score.
        d.find_element(By.LINK_TEXT, "Survey results").click()
        self.wait.until(EC.presence_of_element_located((By.LINK_TEXT, "How did we do?"))).click()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "figure.chart svg")))
        first = d.find_element(By.CSS_SELECTOR, "section.result")
        self.assertIn("My child had fun.", first.text)
        figures = first.find_element(By.CSS_SELECTOR, "table.figures").text
        self.assertIn("Strongly agree 1 50%", figures)
        self.assertIn("Agree 1 50%", figures)
        main = d.find_element(By.TAG_NAME, "main").text
        self.assertIn("Net promoter score: 50", main)  # one 10, one 7 of two
        self.assertIn("The robot race", main)
        self.shot("dashboard-7-results")

        # A scholarship reviewed to "awarded" with a score and a note.
        d.find_element(By.LINK_TEXT, "Scholarships").click()
        self.wait.until(EC.presence_of_element_located((By.LINK_TEXT, "Maya López"))).click()
        form = self.wait.until(EC.presence_of_element_located((By.ID, "review-form")))
        Select(d.find_element(By.ID, "status")).select_by_visible_text("Awarded")
        for line, points in (("need", "9"), ("interest", "8"), ("essay", "7"), ("reference", "5")):
            d.find_element(By.ID, "score_" + line).send_keys(points)
        d.find_element(By.ID, "notes").send_keys("Clear need; a thoughtful essay.")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "review-saved")))
        history = d.find_element(By.ID, "review-history").text
        self.assertIn("Awarded", history)
        self.assertIn("29 / 35", history)
        self.assertIn("manager@example.org", history)
        self.shot("dashboard-8-review")
        d.find_element(By.LINK_TEXT, "Scholarships").click()
        self.assertIn("29 / 35", self.wait.until(
            EC.presence_of_element_located((By.ID, "applications"))).text)

        # Staff see the kiosks and can add one: its code is shown once.
        d.find_element(By.LINK_TEXT, "Kiosks").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "name"))).send_keys("Library")
        d.find_element(By.CSS_SELECTOR, "form.card button").click()
        code = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#new-code .code")))
        self.assertRegex(code.text, r"^[0-9A-Z-]{6,}$")
        self.assertIn("Library", self.hub.device_names())
        self.shot("dashboard-9-kiosks")
        self.assertEqual(len(d.find_elements(By.LINK_TEXT, "Audit log")), 0, "staff is not admin")

        # Spanish, from the link in the header.
        d.find_element(By.LINK_TEXT, "Overview").click()
        d.find_element(By.CSS_SELECTOR, "a.lang").click()
        self.wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Resumen"))
        self.assertIn("Siguen aquí", d.find_element(By.TAG_NAME, "main").text)
        self.shot("dashboard-10-overview-es")
        # On a phone's width the page reflows: nothing wider than the screen but the tables,
        # which scroll on their own.
        d.set_window_size(390, 844)
        width = d.execute_script("return document.documentElement.scrollWidth")
        self.assertLessEqual(width, 390)
        self.shot("dashboard-11-phone")
        d.set_window_size(1280, 900)

        # Sign out: the pages are gone until signing in again.
        d.find_element(By.CSS_SELECTOR, "form[action='/signout'] button").click()
        self.wait.until(EC.url_contains("/signin"))
        d.get(self.hub.url + "/people")
        self.wait.until(EC.url_contains("/signin?next="))
        self.assertEqual(d.get_cookie("stem_session"), None)

    def test_b_duplicate_people_merged_and_a_double_check_in(self):
        # José registered again at the other door without accents; Ada (the hub's roster)
        # checked in at both doors before either synced.
        k1, k2 = self.kiosks
        k2.register([("JOSE", "Nunez", "2016-02-03")], "Maria", "Nunez", "5557771234")
        k1.json("checkin", "ADA7K2", "--volunteer", "Dana")
        k2.json("checkin", "ADA7K2", "--volunteer", "Lee")
        for k in (k1, k2):
            k.ctl("sync")
        d = self.driver
        d.get(self.hub.url + "/signin")
        d.find_element(By.ID, "email").send_keys("manager@example.org")
        d.find_element(By.ID, "password").send_keys(hubkit.PASSWORD)
        d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "event")))
        if "Resumen" in d.page_source or "Personas" in d.page_source:
            d.find_element(By.CSS_SELECTOR, "a.lang").click()  # back to English
            self.wait.until(EC.presence_of_element_located((By.ID, "event")))
        d.find_element(By.ID, "duplicate-checkins-link").click()
        table = self.wait.until(EC.presence_of_element_located((By.ID, "duplicate-checkins"))).text
        self.assertIn("Ada Lovelace", table)
        self.assertIn("Front desk", table)
        self.assertIn("Gym door", table)
        self.shot("dashboard-12-double-check-in")
        d.get(self.hub.url + "/people")
        d.find_element(By.ID, "duplicates-link").click()
        pairs = self.wait.until(EC.presence_of_element_located((By.ID, "duplicates"))).text
        self.assertIn("JOSE Nunez", pairs)
        self.assertIn("Same name and birth date", pairs)
        self.shot("dashboard-13-duplicates")
        row = [r for r in d.find_elements(By.CSS_SELECTOR, "#duplicates tbody tr") if "JOSE" in r.text][0]
        row.find_element(By.CSS_SELECTOR, "form[action='/people/merge'] button").click()
        notice = self.wait.until(EC.presence_of_element_located((By.ID, "person-notice"))).text
        self.assertIn("Merged", notice)
        self.assertIn("Merged into", self.text("#merged-into"))
        self.shot("dashboard-14-merged")
        d.find_element(By.CSS_SELECTOR, "form[action='/people/unmerge'] button").click()
        self.assertIn("undone", self.wait.until(
            EC.presence_of_element_located((By.ID, "person-notice"))).text)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[4:])
