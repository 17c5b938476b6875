// Reading files from disk: a whole file with a size limit, or a JSON Lines file line by line.
#include "readers/file_loader.h"

#include <cerrno>
#include <cstring>
#include <system_error>

#include "text/charset.h"

namespace folio {
namespace {

std::string errno_message(int err) { return std::generic_category().message(err); }

}  // namespace

LoadedFile load_file(const std::filesystem::path& file, const std::string& name,
                     std::uint64_t max_bytes) {
  LoadedFile out;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(file.c_str(), "rb"),
                                                         &std::fclose);
  if (!stream) {
    out.skip = Skip{name, "unreadable file", errno_message(errno)};
    return out;
  }
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(file, ec);
  if (!ec && size > max_bytes) {
    out.skip =
        Skip{name, "too large", std::to_string(size) + " bytes > " + std::to_string(max_bytes)};
    return out;
  }
  if (!ec) {
    out.bytes.reserve(size);
  }
  std::vector<char> chunk(64 << 10);
  for (;;) {
    errno = 0;
    const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), stream.get());
    if (std::ferror(stream.get()) != 0) {
      out.skip = Skip{name, "unreadable file", errno_message(errno != 0 ? errno : EIO)};
      return out;
    }
    out.bytes.append(chunk.data(), n);
    if (out.bytes.size() > max_bytes) {  // grew since file_size()
      out.skip = Skip{name, "too large", "more than " + std::to_string(max_bytes) + " bytes"};
      return out;
    }
    if (n < chunk.size()) {
      break;
    }
  }
  out.hash = text::content_hash(out.bytes);
  return out;
}

JsonlStream::JsonlStream(const std::filesystem::path& file, std::string name,
                         std::uint64_t max_line_bytes)
    : file_(std::fopen(file.c_str(), "rb")),
      name_(std::move(name)),
      max_line_bytes_(max_line_bytes),
      buffer_(64 << 10) {
  if (!file_) {
    skip_ = Skip{name_, "unreadable file", errno_message(errno)};
    return;
  }
  fill();
  if (std::memchr(buffer_.data(), '\0', std::min(length_, text::kBinaryProbeBytes)) != nullptr) {
    skip_ = Skip{name_, "binary file", "NUL bytes in the first 8 KiB"};
  }
}

JsonlStream::~JsonlStream() = default;

bool JsonlStream::next(std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  if (skip_) {
    return false;
  }
  bool any = false;
  for (;;) {
    if (position_ == length_ && !fill()) {
      if (any) {
        ++line_number_;
      }
      return any;
    }
    any = true;
    const char* start = buffer_.data() + position_;
    const std::size_t available = length_ - position_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', available));
    const std::size_t take =
        newline != nullptr ? static_cast<std::size_t>(newline - start) : available;
    if (!too_long) {
      if (line.size() + take > max_line_bytes_) {
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
      ++line_number_;
      return true;
    }
  }
}

bool JsonlStream::fill() {
  if (position_ < length_) {
    return true;
  }
  errno = 0;
  length_ = std::fread(buffer_.data(), 1, buffer_.size(), file_.get());
  position_ = 0;
  bytes_ += length_;
  hasher_.update(std::string_view(buffer_.data(), length_));
  if (length_ == 0 && std::ferror(file_.get()) != 0) {
    error_ = errno != 0 ? errno : EIO;
  }
  return length_ > 0;
}

}  // namespace folio
