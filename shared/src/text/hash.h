// Content hashes: 64-bit XXH3 of bytes, as 16 hex digits, at once or fed in pieces.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace folio::text {

/// XXH3 (64 bits) of `bytes`.
std::uint64_t hash64(std::string_view bytes);

/// hash64() as 16 lower-case hex digits.
std::string content_hash(std::string_view bytes);

/// content_hash() of bytes given in pieces: the same as of their concatenation.
class ContentHasher {
 public:
  ContentHasher();
  ~ContentHasher();
  ContentHasher(const ContentHasher&) = delete;
  ContentHasher& operator=(const ContentHasher&) = delete;

  void update(std::string_view bytes);
  /// The hash of everything given so far.
  std::string hex() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace folio::text
