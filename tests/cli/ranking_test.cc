// folio-search's ranking options from the command line: pseudo-relevance feedback and the
// weighting scheme.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "run.h"

namespace {

using folio::testing::Outcome;
using folio::testing::result_ids;
using folio::testing::run;
using folio::testing::search_json;
using folio::testing::TempDir;

// folio-index of the articles write_quokkas() wrote, into `dir`/db.
Outcome index_quokkas(const TempDir& dir) {
  return run(dir, FOLIO_INDEX_EXE,
             {"--db", (dir.path() / "db").string(), (dir.path() / "in").string()});
}

// Two articles about quokkas, one about Rottnest's marsupials without the word, one about
// the ferry, one about shares.
void write_quokkas(const TempDir& dir) {
  dir.write("in/a.txt",
            "Quokka island\n\nThe quokka lives on Rottnest island, a small marsupial loved by "
            "tourists.\n");
  dir.write("in/b.txt",
            "Ferry to Rottnest\n\nTourists take the ferry to Rottnest to see a quokka and other "
            "marsupial species.\n");
  dir.write("in/c.txt",
            "Marsupial census\n\nRangers on Rottnest counted every marsupial on the island this "
            "spring.\n");
  dir.write("in/d.txt",
            "Stock market\n\nShares fell on the stock market as banks reported "
            "losses.\n");
  dir.write("in/e.txt", "Harbour works\n\nThe harbour works delayed the ferry for weeks.\n");
}

TEST(CliTest, FeedbackFindsArticlesWithTheTopHitsTermsButOnlyReranksARestrictedQuery) {
  TempDir dir;
  write_quokkas(dir);
  ASSERT_EQ(index_quokkas(dir).status, 0);
  EXPECT_EQ(result_ids(search_json(dir, {"quokka"})), (std::vector<std::string>{"a.txt", "b.txt"}));
  // The top hits' terms (rottnest, marsupial, ferry, ...) find articles without "quokka".
  EXPECT_EQ(result_ids(search_json(dir, {"--feedback", "quokka"})),
            (std::vector<std::string>{"a.txt", "b.txt", "c.txt", "e.txt"}));
  // A query that requires or excludes keeps its matches.
  const auto required = result_ids(search_json(dir, {"--feedback", "+quokka rottnest"}));
  EXPECT_EQ(std::set<std::string>(required.begin(), required.end()),
            (std::set<std::string>{"a.txt", "b.txt"}));
  EXPECT_EQ(result_ids(search_json(dir, {"--feedback", "--", "quokka -ferry"})),
            std::vector<std::string>{"a.txt"});
}

TEST(CliTest, WeightingChangesTheScoresNotTheMatchesAndABadOneIsAUsageError) {
  TempDir dir;
  write_quokkas(dir);
  ASSERT_EQ(index_quokkas(dir).status, 0);
  const nlohmann::json ineb2 = search_json(dir, {"quokka rottnest"});  // the default
  const nlohmann::json bm25 = search_json(dir, {"--weighting", "bm25", "quokka rottnest"});
  const auto ids = [](nlohmann::json j) {
    auto v = result_ids(j);
    std::sort(v.begin(), v.end());
    return v;
  };
  ASSERT_FALSE(result_ids(bm25).empty());
  EXPECT_EQ(ids(bm25), ids(ineb2));
  EXPECT_NE(bm25["results"][0]["score"], ineb2["results"][0]["score"]);
  const Outcome bad = run(dir, FOLIO_SEARCH_EXE,
                          {"--db", (dir.path() / "db").string(), "--weighting", "okapi", "quokka"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("bad weighting 'okapi'"), std::string::npos) << bad.err;
}

// folio-index --no-pairs: an index without word pairs ranks as if none were asked for, and an
// index with them cannot lose them without --rebuild.
TEST(CliTest, NoPairsBuildsAnIndexThatRanksWithoutThem) {
  TempDir dir;
  write_quokkas(dir);
  const std::string db = (dir.path() / "db").string();
  const std::string in = (dir.path() / "in").string();
  ASSERT_EQ(index_quokkas(dir).status, 0);
  const Outcome refused = run(dir, FOLIO_INDEX_EXE, {"--db", db, "--no-pairs", in});
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.err.find("built with word pairs; use --rebuild to leave them out"),
            std::string::npos)
      << refused.err;
  ASSERT_EQ(run(dir, FOLIO_INDEX_EXE, {"--db", db, "--no-pairs", "--rebuild", in}).status, 0);
  const nlohmann::json asked = search_json(dir, {"rottnest island"});
  const nlohmann::json not_asked = search_json(dir, {"--pair-weight", "0", "rottnest island"});
  ASSERT_EQ(result_ids(asked), result_ids(not_asked));
  for (std::size_t i = 0; i < asked["results"].size(); ++i) {
    EXPECT_DOUBLE_EQ(asked["results"][i]["score"].get<double>(),
                     not_asked["results"][i]["score"].get<double>());
  }
}

// "Rottnest island" is side by side in a.txt only: the pair adds to its score alone.
TEST(CliTest, PairWeightWeighsNeighbouringWordsAndABadOneIsAUsageError) {
  TempDir dir;
  write_quokkas(dir);
  ASSERT_EQ(index_quokkas(dir).status, 0);
  const auto scores = [&](std::vector<std::string> args) {
    args.push_back("rottnest island");
    std::map<std::string, double> out;
    const nlohmann::json answer = search_json(dir, args);  // (alive while the loop reads it)
    for (const auto& hit : answer["results"]) {
      out[hit["id"].get<std::string>()] = hit["score"].get<double>();
    }
    return out;
  };
  const std::map<std::string, double> on = scores({});  // the default weight
  const std::map<std::string, double> off = scores({"--pair-weight", "0"});
  ASSERT_EQ(on.size(), off.size());
  for (const auto& [id, score] : off) {
    ASSERT_EQ(on.count(id), 1U) << id;
    if (id == "a.txt") {
      EXPECT_GT(on.at(id), score) << id;
    } else {
      EXPECT_DOUBLE_EQ(on.at(id), score) << id;
    }
  }
  for (const char* w : {"-1", "1000"}) {
    const Outcome bad = run(dir, FOLIO_SEARCH_EXE,
                            {"--db", (dir.path() / "db").string(), "--pair-weight", w, "quokka"});
    EXPECT_EQ(bad.status, 2) << w;
    EXPECT_NE(bad.err.find("pair-weight"), std::string::npos) << w << ": " << bad.err;
  }
}

}  // namespace
