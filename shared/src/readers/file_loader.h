// Reading files from disk: a whole file with a size limit, or a JSON Lines file line by line;
// both also give the content hash of what they read. The one way Folio reads a file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "folio/reader.h"

#include "text/hash.h"

namespace folio {

/// An open file, closed when it goes.
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

/// A whole file's bytes and their content hash, or why it was not read.
struct LoadedFile {
  std::string bytes;
  std::string hash;          ///< text::content_hash() of `bytes`
  std::optional<Skip> skip;  ///< "unreadable file" (with the system's reason) or "too large"
};

/// Reads `file` whole. A file of more than `max_bytes` (at the start, or grown while being
/// read) is not read: skip "too large". `name` is the path that messages give.
LoadedFile load_file(const std::filesystem::path& file, const std::string& name,
                     std::uint64_t max_bytes);

/// Reads a JSON Lines file a line at a time while keeping at most `max_line_bytes` of a line
/// in memory, hashing every byte read. Not thread-safe.
class JsonlStream {
 public:
  /// Opens `file`; skip() says when it cannot be read at all. `name` is the path messages give.
  JsonlStream(const std::filesystem::path& file, std::string name, std::uint64_t max_line_bytes);
  ~JsonlStream();
  JsonlStream(const JsonlStream&) = delete;
  JsonlStream& operator=(const JsonlStream&) = delete;

  /// Why the file gives no lines: "unreadable file" when it cannot be opened, "binary file"
  /// when its first 8 KiB hold a NUL byte. nullopt when it can be read.
  const std::optional<Skip>& skip() const { return skip_; }

  /// The next line without its '\n', false at the end of the file or on a read error (see
  /// error()). A line over the limit is read past but comes back empty with `too_long` set.
  bool next(std::string& line, bool& too_long);

  /// 1-based number of the line next() gave last.
  std::uint64_t line_number() const { return line_number_; }
  /// Bytes read from disk so far.
  std::uint64_t bytes() const { return bytes_; }
  /// Bytes handed out by next() so far, newlines and the bytes of over-long lines included.
  std::uint64_t consumed() const { return consumed_; }
  /// The errno of a failed read, or 0.
  int error() const { return error_; }
  /// text::content_hash() of the bytes read so far: of the whole file once next() is false.
  std::string hash() const { return hasher_.hex(); }

 private:
  bool fill();

  FilePtr file_;
  std::string name_;
  std::uint64_t max_line_bytes_;
  std::optional<Skip> skip_;
  std::vector<char> buffer_;
  std::size_t position_ = 0;
  std::size_t length_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t consumed_ = 0;
  std::uint64_t line_number_ = 0;
  int error_ = 0;
  text::ContentHasher hasher_;
};

}  // namespace folio
