// The extractor worker (the program folio-extract): parses the files the indexer sends it, one
// at a time, in this process, which the indexer started under its limits (readers/extractor.h).
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "folio/reader.h"

#include "readers/dispatch.h"
#include "readers/extract_protocol.h"
#include "text/clean.h"

namespace folio {
namespace {

/// The largest request read: a file at the largest size a user may allow, and its names.
constexpr std::uint64_t kMaxRequest = 4ull << 30;

/// Lets this file use `seconds` more CPU time: past that, SIGXCPU ends the worker.
void limit_cpu(std::uint64_t seconds) {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  rlimit limit{};
  ::getrlimit(RLIMIT_CPU, &limit);
  const auto used = static_cast<rlim_t>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec);
  const rlim_t wanted = used + static_cast<rlim_t>(seconds) + 1;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
  ::setrlimit(RLIMIT_CPU, &limit);
}

std::string article_message(const Article& a) {
  return extract::MessageWriter(extract::kArticle)
      .text(a.id)
      .text(a.path)
      .text(a.url)
      .text(a.title)
      .text(a.date)
      .text(a.author)
      .text(a.category)
      .text(a.body)
      .text(a.language)
      .finish();
}

/// Parses one request's file and writes the reply; false when the indexer is gone.
bool answer(extract::MessageReader& in, int out) {
  std::string file;
  std::string root;
  std::string bytes;
  std::uint64_t timeout = 0;
  if (!(in.text(file) && in.text(root) && in.text(bytes) && in.number(timeout))) {
    return false;
  }
  limit_cpu(timeout);
  std::vector<Article> articles;
  ReadResult r;
  auto fail = [&](const char* reason, std::string_view detail) {  // the file, not the worker
    articles.clear();
    r = ReadResult{};
    r.skipped.push_back({text::clean_key(file), reason, text::clean_key(detail)});
  };
  try {
    r = parse_bytes(bytes, file, root, [&](Article&& a) { articles.push_back(std::move(a)); });
  } catch (const std::bad_alloc&) {
    fail("extractor out of memory", "");
  } catch (const std::exception& e) {
    fail("extractor failed", e.what());
  }
  bytes = std::string();
  std::string reply;
  for (const Article& a : articles) {
    reply += article_message(a);
  }
  for (const Skip& s : r.skipped) {
    reply +=
        extract::MessageWriter(extract::kSkip).text(s.path).text(s.reason).text(s.detail).finish();
  }
  for (const std::string& note : r.notes) {
    reply += extract::MessageWriter(extract::kNote).text(note).finish();
  }
  reply += extract::MessageWriter(extract::kDone).text(r.converted_from).finish();
  return extract::write_all(out, reply);
}

}  // namespace

int extractor_main(int argc, char** argv) {
  if (argc > 1 || ::isatty(0) != 0) {
    std::fprintf(stderr,
                 "%s: the extractor worker of folio-index; it parses PDF, DOCX, ODT, EPUB and "
                 "WARC files that folio-index sends it on its standard input\n",
                 argc > 0 ? argv[0] : "folio-extract");
    return 2;
  }
  // Replies go to the socket on standard output; anything a library prints goes to stderr.
  const int out = ::dup(1);
  ::dup2(2, 1);
  std::string payload;
  while (extract::read_message(0, payload, kMaxRequest, std::nullopt) == extract::ReadStatus::kOk) {
    extract::MessageReader in(payload);
    if (in.tag() != extract::kRequest || !answer(in, out)) {
      return 1;
    }
  }
  return 0;
}

}  // namespace folio
