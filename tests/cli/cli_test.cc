// End-to-end tests of folio-index and folio-search as a user runs them.
#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "run.h"

namespace {

using folio::testing::Outcome;
using folio::testing::result_ids;
using folio::testing::run;
using folio::testing::search_json;
using folio::testing::TempDir;
namespace fs = std::filesystem;

const std::string kCorpus = std::string(FOLIO_SOURCE_DIR) + "/corpus";

Outcome index(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", (dir.path() / "db").string()});
  return run(dir, FOLIO_INDEX_EXE, args);
}

Outcome search(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", (dir.path() / "db").string()});
  return run(dir, FOLIO_SEARCH_EXE, args);
}

// "The index now holds N articles." -> N
long held(const std::string& summary) {
  const auto at = summary.find("The index now holds ");
  return at == std::string::npos ? -1 : std::stol(summary.substr(at + 20));
}

TEST(CliTest, IndexesTheCorpusAndFindsTheHuaweiArticleFirst) {
  TempDir dir;
  const Outcome idx = index(dir, {kCorpus});
  ASSERT_EQ(idx.status, 0) << idx.out << idx.err;
  EXPECT_GE(held(idx.out), 20) << idx.out;

  const Outcome s = search(dir, {"--json", "Huawei 5G security"});
  ASSERT_EQ(s.status, 0) << s.err;
  const auto j = nlohmann::json::parse(s.out);
  EXPECT_EQ(j["query"], "Huawei 5G security");
  ASSERT_FALSE(j["results"].empty());
  const auto& top = j["results"][0];
  EXPECT_EQ(top["id"], "technology/uk-huawei-5g-decision.txt");
  const std::string snippet = top["snippet"];
  EXPECT_NE(snippet.find("<mark>Huawei</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>5G</mark>"), std::string::npos) << snippet;
}

// examples/search.cc, the embedding example, works against a real index.
TEST(CliTest, EmbeddingExampleSearchesFromCpp) {
  TempDir dir;
  ASSERT_EQ(index(dir, {kCorpus}).status, 0);
  const Outcome r =
      run(dir, FOLIO_EXAMPLE_EXE, {(dir.path() / "db").string(), "Huawei", "5G", "security"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("1. [", 0), 0U) << r.out;
  EXPECT_LT(r.out.find("technology/uk-huawei-5g-decision.txt"), r.out.find("2. [")) << r.out;
  EXPECT_NE(r.out.find("[Huawei]"), std::string::npos) << r.out;
  const Outcome missing = run(dir, FOLIO_EXAMPLE_EXE, {(dir.path() / "none").string(), "x"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("none"), std::string::npos) << missing.err;
}

// The keys of a JSON object, sorted.
std::vector<std::string> keys(const nlohmann::json& object) {
  std::vector<std::string> out;
  for (const auto& [key, value] : object.items()) {
    out.push_back(key);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(CliTest, JsonHasEveryField) {
  TempDir dir;
  // Beside the corpus, a JSON Lines article with every field, the URL included.
  const fs::path feed =
      dir.write("extra/feed.jsonl",
                R"({"id": "wire-7", "title": "Mesh network trial", "date": "2021-03-04", )"
                R"("author": "Ann Lee", "url": "https://example.com/wire-7", "text": "A village )"
                R"(tested a mesh network built by its residents. The network reached every farm."})"
                "\n");
  ASSERT_EQ(index(dir, {kCorpus, (dir.path() / "extra").string()}).status, 0);
  const Outcome s = search(dir, {"--json", "--limit", "3", "network"});
  ASSERT_EQ(s.status, 0) << s.err;
  const auto j = nlohmann::json::parse(s.out);
  EXPECT_EQ(keys(j), (std::vector<std::string>{"facets", "fell_back", "limit", "milliseconds",
                                               "missing_shards", "notice", "offset", "query",
                                               "results", "sort", "suggestion", "total"}));
  EXPECT_EQ(j["query"], "network");
  EXPECT_EQ(j["total"], 6);  // five articles of the corpus and the wire story
  EXPECT_EQ(j["offset"], 0);
  EXPECT_EQ(j["limit"], 3);
  EXPECT_EQ(j["sort"], "relevance");
  EXPECT_EQ(j["fell_back"], false);
  EXPECT_EQ(j["notice"], "");
  EXPECT_EQ(j["suggestion"], "");
  EXPECT_TRUE(j["milliseconds"].is_number()) << j["milliseconds"];
  EXPECT_GT(j["milliseconds"].get<double>(), 0.0);
  EXPECT_EQ(j["missing_shards"], nlohmann::json::array());
  // Facets count every match, not only the page; the JSONL article has no category.
  const auto facet = [](std::vector<std::pair<std::string, int>> counts) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [value, count] : counts) {
      out.push_back({{"value", value}, {"count", count}});
    }
    return out;
  };
  EXPECT_EQ(j["facets"]["category"], facet({{"politics", 2}, {"technology", 2}, {"business", 1}}));
  EXPECT_EQ(j["facets"]["language"], facet({{"en", 6}}));  // every article detected as English
  EXPECT_EQ(j["facets"]["year"], facet({{"2020", 3}, {"2021", 1}, {"2022", 1}, {"2023", 1}}));
  EXPECT_EQ(j["facets"]["month"], facet({{"2020-01", 1},
                                         {"2020-10", 1},
                                         {"2020-11", 1},
                                         {"2021-03", 1},
                                         {"2022-10", 1},
                                         {"2023-09", 1}}));

  ASSERT_EQ(j["results"].size(), 3U);
  int rank = 0;
  double previous_score = 1e300;
  for (const auto& r : j["results"]) {
    SCOPED_TRACE(r["id"].dump());
    EXPECT_EQ(keys(r), (std::vector<std::string>{"author", "category", "date", "duplicates", "id",
                                                 "language", "path", "rank", "score", "snippet",
                                                 "snippets", "title", "url"}));
    EXPECT_EQ(r["language"], "en");
    EXPECT_EQ(r["rank"].get<int>(), ++rank);
    EXPECT_TRUE(r["score"].is_number());
    EXPECT_GT(r["score"].get<double>(), 0.0);
    EXPECT_LE(r["score"].get<double>(), previous_score);  // best first
    previous_score = r["score"].get<double>();
    EXPECT_EQ(r["duplicates"], 0);
    EXPECT_TRUE(fs::path(r["path"].get<std::string>()).is_absolute()) << r["path"];
    EXPECT_TRUE(fs::exists(r["path"].get<std::string>())) << r["path"];
    EXPECT_EQ(r["date"].get<std::string>().size(), 10U);
    EXPECT_FALSE(r["title"].get<std::string>().empty());
    EXPECT_FALSE(r["author"].get<std::string>().empty());
    ASSERT_TRUE(r["snippets"].is_array());
    EXPECT_GE(r["snippets"].size(), 1U);
    EXPECT_LE(r["snippets"].size(), 2U);
    const std::string snippet = r["snippet"];
    EXPECT_NE(snippet.find("<mark>network"), std::string::npos) << snippet;
    if (r["snippets"].size() == 2) {
      const std::string first = r["snippets"][0];
      EXPECT_EQ(snippet.rfind(first.substr(0, first.size() - 4), 0), 0U)
          << "the passages joined: " << snippet;
      EXPECT_NE(snippet.find(" … "), std::string::npos);
    }
  }
  // The wire story ranks first (its title says "network"): every field as written.
  const auto& wire = j["results"][0];
  EXPECT_EQ(wire["id"], "wire-7");
  EXPECT_EQ(wire["title"], "Mesh network trial");
  EXPECT_EQ(wire["date"], "2021-03-04");
  EXPECT_EQ(wire["author"], "Ann Lee");
  EXPECT_EQ(wire["category"], "");
  EXPECT_EQ(wire["path"], feed.string());
  EXPECT_EQ(wire["url"], "https://example.com/wire-7");
  EXPECT_EQ(wire["snippets"],
            nlohmann::json::array({"A village tested a mesh <mark>network</mark> built by its "
                                   "residents. The <mark>network</mark> reached every farm."}));
  EXPECT_EQ(wire["snippet"], wire["snippets"][0]);
  // A file of the corpus: its category is its folder, its path the file, and it has no URL.
  const auto& file = j["results"][1];
  EXPECT_EQ(file["id"], "technology/uk-huawei-5g-decision.txt");
  EXPECT_EQ(file["title"],
            "Johnson signals Huawei can stay in UK 5G network despite US security warnings");
  EXPECT_EQ(file["date"], "2020-01-14");
  EXPECT_EQ(file["author"], "Helen Carver");
  EXPECT_EQ(file["category"], "technology");
  EXPECT_EQ(file["path"], kCorpus + "/technology/uk-huawei-5g-decision.txt");
  EXPECT_EQ(file["url"], "");
}

TEST(CliTest, TextOutputMarksMatchesWhenPiped) {
  TempDir dir;
  ASSERT_EQ(index(dir, {kCorpus}).status, 0);
  const Outcome s = search(dir, {"Huawei 5G security"});
  ASSERT_EQ(s.status, 0) << s.err;
  EXPECT_EQ(s.out.rfind("1. ", 0), 0U) << s.out;
  EXPECT_NE(s.out.find("**Huawei**"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("uk-huawei-5g-decision.txt"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("2020-01-14"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("matches ("), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find('\033'), std::string::npos) << "no terminal codes when piped";
}

TEST(CliTest, SuggestsASpellingInJsonAndText) {
  TempDir dir;
  ASSERT_EQ(index(dir, {kCorpus}).status, 0);
  const Outcome j = search(dir, {"--json", "huawai 5g"});
  ASSERT_EQ(j.status, 0) << j.err;
  EXPECT_EQ(nlohmann::json::parse(j.out)["suggestion"], "huawei 5g");
  const Outcome fine = search(dir, {"--json", "huawei 5g"});
  ASSERT_EQ(fine.status, 0) << fine.err;
  EXPECT_EQ(nlohmann::json::parse(fine.out)["suggestion"], "");  // present, empty
  const Outcome t = search(dir, {"huawai", "5g"});
  ASSERT_EQ(t.status, 0) << t.err;
  EXPECT_NE(t.out.find("Did you mean: huawei 5g?"), std::string::npos) << t.out;
  EXPECT_EQ(search(dir, {"huawei", "5g"}).out.find("Did you mean"), std::string::npos);
}

TEST(CliTest, IndexStoresSynonymsFromAFile) {
  TempDir dir;
  dir.write("in/a.txt", "Trade talks\n\nBritain signed the deal on Monday.\n");
  dir.write("in/b.txt", "Fishing rights\n\nThe United Kingdom kept its waters.\n");
  dir.write("in/c.txt", "Weather\n\nA united team met in the kingdom of rain.\n");
  const std::string syn = dir.write("syn.txt", "# countries\nUK, United Kingdom, Britain\n");
  const Outcome idx = index(dir, {"--synonyms", syn, (dir.path() / "in").string()});
  ASSERT_EQ(idx.status, 0) << idx.out << idx.err;
  auto found = [&](const std::string& query) {
    const Outcome s = search(dir, {"--json", query});
    EXPECT_EQ(s.status, 0) << s.err;
    const auto j = nlohmann::json::parse(s.out);
    std::vector<std::string> ids;
    for (const auto& r : j["results"]) {
      ids.push_back(r["id"]);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  EXPECT_EQ(found("UK"), (std::vector<std::string>{"a.txt", "b.txt"}));
  EXPECT_EQ(found("united kingdom"), (std::vector<std::string>{"a.txt", "b.txt"}));
  EXPECT_NE(index(dir, {"--help"}).out.find("--synonyms"), std::string::npos);
}

TEST(CliTest, ABadSynonymsFileIsAnErrorNamingFileAndLine) {
  TempDir dir;
  dir.write("in/a.txt", "Trade talks\n\nBritain signed the deal.\n");
  const std::string syn = dir.write("syn.txt", "UK, Britain\nlonely\n");
  const Outcome bad = index(dir, {"--synonyms", syn, (dir.path() / "in").string()});
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("syn.txt', line 2"), std::string::npos) << bad.err;
  const Outcome missing =
      index(dir, {"--synonyms", (dir.path() / "none.txt").string(), (dir.path() / "in").string()});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("none.txt"), std::string::npos) << missing.err;
}

TEST(CliTest, ReindexingTheSameFolderKeepsTheCount) {
  TempDir dir;
  const Outcome first = index(dir, {kCorpus});
  const Outcome second = index(dir, {kCorpus});
  ASSERT_EQ(first.status, 0);
  ASSERT_EQ(second.status, 0);
  EXPECT_GT(held(first.out), 0);
  EXPECT_EQ(held(first.out), held(second.out)) << second.out;
}

TEST(CliTest, MalformedQueriesFallBackAndSaySo) {
  TempDir dir;
  ASSERT_EQ(index(dir, {kCorpus}).status, 0);
  for (const std::string q : {"\"huawei 5g", "AND AND", "huawei AND", "(huawei", "title:"}) {
    const Outcome s = search(dir, {"--json", q});
    ASSERT_EQ(s.status, 0) << q << s.err;
    const auto j = nlohmann::json::parse(s.out);
    EXPECT_TRUE(j["fell_back"].get<bool>()) << q;
    EXPECT_FALSE(j["notice"].get<std::string>().empty()) << q;
    const Outcome t = search(dir, {q});
    EXPECT_EQ(t.status, 0) << q;
    EXPECT_EQ(t.out.rfind("Note: Could not parse the query", 0), 0U) << t.out;
  }
}

TEST(CliTest, AQueryStartingWithMinusGoesAfterDoubleDash) {
  TempDir dir;
  ASSERT_EQ(index(dir, {kCorpus}).status, 0);
  const Outcome s = search(dir, {"--json", "--", "-huawei", "5g"});
  ASSERT_EQ(s.status, 0) << s.err;
  const auto j = nlohmann::json::parse(s.out);
  ASSERT_FALSE(j["results"].empty());
  for (const auto& r : j["results"]) {
    EXPECT_NE(r["id"], "technology/uk-huawei-5g-decision.txt");
  }
  const Outcome bad = search(dir, {"-huawei"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("'--'"), std::string::npos) << bad.err;
}

// The ids a search lists (at most 50), sorted.
std::vector<std::string> sorted_ids(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"--json", "--limit", "50", "--snippets", "0"});
  const Outcome s = search(dir, args);
  EXPECT_EQ(s.status, 0) << s.err;
  const nlohmann::json j = nlohmann::json::parse(s.out);  // outlives the loop over its hits
  std::vector<std::string> ids;
  for (const auto& r : j["results"]) {
    ids.push_back(r["id"]);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST(CliTest, FiltersByCategoryAndDate) {
  TempDir dir;
  ASSERT_EQ(index(dir, {kCorpus}).status, 0);
  // "the" alone is no word to search for: every article that passes the filters is listed.
  const std::vector<std::string> sport = {
      "sport/city-marathon-cafe-owner.md", "sport/county-cricket-draw.html",
      "sport/cup-final-report.txt", "sport/cycling-mountain-stage.txt",
      "sport/tennis-qualifier-upset.html"};
  EXPECT_EQ(sorted_ids(dir, {"--category", "sport", "the"}), sport);
  // Both ends are inclusive: a month from its first day, a day to its end.
  const std::vector<std::string> dated = {"business/bank-of-england-rate-rise.txt",
                                          "business/telecom-equipment-makers.md",
                                          "politics/telecoms-security-bill.html",
                                          "politics/voting-age-debate.txt",
                                          "science/covid-vaccine-trial.txt",
                                          "science/deep-sea-microplastics.md",
                                          "science/peatland-carbon-study.md",
                                          "science/perseverance-mars-landing.html",
                                          "sport/cup-final-report.txt",
                                          "sport/tennis-qualifier-upset.html",
                                          "technology/ev-charging-network.txt",
                                          "technology/router-vulnerabilities.html",
                                          "technology/rural-5g-rollout.md",
                                          "technology/uk-huawei-5g-decision.txt"};
  EXPECT_EQ(sorted_ids(dir, {"--from", "2019-07", "--to", "2022-12-15", "the"}), dated);
  const std::vector<std::string> both = {"sport/cup-final-report.txt",
                                         "sport/tennis-qualifier-upset.html"};
  EXPECT_EQ(
      sorted_ids(dir, {"--category", "sport", "--from", "2019-07", "--to", "2022-12-15", "the"}),
      both);
  // With no query at all, the filters alone list what passes them.
  EXPECT_EQ(sorted_ids(dir, {"--category", "sport"}), sport);
  EXPECT_EQ(sorted_ids(dir, {"--from", "2019-07", "--to", "2022-12-15"}), dated);
  // The same filters written in the query.
  EXPECT_EQ(sorted_ids(dir, {"category:sport date:2019-07..2022-12-15"}), both);
  // And with query words ("said" is in every article).
  EXPECT_EQ(sorted_ids(dir, {"said"}).size(), 24U);
  EXPECT_EQ(
      sorted_ids(dir, {"--category", "sport", "--from", "2019-07", "--to", "2022-12-15", "said"}),
      both);
}

TEST(CliTest, ExitCodesForBadUsageAndMissingThings) {
  TempDir dir;
  const Outcome missing_path = index(dir, {(dir.path() / "nope").string()});
  EXPECT_EQ(missing_path.status, 1);
  EXPECT_NE(missing_path.err.find("nope"), std::string::npos) << missing_path.err;
  EXPECT_EQ(index(dir, {}).status, 2);
  const fs::path file_as_db = dir.write("a-file", "not a folder");
  const Outcome unwritable = run(dir, FOLIO_INDEX_EXE, {"--db", file_as_db.string(), kCorpus});
  EXPECT_EQ(unwritable.status, 1);
  EXPECT_NE(unwritable.err.find("a-file"), std::string::npos) << unwritable.err;
  const Outcome no_index = search(dir, {"huawei"});
  EXPECT_EQ(no_index.status, 1);
  EXPECT_NE(no_index.err.find("no index"), std::string::npos) << no_index.err;
  EXPECT_EQ(search(dir, {}).status, 2);
}

TEST(CliTest, BadInputIsReportedAndGoodArticlesStaySearchable) {
  TempDir dir;
  const fs::path in = dir.path() / "in";
  dir.write("in/news/good.txt", "Zeppelin returns\n\nMarch 3, 2021\n\nAn airship flew over.\n");
  dir.write("in/news/empty.txt", "");
  dir.write("in/news/binary.txt", std::string("\x7f"
                                              "ELF\x02\x01\x01\0\0\0\0\0",
                                              12) +
                                      std::string(5000, '\0'));
  dir.write("in/news/invalid-utf8.txt",
            "Broken\n\n\xc3\x28 \xa0\xa1 \xf0\x28\x8c\x28 \xff\xfe\xfd zz\n");
  dir.write("in/news/latin1.txt",
            "Caf\xe9 prices\n\nThe caf\xe9 raised its prices to \xa3"
            "3 a cup, the owner said.\n");
  std::string huge;
  while (huge.size() < 10'000'000) {
    huge += "lorem ipsum dolor sit amet quasar ";
  }
  dir.write("in/news/huge-line.txt", huge);
  std::string nested = "<html><head><title>Deep nesting</title></head><body>";
  for (int i = 0; i < 10000; ++i) {
    nested += "<div>";
  }
  nested += "bathyscaphe";
  for (int i = 0; i < 10000; ++i) {
    nested += "</div>";
  }
  dir.write("in/news/nested.html", nested + "</body></html>");
  dir.write("in/news/image.png", "\x89PNG\r\n");

  const Outcome idx = index(dir, {in.string()});
  ASSERT_EQ(idx.status, 0) << idx.out << idx.err;
  for (const char* name :
       {"empty.txt", "binary.txt", "invalid-utf8.txt", "latin1.txt", "image.png"}) {
    EXPECT_NE(idx.err.find(name), std::string::npos) << name << " not reported:\n" << idx.err;
  }
  EXPECT_NE(idx.out.find("empty file: 1"), std::string::npos) << idx.out;
  EXPECT_NE(idx.out.find("binary file: 1"), std::string::npos) << idx.out;
  EXPECT_NE(idx.out.find("unsupported file type: 1"), std::string::npos) << idx.out;
  for (const char* q : {"zeppelin", "cafe", "quasar", "bathyscaphe"}) {
    const Outcome s = search(dir, {"--json", q});
    ASSERT_EQ(s.status, 0) << s.err;
    EXPECT_FALSE(nlohmann::json::parse(s.out)["results"].empty()) << q << " not found";
  }
}

}  // namespace

namespace {

TEST(CliTest, BatchModeWritesATrecRunAndLatencies) {
  TempDir dir;
  ASSERT_EQ(index(dir, {kCorpus}).status, 0);
  const auto queries = dir.write("q.tsv", "q1\tHuawei 5G security\nq2\tcup final\nq3\tthe\n");
  const auto latency = dir.path() / "lat.tsv";
  const Outcome s = search(dir, {"--queries", queries.string(), "--format", "trec", "--limit", "5",
                                 "--latency", latency.string()});
  ASSERT_EQ(s.status, 0) << s.err;
  std::istringstream run(s.out);
  std::string qid, q0, id, tag;
  int rank = 0;
  double score = 0;
  ASSERT_TRUE(run >> qid >> q0 >> id >> rank >> score >> tag) << s.out;
  EXPECT_EQ(qid, "q1");
  EXPECT_EQ(q0, "Q0");
  EXPECT_EQ(id, "technology/uk-huawei-5g-decision.txt");
  EXPECT_EQ(rank, 1);
  EXPECT_GT(score, 0);
  EXPECT_EQ(tag, "folio");
  EXPECT_NE(s.out.find("\nq2 Q0 sport/"), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("q3 "), std::string::npos) << "a stopword-only query finds nothing";
  std::istringstream lat(folio::testing::slurp(latency));
  std::vector<std::string> qids;
  for (std::string line; std::getline(lat, line);) {
    qids.push_back(line.substr(0, line.find('\t')));
    EXPECT_GE(std::stod(line.substr(line.find('\t') + 1)), 0.0) << line;
  }
  EXPECT_EQ(qids, (std::vector<std::string>{"q1", "q2", "q3"}));
}

TEST(CliTest, SnippetsFlagChoosesThePassagesPerHit) {
  TempDir dir;
  ASSERT_EQ(index(dir, {kCorpus}).status, 0);
  for (const int n : {0, 1}) {
    const Outcome s = search(dir, {"--json", "--snippets", std::to_string(n), "network"});
    ASSERT_EQ(s.status, 0) << s.err;
    const nlohmann::json j = nlohmann::json::parse(s.out);  // outlives the loop over its hits
    for (const auto& r : j["results"]) {
      EXPECT_EQ(r["snippets"].size(), static_cast<std::size_t>(n)) << r["id"];
      EXPECT_EQ(r["snippet"].get<std::string>().empty(), n == 0) << r["id"];
    }
  }
}

TEST(CliTest, BatchServeModeWritesLatenciesAndSnippets) {
  TempDir dir;
  ASSERT_EQ(index(dir, {kCorpus}).status, 0);
  const auto queries = dir.write("q.tsv", "q1\tHuawei 5G security\nq2\tcup final\n");
  const auto lat = dir.path() / "lat.tsv";
  const auto top10 = dir.path() / "top10.tsv";
  const auto snippets = dir.path() / "snippets.tsv";
  const Outcome s = search(dir, {"--queries", queries.string(), "--limit", "10", "--snippets", "2",
                                 "--warmup", "1", "--latency", lat.string(), "--latency-top10",
                                 top10.string(), "--snippets-out", snippets.string()});
  ASSERT_EQ(s.status, 0) << s.err;
  EXPECT_EQ(s.out.rfind("q1 Q0 technology/uk-huawei-5g-decision.txt 1 ", 0), 0U) << s.out;
  for (const auto& file : {lat, top10}) {
    std::istringstream in(folio::testing::slurp(file));
    std::vector<std::string> qids;
    for (std::string line; std::getline(in, line);) {
      qids.push_back(line.substr(0, line.find('\t')));
      EXPECT_GE(std::stod(line.substr(line.find('\t') + 1)), 0.0) << line;
    }
    EXPECT_EQ(qids, (std::vector<std::string>{"q1", "q2"})) << file;
  }
  std::istringstream in(folio::testing::slurp(snippets));
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    std::vector<std::string> fields;
    std::istringstream cols(line);
    for (std::string f; std::getline(cols, f, '\t');) {
      fields.push_back(f);
    }
    ASSERT_EQ(fields.size(), 5U) << line;  // qid, rank, id, title, snippet
    EXPECT_TRUE(fields[0] == "q1" || fields[0] == "q2") << line;
    EXPECT_GE(std::stoi(fields[1]), 1) << line;
    EXPECT_EQ(fields[4].find("<mark>"), std::string::npos) << line;
    if (fields[0] == "q1" && fields[1] == "1") {
      EXPECT_EQ(fields[2], "technology/uk-huawei-5g-decision.txt");
      EXPECT_NE(fields[4].find("<b>Huawei</b>"), std::string::npos) << line;
    }
  }
  const std::size_t hits = static_cast<std::size_t>(std::count(s.out.begin(), s.out.end(), '\n'));
  EXPECT_EQ(lines, hits) << "a snippet line per hit";
}

}  // namespace

namespace {

// A small collection with dates, categories and two syndicated copies of one story, indexed.
class CliFeaturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_news(dir);
    ASSERT_EQ(index(dir, {(dir.path() / "news").string()}).status, 0);
  }
  static void write_news(const TempDir& dir);
  TempDir dir;
};

void CliFeaturesTest::write_news(const TempDir& dir) {
  dir.write("news/weather/storm.txt",
            "Storm hits the coast\n\n2022-02-01\n\nA storm hit the coast on Monday. Roofs lost.\n");
  dir.write(
      "news/wire/storm-copy.txt",
      "Coast storm (agency)\n\n2022-02-02\n\nA STORM hit the coast on Monday!  Roofs lost.\n");
  dir.write("news/weather/hills.txt",
            "Storm in the hills\n\n2021-11-05\n\nA storm hit the hills; snow closed roads.\n");
  dir.write("news/weather/forecast.txt",
            "Storm forecast\n\nA forecast of another storm and more snow on the roads.\n");
  dir.write("news/sport/match.txt",
            "Match called off\n\n2022-01-09\n\nThe storm called off the match.\n");
}

TEST_F(CliFeaturesTest, SortFacetsAndDuplicatesInJson) {
  const Outcome s = search(dir, {"--json", "--sort", "newest", "storm"});
  ASSERT_EQ(s.status, 0) << s.err;
  const auto j = nlohmann::json::parse(s.out);
  EXPECT_EQ(j["sort"], "newest");
  EXPECT_EQ(result_ids(j), (std::vector<std::string>{"wire/storm-copy.txt", "sport/match.txt",
                                                     "weather/hills.txt", "weather/forecast.txt"}));
  EXPECT_EQ(j["results"][0]["duplicates"], 1);
  EXPECT_EQ(j["results"][1]["duplicates"], 0);
  ASSERT_TRUE(j.contains("facets")) << s.out;
  EXPECT_EQ(j["facets"]["category"][0]["value"], "weather");
  EXPECT_EQ(j["facets"]["year"][0]["value"], "2021");
  EXPECT_EQ(j["facets"]["month"].back()["value"], "2022-02");
  for (const char* facet : {"category", "year", "month"}) {
    for (const auto& c : j["facets"][facet]) {
      EXPECT_TRUE(c["value"].is_string()) << facet;
      EXPECT_GT(c["count"].get<int>(), 0) << facet;
    }
  }

  const Outcome all = search(dir, {"--json", "--no-collapse", "--sort", "oldest", "storm"});
  ASSERT_EQ(all.status, 0) << all.err;
  const auto ids = result_ids(nlohmann::json::parse(all.out));
  EXPECT_EQ(ids.size(), 5U);
  EXPECT_EQ(ids.front(), "weather/hills.txt");
  EXPECT_EQ(ids.back(), "weather/forecast.txt") << "undated last";

  const Outcome bad = search(dir, {"--sort", "sideways", "storm"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--sort"), std::string::npos) << bad.err;
}

TEST_F(CliFeaturesTest, TextShowsCopiesAndFacets) {
  const Outcome s = search(dir, {"storm coast"});
  ASSERT_EQ(s.status, 0) << s.err;
  EXPECT_NE(s.out.find("(+1 copy)"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("Categories: weather ("), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("Years: 2021 (1) · 2022 ("), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("Months: "), std::string::npos) << s.out;
}

TEST_F(CliFeaturesTest, MoreLikeThis) {
  const Outcome s = search(dir, {"--json", "--no-collapse", "--like", "weather/hills.txt"});
  ASSERT_EQ(s.status, 0) << s.err;
  const auto j = nlohmann::json::parse(s.out);
  EXPECT_EQ(j["like"], "weather/hills.txt");
  ASSERT_FALSE(j["like_terms"].empty()) << s.out;
  const auto ids = result_ids(j);
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "weather/hills.txt"), 0);
  EXPECT_EQ(ids.front(), "weather/forecast.txt") << "shares storm, snow and roads";

  const Outcome text = search(dir, {"--like", "weather/hills.txt"});
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_EQ(text.out.rfind("Similar articles, found with the terms: ", 0), 0U) << text.out;

  const Outcome unknown = search(dir, {"--like", "weather/nowhere.txt"});
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("weather/nowhere.txt"), std::string::npos) << unknown.err;
}

TEST(CliTest, TheTotalIsExactOnAShortPage) {
  // With a collapse key and a page shorter than the matches, Xapian 1.4's estimate was 6 here.
  TempDir dir;
  ASSERT_EQ(index(dir, {kCorpus}).status, 0);
  const Outcome all = search(dir, {"--json", "--limit", "100", "huawei 5g"});
  ASSERT_EQ(all.status, 0) << all.err;
  const auto matches = nlohmann::json::parse(all.out)["results"].size();
  ASSERT_GT(matches, 1U);
  for (const std::string limit : {"1", "2", "3"}) {
    const Outcome s = search(dir, {"--json", "--limit", limit, "huawei 5g"});
    ASSERT_EQ(s.status, 0) << s.err;
    EXPECT_EQ(nlohmann::json::parse(s.out)["total"], matches) << "--limit " << limit;
  }
}

TEST_F(CliFeaturesTest, BatchModeCountsNoFacets) {
  const auto queries = dir.write("q.tsv", "q1\tstorm\n");
  const Outcome s = search(dir, {"--queries", queries.string(), "--format", "json"});
  ASSERT_EQ(s.status, 0) << s.err;
  const auto j = nlohmann::json::parse(s.out);
  EXPECT_FALSE(j.contains("facets")) << s.out;
  EXPECT_FALSE(j["results"].empty());
}

}  // namespace

// ---- Documented flags, run from the command line ----

namespace {

TEST(CliTest, OffsetSkipsTheFirstHits) {
  TempDir dir;
  ASSERT_EQ(index(dir, {kCorpus}).status, 0);
  const auto all = result_ids(search_json(dir, {"--limit", "5", "said"}));
  ASSERT_EQ(all.size(), 5U);
  const auto page = search_json(dir, {"--limit", "3", "--offset", "2", "said"});
  EXPECT_EQ(page["offset"], 2);
  EXPECT_EQ(page["total"], 24);
  EXPECT_EQ(result_ids(page), std::vector<std::string>(all.begin() + 2, all.end()));
  ASSERT_EQ(page["results"].size(), 3U);
  EXPECT_EQ(page["results"][0]["rank"], 3);
  const Outcome text = search(dir, {"--limit", "3", "--offset", "2", "said"});
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_EQ(text.out.rfind("3. ", 0), 0U) << text.out;
  EXPECT_NE(text.out.find(all[2]), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find(all[1]), std::string::npos) << text.out;
}

// A search's hits in rank order as (score, "id snippets"), articles of equal score (whose
// order follows Xapian's document numbers) in id order.
std::vector<std::pair<double, std::string>> by_rank(const nlohmann::json& results) {
  std::vector<std::pair<double, std::string>> hits;
  for (const auto& r : results["results"]) {
    hits.emplace_back(r["score"].get<double>(),
                      r["id"].get<std::string>() + " " + r["snippets"].dump());
  }
  std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
    return a.first - b.first > 1e-9 || (std::abs(a.first - b.first) <= 1e-9 && a.second < b.second);
  });
  return hits;
}

TEST(CliTest, ShardsSplitANewIndexThatSearchesAsOne) {
  TempDir dir;
  ASSERT_EQ(index(dir, {kCorpus}).status, 0);
  const Outcome sharded = run(
      dir, FOLIO_INDEX_EXE, {"--db", (dir.path() / "sharded").string(), "--shards", "3", kCorpus});
  ASSERT_EQ(sharded.status, 0) << sharded.err;
  EXPECT_NE(sharded.out.find(", 3 shards (new index)"), std::string::npos) << sharded.out;
  // The index's stub names a generation, whose own stub lists the shards, each holding some.
  std::string generation = folio::testing::slurp(dir.path() / "sharded" / "XAPIANDB");
  ASSERT_EQ(generation.rfind("auto gen-", 0), 0U) << generation;
  generation = generation.substr(5, generation.find('\n') - 5);
  const fs::path gen = dir.path() / "sharded" / generation;
  EXPECT_EQ(folio::testing::slurp(gen / "XAPIANDB"), "auto shard-0\nauto shard-1\nauto shard-2\n");
  Xapian::doccount held = 0;
  for (const char* shard : {"shard-0", "shard-1", "shard-2"}) {
    const Xapian::doccount n = Xapian::Database((gen / shard).string()).get_doccount();
    EXPECT_GT(n, 0U) << shard;
    held += n;
  }
  EXPECT_EQ(held, 24U);
  for (const std::string q : {"Huawei 5G security", "said", "council election", "date:2020"}) {
    const auto one = search_json(dir, {"--limit", "30", q});
    const auto three = search_json(dir, {"--limit", "30", q}, "sharded");
    EXPECT_EQ(three["total"], one["total"]) << q;
    EXPECT_EQ(three["facets"], one["facets"]) << q;
    const auto want = by_rank(one);
    const auto got = by_rank(three);
    ASSERT_EQ(got.size(), want.size()) << q;
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[i].second, want[i].second) << q << " #" << i + 1;
      EXPECT_NEAR(got[i].first, want[i].first, 1e-9) << q << " #" << i + 1;
    }
  }
  // Re-runs keep the count; another count needs --rebuild.
  const Outcome two = run(dir, FOLIO_INDEX_EXE,
                          {"--db", (dir.path() / "sharded").string(), "--shards", "2", kCorpus});
  EXPECT_EQ(two.status, 1);
  EXPECT_NE(two.err.find("has 3 shard(s), not 2; use --rebuild"), std::string::npos) << two.err;
  const Outcome again =
      run(dir, FOLIO_INDEX_EXE, {"--db", (dir.path() / "sharded").string(), kCorpus});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find(", 3 shards\n"), std::string::npos) << again.out;
}

// Two articles: one in French, one in English.
void write_two_languages(const TempDir& dir) {
  dir.write("in/a.txt", "Les chanteuses\n\nLes chanteuses nationales chantaient.\n");
  dir.write("in/b.txt", "Running fast\n\nThe runners were running.\n");
}

TEST(CliTest, LanguageChoosesTheStemmerOfANewIndexWhichKeepsIt) {
  TempDir dir;
  write_two_languages(dir);
  const std::string in = (dir.path() / "in").string();
  for (const std::string language : {"french", "english", "none"}) {
    const Outcome r = run(dir, FOLIO_INDEX_EXE,
                          {"--db", (dir.path() / language).string(), "--language", language, in});
    ASSERT_EQ(r.status, 0) << language << ": " << r.err;
  }
  const auto found = [&](const std::string& db, const std::string& query) {
    std::vector<std::string> ids = result_ids(search_json(dir, {query}, db));
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  const std::vector<std::string> a = {"a.txt"};
  const std::vector<std::string> b = {"b.txt"};
  const std::vector<std::string> none;
  // French stems "nationales" to "national" and "chantaient" to "chant".
  EXPECT_EQ(found("french", "national"), a);
  EXPECT_EQ(found("french", "chantait"), a);
  EXPECT_EQ(found("french", "run"), none);
  EXPECT_EQ(found("english", "national"), none);
  EXPECT_EQ(found("english", "run"), b);
  EXPECT_EQ(found("none", "run"), none);  // no stemming: only the very word
  EXPECT_EQ(found("none", "running"), b);
  // The index keeps its language: updates use it, another one needs --rebuild.
  const Outcome other =
      run(dir, FOLIO_INDEX_EXE,
          {"--db", (dir.path() / "french").string(), "--language", "english", in});
  EXPECT_EQ(other.status, 1);
  EXPECT_NE(other.err.find("built for language 'fr', not 'en'; use --rebuild"), std::string::npos)
      << other.err;
  dir.write("in/c.txt", "Les nations\n\nLes nationales reprennent.\n");
  ASSERT_EQ(run(dir, FOLIO_INDEX_EXE, {"--db", (dir.path() / "french").string(), in}).status, 0);
  EXPECT_EQ(found("french", "national"), (std::vector<std::string>{"a.txt", "c.txt"}));
  const Outcome unknown =
      run(dir, FOLIO_INDEX_EXE, {"--db", (dir.path() / "x").string(), "--language", "klingon", in});
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("unknown language 'klingon'"), std::string::npos) << unknown.err;
}

// A new index gives each article its own language; --lang filters by it (several: any),
// lists a language's articles with no query, and an unknown one is an error naming it.
TEST(CliTest, EachArticleHasItsLanguageAndLangFiltersByIt) {
  TempDir dir;
  const std::string fixtures = std::string(FOLIO_SOURCE_DIR) + "/tests/fixtures/languages/";
  const std::string db = (dir.path() / "db").string();
  const Outcome index =
      run(dir, FOLIO_INDEX_EXE, {"--db", db, fixtures + "de", fixtures + "fr", fixtures + "en"});
  ASSERT_EQ(index.status, 0) << index.err;
  EXPECT_NE(index.out.find("Languages: de 3 · en 3 · fr 3\n"), std::string::npos) << index.out;
  const auto languages = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db, "--json", "--limit", "20"});
    const Outcome s = run(dir, FOLIO_SEARCH_EXE, args);
    EXPECT_EQ(s.status, 0) << s.err;
    const nlohmann::json j = nlohmann::json::parse(s.out);  // outlives the loop over its hits
    std::vector<std::string> out;
    for (const auto& h : j["results"]) {
      out.push_back(h["language"]);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(languages({"--lang", "de"}), (std::vector<std::string>{"de", "de", "de"}));
  EXPECT_EQ(languages({"--lang", "de", "--lang", "French"}),
            (std::vector<std::string>{"de", "de", "de", "fr", "fr", "fr"}));
  EXPECT_EQ(languages({"--", "Streiks"}), (std::vector<std::string>{"de"}));
  EXPECT_EQ(languages({"--lang", "fr", "--", "Streiks"}), (std::vector<std::string>{}));
  const Outcome all = run(dir, FOLIO_SEARCH_EXE,
                          {"--db", db, "--json", "--lang", "de", "--lang", "fr", "--lang", "en"});
  EXPECT_EQ(nlohmann::json::parse(all.out)["facets"]["language"],
            nlohmann::json::parse(R"([{"value": "de", "count": 3}, {"value": "en", "count": 3},
                                      {"value": "fr", "count": 3}])"));
  const Outcome text = run(dir, FOLIO_SEARCH_EXE, {"--db", db, "--lang", "de", "--lang", "fr"});
  EXPECT_NE(text.out.find("Languages: de (3) · fr (3)"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("undated · fr · "), std::string::npos) << text.out;  // each hit's
  const Outcome one = run(dir, FOLIO_SEARCH_EXE, {"--db", db, "--lang", "de"});
  EXPECT_EQ(one.out.find("undated · de · "), std::string::npos) << one.out;  // one: not shown
  const Outcome unknown = run(dir, FOLIO_SEARCH_EXE, {"--db", db, "--lang", "xx", "Streik"});
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("unknown language 'xx'"), std::string::npos) << unknown.err;
}

TEST(CliTest, MaxFileMbSkipsLargerFilesAndJsonLines) {
  TempDir dir;
  std::string big = "Big story\n\n";
  while (big.size() <= (1U << 20)) {
    big += "zebrafish swim ";
  }
  dir.write("in/big.txt", big);
  dir.write("in/small.txt", "Small story\n\nA zebrafish swam.\n");
  std::string line = R"({"id": "l2", "title": "Line two", "text": ")";
  while (line.size() <= (1U << 20)) {
    line += "zebrafish ";
  }
  dir.write("in/feed.jsonl", R"({"id": "l1", "title": "Line one", "text": "A zebrafish."})"
                             "\n" +
                                 line + "\"}\n" +
                                 R"({"id": "l3", "title": "Line three", "text": "Two zebrafish."})"
                                 "\n");
  const fs::path in = dir.path() / "in";
  const Outcome small = index(dir, {"--max-file-mb", "1", in.string()});
  ASSERT_EQ(small.status, 0) << small.err;
  EXPECT_NE(small.out.find("Skipped: 2 (too large: 2)"), std::string::npos) << small.out;
  EXPECT_NE(small.err.find((in / "big.txt").string() + ": too large ("), std::string::npos)
      << small.err;
  EXPECT_NE(small.err.find((in / "feed.jsonl").string() + ":2: too large"), std::string::npos)
      << small.err;
  const auto ids = [&](const std::string& db) {
    std::vector<std::string> out = result_ids(search_json(dir, {"zebrafish"}, db));
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(ids("db"), (std::vector<std::string>{"l1", "l3", "small.txt"}));
  // By default (64 MB) both are indexed.
  ASSERT_EQ(run(dir, FOLIO_INDEX_EXE, {"--db", (dir.path() / "all").string(), in.string()}).status,
            0);
  EXPECT_EQ(ids("all"), (std::vector<std::string>{"big.txt", "l1", "l2", "l3", "small.txt"}));
}

TEST(CliTest, DocumentationAndHiddenFilesAreNotIndexed) {
  TempDir dir;
  dir.write("in/news/kept.txt", "Kept\n\nA kestrel story.\n");
  const std::vector<std::string> documentation = {
      "README.md", "readme.txt", "LICENSE", "news/LICENCE.txt", "CHANGELOG.md", "CONTRIBUTING.txt"};
  for (const std::string& name : documentation) {
    dir.write("in/" + name, "Doc\n\nA kestrel in the docs.\n");
  }
  for (const std::string name :
       {".hidden.txt", "news/.secret.md", ".git/notes.txt", ".drafts/draft.txt"}) {
    dir.write("in/" + name, "Hidden\n\nA kestrel hidden away.\n");
  }
  const fs::path in = dir.path() / "in";
  const Outcome idx = index(dir, {in.string()});
  ASSERT_EQ(idx.status, 0) << idx.err;
  EXPECT_EQ(held(idx.out), 1) << idx.out;
  EXPECT_NE(idx.out.find("README/LICENSE file: 6"), std::string::npos) << idx.out;
  for (const std::string& name : documentation) {
    EXPECT_NE(idx.err.find("skipped " + (in / name).string() + ": README/LICENSE file"),
              std::string::npos)
        << idx.err;
  }
  EXPECT_EQ(result_ids(search_json(dir, {"kestrel"})), std::vector<std::string>{"news/kept.txt"});
}

}  // namespace
