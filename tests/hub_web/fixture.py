"""The staff pages' tests share one set-up: a real stem-hub on loopback with staff accounts of
every role, two kiosks that registered children (with hostile names), checked them in,
answered 55 surveys and a scholarship application (sealed answers), and synced.

Used by routes_test.py and work_test.py, each run by ctest as: TEST.py STEM_HUB KIOSKCTL
"""
import html
import http.client
import json
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hubkit  # noqa: E402

HUB, KIOSKCTL = sys.argv[1], sys.argv[2]
ROLES = ["viewer", "reviewer", "staff", "admin"]
HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "O'Brien \"Bo\"",
           "مرحبا"]


class HubWithKiosks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="hub-web-routes-")
        cls.addClassCleanup(shutil.rmtree, cls.dir, ignore_errors=True)
        cls.hub = hubkit.Hub(HUB, cls.dir)
        cls.addClassCleanup(cls.hub.stop_database)  # after the hub stopped (cleanups run last first)
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
        cls.kiosks = (k1, k2)
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
    def review_form(self, client):
        status, _, body, _ = client.get("/application?id=" + self.application)
        self.assertEqual(status, 200)
        return body, re.search(r'name="version" value="(\d+)"', body).group(1)

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


def main():
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[3:])
