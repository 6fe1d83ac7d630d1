// BackgroundFileWriter: writes many small files (an export's signature SVGs) on a thread of
// its own, so that creating them overlaps making the rows.
//
// Put() queues a file and returns at once unless `max_queued_bytes` are already waiting (then
// it waits: memory stays bounded). Files are created new (O_EXCL): an existing one is an
// error. The first error is kept; Put() returns it from then on and queues nothing more, and
// Finish() returns it after every queued file was written or given up.
// Thread safety: Put() and Finish() from one thread (the exporter's). The destructor finishes.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "data/status.h"

namespace stem::hub {

class BackgroundFileWriter {
 public:
  // `shown_as` names the export in error messages (never the file's content).
  BackgroundFileWriter(std::string shown_as, size_t max_queued_bytes = 8u << 20);
  ~BackgroundFileWriter();
  BackgroundFileWriter(const BackgroundFileWriter&) = delete;
  BackgroundFileWriter& operator=(const BackgroundFileWriter&) = delete;

  Status Put(std::string path, std::string content);
  // Waits for the queue to drain and the thread to end.
  Status Finish();

 private:
  void Run();
  Status Error();

  const std::string shown_as_;
  const size_t max_queued_bytes_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::pair<std::string, std::string>> queue_;
  size_t queued_bytes_ = 0;
  bool closing_ = false;
  Status error_ = Status::Ok();
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace stem::hub
