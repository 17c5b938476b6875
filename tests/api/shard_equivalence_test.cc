// Every way of sharding against one index: `--shards 2` and `3`, indexes built apart, and remote
// shards behind their front database, after the first build and after a re-run, compared on
// hits, scores, totals, copies, facets, suggestions and synonyms.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "folio/indexing.h"
#include "folio/searcher.h"
#include "folio/snippet.h"

#include "../unit/temp_dir.h"
#include "shard_answers.h"
#include "store/database.h"
#include "store/index_dir.h"
#include "store/schema.h"
#include "tcp_server.h"

namespace folio {
namespace {

using namespace shard_answers;  // NOLINT(google-build-using-namespace): the shard tests' helpers
using testing::TcpServer;
using testing::TempDir;

// ---- Every way of sharding against one index ----

// A file's article id: "CATEGORY/ID.txt" (write_files()).
std::string file_id(const Article& a) { return a.category + "/" + a.id + ".txt"; }

// Whether two articles go to different shards both of a 2-shard and of a 3-shard index (Folio's
// own hash of their id terms).
bool apart(const Article& x, const Article& y) {
  for (const unsigned n : {2U, 3U}) {
    const std::string tx = schema::id_term(file_id(x));
    const std::string ty = schema::id_term(file_id(y));
    if (folio::shard_of(tx, n) == folio::shard_of(ty, n)) {  // (not the FNV-1a one above)
      return false;
    }
  }
  return true;
}

// One corpus (two input folders, "a" and "b": made-up words, four categories, three years,
// copies, English, German and French JSONL lines, a synonyms file) indexed every way Folio can
// split it, each compared with one index of it on a table of requests (plain words, a phrase,
// misspellings, synonyms, a category, a language, a date range, browsing, date order): the same
// hits (scores; ids in score order, equal scores as sets), total, copies collapsed (how many, and
// the one shown), facets (categories, years, months, languages), suggestion, synonym expansion
// (highlighting) and article count. The ways:
// - `--shards 2` and `--shards 3` (local);
// - "a" and "b" indexed apart, searched as two local shards;
// - the shards of the 2- and 3-shard index served by xapian-tcpsrv, behind their front.
// Each copy is in the same input folder as its original, but in other shards of both sharded
// indexes: indexes built apart know nothing of each other's copies (docs/shards.md), which
// SeparateIndexesTest shows.
class ShardEquivalenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::vector<Article> generated = generated_articles(90);
    for (std::size_t i = 0; i < generated.size(); ++i) {  // both folders get every category
      (i % 3 == 0 ? b_ : a_).push_back(generated[i]);
    }
    // Copies in category "syndicated": two of a_[0] (a group of three), one each of a_[1],
    // a_[2] and b_[0]; ids chosen so that each lies in another shard than its original.
    for (const auto& [part, k, copies] : {std::tuple{&a_, 0, 2}, std::tuple{&a_, 1, 1},
                                          std::tuple{&a_, 2, 1}, std::tuple{&b_, 0, 1}}) {
      const Article source = (*part)[static_cast<std::size_t>(k)];
      for (int c = 0, n = 0; c < copies; ++n) {
        Article copy = source;
        copy.category = "syndicated";
        copy.id = "copy-" + source.id + "-" + std::to_string(n);
        if (apart(source, copy)) {
          part->push_back(copy);
          ++c;
        }
      }
    }
    write_files(dir_, "a", a_);
    write_files(dir_, "b", b_);
    dir_.write("a/arts/wombat.txt",
               "Wombat days\n\n2021-02-02\n\nA wombat dug under the fence by the kakalo road.\n");
    dir_.write("a/world/lines.jsonl", lines(true));
    dir_.write("synonyms.txt", "kakaka, zorzorzor\nwombat, marsupial\n");
    for (const auto& [name, shards] :
         {std::pair{"one", 0U}, std::pair{"two", 2U}, std::pair{"three", 3U}, std::pair{"a", 0U},
          std::pair{"b", 0U}}) {
      IndexingOptions o = options_for(db(name), shards);
      o.synonyms = dir_.path() / "synonyms.txt";
      run_indexing(inputs(name), o);
    }
    for (const char* name : {"two", "three"}) {
      const std::map<std::string, std::size_t> where = placement(db(name));
      ASSERT_EQ(where.size(), 90U + 5U + 1U + 4U) << name;
      for (const auto& part : {a_, b_}) {
        for (const Article& copy : part) {
          if (copy.category == "syndicated") {
            const std::string original =
                copy.id.substr(5, copy.id.rfind('-') - 5);  // "copy-a7-1": a7
            const auto o = std::find_if(generated.begin(), generated.end(),
                                        [&](const Article& g) { return g.id == original; });
            EXPECT_NE(where.at(file_id(copy)), where.at(file_id(*o))) << name << ' ' << copy.id;
          }
        }
      }
    }
  }

  fs::path db(const std::string& name) const { return dir_.path() / ("db-" + name); }

  // The input folders of each index: "a" and "b" indexed apart, the others both.
  std::vector<fs::path> inputs(const std::string& name) const {
    if (name == "a" || name == "b") {
      return {dir_.path() / name};
    }
    return {dir_.path() / "a", dir_.path() / "b"};
  }

  // Declared languages, dates, and the made-up words of the others. After a re-run (`first`
  // false): de2 changed, fr2 gone.
  static std::string lines(bool first) {
    std::string out =
        R"({"id": "de1", "language": "de", "date": "2020-03-04", "title": "Häuser am See", )"
        R"("text": "Die alten Häuser am See werden kakaka verkauft. Der Hafen ist leer."})"
        "\n"
        R"({"id": "fr1", "language": "fr", "date": "2021-07-14", "title": "Les maisons", )"
        R"("text": "Les maisons du village sont anciennes. Le port kakaka est calme."})"
        "\n";
    out += first ? R"({"id": "de2", "language": "de", "date": "2019-11-30", "title": "Das )"
                   R"(Haus", "text": "Ein Haus mit einem Garten und kakalo Bäumen."})"
                   "\n"
                   R"({"id": "fr2", "language": "fr", "date": "2020-01-02", "title": "La )"
                   R"(maison", "text": "Une maison avec un jardin et des arbres."})"
                   "\n"
                 : R"({"id": "de2", "language": "de", "date": "2019-11-30", "title": "Das )"
                   R"(Haus", "text": "Ein Haus am Hafen, ohne Garten."})"
                   "\n";
    return out;
  }

  // The requests, with `more`; 20 hits a page.
  static std::vector<SearchRequest> requests(const std::vector<std::string>& more) {
    std::vector<SearchRequest> out = shard_requests();
    const auto request = [](std::string query, std::string category = "",
                            std::vector<std::string> languages = {}, std::string from = "",
                            std::string to = "", SortOrder sort = SortOrder::relevance) {
      SearchRequest r;
      r.query = std::move(query);
      r.category = std::move(category);
      r.languages = std::move(languages);
      r.date_from = std::move(from);
      r.date_to = std::move(to);
      r.sort = sort;
      return r;
    };
    const std::vector<SearchRequest> table = {
        request("kakakq"),                       // misspelt
        request("wombet"),                       // misspelt, of a real word
        request("zorzorzor"),                    // a synonym of kakaka
        request("marsupial"),                    // a synonym that no article has
        request("\"kakaka kakalo\" zorzorzor"),  // a phrase and a synonym
        request("kakaka", "sport"),
        request("kakaka", "syndicated"),
        request("kakaka", "", {}, "2020", "2020-06"),
        request("haus"),
        request("maison", "", {"fr"}),
        request("hafen kakaka", "", {"de", "en"}),
        request("", "syndicated"),    // browsing a category
        request("", "", {}, "2019"),  // browsing dates: every language
        request("kakaka", "", {}, "", "", SortOrder::newest),
    };
    out.insert(out.end(), table.begin(), table.end());
    for (const std::string& q : more) {
      out.push_back(request(q));
    }
    // Every other weighting scheme, and BM25 with other parameters: the remote shards' server knows
    // only Xapian's own schemes, which must weigh as Folio's do locally.
    for (const char* w : {"bm25", "bb2:2", "inl2", "pl2:0.5", "dph", "bm25:0.9,0.4"}) {
      for (const char* q : {"kakaka zorzorzor", "wombat kakaka"}) {
        out.push_back(request(q));
        out.back().weighting = Weighting::parse(w);
      }
    }
    for (SearchRequest& r : out) {
      r.limit = 20;
    }
    return out;
  }

  static std::string describe(const SearchRequest& r) {
    std::string out = "'" + r.query + "'";
    for (const std::string& l : r.languages) {
      out += " lang " + l;
    }
    out += r.category.empty() ? "" : " in " + r.category;
    out += r.date_from.empty() && r.date_to.empty() ? "" : " " + r.date_from + ".." + r.date_to;
    out += r.weighting.scheme == Weighting{}.scheme ? "" : " weighted " + r.weighting.to_string();
    return out + (r.sort == SortOrder::newest ? " newest first" : "");
  }

  // The results with every score 0: to compare all but the scores (expect_same()).

  // Every way compared with one index on requests(more), at `stage`; returns what one index
  // answered, for the caller to check that the corpus exercises what is compared.
  //
  std::vector<SearchResults> expect_equivalent(const std::string& stage,
                                               const std::vector<std::string>& more) {
    std::vector<std::unique_ptr<TcpServer>> servers;
    std::vector<std::pair<std::string, Searcher>> ways;
    ways.emplace_back("2 shards", Searcher(db("two")));
    ways.emplace_back("3 shards", Searcher(db("three")));
    ways.emplace_back("indexes built apart", Searcher({db("a"), db("b")}, SearcherOptions{}));
    for (const char* name : {"two", "three"}) {
      const fs::path gen = *IndexDir(db(name)).current();
      std::string stub = "auto " + (gen / "front").string() + "\n";
      for (const fs::path& shard : generation_shards(gen)) {
        servers.push_back(std::make_unique<TcpServer>(shard));
        stub += servers.back()->name() + "\n";
      }
      ways.emplace_back(std::string("remote ") + name + " shards and front",
                        Searcher({dir_.write(std::string(name) + ".stub", stub)}, {}));
    }
    Searcher one(db("one"));
    const std::uint64_t count = one.article_count();
    const std::string text = "A wombat, a marsupial; kakaka and zorzorzor.";
    std::vector<SearchResults> answers;
    for (const SearchRequest& r : requests(more)) {
      answers.push_back(one.search(r));
      const SearchResults& want = answers.back();
      for (auto& [name, searcher] : ways) {
        const std::string where = stage + ", " + name + ": " + describe(r);
        const SearchResults got = searcher.search(r);
        expect_same(want, got, where);
        EXPECT_EQ(got.suggestion, want.suggestion) << where;
      }
    }
    for (auto& [name, searcher] : ways) {
      EXPECT_EQ(searcher.article_count(), count) << stage << ", " << name;
      for (const char* q : {"marsupial", "zorzorzor", "wombat kakaka"}) {  // synonyms expanded
        EXPECT_EQ(snippet_to_html(searcher.highlight(text, q)),
                  snippet_to_html(one.highlight(text, q)))
            << stage << ", " << name << ": " << q;
      }
    }
    return answers;
  }

  // One index's answer to the (first) request for `query`.
  static const SearchResults& answer(const std::vector<SearchResults>& answers,
                                     const std::string& query) {
    const auto it = std::find_if(answers.begin(), answers.end(),
                                 [&](const SearchResults& res) { return res.query == query; });
    assert(it != answers.end());
    return *it;
  }

  // The hit with one of these ids, or null.
  static const Hit* hit_of(const SearchResults& res, const std::vector<std::string>& ids) {
    for (const Hit& h : res.hits) {
      if (std::find(ids.begin(), ids.end(), h.article.id) != ids.end()) {
        return &h;
      }
    }
    return nullptr;
  }

  TempDir dir_;
  std::vector<Article> a_;
  std::vector<Article> b_;
};

TEST_F(ShardEquivalenceTest, EveryWayAnswersAsOneIndexAfterTheFirstBuild) {
  const std::vector<std::string> titles = {a_[0].title, a_[1].title, b_[0].title};
  const std::vector<SearchResults> one = expect_equivalent("first build", titles);
  // What was compared is there to compare: collapsed copies (a group of three), suggestions,
  // synonyms, three languages.
  std::uint64_t hidden = 0;
  std::size_t languages = 0;
  std::set<std::string> suggestions;
  for (const SearchResults& res : one) {
    for (const Hit& h : res.hits) {
      hidden += h.duplicates;
    }
    languages = std::max(languages, res.facets.languages.size());
    suggestions.insert(res.suggestion);
  }
  EXPECT_GT(hidden, 10U);
  EXPECT_EQ(languages, 3U);
  EXPECT_EQ(suggestions.count("kakaka"), 1U);
  EXPECT_EQ(suggestions.count("wombat"), 1U);
  // a_[0] and its two copies: the original, of the smallest id, stands for them.
  const Hit* h = hit_of(answer(one, a_[0].title), {file_id(a_[0])});
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->duplicates, 2U);
  EXPECT_EQ(answer(one, "marsupial").total, 1U);  // wombat's article, by its synonym
}

// The same after a re-run in place that adds, changes and deletes files and JSONL lines, makes a
// new copy across shards (a file changed to another's title, date and body), and undoes two
// (a copy deleted; a copy of a group of three changed).
TEST_F(ShardEquivalenceTest, EveryWayAnswersAsOneIndexAfterAReRun) {
  const auto file = [](const std::string& part, const Article& x) {
    return part + "/" + file_id(x);
  };
  const Article source = a_[10];  // not copied yet
  const auto target = std::find_if(a_.begin() + 11, a_.end(), [&](const Article& x) {
    return x.category != "syndicated" && apart(source, x);
  });
  ASSERT_NE(target, a_.end());
  dir_.write(file("a", *target), source.title + "\n\n" + source.date + "\n\n" + source.body + "\n");
  const Article copy_of_a1 = *std::find_if(a_.begin(), a_.end(), [&](const Article& x) {
    return x.category == "syndicated" && x.title == a_[1].title;
  });
  fs::remove(dir_.path() / file("a", copy_of_a1));
  const Article copy_of_a0 = *std::find_if(a_.begin(), a_.end(), [&](const Article& x) {
    return x.category == "syndicated" && x.title == a_[0].title;
  });
  dir_.write(file("a", copy_of_a0), copy_of_a0.title + "\n\n2021-01-01\n\nNo longer a copy.\n");
  dir_.write(file("b", b_[5]), "Changed title\n\n2020-01-01\n\nThe zebrafinch story.\n");
  fs::remove(dir_.path() / file("b", b_[6]));
  dir_.write("b/news/late.txt", "Late story\n\n2021-01-01\n\nA quixotic zebrafish appears.\n");
  dir_.write("a/world/lines.jsonl", lines(false));
  for (const char* name : {"one", "two", "three", "a", "b"}) {
    const IndexingReport r = run_indexing(inputs(name), options_for(db(name), 0));
    EXPECT_FALSE(r.rebuilt) << name;
  }
  const std::vector<SearchResults> one = expect_equivalent(
      "after a re-run",
      {a_[0].title, a_[1].title, source.title, "zebrafinch", "quixotik", "haus garten"});
  const Hit* was_three = hit_of(answer(one, a_[0].title), {file_id(a_[0])});
  const Hit* was_two = hit_of(answer(one, a_[1].title), {file_id(a_[1])});
  const Hit* now_two = hit_of(answer(one, source.title), {file_id(source), file_id(*target)});
  ASSERT_TRUE(was_three != nullptr && was_two != nullptr && now_two != nullptr);
  EXPECT_EQ(was_three->duplicates, 1U);
  EXPECT_EQ(was_two->duplicates, 0U);
  EXPECT_EQ(now_two->duplicates, 1U);
  EXPECT_EQ(answer(one, "zebrafinch").hits.size(), 1U);       // the changed file
  EXPECT_EQ(answer(one, "quixotik").suggestion, "quixotic");  // a word only the new file has
}

// Indexes built apart mark the copies each holds, and no others: searched together, a copy in
// one of an article in the other is a hit of its own, where one index shows it once. (This is
// why ShardEquivalenceTest keeps each copy in its original's folder.)
TEST(SeparateIndexesTest, CopiesInIndexesBuiltApartAreNotCollapsed) {
  TempDir dir;
  const Article a =
      testing::make_filed("x1", "Kestrel", "A kestrel over the field.", "2020-05-01", "news");
  Article copy = a;
  copy.id = "x2";
  write_files(dir, "a", {a});
  write_files(dir, "b", {copy});
  run_indexing({dir.path() / "a", dir.path() / "b"}, options_for(dir.path() / "one", 0));
  run_indexing({dir.path() / "a"}, options_for(dir.path() / "db-a", 0));
  run_indexing({dir.path() / "b"}, options_for(dir.path() / "db-b", 0));
  SearchRequest r;
  r.query = "kestrel";
  const SearchResults one = Searcher(dir.path() / "one").search(r);
  ASSERT_EQ(one.hits.size(), 1U);
  EXPECT_EQ(one.hits[0].duplicates, 1U);
  EXPECT_EQ(one.total, 1U);
  const SearchResults apart =
      Searcher({dir.path() / "db-a", dir.path() / "db-b"}, SearcherOptions{}).search(r);
  EXPECT_EQ(apart.hits.size(), 2U);
  EXPECT_EQ(apart.total, 2U);
  for (const Hit& h : apart.hits) {
    EXPECT_EQ(h.duplicates, 0U) << h.article.id;
  }
}

}  // namespace
}  // namespace folio
