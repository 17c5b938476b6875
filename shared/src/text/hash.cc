// Content hashes: 64-bit XXH3 of bytes, as 16 hex digits, at once or fed in pieces.
#include "text/hash.h"

#include <xxhash.h>

namespace folio::text {
namespace {

std::string to_hex(std::uint64_t h) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) {
    out[static_cast<std::size_t>(i)] = kHex[h & 0xf];
  }
  return out;
}

}  // namespace

std::uint64_t hash64(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

std::string content_hash(std::string_view bytes) { return to_hex(hash64(bytes)); }

struct ContentHasher::State {
  XXH3_state_t* xxh = XXH3_createState();
  ~State() { XXH3_freeState(xxh); }
};

ContentHasher::ContentHasher() : state_(std::make_unique<State>()) {
  if (state_->xxh == nullptr) {
    throw std::bad_alloc();
  }
  XXH3_64bits_reset(state_->xxh);
}

ContentHasher::~ContentHasher() = default;

void ContentHasher::update(std::string_view bytes) {
  XXH3_64bits_update(state_->xxh, bytes.data(), bytes.size());
}

std::string ContentHasher::hex() const { return to_hex(XXH3_64bits_digest(state_->xxh)); }

}  // namespace folio::text
