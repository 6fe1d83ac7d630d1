#include "sync/hub/export/file_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace stem::hub {
namespace {

// Creates `path` and writes `content` whole; false on any failure (the file is removed).
bool WriteNew(const std::string& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  bool ok = ::close(fd) == 0 && done == content.size();
  if (!ok) ::unlink(path.c_str());
  return ok;
}

}  // namespace

BackgroundFileWriter::BackgroundFileWriter(std::string shown_as, size_t max_queued_bytes)
    : shown_as_(std::move(shown_as)),
      max_queued_bytes_(max_queued_bytes),
      thread_([this] { Run(); }) {}

BackgroundFileWriter::~BackgroundFileWriter() { (void)Finish(); }

Status BackgroundFileWriter::Error() { return error_; }

Status BackgroundFileWriter::Put(std::string path, std::string content) {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] {
    return !error_.ok() || queue_.empty() || queued_bytes_ + content.size() <= max_queued_bytes_;
  });
  if (!error_.ok()) return error_;
  queued_bytes_ += content.size();
  queue_.emplace_back(std::move(path), std::move(content));
  changed_.notify_all();
  return Status::Ok();
}

Status BackgroundFileWriter::Finish() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    changed_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mu_);
  return error_;
}

void BackgroundFileWriter::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    changed_.wait(lock, [&] { return closing_ || !queue_.empty(); });
    if (queue_.empty()) return;  // closing, and everything written
    std::pair<std::string, std::string> file = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    bool ok = WriteNew(file.first, file.second);
    lock.lock();
    queued_bytes_ -= file.second.size();
    if (!ok && error_.ok()) {
      error_ = Status::IoError("cannot write " + file.first + " for " + shown_as_);
      queue_.clear();
      queued_bytes_ = 0;
    }
    changed_.notify_all();
  }
}

}  // namespace stem::hub
