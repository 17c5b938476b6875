// folio-gen-corpus: synthetic article corpora (JSON Lines) from the word statistics of real text.
//
// The model is learned from a folder of articles (.txt, .md, .html): unigram counts and bigram
// transitions over words and two punctuation tokens ("." ends a sentence, "," pauses). Sampling
// follows a bigram most of the time and the unigram counts otherwise, so frequencies stay Zipfian
// and phrases stay plausible. A small share of tokens are synthesised rare words whose ranks follow
// a Pareto tail, so the vocabulary keeps growing with the corpus as Heaps' law says it should.
//
// Determinism: article i depends only on (seed, i, source text), so a corpus of N articles is a
// prefix of one of M > N. Only std::mt19937_64 is used from <random> (its output is fixed by the
// standard); every distribution is implemented here because libstdc++ and libc++ differ in theirs.
// The few libm calls (log, exp, cos, pow) are correctly rounded in glibc for practical purposes.
#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <cxxopts.hpp>

#include "corpus_model.h"

namespace {

namespace fs = std::filesystem;
using namespace gen_corpus;  // NOLINT(google-build-using-namespace): the generator's own model

constexpr int kGeneratorVersion = 1;  // bump whenever the output for a given seed changes

// Shape of the generated text.
constexpr double kRareShare = 0.03;       // tokens that are synthesised rare words
constexpr double kRareShape = 0.35;       // Pareto shape of rare-word ranks: P(R >= r) ~ r^-shape
constexpr double kRareScale = 20.0;       // the first rare ranks are not as common as "the"
constexpr double kRareCapitalised = 0.4;  // share of rare words that look like names
constexpr double kLengthMedian = 340;     // words per article: log-normal, mean ~400
constexpr double kLengthSigma = 0.55;
constexpr int kMinWords = 30;
constexpr int kMaxWords = 5000;
constexpr int kMaxSentenceWords = 40;
constexpr double kParagraphBreak = 0.3;  // after a sentence: start a new paragraph
constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2024;
constexpr int kCommonWords = 100;  // queries neither start nor end with one of these
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::uint64_t count = 0;
  std::string out;
  std::uint64_t seed = 42;
  fs::path source = "corpus";
  std::string queries;
  int query_count = 50;
  std::string stats;
};

// Rare words: rank r (1-based) of an unbounded vocabulary spelled from syllables, at least two;
// within a length the ranks are scrambled so that neighbours do not look alike.
class RareWords {
 public:
  RareWords() {
    static constexpr std::array<std::string_view, 34> kOnsets = {
        "b",  "c",  "d",  "f",  "g",  "h",  "j",  "k",  "l",   "m",  "n",  "p",
        "r",  "s",  "t",  "v",  "w",  "z",  "br", "ch", "cl",  "cr", "dr", "fl",
        "fr", "gl", "gr", "kr", "pl", "pr", "sh", "st", "str", "tr"};
    static constexpr std::array<std::string_view, 9> kNuclei = {"a",  "e",  "i",  "o", "u",
                                                                "ai", "ea", "ie", "ou"};
    for (const auto onset : kOnsets) {
      for (const auto nucleus : kNuclei) {
        syllables_.push_back(std::string(onset) + std::string(nucleus));
      }
    }
  }

  std::uint64_t sample_rank(Rng& rng) const {
    const double u = 1.0 - rng.uniform();  // (0, 1]
    const double r = kRareScale * std::pow(u, -1.0 / kRareShape) - kRareScale + 1.0;
    return r >= 1e12 ? static_cast<std::uint64_t>(1e12) : static_cast<std::uint64_t>(r);
  }

  void append(std::uint64_t rank, std::string& out) const {
    const std::uint64_t s = syllables_.size();
    std::uint64_t x = rank - 1;
    std::uint64_t block = s * s;
    int digits = 2;
    while (x >= block) {
      x -= block;
      block *= s;
      ++digits;
    }
    x = (x * kScramble + 1) % block;  // kScramble is coprime with s: a bijection of [0, block)
    const std::size_t start = out.size();
    for (int d = 0; d < digits; ++d) {
      out += syllables_[x % s];
      x /= s;
    }
    if (static_cast<double>(splitmix64(rank) >> 11) * 0x1.0p-53 < kRareCapitalised) {
      out[start] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[start])));
    }
  }

 private:
  static constexpr std::uint64_t kScramble = 3571;  // prime, does not divide 306^d
  std::vector<std::string> syllables_;
};

struct Article {
  std::string title;
  std::string text;
  std::string date;
  std::string author;
  std::uint64_t words = 0;
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
constexpr int days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string civil_from_days(int days) {
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  const int y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[40];  // room for any int, though y is 2000-2024 here
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

class Generator {
 public:
  Generator(const Model& model, std::uint64_t seed) : model_(model), seed_(seed) {}

  /// Fills `a` with article `index` (0-based): the same index, seed and model give the same text.
  void article(std::uint64_t index, Article& a);
  /// A 1-3 word query cut from a generated headline.
  std::string query(std::uint64_t index);
  /// Counts the distinct words generated from now on (memory grows with the vocabulary).
  void track_distinct() { source_used_.assign(model_.vocabulary(), false); }
  std::uint64_t distinct_words() const { return source_used_count_ + rare_used_.size(); }

 private:
  // Appends one word to `out`, or sets *is_punct for "." and ","; returns the next state.
  std::uint32_t word(std::uint32_t prev, Rng& rng, std::string& out, bool* is_punct);
  // Ends the sentence at the end of `text` (dropping a trailing comma or separator).
  static void end_sentence(std::string& text);

  const Model& model_;
  RareWords rare_;
  std::uint64_t seed_;
  std::vector<bool> source_used_;  // empty unless tracking
  std::uint64_t source_used_count_ = 0;
  std::unordered_set<std::uint64_t> rare_used_;
};

std::uint32_t Generator::word(std::uint32_t prev, Rng& rng, std::string& out, bool* is_punct) {
  *is_punct = false;
  if (rng.chance(kRareShare)) {
    const std::uint64_t rank = rare_.sample_rank(rng);
    if (!source_used_.empty()) {
      rare_used_.insert(rank);
    }
    rare_.append(rank, out);
    return Model::kNone;
  }
  const std::uint32_t id = model_.next(prev, rng);
  if (model_.is_punctuation(id)) {
    *is_punct = true;
    return id;
  }
  out += model_.word(id);
  if (!source_used_.empty() && !source_used_[id]) {
    source_used_[id] = true;
    ++source_used_count_;
  }
  return id;
}

void Generator::end_sentence(std::string& text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == ',')) {
    text.pop_back();
  }
  if (!text.empty() && text.back() != '.') {
    text += '.';
  }
}

void Generator::article(std::uint64_t index, Article& a) {
  Rng rng(splitmix64(seed_ ^ splitmix64(index)));
  a.title.clear();
  a.text.clear();

  // Title: 5-12 words, no punctuation, first letter upper case.
  const std::uint64_t title_words = 5 + rng.below(8);
  std::uint32_t state = model_.period();
  for (std::uint64_t w = 0; w < title_words;) {
    const std::size_t mark = a.title.size();
    if (w > 0) {
      a.title += ' ';
    }
    bool punct = false;
    const std::uint32_t next = word(state, rng, a.title, &punct);
    if (punct) {
      a.title.resize(mark);  // keep the state: draw another word after the same one
      continue;
    }
    state = next;
    ++w;
  }
  a.title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(a.title[0])));

  // Body: log-normal length, sentences from the model, paragraphs of a few sentences.
  const double length = std::clamp(kLengthMedian * std::exp(kLengthSigma * rng.normal()),
                                   static_cast<double>(kMinWords), static_cast<double>(kMaxWords));
  const auto target = static_cast<std::uint64_t>(length);
  std::uint64_t body_words = 0;
  int sentence_words = 0;
  state = model_.period();
  while (true) {
    if (body_words >= target || sentence_words >= kMaxSentenceWords) {
      end_sentence(a.text);
      if (body_words >= target) {
        break;
      }
      sentence_words = 0;
      state = model_.period();
      a.text += rng.chance(kParagraphBreak) ? "\n\n" : " ";
      continue;
    }
    const std::size_t mark = a.text.size();
    if (sentence_words > 0) {
      a.text += ' ';
    }
    bool punct = false;
    const std::uint32_t next = word(state, rng, a.text, &punct);
    if (punct) {
      a.text.resize(mark);
      if (sentence_words == 0 || a.text.back() == ',') {
        continue;  // neither a sentence nor a comma right after another
      }
      if (next == model_.comma()) {
        a.text += ',';
        state = next;
      } else {
        sentence_words = kMaxSentenceWords;  // ends the sentence at the top of the loop
      }
      continue;
    }
    if (sentence_words == 0) {
      a.text[mark] = static_cast<char>(std::toupper(static_cast<unsigned char>(a.text[mark])));
    }
    state = next;
    ++sentence_words;
    ++body_words;
  }
  a.words = title_words + body_words;

  constexpr int kFirstDay = days_from_civil(kFirstYear, 1, 1);
  constexpr int kDays = days_from_civil(kLastYear, 12, 31) - kFirstDay + 1;
  a.date = civil_from_days(kFirstDay + static_cast<int>(rng.below(kDays)));

  // Author: a Zipf-like pool (a few prolific writers): a first name and a rare-word surname.
  static constexpr std::array<std::string_view, 24> kFirstNames = {
      "Anna",  "Ben",   "Chloe", "David", "Elena", "Farid",  "Grace", "Hiro",
      "Ines",  "James", "Kemi",  "Liam",  "Maria", "Nikhil", "Olga",  "Pedro",
      "Quinn", "Rosa",  "Sam",   "Tariq", "Uma",   "Victor", "Wei",   "Zoe"};
  const std::uint64_t author = rare_.sample_rank(rng);
  a.author = kFirstNames[splitmix64(author) % kFirstNames.size()];
  a.author += ' ';
  const std::size_t surname_at = a.author.size();
  rare_.append(author + 1000, a.author);
  a.author[surname_at] =
      static_cast<char>(std::toupper(static_cast<unsigned char>(a.author[surname_at])));
}

// Neither starts nor ends on one of the most common words.
std::string Generator::query(std::uint64_t index) {
  Rng rng(splitmix64(seed_ ^ 0x51ULL) ^ splitmix64(index));
  const std::uint64_t pick = rng.below(100);
  const std::size_t want = pick < 30 ? 1 : pick < 75 ? 2 : 3;
  for (int attempt = 0; attempt < 50; ++attempt) {
    std::vector<std::pair<std::string, bool>> words;  // text, common
    std::uint32_t state = model_.period();
    while (words.size() < 8) {
      std::string w;
      bool punct = false;
      const std::uint32_t next = word(state, rng, w, &punct);
      if (punct) {
        continue;
      }
      const bool common = next != Model::kNone && next < kCommonWords;
      words.emplace_back(std::move(w), common);
      state = next;
    }
    for (std::size_t start = 0; start + want <= words.size(); ++start) {
      if (words[start].second || words[start + want - 1].second) {
        continue;
      }
      std::string q;
      for (std::size_t k = start; k < start + want; ++k) {
        q += (q.empty() ? "" : " ") + words[k].first;
      }
      std::transform(q.begin(), q.end(), q.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      return q;
    }
  }
  return "news";
}

void append_json_string(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xFU];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

class OutputFile {
 public:
  explicit OutputFile(std::string path) : path_(std::move(path)), part_(path_ + ".part") {
    file_ = std::fopen(part_.c_str(), "wb");
    if (file_ == nullptr) {
      throw std::runtime_error("cannot write " + part_);
    }
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile() {
    if (file_ != nullptr) {
      std::fclose(file_);
      std::remove(part_.c_str());
    }
  }

  std::string& buffer() { return buffer_; }
  std::uint64_t bytes() const { return bytes_ + buffer_.size(); }
  void flush_if_full() {
    if (buffer_.size() >= kFlushBytes) {
      flush();
    }
  }
  // Writes the rest and renames FILE.part to FILE, so a complete FILE is never half-written.
  void commit() {
    flush();
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (closed != 0 || std::rename(part_.c_str(), path_.c_str()) != 0) {
      std::remove(part_.c_str());
      throw std::runtime_error("cannot write " + path_);
    }
  }

 private:
  static constexpr std::size_t kFlushBytes = 4U << 20;
  void flush() {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      throw std::runtime_error("cannot write " + part_ + " (disk full?)");
    }
    bytes_ += buffer_.size();
    buffer_.clear();
  }

  std::string path_;
  std::string part_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  std::uint64_t bytes_ = 0;
};

Options parse_flags(int argc, char** argv) {
  cxxopts::Options spec("folio-gen-corpus",
                        "Write N synthetic articles as JSON Lines, from the word statistics of a "
                        "folder of real articles.");
  spec.custom_help("[--seed S] [--source DIR] [--queries FILE] [--stats FILE]");
  spec.positional_help("N OUT.jsonl");
  spec.add_options()("seed", "random seed (the same seed and source give the same corpus)",
                     cxxopts::value<std::uint64_t>()->default_value("42"))(
      "source", "folder of .txt/.md/.html articles to learn words from",
      cxxopts::value<std::string>()->default_value("corpus"))(
      "queries", "also write qid<TAB>query lines (1-3 words) to FILE",
      cxxopts::value<std::string>())("query-count", "number of queries",
                                     cxxopts::value<int>()->default_value("50"))(
      "stats", "write a JSON summary (bytes, words, distinct words, seconds) to FILE",
      cxxopts::value<std::string>())("version", "print the generator version")(
      "h,help", "print this help")("count", "", cxxopts::value<std::string>())(
      "out", "", cxxopts::value<std::string>());
  spec.parse_positional({"count", "out"});
  cxxopts::ParseResult args;
  try {
    args = spec.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    throw UsageError(e.what());
  }
  if (args.count("help") != 0U) {
    std::cout << spec.help()
              << "N may end in k or m (10k, 1m). Article i depends only on the "
                 "seed and the source, so smaller corpora are prefixes of larger.\n";
    std::exit(0);
  }
  if (args.count("version") != 0U) {
    std::cout << "folio-gen-corpus " << kGeneratorVersion << '\n';
    std::exit(0);
  }
  if (args.count("count") == 0U || args.count("out") == 0U) {
    throw UsageError("need N and OUT.jsonl");
  }
  Options o;
  const std::string n = args["count"].as<std::string>();
  std::size_t used = 0;
  try {
    o.count = std::stoull(n, &used);
  } catch (const std::exception&) {
    throw UsageError("N must be a number: " + n);
  }
  const std::string suffix = n.substr(used);
  if (suffix == "k" || suffix == "K") {
    o.count *= 1000;
  } else if (suffix == "m" || suffix == "M") {
    o.count *= 1000000;
  } else if (!suffix.empty()) {
    throw UsageError("N must be a number, optionally with k or m: " + n);
  }
  o.out = args["out"].as<std::string>();
  o.seed = args["seed"].as<std::uint64_t>();
  o.source = args["source"].as<std::string>();
  if (args.count("queries") != 0U) {
    o.queries = args["queries"].as<std::string>();
  }
  o.query_count = args["query-count"].as<int>();
  if (args.count("stats") != 0U) {
    o.stats = args["stats"].as<std::string>();
  }
  return o;
}

void write_queries(Generator& gen, const Options& o) {
  OutputFile out(o.queries);
  char qid[32];
  for (int q = 0; q < o.query_count; ++q) {
    std::snprintf(qid, sizeof qid, "syn-q%03d\t", q + 1);
    out.buffer() += qid + gen.query(static_cast<std::uint64_t>(q)) + '\n';
  }
  out.commit();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse_flags(argc, argv);
    const auto start = std::chrono::steady_clock::now();
    Model model;
    model.learn_folder(o.source);
    model.finish();
    if (!o.queries.empty()) {
      Generator query_gen(model, o.seed);
      write_queries(query_gen, o);
    }
    Generator gen(model, o.seed);
    if (!o.stats.empty()) {
      gen.track_distinct();
    }

    OutputFile out(o.out);
    Article a;
    std::uint64_t words = 0;
    std::uint64_t text_bytes = 0;
    std::string id;
    for (std::uint64_t i = 0; i < o.count; ++i) {
      gen.article(i, a);
      words += a.words;
      text_bytes += a.title.size() + a.text.size();
      std::string& buf = out.buffer();
      id = std::to_string(i + 1);  // at least 6 digits, and ids never depend on N
      buf += "{\"id\":\"syn-";
      buf.append(id.size() < 6 ? 6 - id.size() : 0, '0');
      buf += id;
      buf += "\",\"title\":";
      append_json_string(a.title, buf);
      buf += ",\"text\":";
      append_json_string(a.text, buf);
      buf += ",\"date\":\"";
      buf += a.date;
      buf += "\",\"author\":";
      append_json_string(a.author, buf);
      buf += "}\n";
      out.flush_if_full();
    }
    const std::uint64_t file_bytes = out.bytes();
    out.commit();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::cerr << "folio-gen-corpus: " << o.count << " articles, " << words << " words, "
              << static_cast<double>(file_bytes) / 1e6 << " MB in " << seconds << " s (learned "
              << model.tokens() << " tokens, " << model.vocabulary() << " distinct, from "
              << model.files() << " files under " << o.source.string() << ")\n";
    if (!o.stats.empty()) {
      OutputFile stats(o.stats);
      std::string& s = stats.buffer();
      s += "{\"generator_version\":" + std::to_string(kGeneratorVersion) +
           ",\"seed\":" + std::to_string(o.seed) + ",\"source\":";
      append_json_string(o.source.string(), s);
      s += ",\"source_files\":" + std::to_string(model.files()) +
           ",\"source_tokens\":" + std::to_string(model.tokens()) +
           ",\"source_vocabulary\":" + std::to_string(model.vocabulary()) +
           ",\"articles\":" + std::to_string(o.count) + ",\"words\":" + std::to_string(words) +
           ",\"distinct_words\":" + std::to_string(gen.distinct_words()) +
           ",\"text_bytes\":" + std::to_string(text_bytes) +
           ",\"file_bytes\":" + std::to_string(file_bytes) +
           ",\"seconds\":" + std::to_string(seconds) + "}\n";
      stats.commit();
    }
    return 0;
  } catch (const UsageError& e) {
    std::cerr << "folio-gen-corpus: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "folio-gen-corpus: " << e.what() << '\n';
    return 1;
  }
}
