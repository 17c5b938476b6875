// The request log of `folio-search serve --log`: JSON lines on stderr or appended to a file.
#pragma once

#include <filesystem>

#include "folio/query_log.h"

namespace folio::cli {

/// Writes one JSON line a request (folio::log_line). Each line goes out in one write(2) call,
/// so the lines of concurrent requests never mix. Thread-safe.
class RequestLog {
 public:
  /// To stderr when `file` is empty, else appended to `file` (created when missing). Throws
  /// std::runtime_error naming the file when it cannot be opened for appending.
  explicit RequestLog(const std::filesystem::path& file);
  ~RequestLog();
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  /// Writes `e` as a line. A failed write (a full disk) loses the line, never the request.
  void write(const LogEntry& e) const;

 private:
  int fd_ = 2;
  bool own_ = false;
};

}  // namespace folio::cli
