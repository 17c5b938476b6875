// The request log: one write(2) a line, to stderr or a file opened for appending.
#include "request_log.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace folio::cli {

RequestLog::RequestLog(const std::filesystem::path& file) {
  if (file.empty()) {
    return;
  }
  // O_APPEND: each write lands whole at the end, even with other writers (logrotate's copy).
  fd_ = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw std::runtime_error("cannot open the log file '" + file.string() +
                             "': " + std::strerror(errno));
  }
  own_ = true;
}

RequestLog::~RequestLog() {
  if (own_) {
    ::close(fd_);
  }
}

void RequestLog::write(const LogEntry& e) const {
  const std::string line = log_line(e) + '\n';
  std::size_t done = 0;
  while (done < line.size()) {  // one call unless the kernel takes part of it
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return;
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace folio::cli
