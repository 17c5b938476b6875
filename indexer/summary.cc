// What folio-index prints.
#include "summary.h"

#include <algorithm>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <utility>
#include <vector>

#include "folio/json_writer.h"

void show_progress(const folio::IndexingProgress& p) {
  const double mb = static_cast<double>(p.bytes_done) / 1e6;
  const double total = static_cast<double>(p.bytes_total) / 1e6;
  const double rate = p.seconds > 0 ? mb / p.seconds : 0;
  std::ostringstream line;
  line << std::fixed << std::setprecision(1) << "\r" << p.files_done << "/" << p.files_total
       << " files, " << mb << "/" << total << " MB, " << p.articles << " articles, " << rate
       << " MB/s";
  if (rate > 0 && total > mb) {
    line << ", " << std::setprecision(0) << (total - mb) / rate << " s left";
  }
  line << "\033[K";
  std::cerr << line.str() << std::flush;
}

std::string to_json(const folio::IndexingReport& r, const std::filesystem::path& db) {
  const double mb = static_cast<double>(r.bytes) / 1e6;
  folio::JsonWriter w(/*pretty=*/true);
  w.begin_object();
  w.field("db", db.string());
  w.key("files").uint(r.files);
  w.key("files_read").uint(r.files_read);
  w.key("articles_added").uint(r.added);
  w.key("articles_updated").uint(r.updated);
  w.key("articles_removed").uint(r.removed);
  w.key("articles_unchanged").uint(r.unchanged);
  w.key("articles_resumed").uint(r.resumed);
  w.key("skipped").uint(r.skipped);
  w.key("skipped_by_reason").begin_object();
  for (const auto& [reason, n] : r.skipped_by_reason) {
    w.key(reason).uint(n);
  }
  w.end_object();
  w.key("errors").uint(r.errors);
  w.key("converted").uint(r.converted);
  w.key("languages").begin_object();
  for (const auto& [code, n] : r.languages) {
    w.key(code).uint(n);
  }
  w.end_object();
  w.key("bytes").uint(r.bytes);
  w.key("seconds").real(r.seconds);
  w.key("mb_per_s").real(r.seconds > 0 ? mb / r.seconds : 0);
  w.key("articles_per_s").real(r.seconds > 0 ? static_cast<double>(r.articles) / r.seconds : 0);
  w.key("total_articles").uint(r.total_articles);
  w.key("threads").uint(r.threads);
  w.key("shards").uint(r.shards);
  w.key("rebuilt").boolean(r.rebuilt);
  w.end_object();
  return w.str();
}

namespace {

// "Languages: en 2210 · de 12 · fr 3": the articles written by language, most first.
void print_languages(std::ostream& out, const std::map<std::string, std::uint64_t>& languages) {
  if (languages.empty()) {
    return;
  }
  std::vector<std::pair<std::string, std::uint64_t>> sorted(languages.begin(), languages.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  out << "Languages:";
  const char* separator = " ";
  for (const auto& [code, n] : sorted) {
    out << separator << (code.empty() ? "none" : code) << ' ' << n;
    separator = " · ";
  }
  out << '\n';
}

}  // namespace

void print_report(std::ostream& out, const folio::IndexingReport& r,
                  const std::filesystem::path& db) {
  out << std::fixed << std::setprecision(2);
  out << "Indexed " << r.articles << " articles from " << r.files_read << " of " << r.files
      << " files (" << static_cast<double>(r.bytes) / 1e6 << " MB) in " << r.seconds << " s into "
      << db.string() << " with " << r.threads << " threads"
      << (r.shards > 1 ? ", " + std::to_string(r.shards) + " shards" : "")
      << (r.rebuilt ? " (new index)" : "") << '\n';
  if (r.resumed != 0) {
    out << "Continued an interrupted build: " << r.resumed << " articles it had committed kept\n";
  }
  out << "Added " << r.added << ", updated " << r.updated << ", removed " << r.removed
      << ", unchanged " << r.unchanged << '\n';
  out << "Skipped: " << r.skipped;
  const char* separator = " (";
  for (const auto& [reason, n] : r.skipped_by_reason) {
    out << separator << reason << ": " << n;
    separator = ", ";
  }
  out << (r.skipped_by_reason.empty() ? "" : ")") << '\n';
  if (r.converted != 0) {
    out << "Converted to UTF-8: " << r.converted << '\n';
  }
  print_languages(out, r.languages);
  out << "Errors: " << r.errors << '\n';
  out << "The index now holds " << r.total_articles << " articles.\n";
}

folio::IndexingListener skip_printer(bool quiet, bool live) {
  return [quiet, live](const folio::Skip& s) {
    if (s.reason.empty() && quiet) {
      return;
    }
    std::cerr << (live ? "\r\033[K" : "") << "folio-index: ";
    if (!s.reason.empty()) {
      std::cerr << "skipped " << s.path << ": " << s.reason
                << (s.detail.empty() ? "" : " (" + s.detail + ")") << '\n';
    } else {
      std::cerr << s.path << ": " << s.detail << '\n';
    }
  };
}

void print_run_line(std::ostream& out, const folio::IndexingReport& r) {
  const std::time_t now = std::time(nullptr);
  char at[32];
  std::strftime(at, sizeof at, "%F %T", std::localtime(&now));
  out << std::fixed << std::setprecision(2) << at << " added " << r.added << ", updated "
      << r.updated << ", removed " << r.removed << ", skipped " << r.skipped << " (" << r.files_read
      << " files read in " << r.seconds << " s); the index holds " << r.total_articles
      << " articles\n";
}
