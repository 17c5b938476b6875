// Term spelling and stored-data encoding of the index schema.
#include "store/schema.h"

#include <array>
#include <cstdint>
#include <functional>
#include <new>

#include <zstd.h>

#include "store/stored_text.h"
#include "text/hash.h"
#include "text/unicode.h"
#include "text/varint.h"

namespace folio::schema {
namespace {

// Xapian 1.4 terms are limited to 245 bytes; keep unique-id terms well inside that.
constexpr std::size_t kMaxIdTermBytes = 200;
// Records from this size on are compressed (they live in a value slot, which glass never
// compresses; schema.h). A zstd frame takes about a dozen bytes of its own.
constexpr std::size_t kCompressFrom = 64;

using text::get_varint;
using text::put_varint;

// The stored fields, in their on-disk order; works for const and mutable articles.
template <class A>
auto fields(A& a) {
  return std::array{&a.id,     &a.path,     &a.url,  &a.title,   &a.date,
                    &a.author, &a.category, &a.body, &a.language};
}

// prefix + value, or for a value too long for a Xapian term, a readable head of it made unique
// by a hash of the whole value.
std::string bounded_term(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  if (term.size() + value.size() <= kMaxIdTermBytes) {
    return term.append(value);
  }
  std::size_t head = kMaxIdTermBytes - 40;
  while (head > 0 && (static_cast<unsigned char>(value[head]) & 0xC0) == 0x80) {
    --head;  // not inside a UTF-8 sequence
  }
  return term.append(value.substr(0, head)).append("#").append(text::content_hash(value));
}

}  // namespace

std::string id_term(std::string_view id) { return bounded_term(kPrefixId, id); }

std::string category_term(std::string_view category) {
  return bounded_term(kPrefixCategory, text::fold_case(category));
}

std::string language_term(std::string_view code) {
  return std::string(kPrefixLanguage).append(code);
}

std::string pair_term(std::string_view first, std::string_view second) {
  std::string term;
  term.reserve(kPrefixPair.size() + first.size() + 1 + second.size());
  return term.append(kPrefixPair).append(first).append(1, ' ').append(second);
}

std::string body_key(std::string_view terms) {
  return terms.empty() ? std::string() : text::content_hash(terms);
}

std::string source_key(std::string_view absolute_path) { return text::content_hash(absolute_path); }

std::string encode_manifest(const FileRecord& r) {
  return std::to_string(r.size) + ' ' + std::to_string(r.mtime_ns) + ' ' + r.hash + ' ' +
         std::to_string(r.articles) + ' ' + r.path;
}

bool decode_manifest(std::string_view data, FileRecord& out) {
  std::string_view fields[4];
  for (auto& f : fields) {
    const std::size_t space = data.find(' ');
    if (space == std::string_view::npos) {
      return false;
    }
    f = data.substr(0, space);
    data.remove_prefix(space + 1);
  }
  try {
    out.size = std::stoull(std::string(fields[0]));
    out.mtime_ns = std::stoll(std::string(fields[1]));
    out.hash = fields[2];
    out.articles = std::stoull(std::string(fields[3]));
  } catch (const std::exception&) {
    return false;
  }
  out.path = data;
  return true;
}

std::string encode_record(const Article& a) {
  std::string out(1, kDataFormat);
  std::size_t total = 1;
  for (const std::string* f : fields(a)) {
    total += f->size() + 5;
  }
  out.reserve(total);
  for (const std::string* f : fields(a)) {
    put_varint(out, f->size());
    out += *f;
  }
  return out;
}

ZSTD_CCtx* thread_zstd_cctx() {
  struct Holder {
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    ~Holder() { ZSTD_freeCCtx(cctx); }
  };
  thread_local Holder holder;
  if (holder.cctx == nullptr) {
    throw std::bad_alloc();
  }
  return holder.cctx;
}

std::string pack_record(std::string record) {
  if (record.size() < kCompressFrom) {
    return record;
  }
  std::string packed(1 + ZSTD_compressBound(record.size()), kDataFormatZstd);
  const std::size_t n = ZSTD_compressCCtx(thread_zstd_cctx(), packed.data() + 1, packed.size() - 1,
                                          record.data(), record.size(), 3);
  if (ZSTD_isError(n)) {  // only for lack of memory
    throw std::bad_alloc();
  }
  if (1 + n >= record.size()) {
    return record;
  }
  packed.resize(1 + n);
  return packed;
}

std::string encode_data(const Article& a) { return pack_record(encode_record(a)); }

namespace {

// Both decode_data()s: the body is copied into `out` unless `body` is given to view it.
bool decode_fields(std::string_view in, Article& out, std::string_view* body) {
  if (in.empty() || in.front() != kDataFormat) {
    return false;
  }
  in.remove_prefix(1);
  for (std::string* f : fields(out)) {
    std::uint64_t n = 0;
    if (!get_varint(in, n) || n > in.size()) {
      return false;
    }
    if (f == &out.body && body != nullptr) {
      *body = in.substr(0, n);
    } else {
      f->assign(in.substr(0, n));
    }
    in.remove_prefix(n);
  }
  return in.empty();
}

// The kDataFormat record a kDataFormatZstd or kDataFormatDict record holds, into `out`; false
// if corrupt (or made with a dictionary `dictionaries` lacks).
bool unpack(std::string_view in, std::string& out, StoredTextReader* dictionaries) {
  const char format = in.front();
  in.remove_prefix(1);
  if (format == kDataFormatDict) {
    return dictionaries != nullptr && dictionaries->unpack(in, out);
  }
  const unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
  if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR ||
      size > kMaxRecordBytes) {
    return false;
  }
  struct Holder {  // a context for each thread: searches decode records concurrently
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    ~Holder() { ZSTD_freeDCtx(dctx); }
  };
  thread_local Holder holder;
  if (holder.dctx == nullptr) {
    throw std::bad_alloc();
  }
  out.resize(size);
  const std::size_t n =
      ZSTD_decompressDCtx(holder.dctx, out.data(), out.size(), in.data(), in.size());
  return !ZSTD_isError(n) && n == size;
}

bool packed(std::string_view in) {
  return !in.empty() && (in.front() == kDataFormatZstd || in.front() == kDataFormatDict);
}

}  // namespace

bool decode_data(std::string_view in, Article& out, StoredTextReader* dictionaries) {
  if (packed(in)) {
    std::string record;
    return unpack(in, record, dictionaries) && decode_fields(record, out, nullptr);
  }
  return decode_fields(in, out, nullptr);
}

bool decode_data(std::string& data, Article& out, std::string_view& body,
                 StoredTextReader* dictionaries) {
  if (packed(data)) {
    std::string record;
    if (!unpack(data, record, dictionaries)) {
      return false;
    }
    data = std::move(record);
  }
  return decode_fields(data, out, &body);
}

}  // namespace folio::schema
