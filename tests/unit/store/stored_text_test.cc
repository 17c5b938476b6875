// Tests of the stored text: records compressed with a zstd dictionary trained on the
// collection, kept in the index's metadata, read back by the searcher; older records still
// read; damaged ones refused.
#include "store/stored_text.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "folio/index_writer.h"
#include "folio/indexing.h"
#include "folio/searcher.h"

#include "articles.h"
#include "store/database.h"
#include "store/index_dir.h"
#include "store/schema.h"
#include "temp_dir.h"

namespace folio {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kTestTrainBytes = 64 << 10;

// `n` articles of made-up words (a skewed vocabulary, as news has), about 1 KB each.
std::vector<Article> articles(std::size_t n, unsigned seed = 15) {
  std::mt19937 rng(seed);
  std::vector<std::string> vocabulary;
  for (const char* a : {"ka", "lo", "mi", "ren", "tu", "vas", "zor", "pel"}) {
    for (const char* b : {"den", "ma", "sto", "rik", "ul", "fen"}) {
      vocabulary.push_back(std::string(a) + b);
    }
  }
  std::geometric_distribution<std::size_t> skewed(0.05);
  std::vector<Article> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string body = "The market said on Tuesday that ";
    while (body.size() < 900 + rng() % 300) {
      body += vocabulary[skewed(rng) % vocabulary.size()] + (rng() % 9 == 0 ? ". " : " ");
    }
    body.pop_back();  // (readers trim the text)
    out.push_back(testing::make_article("a" + std::to_string(i), "Title " + std::to_string(i), body,
                                        "2021-03-04", "Reuter", "news"));
  }
  return out;
}

void expect_same(const Article& got, const Article& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.title, want.title);
  EXPECT_EQ(got.body, want.body);
  EXPECT_EQ(got.author, want.author);
  EXPECT_EQ(got.category, want.category);
}

// The format byte of every record of an index.
std::vector<char> formats(const Xapian::Database& db) {
  std::vector<char> out;
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    out.push_back(db.get_document(*p).get_value(schema::kSlotText).front());
  }
  return out;
}

// The stored-text dictionary keys ("folio.dict:ID") a database holds.
std::vector<std::string> dictionary_keys(const Xapian::Database& db) {
  std::vector<std::string> out;
  const std::string prefix(schema::kMetaDictPrefix);
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
    out.push_back(*k);
  }
  return out;
}

class StoredTextTest : public ::testing::Test {
 protected:
  void SetUp() override { StoredTextCodec::set_train_bytes(kTestTrainBytes); }
  void TearDown() override { StoredTextCodec::set_train_bytes(0); }
  fs::path path(const std::string& name) const { return dir_.path() / name; }

  // Writes `all` as JSON Lines into in/NAME.jsonl.
  void write_jsonl(const std::string& name, const std::vector<Article>& all) {
    std::string text;
    for (const Article& a : all) {
      text += "{\"id\": \"" + a.id + "\", \"title\": \"" + a.title + "\", \"text\": \"" + a.body +
              "\"}\n";
    }
    dir_.write("in/" + name + ".jsonl", text);
  }

  testing::TempDir dir_;
};

TEST_F(StoredTextTest, RoundTripsWithAndWithoutADictionary) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  StoredTextCodec codec;
  EXPECT_EQ(codec.dictionary_id(), 0U);
  const std::vector<Article> all = articles(200);
  std::vector<std::string> data;
  for (const Article& a : all) {
    data.push_back(codec.encode(a));
  }
  ASSERT_NE(codec.dictionary_id(), 0U) << "trained after kTestTrainBytes of records";
  std::uint32_t stored = 0;
  codec.store(db, stored);
  EXPECT_EQ(stored, codec.dictionary_id());
  EXPECT_EQ(db.get_metadata(std::string(schema::kMetaDictNewest)),
            std::to_string(codec.dictionary_id()));
  StoredTextReader reader([&](const std::string& key) { return db.get_metadata(key); });
  std::size_t plain = 0, with_dictionary = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const char format = data[i].front();
    plain += format == schema::kDataFormatZstd ? 1 : 0;
    with_dictionary += format == schema::kDataFormatDict ? 1 : 0;
    if (format == schema::kDataFormatDict) {
      EXPECT_LT(data[i].size() * 2, schema::encode_record(all[i]).size()) << i;
    }
    Article got;
    ASSERT_TRUE(schema::decode_data(data[i], got, &reader)) << i;
    expect_same(got, all[i]);
    std::string copy = data[i];
    std::string_view body;
    Article viewed;
    ASSERT_TRUE(schema::decode_data(copy, viewed, body, &reader)) << i;
    EXPECT_EQ(body, all[i].body);
    EXPECT_EQ(viewed.title, all[i].title);
  }
  EXPECT_GT(plain, 0U) << "records before the dictionary are compressed without one";
  EXPECT_GT(with_dictionary, 100U);
  EXPECT_EQ(plain + with_dictionary, all.size());
}

TEST_F(StoredTextTest, RecordsWithoutADictionaryAreCompressedAndRead) {
  // Stored text lives in a value slot, which Xapian never compresses: without a dictionary a
  // record is compressed with plain zstd, unless it is too small to gain from it.
  StoredTextReader reader([](const std::string&) { return std::string(); });
  Article small = articles(1).front();
  Article big = small;
  big.body = std::string(20000, 'z') + "end";
  const Article tiny = testing::make_article("t", "", "x", "", "", "");
  for (const Article& a : {small, big, tiny}) {
    const std::string record = schema::encode_record(a);
    const std::string data = schema::encode_data(a);
    if (a.id == tiny.id) {
      EXPECT_EQ(data, record);
    } else {
      EXPECT_EQ(data.front(), schema::kDataFormatZstd);
      EXPECT_LT(data.size() * 3, record.size() * 2);
    }
    for (const std::string& stored : {record, data}) {  // both forms read
      Article got;
      ASSERT_TRUE(schema::decode_data(stored, got, &reader));
      expect_same(got, a);
      ASSERT_TRUE(schema::decode_data(stored, got));
      expect_same(got, a);
    }
  }
}

TEST_F(StoredTextTest, DamagedRecordsAndUnknownDictionariesAreRefused) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  StoredTextCodec codec;
  const std::vector<Article> all = articles(120);
  for (const Article& a : all) {
    codec.encode(a);
  }
  std::uint32_t stored = 0;
  codec.store(db, stored);
  const std::string data = codec.encode(all.back());
  ASSERT_EQ(data.front(), schema::kDataFormatDict);
  StoredTextReader reader([&](const std::string& key) { return db.get_metadata(key); });
  Article got;
  ASSERT_TRUE(schema::decode_data(data, got, &reader));
  for (std::size_t cut : {std::size_t{1}, std::size_t{3}, data.size() / 2, data.size() - 1}) {
    EXPECT_FALSE(schema::decode_data(data.substr(0, cut), got, &reader)) << cut;
  }
  EXPECT_FALSE(schema::decode_data(data, got)) << "no dictionaries to read it with";
  StoredTextReader empty([](const std::string&) { return std::string(); });
  EXPECT_FALSE(schema::decode_data(data, got, &empty)) << "a dictionary the index lacks";
  StoredTextReader wrong([](const std::string&) { return std::string("not a dictionary"); });
  EXPECT_FALSE(schema::decode_data(data, got, &wrong)) << "a key holding something else";
  std::string garbled = data;
  for (std::size_t i = 10; i < garbled.size(); i += 7) {
    garbled[i] = static_cast<char>(garbled[i] ^ 0x5a);
  }
  std::string_view body;
  schema::decode_data(garbled, got, body, &reader);  // false or garbage, but no crash
  std::string other_id = data;
  other_id[1 + 5] = static_cast<char>(other_id[1 + 5] ^ 0x01);  // (the frame's dictionary id)
  EXPECT_FALSE(schema::decode_data(other_id, got, &reader));
}

TEST_F(StoredTextTest, AdoptsTheNewestDictionaryOfAnIndex) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  StoredTextCodec first;
  for (const Article& a : articles(120)) {
    first.encode(a);
  }
  std::uint32_t stored = 0;
  first.store(db, stored);
  StoredTextCodec again(db);
  EXPECT_EQ(again.dictionary_id(), first.dictionary_id());
  const std::string data = again.encode(articles(1, 99).front());
  EXPECT_EQ(data.front(), schema::kDataFormatDict) << "the first record already uses it";
}

// A bulk run trains a dictionary on its first records while it writes: the merged index has
// it in every shard and the front database, every record is written with it (those made before
// it existed wait for it), and the searcher reads them. A re-run in place uses it.
TEST_F(StoredTextTest, ABulkRunsDictionaryReachesTheMergedIndexAndTheSearcher) {
  const std::vector<Article> all = articles(300);
  write_jsonl("first", std::vector<Article>(all.begin(), all.begin() + 250));
  IndexingOptions o;
  o.db = path("db");
  o.threads = 2;
  o.shards = 2;
  o.batch_articles = 40;
  ASSERT_TRUE(run_indexing({path("in")}, o).rebuilt);
  std::string id;
  {
    const Xapian::Database db = open_for_reading(path("db"));
    id = db.get_metadata(std::string(schema::kMetaDictNewest));
    ASSERT_FALSE(id.empty());
    for (const fs::path& shard : generation_shards(*IndexDir(path("db")).current())) {
      const Xapian::Database s(shard.string());
      EXPECT_EQ(dictionary_keys(s), std::vector<std::string>{"folio.dict:" + id}) << shard;
      for (const char f : formats(s)) {
        EXPECT_EQ(f, schema::kDataFormatDict) << shard;
      }
    }
    const Xapian::Database front((IndexDir(path("db")).current()->string() + "/front"));
    EXPECT_EQ(dictionary_keys(front), std::vector<std::string>{"folio.dict:" + id});
  }
  Searcher s(path("db"));
  for (std::size_t i : {0, 7, 249}) {
    Article got;
    ASSERT_TRUE(s.get_article(all[i].id, got)) << i;
    EXPECT_EQ(got.body, all[i].body);
  }
  SearchRequest r;
  r.query = "market";
  const SearchResults res = s.search(r);
  ASSERT_FALSE(res.hits.empty());
  EXPECT_FALSE(res.hits.front().snippets.empty());
  EXPECT_FALSE(res.hits.front().article.title.empty());

  // In place: the same dictionary, no new one; the new records use it.
  write_jsonl("second", std::vector<Article>(all.begin() + 250, all.end()));
  ASSERT_FALSE(run_indexing({path("in")}, o).rebuilt);
  {
    const Xapian::Database db = open_for_reading(path("db"));
    EXPECT_EQ(db.get_metadata(std::string(schema::kMetaDictNewest)), id);
    EXPECT_EQ(dictionary_keys(db), std::vector<std::string>{"folio.dict:" + id});
    for (const char f : formats(db)) {
      EXPECT_EQ(f, schema::kDataFormatDict);
    }
  }
  Article got;
  ASSERT_TRUE(s.get_article(all[299].id, got)) << "the searcher follows the re-run";
  EXPECT_EQ(got.body, all[299].body);
}

// IndexWriter trains one too, stores it in the shard before the records that use it, and
// reuses it when opened again; an index without a dictionary (before this version) still reads.
TEST_F(StoredTextTest, IndexWriterTrainsAndReusesADictionary) {
  const std::vector<Article> all = articles(200);
  {
    StoredTextCodec::set_train_bytes(1 << 30);  // never: records as earlier versions wrote them
    IndexWriter w(path("db"));
    for (std::size_t i = 0; i < 50; ++i) {
      w.add(all[i]);
    }
    w.commit();
  }
  StoredTextCodec::set_train_bytes(kTestTrainBytes);
  {
    IndexWriter w(path("db"));
    for (std::size_t i = 50; i < all.size(); ++i) {
      w.add(all[i]);
    }
    w.commit();
  }
  std::string id;
  {
    const Xapian::Database db = open_for_reading(path("db"));
    id = db.get_metadata(std::string(schema::kMetaDictNewest));
    ASSERT_FALSE(id.empty());
    const std::vector<char> f = formats(db);
    EXPECT_EQ(std::count(f.begin(), f.begin() + 50, schema::kDataFormatZstd), 50);
    EXPECT_GT(std::count(f.begin() + 50, f.end(), schema::kDataFormatDict), 50);
  }
  Article extra = articles(1, 7).front();
  extra.id = "extra";
  {
    IndexWriter w(path("db"));
    w.add(extra);
    w.commit();
  }
  const Xapian::Database db = open_for_reading(path("db"));
  EXPECT_EQ(db.get_metadata(std::string(schema::kMetaDictNewest)), id);
  EXPECT_EQ(formats(db).back(), schema::kDataFormatDict);
  Searcher s(path("db"));
  for (const Article& a : all) {
    Article got;
    ASSERT_TRUE(s.get_article(a.id, got)) << a.id;
    expect_same(got, a);
  }
}

}  // namespace
}  // namespace folio
