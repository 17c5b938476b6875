// An extractor worker that misbehaves on purpose, for the tests of the indexer's side
// (tests/unit/readers/extractor_test.cc). It speaks the real protocol; what it does with a
// file depends on the file's name: ok.pdf (one article whose body is this process's id),
// crash.pdf (SIGSEGV), hang.pdf (a busy loop), hog.pdf (allocates until its memory limit stops
// it), flood.pdf (a 2 MiB body), garbage.pdf (a malformed reply), exit.pdf (exits with 3).
// Built without sanitizers, so that the memory limit the indexer sets applies to it alone.
#include <csignal>
#include <filesystem>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include <unistd.h>

#include "readers/extract_protocol.h"

namespace {

using folio::extract::MessageWriter;

std::string article(const std::string& title, const std::string& body) {
  return MessageWriter(folio::extract::kArticle)
      .text(title)  // id
      .text("")     // path
      .text("")     // url
      .text(title)
      .text("")  // date
      .text("")  // author
      .text("")  // category
      .text(body)
      .text("")  // language
      .finish();
}

std::string skip(const std::string& file, const std::string& reason) {
  return MessageWriter(folio::extract::kSkip).text(file).text(reason).text("").finish();
}

std::string done() { return MessageWriter(folio::extract::kDone).text("").finish(); }

// Allocates and touches 64 MiB blocks until the allocator refuses (the limit works) or 8 GiB
// are held (it does not).
std::string hog(const std::string& file) {
  std::vector<std::unique_ptr<char[]>> held;
  try {
    for (int i = 0; i < 128; ++i) {
      held.emplace_back(new char[64u << 20]);
      for (std::size_t at = 0; at < (64u << 20); at += 4096) {
        held.back()[at] = 1;
      }
    }
  } catch (const std::bad_alloc&) {
    return skip(file, "extractor out of memory");
  }
  return article("hog", "allocated 8 GiB without a limit");
}

std::string reply(const std::string& file) {
  const std::string name = std::filesystem::path(file).stem().string();
  if (name == "crash") {
    std::raise(SIGSEGV);
  }
  if (name == "hang") {
    volatile unsigned long n = 0;
    for (;;) {
      n = n + 1;
    }
  }
  if (name == "exit") {
    ::_exit(3);
  }
  if (name == "hog") {
    return hog(file) + done();
  }
  if (name == "flood") {
    return article("flood", std::string(2u << 20, 'x')) + done();
  }
  if (name == "garbage") {
    return MessageWriter('?').text("what").finish();
  }
  return article(name, "pid " + std::to_string(::getpid())) + done();
}

}  // namespace

int main() {
  std::string payload;
  while (folio::extract::read_message(0, payload, 1ull << 30, std::nullopt) ==
         folio::extract::ReadStatus::kOk) {
    folio::extract::MessageReader in(payload);
    std::string file;
    if (in.tag() != folio::extract::kRequest || !in.text(file) ||
        !folio::extract::write_all(1, reply(file))) {
      return 1;
    }
  }
  return 0;
}
