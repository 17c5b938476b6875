// Reading a file line by line with a cap on line length (for JSON Lines).
#pragma once

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace folio {

/// Bytes at the start of a file in which a NUL means "binary".
inline constexpr std::size_t kBinaryProbeBytes = 8 << 10;

/// Reads lines of any length while keeping at most `max` bytes of each in memory.
class LineReader {
 public:
  explicit LineReader(std::FILE* file) : file_(file), buffer_(64 << 10) {}

  /// True if the first bytes of the file contain a NUL (call before next()).
  bool starts_binary() {
    fill();
    return std::memchr(buffer_.data(), '\0', std::min(length_, kBinaryProbeBytes)) != nullptr;
  }

  /// Reads the next line without its '\n'. A line over `max` bytes is consumed but comes back
  /// empty with `too_long` set. False at end of file or on a read error (see std::ferror).
  bool next(std::string& line, std::uint64_t max, bool& too_long) {
    line.clear();
    too_long = false;
    bool any = false;
    for (;;) {
      if (position_ == length_ && !fill()) {
        return any;
      }
      any = true;
      const char* start = buffer_.data() + position_;
      const std::size_t available = length_ - position_;
      const auto* newline = static_cast<const char*>(std::memchr(start, '\n', available));
      const std::size_t take =
          newline != nullptr ? static_cast<std::size_t>(newline - start) : available;
      if (!too_long) {
        if (line.size() + take > max) {
          too_long = true;
          line.clear();
          line.shrink_to_fit();
        } else {
          line.append(start, take);
        }
      }
      position_ += take;
      consumed_ += take;
      if (newline != nullptr) {
        ++position_;
        ++consumed_;
        return true;
      }
    }
  }

  std::uint64_t bytes() const { return bytes_; }

  /// Bytes handed out by next() so far, newlines and the bytes of over-long lines included.
  std::uint64_t consumed() const { return consumed_; }

  /// The errno of a failed read, or 0.
  int error() const { return error_; }

 private:
  bool fill() {
    if (position_ < length_) {
      return true;
    }
    errno = 0;
    length_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
    position_ = 0;
    bytes_ += length_;
    if (length_ == 0 && std::ferror(file_) != 0) {
      error_ = errno != 0 ? errno : EIO;
    }
    return length_ > 0;
  }

  std::FILE* file_;
  std::vector<char> buffer_;
  std::size_t position_ = 0;
  std::size_t length_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t consumed_ = 0;
  int error_ = 0;
};

}  // namespace folio
