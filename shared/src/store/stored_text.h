// Stored text: records compressed with zstd dictionaries trained on the collection and kept,
// by dictionary id, in the index's metadata (schema.h, "Stored text").
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "folio/article.h"

namespace folio {

/// The record writer of a run or an IndexWriter: encode_data() records compressed with the
/// index's newest dictionary, or, when the index has none, with one it trains on the first
/// records it is given (kTrainBytes of them). Records made before that are written without a
/// dictionary, as encode_data() writes them. Thread-safe.
class StoredTextCodec {
 public:
  /// zstd level: 9 shrinks Reuters' stored text 7% more than 3 but takes 6 times as long
  /// (docs/benchmarks.md).
  static constexpr int kLevel = 3;
  /// Dictionary size asked of ZDICT_trainFromBuffer().
  static constexpr std::size_t kDictBytes = 64 << 10;
  /// Records (bytes of encode_data()) a dictionary is trained on.
  static constexpr std::size_t kTrainBytes = 2 << 20;
  /// train_now() trains on no fewer record bytes.
  static constexpr std::size_t kMinTrainBytes = 64 << 10;

  /// A codec for a new index: no dictionary until it has trained one.
  StoredTextCodec();
  /// A codec for `db`: its newest dictionary, else one trained as records come.
  explicit StoredTextCodec(const Xapian::Database& db);
  ~StoredTextCodec();
  StoredTextCodec(const StoredTextCodec&) = delete;
  StoredTextCodec& operator=(const StoredTextCodec&) = delete;

  /// The stored-text record of `a`: with the dictionary when there is one (schema's
  /// kDataFormatDict), else encode_data(a). Never throws except bad_alloc.
  std::string encode(const Article& a);

  /// The id of the dictionary records are written with now (0: none yet).
  std::uint32_t dictionary_id() const;

  /// Records `db` the dictionary (kMetaDictPrefix + id, and kMetaDictNewest) unless it has it
  /// (uncommitted, like any change). `stored` is the caller's note of the dictionary id it
  /// last stored in `db`: nothing is read from `db` when it is the current one. Call it before
  /// adding records this codec made, so that a commit never holds a record without its
  /// dictionary. Throws Xapian::Error.
  void store(Xapian::WritableDatabase& db, std::uint32_t& stored) const;

  /// True once records are written as they will stay: with a dictionary, or without one
  /// because training failed or train_now() found too little to train on.
  bool settled() const;
  /// True while a dictionary is being trained (not yet settled).
  bool training() const { return training_.load(std::memory_order_acquire) && !settled(); }

  /// Trains a dictionary now on the records sampled so far, if there are enough (a collection
  /// smaller than kTrainBytes); settles the codec either way.
  void train_now();

  /// `data`, a record encode() made before the dictionary existed, compressed with it (when
  /// that is smaller); anything else as it is.
  std::string repack(const std::string& data) const;

  /// For tests: the number of record bytes a new codec trains on (0: kTrainBytes).
  static void set_train_bytes(std::size_t bytes);

 private:
  struct Dictionary;
  static std::string pack(const Dictionary& d, std::string record);
  void adopt(std::shared_ptr<const Dictionary> d);
  std::shared_ptr<const Dictionary> current() const;
  void sample(const std::string& record);
  void train(std::string samples, std::vector<std::size_t> sizes);

  mutable std::mutex mu_;
  std::shared_ptr<const Dictionary> dict_;  // under mu_
  std::string samples_;                     // under mu_: records to train on
  std::vector<std::size_t> sample_sizes_;   // under mu_
  bool training_done_ = false;              // under mu_: trained, training or given up
  std::atomic<bool> has_dict_{false};
  std::atomic<bool> settled_{false};
  std::atomic<bool> training_{false};
  std::size_t train_bytes_;
};

/// The dictionaries of an index, for decode_data(): each read once, by id, from the metadata
/// through `lookup` (the key's value, empty if none), and kept. Not thread-safe (one a
/// Searcher, as Searchers are).
class StoredTextReader {
 public:
  explicit StoredTextReader(std::function<std::string(const std::string& key)> lookup);
  ~StoredTextReader();
  StoredTextReader(const StoredTextReader&) = delete;
  StoredTextReader& operator=(const StoredTextReader&) = delete;

  /// Decompresses the zstd frame `frame` (made with the dictionary it names) into `out`; false
  /// for a damaged frame, one too big, or a dictionary the index does not have.
  bool unpack(std::string_view frame, std::string& out);

  /// Forgets the dictionaries read (the index changed).
  void clear();

 private:
  struct DDict;
  const DDict* dictionary(std::uint32_t id);

  std::function<std::string(const std::string&)> lookup_;
  std::map<std::uint32_t, std::unique_ptr<DDict>> dicts_;  // null: not in the index
  struct DCtx;
  std::unique_ptr<DCtx> dctx_;
};

}  // namespace folio
