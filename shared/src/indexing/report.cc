// The report of an indexing run as it goes.
#include "indexing/report.h"

#include <utility>

namespace folio {

RunReport::RunReport(IndexingListener listener) : listener_(std::move(listener)) {}

void RunReport::skip(const Skip& skip) {
  std::lock_guard lock(mu_);
  ++skipped_;
  ++skipped_by_reason_[skip.reason];
  if (listener_) {
    listener_(skip);
  }
}

void RunReport::note(const std::string& path, const std::string& text) {
  if (listener_) {
    std::lock_guard lock(mu_);
    listener_(Skip{path, "", text});
  }
}

void RunReport::language(const std::string& code) {
  std::lock_guard lock(mu_);
  ++languages_[code];
}

void RunReport::read(const std::string& path, const ReadResult& result) {
  for (const Skip& s : result.skipped) {
    skip(s);
  }
  {
    std::lock_guard lock(mu_);
    if (!result.converted_from.empty()) {
      ++converted_;
    }
  }
  for (const std::string& text : result.notes) {
    note(path, text);
  }
}

IndexingProgress RunReport::progress(std::uint64_t files_total) const {
  IndexingProgress p;
  p.files_done = counts_.files_done;
  p.files_total = files_total;
  p.bytes_done = counts_.bytes_done;
  p.bytes_total = counts_.bytes_total;
  p.articles = counts_.added + counts_.updated;
  p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return p;
}

IndexingReport RunReport::result() const {
  IndexingReport r;
  r.files_read = counts_.files_read;
  r.added = counts_.added;
  r.updated = counts_.updated;
  r.removed = counts_.removed;
  r.unchanged = counts_.unchanged;
  r.resumed = counts_.resumed;
  r.articles = r.added + r.updated;
  r.errors = counts_.errors;
  r.bytes = counts_.bytes_done;
  {
    std::lock_guard lock(mu_);
    r.skipped = skipped_;
    r.skipped_by_reason = skipped_by_reason_;
    r.converted = converted_;
    r.languages = languages_;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return r;
}

}  // namespace folio
