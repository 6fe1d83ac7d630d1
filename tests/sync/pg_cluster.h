// A real, throwaway PostgreSQL 15 cluster for the tests of the hub on PostgreSQL: initdb and
// pg_ctl from Debian's postgresql-15 (installer/install-deps.sh) in a temporary folder,
// listening only on a Unix socket there, trusted for local connections, fsync off. Run as
// root (CI), the server runs as the `postgres` user the package makes (else `nobody`), as
// PostgreSQL refuses to run as root. One cluster per test program, started on first use and
// stopped at exit; each test takes a database of its own (NewDatabase).
//
// Without postgresql-15 installed the tests that need it fail, saying so: nothing is skipped.
#pragma once

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/sync/hub_process.h"

namespace stem::test {

class PgCluster {
 public:
  // The cluster of this test program, started on first use; nullptr (with a test failure
  // saying why) when it cannot start.
  static PgCluster* Get() {
    static std::unique_ptr<PgCluster> cluster = Start();
    if (!cluster) ADD_FAILURE() << "no PostgreSQL cluster for this test (see above)";
    return cluster.get();
  }

  ~PgCluster() {
    RunProcess(AsServer({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"}));
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // A libpq connection string for database `name` on this cluster.
  std::string Url(const std::string& name) const {
    return "postgresql://stem@/" + name + "?host=" + dir_ + "/socket";
  }

  // A fresh, empty database; its connection string.
  std::string NewDatabase() {
    std::string name = "t" + std::to_string(++databases_);
    std::string out, err;
    int rc = RunProcess({bin_ + "/psql", "-X", "-q", "-d", Url("postgres"), "-c",
                         "CREATE DATABASE " + name}, &out, &err);
    if (rc != 0) ADD_FAILURE() << "CREATE DATABASE failed: " << err;
    return Url(name);
  }

  const std::string& dir() const { return dir_; }
  const std::string& bin() const { return bin_; }

 private:
  static std::string FindBin() {
    for (const char* v : {"15", "16", "17"}) {
      std::string b = std::string("/usr/lib/postgresql/") + v + "/bin";
      if (std::filesystem::exists(b + "/initdb")) return b;
    }
    return "";
  }

  static std::unique_ptr<PgCluster> Start() {
    std::string bin = FindBin();
    if (bin.empty()) {
      ADD_FAILURE() << "PostgreSQL's initdb is not installed: run installer/install-deps.sh "
                       "(postgresql-15)";
      return nullptr;
    }
    char tmpl[] = "/tmp/stem-pg-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) return nullptr;
    auto c = std::unique_ptr<PgCluster>(new PgCluster(tmpl, bin));
    std::filesystem::create_directories(c->dir_ + "/socket");
    if (geteuid() == 0) {
      const passwd* pw = getpwnam("postgres");
      if (pw == nullptr) pw = getpwnam("nobody");
      if (pw == nullptr) return nullptr;
      c->user_ = pw->pw_name;
      for (const std::string& p : {c->dir_, c->dir_ + "/socket"}) {
        if (chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) return nullptr;
      }
      chmod(c->dir_.c_str(), 0755);
    }
    std::string out, err;
    if (RunProcess(c->AsServer({bin + "/initdb", "-D", c->dir_ + "/data", "-U", "stem",
                                "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"}),
                   &out, &err) != 0) {
      ADD_FAILURE() << "initdb failed: " << err;
      return nullptr;
    }
    if (RunProcess(c->AsServer({bin + "/pg_ctl", "-D", c->dir_ + "/data", "-l",
                                c->dir_ + "/server.log", "-w", "-o",
                                "-k " + c->dir_ + "/socket -c listen_addresses= -F "
                                "-c max_connections=60",
                                "start"}),
                   &out, &err) != 0) {
      ADD_FAILURE() << "pg_ctl start failed: " << err << " (" << c->dir_ << "/server.log)";
      return nullptr;
    }
    return c;
  }

  PgCluster(std::string dir, std::string bin) : dir_(std::move(dir)), bin_(std::move(bin)) {}

  // The command as the server's user (runuser when the tests run as root).
  std::vector<std::string> AsServer(std::vector<std::string> argv) const {
    if (user_.empty()) return argv;
    std::vector<std::string> out = {"/usr/sbin/runuser", "-u", user_, "--"};
    out.insert(out.end(), argv.begin(), argv.end());
    return out;
  }

  std::string dir_;
  std::string bin_;
  std::string user_;
  int databases_ = 0;
};

inline std::string HubLocation(const std::string& file) {
  if (!HubOnPostgres()) return file;
  PgCluster* cluster = PgCluster::Get();
  return cluster ? cluster->NewDatabase() : file;
}

}  // namespace stem::test
