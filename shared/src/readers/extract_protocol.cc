// The messages between the indexer and its extractor workers.
#include "readers/extract_protocol.h"

#include <cerrno>
#include <cstring>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace folio::extract {
namespace {

void put_u32(std::string& out, std::uint32_t n) {
  for (int i = 0; i < 4; ++i) {
    out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  }
}

std::uint64_t get_le(const char* p, int bytes) {
  std::uint64_t n = 0;
  for (int i = bytes - 1; i >= 0; --i) {
    n = (n << 8) | static_cast<unsigned char>(p[i]);
  }
  return n;
}

// Reads exactly `size` bytes before `deadline`.
ReadStatus read_exactly(int fd, char* out, std::size_t size,
                        const std::optional<std::chrono::steady_clock::time_point>& deadline) {
  std::size_t done = 0;
  while (done < size) {
    int wait_ms = -1;
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        return ReadStatus::kTimeout;
      }
      wait_ms = static_cast<int>(std::min<long long>(left.count() + 1, 1 << 30));
    }
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) {
        continue;
      }
      return ReadStatus::kError;
    }
    if (ready == 0) {
      return ReadStatus::kTimeout;
    }
    const ssize_t n = ::read(fd, out + done, size - done);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) {
        continue;
      }
      return errno == ECONNRESET ? ReadStatus::kEnd : ReadStatus::kError;
    }
    if (n == 0) {
      return ReadStatus::kEnd;
    }
    done += static_cast<std::size_t>(n);
  }
  return ReadStatus::kOk;
}

}  // namespace

MessageWriter::MessageWriter(char tag) {
  buffer_.assign(4, '\0');
  buffer_.push_back(tag);
}

MessageWriter& MessageWriter::number(std::uint64_t n) {
  put_u32(buffer_, static_cast<std::uint32_t>(n & 0xffffffffu));
  put_u32(buffer_, static_cast<std::uint32_t>(n >> 32));
  return *this;
}

MessageWriter& MessageWriter::text(std::string_view s) {
  put_u32(buffer_, static_cast<std::uint32_t>(s.size()));
  buffer_.append(s);
  return *this;
}

std::string MessageWriter::finish() {
  const auto size = static_cast<std::uint32_t>(buffer_.size() - 4);
  for (int i = 0; i < 4; ++i) {
    buffer_[static_cast<std::size_t>(i)] = static_cast<char>((size >> (8 * i)) & 0xff);
  }
  return std::move(buffer_);
}

char MessageReader::tag() {
  if (rest_.empty()) {
    return '\0';
  }
  const char t = rest_.front();
  rest_.remove_prefix(1);
  return t;
}

bool MessageReader::number(std::uint64_t& n) {
  if (rest_.size() < 8) {
    return false;
  }
  n = get_le(rest_.data(), 8);
  rest_.remove_prefix(8);
  return true;
}

bool MessageReader::text(std::string& s) {
  if (rest_.size() < 4) {
    return false;
  }
  const std::uint64_t size = get_le(rest_.data(), 4);
  if (rest_.size() - 4 < size) {
    return false;
  }
  s.assign(rest_.substr(4, size));
  rest_.remove_prefix(4 + size);
  return true;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK) {
      n = ::write(fd, bytes.data(), bytes.size());
    }
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

ReadStatus read_message(int fd, std::string& payload, std::uint64_t max_bytes,
                        std::optional<std::chrono::steady_clock::time_point> deadline) {
  char header[4];
  if (const ReadStatus s = read_exactly(fd, header, sizeof header, deadline);
      s != ReadStatus::kOk) {
    return s;
  }
  const std::uint64_t size = get_le(header, 4);
  if (size > max_bytes) {
    return ReadStatus::kTooLarge;
  }
  payload.resize(size);
  return read_exactly(fd, payload.data(), size, deadline);
}

}  // namespace folio::extract
