// A real stem-hub process for the end-to-end tests: started on 127.0.0.1 with an ephemeral
// port (read back from its "listening on" line), stopped with SIGTERM or killed with SIGKILL,
// and restartable on the same port.
//
// The hub's database: the SQLite file the test names, or, when STEM_TEST_HUB_BACKEND is
// "postgresql", a fresh database of its own on the test program's PostgreSQL cluster
// (pg_cluster.h) in its place: db() is then its URI, and the log stays beside the file.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace stem::test {

// Runs a command to completion; returns its exit status, stdout in *out, stderr in *err.
inline int RunProcess(const std::vector<std::string>& argv, std::string* out = nullptr,
                      std::string* err = nullptr) {
  int o[2], e[2];
  // Close-on-exec: a process another thread starts meanwhile must not hold these open.
  if (pipe2(o, O_CLOEXEC) != 0 || pipe2(e, O_CLOEXEC) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(o[1], 1);
    dup2(e[1], 2);
    // Only 1 and 2 hold the pipes: a daemon the command starts (pg_ctl's server) must not
    // keep them open, or reading them would never end.
    close(o[0]);
    close(e[0]);
    close(o[1]);
    close(e[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(o[1]);
  close(e[1]);
  std::string so, se;
  char buf[65536];
  // Drain both pipes (stderr is small; read stdout first, then stderr).
  for (int fd : {o[0], e[0]}) {
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) (fd == o[0] ? so : se).append(buf, static_cast<size_t>(n));
    close(fd);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (out) *out = so;
  if (err) *err = se;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Whether the suites run their hubs on PostgreSQL (STEM_TEST_HUB_BACKEND=postgresql).
inline bool HubOnPostgres() {
  const char* b = std::getenv("STEM_TEST_HUB_BACKEND");
  return b != nullptr && std::string(b) == "postgresql";
}

// Where a hub the test places at `file` keeps its data: the file, or a fresh PostgreSQL
// database (defined in pg_cluster.h, which includes this file).
std::string HubLocation(const std::string& file);

class HubProcess {
 public:
  HubProcess(std::string db, std::vector<std::string> extra = {})
      : db_(HubLocation(db)), file_(std::move(db)), extra_(std::move(extra)) {}
  // A hub on exactly `location` (a PostgreSQL URI, which several hubs may share, or a file),
  // logging to `log_file`.
  HubProcess(std::string url, std::vector<std::string> extra, const std::string& log_file)
      : db_(std::move(url)), file_(log_file.substr(0, log_file.size() - 4)), extra_(std::move(extra)) {}
  ~HubProcess() { Kill(SIGKILL); }

  // Starts the hub; port 0 picks one. Returns the port, or -1.
  int Start(int port = 0) {
    int out[2];
    // Close-on-exec: another hub started at once by another thread must not hold this pipe
    // open, or a hub that fails before its first line would leave Start() waiting forever.
    if (pipe2(out, O_CLOEXEC) != 0) return -1;
    log_path_ = file_ + ".log";
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      int log = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      dup2(log, 2);
      close(out[0]);
      std::vector<std::string> argv = {STEM_HUB_PATH, "serve", "--db", db_, "--listen",
                                       "127.0.0.1:" + std::to_string(port)};
      argv.insert(argv.end(), extra_.begin(), extra_.end());
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    const std::string prefix = "listening on 127.0.0.1:";
    if (line.rfind(prefix, 0) != 0) {
      ADD_FAILURE() << "stem-hub did not start: \"" << line << "\"";
      Kill(SIGKILL);
      return -1;
    }
    port_ = std::stoi(line.substr(prefix.size()));
    return port_;
  }

  // Sends `sig` and reaps the process; returns its exit status (or 128+signal).
  int Kill(int sig) {
    if (pid_ <= 0) return -1;
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& db() const { return db_; }
  const std::string& log_path() const { return log_path_; }

  // Runs an admin subcommand against this hub's database.
  int Admin(std::vector<std::string> args, std::string* out = nullptr, std::string* err = nullptr) const {
    args.insert(args.begin(), STEM_HUB_PATH);
    args.push_back("--db");
    args.push_back(db_);
    return RunProcess(args, out, err);
  }

  std::string AddDevice(const std::string& name) const {
    std::string out;
    EXPECT_EQ(Admin({"device", "add", name}, &out), 0);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

 private:
  std::string db_;
  std::string file_;
  std::vector<std::string> extra_;
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace stem::test

// HubLocation, and the cluster it takes databases from.
#include "tests/sync/pg_cluster.h"  // IWYU pragma: keep
