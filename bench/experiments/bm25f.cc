// folio-bm25f: BM25F (Robertson, Zaragoza and Taylor, "Simple BM25 extension to multiple weighted
// fields", CIKM 2004) over a Folio index, for the ranking experiments of issue 18 only.
//
// BM25F normalises each field by its own length, then adds the fields' frequencies before the one
// saturation: for a term t and article d,
//   tf~ = w_title * tf_title / (1 - b_title + b_title * len_title / avg_title)
//       +           tf_body  / (1 - b_body  + b_body  * len_body  / avg_body)
//   score += qtf * idf(t) * tf~ / (k1 + tf~)
// with idf as Xapian's BM25Weight (and Folio's) has it, and a word written twice counted twice, as
// Folio counts it, so that only the fields' normalisation differs from Folio's BM25.
// The index does not keep the fields apart in one term, so both come from schema.h's layout: the
// title's frequency is the S-prefixed term's wdf, and the body's is the free-text wdf less
// kTitleWdf times it (the lead's extra weight stays in the body, as in the default ranking). The
// field lengths are summed from each article's term list once.
//
// Xapian 1.4 cannot weigh a term by another term's wdf, so this needs a PostingSource in the
// library, which a remote shard (xapian-tcpsrv) cannot run: that is why it lives here, as a tool
// that scores every article matching a query term (exact, no pruning) and writes a TREC run for
// each grid point, and not in folio-search. bench/eval_ranking.py --bm25f drives it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <cxxopts.hpp>
#include <xapian.h>

#include "folio/analyzer.h"

#include "search/query_parser.h"
#include "store/schema.h"

namespace {

struct Params {
  double k1, b_title, b_body, w_title;
  std::string name() const {
    std::ostringstream s;
    s << "bm25f:" << k1 << ',' << b_title << ',' << b_body << ',' << w_title;
    return s.str();
  }
};

struct FieldLengths {
  std::vector<double> title, body;  // by document id
  double avg_title = 0, avg_body = 0;
};

bool is_free_text(const std::string& term) {
  return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

FieldLengths field_lengths(const Xapian::Database& db) {
  FieldLengths f;
  const Xapian::docid last = db.get_lastdocid();
  f.title.assign(last + 1, 0);
  f.body.assign(last + 1, 0);
  const std::string title(folio::schema::kPrefixTitle);
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    double t = 0, text = 0;
    for (auto term = db.termlist_begin(*d); term != db.termlist_end(*d); ++term) {
      const std::string& s = *term;
      if (is_free_text(s)) {
        text += term.get_wdf();
      } else if (s.size() > title.size() && s.compare(0, title.size(), title) == 0 &&
                 is_free_text(s.substr(title.size()))) {
        t += term.get_wdf();
      }
    }
    f.title[*d] = t;
    f.body[*d] = text - folio::schema::kTitleWdf * t;
    f.avg_title += t;
    f.avg_body += f.body[*d];
  }
  const double n = std::max<double>(1, db.get_doccount());
  f.avg_title = std::max(f.avg_title / n, 1e-9);
  f.avg_body = std::max(f.avg_body / n, 1e-9);
  return f;
}

// The query's free-text terms with their counts: a word written twice counts twice, as it does
// for Folio (each is a leaf of the query; Xapian's term iterator lists a term once a position).
void count_terms(const Xapian::Query& q, std::map<std::string, int>& terms) {
  if (q.get_type() == Xapian::Query::LEAF_TERM) {
    if (const std::string t = *q.get_terms_begin(); is_free_text(t)) {
      ++terms[t];
    }
    return;
  }
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
    count_terms(q.get_subquery(i), terms);
  }
}

std::map<std::string, int> query_terms(const std::string& text, folio::Analyzer& analyzer) {
  std::map<std::string, int> terms;
  count_terms(folio::parse_query(text, analyzer).query, terms);
  return terms;
}

void score(const Xapian::Database& db, const FieldLengths& f, const Params& p,
           const std::map<std::string, int>& terms, std::vector<double>& scores) {
  const double n = db.get_doccount();
  std::vector<double> title_tf(scores.size(), 0);
  for (const auto& [term, qtf] : terms) {
    const double df = db.get_termfreq(term);
    if (df == 0) {
      continue;
    }
    double tw = (n - df + 0.5) / (df + 0.5);
    if (tw < 2) {
      tw = tw * 0.5 + 1;  // kept positive for terms in more than half the articles
    }
    const double idf = std::log(tw) * qtf;
    const std::string title_term = std::string(folio::schema::kPrefixTitle) + term;
    for (auto d = db.postlist_begin(title_term); d != db.postlist_end(title_term); ++d) {
      title_tf[*d] = d.get_wdf();
    }
    for (auto d = db.postlist_begin(term); d != db.postlist_end(term); ++d) {
      const double tt = title_tf[*d];
      const double tb = std::max(0.0, d.get_wdf() - folio::schema::kTitleWdf * tt);
      const double nt = 1 - p.b_title + p.b_title * f.title[*d] / f.avg_title;
      const double nb = 1 - p.b_body + p.b_body * f.body[*d] / f.avg_body;
      const double tf = p.w_title * tt / nt + tb / nb;
      scores[*d] += idf * tf / (p.k1 + tf);
    }
    for (auto d = db.postlist_begin(title_term); d != db.postlist_end(title_term); ++d) {
      title_tf[*d] = 0;
    }
  }
}

std::vector<double> parse_list(const std::string& s) {
  std::vector<double> v;
  std::istringstream in(s);
  for (std::string x; std::getline(in, x, ',');) {
    v.push_back(std::stod(x));
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  cxxopts::Options spec("folio-bm25f", "BM25F runs over a Folio index (ranking experiments)");
  spec.add_options()("db", "Folio index folder (its Xapian database)",
                     cxxopts::value<std::string>())("queries", "ID<TAB>text per line",
                                                    cxxopts::value<std::string>())(
      "out", "folder for the runs (NAME.trec a grid point)", cxxopts::value<std::string>())(
      "k1", "k1 values", cxxopts::value<std::string>()->default_value("1.2"))(
      "b-title", "b of the title", cxxopts::value<std::string>()->default_value("0.5"))(
      "b-body", "b of the body", cxxopts::value<std::string>()->default_value("0.75"))(
      "w-title", "weight of the title", cxxopts::value<std::string>()->default_value("3"))(
      "limit", "results a query", cxxopts::value<unsigned>()->default_value("1000"));
  try {
    const auto o = spec.parse(argc, argv);
    if (!o.count("db") || !o.count("queries") || !o.count("out")) {
      std::cerr << spec.help();
      return 2;
    }
    const Xapian::Database db(o["db"].as<std::string>());
    const FieldLengths f = field_lengths(db);
    folio::Analyzer analyzer("english");
    std::vector<std::pair<std::string, std::map<std::string, int>>> queries;
    std::ifstream in(o["queries"].as<std::string>());
    for (std::string line; std::getline(in, line);) {
      const auto tab = line.find('\t');
      if (tab != std::string::npos) {
        queries.emplace_back(line.substr(0, tab), query_terms(line.substr(tab + 1), analyzer));
      }
    }
    std::filesystem::create_directories(o["out"].as<std::string>());
    const unsigned limit = o["limit"].as<unsigned>();
    std::vector<double> scores(db.get_lastdocid() + 1);
    for (double k1 : parse_list(o["k1"].as<std::string>())) {
      for (double bt : parse_list(o["b-title"].as<std::string>())) {
        for (double bb : parse_list(o["b-body"].as<std::string>())) {
          for (double wt : parse_list(o["w-title"].as<std::string>())) {
            const Params p{k1, bt, bb, wt};
            std::ofstream run(o["out"].as<std::string>() + "/" + p.name() + ".trec");
            for (const auto& [id, terms] : queries) {
              std::fill(scores.begin(), scores.end(), 0.0);
              score(db, f, p, terms, scores);
              std::vector<std::pair<double, Xapian::docid>> hits;
              for (Xapian::docid d = 1; d < scores.size(); ++d) {
                if (scores[d] > 0) {
                  hits.emplace_back(-scores[d], d);  // best first; ties by document id
                }
              }
              const std::size_t n = std::min<std::size_t>(limit, hits.size());
              std::partial_sort(hits.begin(), hits.begin() + n, hits.end());
              for (std::size_t r = 0; r < n; ++r) {
                run << id << " Q0 "
                    << db.get_document(hits[r].second).get_value(folio::schema::kSlotId) << ' '
                    << r + 1 << ' ' << -hits[r].first << " folio-bm25f\n";
              }
            }
            std::cout << p.name() << '\n';
          }
        }
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "folio-bm25f: " << e.what() << '\n';
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "folio-bm25f: " << e.get_description() << '\n';
    return 1;
  }
}
