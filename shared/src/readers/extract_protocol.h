// The messages between the indexer and its extractor workers (readers/extractor.h), over a
// Unix stream socket: each a 32-bit length, then a tag byte and its fields (64-bit numbers,
// strings as a 32-bit length and their bytes). Standard library and POSIX only, so that a test
// extractor can speak it too.
//
//   indexer -> worker   'Q' file, root, bytes, timeout seconds      read this file's bytes
//   worker -> indexer   'A' id, path, url, title, date, author,     an article (any number)
//                           category, body, language
//                       'S' path, reason, detail                    a skip (any number)
//                       'N' note                                    a note (any number)
//                       'R' converted_from                          done: the reply ends
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace folio::extract {

inline constexpr char kRequest = 'Q';
inline constexpr char kArticle = 'A';
inline constexpr char kSkip = 'S';
inline constexpr char kNote = 'N';
inline constexpr char kDone = 'R';

/// Builds one message.
class MessageWriter {
 public:
  explicit MessageWriter(char tag);
  MessageWriter& number(std::uint64_t n);
  MessageWriter& text(std::string_view s);
  /// The message with its length in front.
  std::string finish();

 private:
  std::string buffer_;
};

/// Reads the fields of one message's payload (after its tag) in order; each read is false once
/// the payload is shorter than it claims.
class MessageReader {
 public:
  explicit MessageReader(std::string_view payload) : rest_(payload) {}
  char tag();
  bool number(std::uint64_t& n);
  bool text(std::string& s);
  bool at_end() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

/// Writes all of `bytes` to `fd` (a socket: without SIGPIPE; else plain write()). False on
/// failure (the peer is gone).
bool write_all(int fd, std::string_view bytes);

enum class ReadStatus { kOk, kEnd, kTimeout, kTooLarge, kError };

/// Reads one message's payload into `payload`; a payload over `max_bytes` is not read
/// (kTooLarge). kEnd when the peer closed the socket before a message began or within one;
/// kTimeout once `deadline` passes (none: wait as long as it takes).
ReadStatus read_message(int fd, std::string& payload, std::uint64_t max_bytes,
                        std::optional<std::chrono::steady_clock::time_point> deadline);

}  // namespace folio::extract
