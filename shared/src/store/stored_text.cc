// Stored text: zstd dictionaries trained on the collection, kept in the index's metadata.
#include "store/stored_text.h"

#include <algorithm>
#include <charconv>
#include <new>
#include <utility>
#include <vector>

#define ZDICT_STATIC_LINKING_ONLY  // ZDICT_trainFromBuffer_fastCover() with set parameters
#include <zdict.h>
#include <zstd.h>

#include "store/schema.h"

namespace folio {
namespace {

std::atomic<std::size_t> g_train_bytes{0};  // set_train_bytes(); 0: kTrainBytes

std::string dictionary_key(std::uint32_t id) {
  return std::string(schema::kMetaDictPrefix) + std::to_string(id);
}

std::uint32_t parse_id(std::string_view text) {
  std::uint32_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  return ec == std::errc() && end == text.data() + text.size() ? id : 0;
}

}  // namespace

struct StoredTextCodec::Dictionary {
  std::uint32_t id = 0;
  std::string bytes;
  ZSTD_CDict* cdict = nullptr;

  Dictionary(std::string b, std::uint32_t i) : id(i), bytes(std::move(b)) {
    cdict = ZSTD_createCDict(bytes.data(), bytes.size(), kLevel);
    if (cdict == nullptr) {
      throw std::bad_alloc();
    }
  }
  ~Dictionary() { ZSTD_freeCDict(cdict); }
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
};

StoredTextCodec::StoredTextCodec() {
  const std::size_t n = g_train_bytes.load();
  train_bytes_ = n != 0 ? n : kTrainBytes;
}

StoredTextCodec::StoredTextCodec(const Xapian::Database& db) : StoredTextCodec() {
  const std::uint32_t id = parse_id(db.get_metadata(std::string(schema::kMetaDictNewest)));
  if (id == 0) {
    return;
  }
  std::string bytes = db.get_metadata(dictionary_key(id));
  if (!bytes.empty() && ZSTD_getDictID_fromDict(bytes.data(), bytes.size()) == id) {
    adopt(std::make_shared<const Dictionary>(std::move(bytes), id));
  }
}

StoredTextCodec::~StoredTextCodec() = default;

void StoredTextCodec::set_train_bytes(std::size_t bytes) { g_train_bytes = bytes; }

void StoredTextCodec::adopt(std::shared_ptr<const Dictionary> d) {
  std::lock_guard lock(mu_);
  dict_ = std::move(d);
  training_done_ = true;
  samples_ = std::string();
  sample_sizes_ = {};
  has_dict_ = true;
  settled_ = true;
}

bool StoredTextCodec::settled() const { return settled_.load(std::memory_order_acquire); }

void StoredTextCodec::train_now() {
  std::string samples;
  std::vector<std::size_t> sizes;
  {
    std::lock_guard lock(mu_);
    if (training_done_) {
      settled_ = true;
      return;
    }
    training_done_ = true;
    samples.swap(samples_);
    sizes.swap(sample_sizes_);
  }
  if (samples.size() < kMinTrainBytes) {
    settled_ = true;  // too little to learn from
    return;
  }
  train(std::move(samples), std::move(sizes));
}

std::string StoredTextCodec::repack(const std::string& data) const {
  const auto d = current();
  Article a;
  if (!d || data.empty() || data.front() == schema::kDataFormatDict ||
      !schema::decode_data(data, a)) {
    return data;
  }
  return pack(*d, schema::encode_record(a));
}

std::shared_ptr<const StoredTextCodec::Dictionary> StoredTextCodec::current() const {
  if (!has_dict_.load(std::memory_order_acquire)) {
    return nullptr;
  }
  std::lock_guard lock(mu_);
  return dict_;
}

std::uint32_t StoredTextCodec::dictionary_id() const {
  const auto d = current();
  return d ? d->id : 0;
}

// Keeps `record` to train on; trains once there are train_bytes_ of them (outside the lock:
// other workers go on writing records without a dictionary meanwhile).
void StoredTextCodec::sample(const std::string& record) {
  std::string samples;
  std::vector<std::size_t> sizes;
  {
    std::lock_guard lock(mu_);
    if (training_done_) {
      return;
    }
    samples_ += record;
    sample_sizes_.push_back(record.size());
    if (samples_.size() < train_bytes_) {
      return;
    }
    training_done_ = true;
    training_ = true;
    samples.swap(samples_);
    sizes.swap(sample_sizes_);
  }
  train(std::move(samples), std::move(sizes));
}

// Trains a dictionary on `samples` and adopts it; settles the codec either way.
void StoredTextCodec::train(std::string samples, std::vector<std::size_t> sizes) {
  std::string dict(std::min(kDictBytes, samples.size() / 8), '\0');
  // One pass of fastCover with set parameters (segment 200 bytes, d-mers of 8), not
  // ZDICT_trainFromBuffer()'s search over them: a tenth of the time, a dictionary almost as good.
  ZDICT_fastCover_params_t params{};
  params.k = 200;
  params.d = 8;
  params.accel = 2;
  params.zParams.compressionLevel = 3;
  const std::size_t n =
      ZDICT_trainFromBuffer_fastCover(dict.data(), dict.size(), samples.data(), sizes.data(),
                                      static_cast<unsigned>(sizes.size()), params);
  if (ZDICT_isError(n)) {
    settled_ = true;  // (too few or too alike samples) records stay without a dictionary
    return;
  }
  dict.resize(n);
  const std::uint32_t id = ZDICT_getDictID(dict.data(), dict.size());
  if (id == 0) {
    settled_ = true;
    return;
  }
  adopt(std::make_shared<const Dictionary>(std::move(dict), id));
}

// `record` (kDataFormat) compressed with `d` (kDataFormatDict), or as pack_record() writes it
// when that is no smaller.
std::string StoredTextCodec::pack(const Dictionary& d, std::string record) {
  std::string packed(1 + ZSTD_compressBound(record.size()), schema::kDataFormatDict);
  const std::size_t n =
      ZSTD_compress_usingCDict(schema::thread_zstd_cctx(), packed.data() + 1, packed.size() - 1,
                               record.data(), record.size(), d.cdict);
  if (ZSTD_isError(n)) {  // only for lack of memory
    throw std::bad_alloc();
  }
  if (1 + n >= record.size()) {
    return schema::pack_record(std::move(record));
  }
  packed.resize(1 + n);
  return packed;
}

std::string StoredTextCodec::encode(const Article& a) {
  const std::shared_ptr<const Dictionary> d = current();
  std::string record = schema::encode_record(a);
  if (d) {
    return pack(*d, std::move(record));
  }
  sample(record);
  return schema::pack_record(std::move(record));
}

void StoredTextCodec::store(Xapian::WritableDatabase& db, std::uint32_t& stored) const {
  const auto d = current();
  if (!d || stored == d->id) {
    return;
  }
  const std::string key = dictionary_key(d->id);
  if (db.get_metadata(key).empty()) {
    db.set_metadata(key, d->bytes);
  }
  db.set_metadata(std::string(schema::kMetaDictNewest), std::to_string(d->id));
  stored = d->id;
}

struct StoredTextReader::DDict {
  ZSTD_DDict* ddict = nullptr;
  explicit DDict(const std::string& bytes) : ddict(ZSTD_createDDict(bytes.data(), bytes.size())) {
    if (ddict == nullptr) {
      throw std::bad_alloc();
    }
  }
  ~DDict() { ZSTD_freeDDict(ddict); }
  DDict(const DDict&) = delete;
  DDict& operator=(const DDict&) = delete;
};

struct StoredTextReader::DCtx {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  ~DCtx() { ZSTD_freeDCtx(dctx); }
};

StoredTextReader::StoredTextReader(std::function<std::string(const std::string& key)> lookup)
    : lookup_(std::move(lookup)), dctx_(std::make_unique<DCtx>()) {
  if (dctx_->dctx == nullptr) {
    throw std::bad_alloc();
  }
}

StoredTextReader::~StoredTextReader() = default;

void StoredTextReader::clear() { dicts_.clear(); }

const StoredTextReader::DDict* StoredTextReader::dictionary(std::uint32_t id) {
  auto it = dicts_.find(id);
  if (it == dicts_.end()) {
    const std::string bytes = lookup_(dictionary_key(id));
    std::unique_ptr<DDict> d;
    if (!bytes.empty() && ZSTD_getDictID_fromDict(bytes.data(), bytes.size()) == id) {
      d = std::make_unique<DDict>(bytes);
    }
    it = dicts_.emplace(id, std::move(d)).first;  // null: remembered as missing
  }
  return it->second.get();
}

bool StoredTextReader::unpack(std::string_view frame, std::string& out) {
  const std::uint32_t id = ZSTD_getDictID_fromFrame(frame.data(), frame.size());
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (id == 0 || size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR ||
      size > schema::kMaxRecordBytes) {
    return false;
  }
  const DDict* d = dictionary(id);
  if (d == nullptr) {
    return false;
  }
  out.resize(size);
  const std::size_t n = ZSTD_decompress_usingDDict(dctx_->dctx, out.data(), out.size(),
                                                   frame.data(), frame.size(), d->ddict);
  return !ZSTD_isError(n) && n == size;
}

}  // namespace folio
