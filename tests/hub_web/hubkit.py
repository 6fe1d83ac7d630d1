"""A real stem-hub on loopback with kiosks that synced to it, for the staff pages' tests.

Hub: a `stem-hub serve` process (restartable on its port). Kiosk: a real kiosk store driven
through kioskctl. Client: a browser-less HTTP client that keeps its own cookies and never
follows redirects, so a test sees every status and header the hub sends.
"""
import datetime
import glob
import http.client
import json
import os
import pwd
import re
import subprocess
import urllib.parse

PASSWORD = "robots on the moon"


def run(*args, ok=True):
    p = subprocess.run(list(args), capture_output=True, text=True, timeout=120)
    if ok and p.returncode != 0:
        raise AssertionError(f"{args} failed ({p.returncode}): {p.stderr}")
    return p


class PgCluster:
    """A throwaway PostgreSQL cluster in `root`/pg (as tests/sync/pg_cluster.h makes one):
    initdb and pg_ctl from Debian's postgresql-15, a Unix socket only, trusted, fsync off; as
    the postgres user when run as root."""

    def __init__(self, root):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise AssertionError("PostgreSQL's initdb is not installed: run installer/install-deps.sh")
        self.bin = os.path.dirname(found[0])
        self.dir = os.path.join(root, "pg")
        self.socket = os.path.join(self.dir, "socket")
        os.makedirs(self.socket)
        self.prefix = []
        if os.geteuid() == 0:
            user = "postgres"
            try:
                entry = pwd.getpwnam(user)
            except KeyError:
                user, entry = "nobody", pwd.getpwnam("nobody")
            os.chmod(root, 0o755)
            for path in (self.dir, self.socket):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            self.prefix = ["/usr/sbin/runuser", "-u", user, "--"]
        run(*self.prefix, self.bin + "/initdb", "-D", self.dir + "/data", "-U", "stem", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8", "-N")
        run(*self.prefix, self.bin + "/pg_ctl", "-D", self.dir + "/data", "-l", self.dir + "/server.log",
            "-w", "-o", f"-k {self.socket} -c listen_addresses= -F", "start")
        run(self.bin + "/psql", "-X", "-q", "-d", self.url("postgres"), "-c", "CREATE DATABASE hub")

    def url(self, name="hub"):
        return f"postgresql://stem@/{name}?host={self.socket}"

    def stop(self):
        run(*self.prefix, self.bin + "/pg_ctl", "-D", self.dir + "/data", "-m", "immediate", "-w", "stop",
            ok=False)


class Hub:
    """With STEM_TEST_HUB_BACKEND=postgresql, the hub keeps its data in a PostgreSQL database
    of a cluster of its own (stopped with the hub's cleanup) instead of root/hub.db."""

    def __init__(self, binary, root):
        self.binary = binary
        self.root = root
        self.db = os.path.join(root, "hub.db")
        self.pg = None
        if os.environ.get("STEM_TEST_HUB_BACKEND") == "postgresql":
            self.pg = PgCluster(root)
            self.db = self.pg.url()
        self.port = 0
        self.proc = None

    def start(self):
        # A temp folder of its own, so that tests can see what the hub leaves there.
        self.tmp = os.path.join(self.root, "tmp")
        os.makedirs(self.tmp, exist_ok=True)
        with open(os.path.join(self.root, "hub.log"), "a") as log:
            self.proc = subprocess.Popen(
                [self.binary, "serve", "--db", self.db, "--listen", f"127.0.0.1:{self.port}"],
                stdout=subprocess.PIPE, stderr=log, text=True, env=dict(os.environ, TMPDIR=self.tmp))
        line = self.proc.stdout.readline()
        self.port = int(re.search(r":(\d+)$", line.strip()).group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            self.proc.stdout.close()
            self.proc = None

    def stop_database(self):
        if self.pg:
            self.pg.stop()

    def cli(self, *args, ok=True):
        return run(self.binary, *args, "--db", self.db, ok=ok)

    def add_user(self, email, role, password=PASSWORD):
        path = os.path.join(self.root, "password")
        with open(path, "w", encoding="utf-8") as f:
            f.write(password)
        self.cli("user", "add", email, "--role", role, "--password-file", path)

    def device_names(self):
        return [line.split("\t")[0] for line in self.cli("device", "list").stdout.splitlines()
                if line.strip()]

    def create_event(self, name):
        """An event of today, made at the hub with one pre-registered child (the roster is
        what brings an event to the kiosks); its id."""
        today = datetime.date.today().isoformat()
        event = self.cli("event", "create", "--name", name, "--kind", "camp", "--start", today,
                         "--end", today).stdout.strip()
        roster = os.path.join(self.root, "roster.csv")
        with open(roster, "w", encoding="utf-8") as f:
            f.write("First name,Last name,Date of birth,Grade,Guardian first name,"
                    "Guardian last name,Phone,Confirmation code\n"
                    "Ada,Lovelace,2015-12-10,5,Anne,Lovelace,555 010 2020,ADA7K2\n")
        self.cli("roster", "import", roster, "--event", event)
        return event

    def audit_lines(self):
        return self.cli("audit", "--limit", "1000").stdout.splitlines()


def nonprofit_key(kioskctl, root):
    """A new key pair of the nonprofit: (its public key, the private key's file)."""
    path = os.path.join(root, "nonprofit.key")
    out = run(kioskctl, "--db", os.path.join(root, "keys.db"), "--json", "keys", "generate",
              "--out", path).stdout
    return json.loads(out)["public_key"], path


class Kiosk:
    """A kiosk store with today's event, sealing to the nonprofit's key, enrolled at the hub."""

    def __init__(self, kioskctl, root, name, hub, device_name, public_key, event=None):
        """Serves `event` (made at the hub; the kiosk downloads it) or a new one of its own."""
        self.kioskctl = kioskctl
        self.db = os.path.join(root, name + ".db")
        self.root = root
        self.name = name
        self.ctl("init")
        self.ctl("keys", "use", public_key)
        code = hub.cli("device", "add", device_name).stdout.strip()
        self.ctl("enroll", hub.url, code)
        if event:
            self.ctl("sync")
            self.ctl("event", "use", event)
            self.event = event
        else:
            today = datetime.date.today().isoformat()
            self.event = self.json("event", "create", "--name", "Robotics Day", "--kind", "camp",
                                   "--start", today, "--end", today, "--use")["id"]

    def ctl(self, *args, ok=True):
        return run(self.kioskctl, "--db", self.db, *args, ok=ok)

    def json(self, *args):
        return json.loads(self.ctl("--json", *args).stdout)

    def submit(self, form, answers, *extra):
        path = os.path.join(self.root, self.name + "-answers.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(answers, f, ensure_ascii=False)
        return self.json("submit", "--form", form, "--answers", path, *extra)

    def register(self, children, guardian_first, guardian_last, phone):
        """Registers children (given, family, birth date) with one guardian; their codes."""
        answers = {
            "children": [{"student_first_name": g, "student_last_name": f, "student_dob": dob,
                          "grade": "4", "has_allergies": False} for g, f, dob in children],
            "guardian_first_name": guardian_first, "guardian_last_name": guardian_last,
            "guardian_relationship": "parent", "guardian_phone": phone,
            "guardian_email": "family@example.org", "preferred_language": "es",
            "how_heard": "school", "emergency_name": "Ana", "emergency_phone": "5550001111",
            "photo_consent": True, "liability_consent": True, "others_pick_up": False,
            "guardian_signature": {"width": 300, "height": 100,
                                   "strokes": [[[10, 10], [50, 60], [90, 20]]]},
        }
        return [r["confirmation_code"] for r in self.submit("student-registration", answers)["registered"]]


def scholarship(first, last, essay="I love building robots and want to learn to code them."):
    """Answers to the bundled scholarship application."""
    return {
        "student_first_name": first, "student_last_name": last, "student_dob": "2014-05-06",
        "student_grade": "6", "camp_weeks": ["week_1", "week_2"],
        "guardian_first_name": "Rosa", "guardian_last_name": last, "guardian_phone": "5557770000",
        "household_size": 4, "household_children": 2, "household_income": "25k_to_40k",
        "free_lunch": True, "essay_why_attend": essay, "reference_name": "Ms. Okafor",
        "reference_relationship": "teacher", "reference_email": "okafor@example.org",
        "info_true_consent": True,
        "guardian_signature": {"width": 300, "height": 100, "strokes": [[[10, 10], [90, 40]]]},
    }


class Client:
    """One browser's worth of cookies; no redirects followed."""

    def __init__(self, hub, language=None):
        self.hub = hub
        self.cookies = {}
        self.language = language

    def request(self, method, path, fields=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.hub.port, timeout=30)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.language:
            h["Accept-Language"] = self.language
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        raw = r.read()
        self.last_bytes = raw
        text = raw.decode("utf-8", errors="replace")
        for name, value in r.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";")[0]
                k, _, v = pair.partition("=")
                if "Max-Age=0" in value:
                    self.cookies.pop(k, None)
                else:
                    self.cookies[k] = v
        conn.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, text, r.getheaders()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, headers=None):
        return self.request("POST", path, fields, headers)

    def form_token(self):
        status, _, body, _ = self.get("/signin")
        assert status == 200, status
        return re.search(r'name="form_token" value="([^"]+)"', body).group(1)

    def sign_in(self, email, password=PASSWORD):
        token = self.form_token()
        return self.post("/signin", {"form_token": token, "email": email, "password": password,
                                     "next": "/"})

    def csrf(self):
        """The session's CSRF token, as the pages carry it."""
        status, _, body, _ = self.get("/")
        assert status == 200, status
        return re.search(r'name="csrf" value="([^"]+)"', body).group(1)
