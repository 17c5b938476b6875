// Fuzz target: the extractor protocol as the indexer reads a worker's reply (a worker may be
// crashed or hostile): messages framed by read_message() from a file descriptor, each read
// field by field as its tag says; a message read whole is written back byte for byte.
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_support.h"
#include "readers/extract_protocol.h"

namespace {

namespace extract = folio::extract;

// The number of text fields of each tag's message (a request has a number after them).
int text_fields(char tag) {
  switch (tag) {
    case extract::kArticle:
      return 9;
    case extract::kSkip:
      return 3;
    case extract::kRequest:
      return 3;
    case extract::kNote:
    case extract::kDone:
      return 1;
    default:
      return -1;
  }
}

void read_payload(const std::string& payload) {
  extract::MessageReader in(payload);
  const char tag = in.tag();
  const int fields = text_fields(tag);
  extract::MessageWriter out(tag);
  std::string s;
  for (int i = 0; i < fields; ++i) {
    if (!in.text(s)) {
      return;
    }
    out.text(s);
  }
  std::uint64_t n = 0;
  if (tag == extract::kRequest) {
    if (!in.number(n)) {
      return;
    }
    out.number(n);
  }
  if (fields >= 0 && in.at_end()) {  // the message again, with its length in front
    FUZZ_CHECK(out.finish().substr(4) == payload);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const int fd = ::memfd_create("extract_protocol_fuzz", 0);
  FUZZ_CHECK(fd >= 0);
  FUZZ_CHECK(::ftruncate(fd, 0) == 0 && ::lseek(fd, 0, SEEK_SET) == 0);
  FUZZ_CHECK(extract::write_all(fd, folio::fuzz::as_text(data, size)));
  FUZZ_CHECK(::lseek(fd, 0, SEEK_SET) == 0);
  std::string payload;
  // A small ceiling, so that the "too large" path is reached too.
  while (extract::read_message(fd, payload, 4096, std::nullopt) == extract::ReadStatus::kOk) {
    FUZZ_CHECK(payload.size() <= 4096);
    read_payload(payload);
  }
  return 0;
}
