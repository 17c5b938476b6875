// The text analyser: ICU normalisation and word breaking, stopwords, Snowball stemming, folding.
#include "folio/analyzer.h"

#include <algorithm>
#include <array>

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include "folio/error.h"

#include "text/hash.h"
#include "text/languages.h"

namespace folio {
namespace {

// Lucene's English stopword set: short on purpose, since every dropped word is a query that
// can no longer be answered, and BM25's idf already discounts the remaining common words.
constexpr std::array<std::string_view, 33> kEnglishStopwords = {
    "a",   "an",    "and",  "are",   "as",    "at",   "be",   "but", "by",  "for",  "if",
    "in",  "into",  "is",   "it",    "no",    "not",  "of",   "on",  "or",  "such", "that",
    "the", "their", "then", "there", "these", "they", "this", "to",  "was", "will", "with"};

// Word-break rule statuses (ubrk.h): below 100 is space or punctuation; 200..299 are letters.
constexpr int32_t kWordNoneLimit = UBRK_WORD_NONE_LIMIT;
constexpr int32_t kWordLetter = UBRK_WORD_LETTER;
constexpr int32_t kWordLetterLimit = UBRK_WORD_LETTER_LIMIT;

// The cache of word -> term is cleared when it grows past this; news vocabularies repeat a lot.
constexpr std::size_t kMaxCacheEntries = 200000;

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_latin(UChar32 c) {
  return c < 0x250 || (c >= 0x1E00 && c < 0x1F00) || (c >= 0x2C60 && c < 0x2C80) ||
         (c >= 0xA720 && c < 0xA800);
}

// Latin letters that carry a diacritic but have no canonical decomposition.
const char16_t* fold_special(UChar32 c) {
  switch (c) {
    case 0x00F8:
      return u"o";  // ø
    case 0x00E6:
      return u"ae";  // æ
    case 0x0153:
      return u"oe";  // œ
    case 0x0142:
      return u"l";  // ł
    case 0x0111:    // đ
    case 0x00F0:    // ð
      return u"d";
    case 0x00FE:
      return u"th";  // þ
    case 0x0131:
      return u"i";  // dotless ı
    case 0x0127:
      return u"h";  // ħ
    default:
      return nullptr;
  }
}

}  // namespace

class Analyzer::Impl {
 public:
  explicit Impl(std::string_view language) {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
    nfd_ = icu::Normalizer2::getNFDInstance(status);
    nfc_ = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) {
      throw Error(std::string("ICU normaliser data unavailable: ") + u_errorName(status));
    }
    breaker_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !breaker_) {
      throw Error(std::string("ICU word breaker unavailable: ") + u_errorName(status));
    }
    std::string name(language);
    if (const text::Language* l = text::find_language(language); l != nullptr && name != "porter") {
      name = l->stemmer;  // a code or name ("de", "German") for its stemmer
    }
    if (name != "none") {
      stemmer_ = sb_stemmer_new(name.c_str(), "UTF_8");
      if (stemmer_ == nullptr) {
        throw ConfigError("unknown language '" + std::string(language) +
                          "' (see --help for the list)");
      }
    }
    english_stopwords_ = name == "english" || name == "porter";
    // The Snowball stop list of the language: function words the query parser leaves out.
    query_stopwords_ = &text::stopwords(name == "porter" ? "english" : name);
    // The English stemmers' alphabet has no accents ("résumé" would keep its "é" and miss
    // "resume"), so English folds before stemming; other stemmers use their accents, so for
    // them folding waits until after stemming.
    fold_first_ = english_stopwords_;
  }

  ~Impl() {
    if (stemmer_ != nullptr) {
      sb_stemmer_delete(stemmer_);
    }
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  bool is_query_stopword(std::string_view w) const {
    return std::binary_search(query_stopwords_->begin(), query_stopwords_->end(), w);
  }

  bool is_stopword(std::string_view w) const {
    return english_stopwords_ && std::find(kEnglishStopwords.begin(), kEnglishStopwords.end(), w) !=
                                     kEnglishStopwords.end();
  }

  std::uint32_t analyze(std::string_view text, std::vector<Token>& out, std::uint32_t pos,
                        WordCounts* spelling) {
    UErrorCode status = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status)) {
      throw Error(std::string("ICU cannot read text: ") + u_errorName(status));
    }
    breaker_->setText(ut, status);
    if (U_FAILURE(status)) {
      utext_close(ut);
      throw Error(std::string("ICU word breaker failed: ") + u_errorName(status));
    }
    int32_t begin = breaker_->first();
    for (int32_t end = breaker_->next(); end != icu::BreakIterator::DONE;
         begin = end, end = breaker_->next()) {
      const int32_t rule = breaker_->getRuleStatus();
      if (rule < kWordNoneLimit) {
        continue;
      }
      const std::string_view word = text.substr(begin, end - begin);
      const bool letters = rule >= kWordLetter && rule < kWordLetterLimit;
      const Entry* entry = lookup(word, letters);
      if (entry == nullptr) {
        continue;  // too long to be a word
      }
      if (!entry->term.empty()) {
        out.push_back(Token{entry->term, pos, static_cast<std::size_t>(begin),
                            static_cast<std::size_t>(end)});
        if (spelling != nullptr && !entry->spelling.empty()) {
          if (auto it = spelling->find(entry->spelling); it != spelling->end()) {
            ++it->second;
          } else {
            spelling->emplace(entry->spelling, 1);
          }
        }
      }
      ++pos;  // stopwords keep their place, so phrases do not bridge them
    }
    utext_close(ut);
    breaker_->setText(icu::UnicodeString());  // drop the pointer into `text`
    return pos;
  }

  std::string spelling_word(std::string_view word) {
    UErrorCode status = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, word.data(), static_cast<int64_t>(word.size()), &status);
    if (U_FAILURE(status)) {
      return {};
    }
    breaker_->setText(ut, status);
    std::string out;
    if (U_SUCCESS(status)) {
      const int32_t begin = breaker_->first();
      const int32_t end = breaker_->next();
      // Only a single word: "covid-19" has no spelling of its own.
      if (end != icu::BreakIterator::DONE && breaker_->next() == icu::BreakIterator::DONE) {
        const int32_t rule = breaker_->getRuleStatus();
        const bool letters = rule >= kWordLetter && rule < kWordLetterLimit;
        if (const Entry* e = lookup(word.substr(begin, end - begin), letters)) {
          out = e->spelling;
        }
      }
    }
    utext_close(ut);
    breaker_->setText(icu::UnicodeString());
    return out;
  }

 private:
  struct Entry {
    std::uint64_t hash;
    std::string word;
    std::string term;
    std::string spelling;  // what spelling data records of the word; empty: nothing
    bool ignore;
  };

  // The entry for one word (term empty for a stopword), nullptr for a word to ignore (too long);
  // valid until the next look-up.
  //
  // Every token of every article comes here: the cache is an open-addressing table of entry
  // numbers (a power of two slots, at most half full) over entries kept in one array, each
  // with its XXH3 hash, so that a hit costs one slot and one entry to read. Look-ups took 1.7
  // times as long with std::unordered_map (a division for the bucket, then a node to chase;
  // perf on Reuters: 5.7% of an indexing run against 3.3%).
  const Entry* lookup(std::string_view word, bool letters) {
    if (word.size() > kMaxTermBytes * 4) {
      return nullptr;
    }
    const std::uint64_t hash = text::hash64(word);
    std::size_t slot = hash & (slots_.size() - 1);
    for (; slots_[slot] != 0; slot = (slot + 1) & (slots_.size() - 1)) {
      const Entry& e = entries_[slots_[slot] - 1];
      if (e.hash == hash && e.word == word) {
        return e.ignore ? nullptr : &e;
      }
    }
    if (entries_.size() >= kMaxCacheEntries) {
      entries_.clear();
      std::fill(slots_.begin(), slots_.end(), 0);
      slot = free_slot(hash);
    }
    std::string spelling;
    std::string term = make_term(word, letters, spelling);
    const bool too_long = term.size() > kMaxTermBytes;
    entries_.push_back(
        Entry{hash, std::string(word), std::move(term), std::move(spelling), too_long});
    slots_[slot] = static_cast<std::uint32_t>(entries_.size());
    if (entries_.size() * 2 > slots_.size()) {  // grow: twice the slots, entries placed again
      slots_.assign(slots_.size() * 2, 0);
      for (std::size_t i = 0; i < entries_.size(); ++i) {
        slots_[free_slot(entries_[i].hash)] = static_cast<std::uint32_t>(i + 1);
      }
    }
    const Entry& e = entries_.back();
    return e.ignore ? nullptr : &e;
  }

  // The first free slot from `hash`'s own on.
  std::size_t free_slot(std::uint64_t hash) const {
    std::size_t s = hash & (slots_.size() - 1);
    while (slots_[s] != 0) {
      s = (s + 1) & (slots_.size() - 1);
    }
    return s;
  }

  // The term of `word`; sets `spelling` to its spelling form, or leaves it empty.
  std::string make_term(std::string_view word, bool letters, std::string& spelling) {
    std::string folded;
    const bool ascii = is_ascii(word);
    if (ascii) {
      folded.resize(word.size());
      std::transform(word.begin(), word.end(), folded.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      });
    } else {
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString u = nfkc_cf_->normalize(icu::UnicodeString::fromUTF8(word), status);
      if (U_FAILURE(status)) {
        return {};
      }
      u.findAndReplace(icu::UnicodeString(u'\u2019'), icu::UnicodeString(u'\''));
      u.findAndReplace(icu::UnicodeString(u'\u02BC'), icu::UnicodeString(u'\''));
      u.toUTF8String(folded);
    }
    strip_separators(folded);
    if (folded.empty() || is_stopword(folded)) {
      return {};
    }
    if (!ascii && fold_first_) {
      folded = fold_diacritics(folded);
    }
    std::string term = letters ? stem(folded) : folded;
    if (!ascii && !fold_first_) {
      term = fold_diacritics(term);
    }
    // Letters only (ICU's letter status excludes numbers, kana and ideographs), long enough
    // to have a plausible misspelling, and short enough to be a term.
    const auto chars =
        ascii ? folded.size()
              : static_cast<std::size_t>(icu::UnicodeString::fromUTF8(folded).countChar32());
    if (letters && term.size() <= kMaxTermBytes && chars >= kMinSpellingChars) {
      spelling = folded;
    }
    return term;
  }

  // "u.k" -> "uk" (acronyms: letters and dots only); "2,000" -> "2000" (digit groups).
  static void strip_separators(std::string& w) {
    if (w.find('.') != std::string::npos) {
      const bool acronym = std::all_of(w.begin(), w.end(), [](char c) {
        return c == '.' || (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
      });
      if (acronym) {
        std::erase(w, '.');
      }
    }
    if (w.find(',') != std::string::npos) {
      const bool number = std::all_of(w.begin(), w.end(), [](char c) {
        return c == ',' || c == '.' || (c >= '0' && c <= '9');
      });
      if (number) {
        std::erase(w, ',');
      }
    }
  }

  std::string stem(const std::string& w) {
    if (stemmer_ == nullptr) {
      return w;
    }
    const sb_symbol* s = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(w.data()),
                                         static_cast<int>(w.size()));
    if (s == nullptr) {  // out of memory inside libstemmer: keep the unstemmed word
      return w;
    }
    return std::string(reinterpret_cast<const char*>(s), sb_stemmer_length(stemmer_));
  }

  // Removes combining marks from Latin letters ("café" -> "cafe"); other scripts keep theirs
  // (Japanese voiced kana and Cyrillic й are distinct letters, not accented ones).
  std::string fold_diacritics(const std::string& w) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString decomposed = nfd_->normalize(icu::UnicodeString::fromUTF8(w), status);
    if (U_FAILURE(status)) {
      return w;
    }
    icu::UnicodeString kept;
    UChar32 base = 0;
    for (int32_t i = 0; i < decomposed.length();) {
      const UChar32 c = decomposed.char32At(i);
      i += U16_LENGTH(c);
      if (u_charType(c) == U_NON_SPACING_MARK && is_latin(base)) {
        continue;
      }
      base = c;
      if (const char16_t* f = fold_special(c)) {
        kept.append(icu::UnicodeString(f));
      } else {
        kept.append(c);
      }
    }
    const icu::UnicodeString composed = nfc_->normalize(kept, status);
    if (U_FAILURE(status)) {
      return w;
    }
    std::string out;
    composed.toUTF8String(out);
    return out;
  }

  const icu::Normalizer2* nfkc_cf_ = nullptr;
  const icu::Normalizer2* nfd_ = nullptr;
  const icu::Normalizer2* nfc_ = nullptr;
  std::unique_ptr<icu::BreakIterator> breaker_;
  sb_stemmer* stemmer_ = nullptr;
  bool english_stopwords_ = false;
  const std::vector<std::string>* query_stopwords_ = nullptr;  // sorted
  bool fold_first_ = false;
  std::vector<Entry> entries_;  // the cache (lookup())
  std::vector<std::uint32_t> slots_ =
      std::vector<std::uint32_t>(1024);  // entry number + 1, 0: free
};

Analyzer::Analyzer(std::string_view language)
    : language_(language), impl_(std::make_unique<Impl>(language)) {}

Analyzer::~Analyzer() = default;

std::uint32_t Analyzer::analyze(std::string_view text, std::vector<Token>& out,
                                std::uint32_t first_position, WordCounts* spelling) {
  return impl_->analyze(text, out, first_position, spelling);
}

std::string Analyzer::spelling_word(std::string_view word) { return impl_->spelling_word(word); }

std::vector<std::string> Analyzer::terms(std::string_view text) {
  std::vector<Token> tokens;
  impl_->analyze(text, tokens, 1, nullptr);
  std::vector<std::string> result;
  result.reserve(tokens.size());
  for (auto& t : tokens) {
    result.push_back(std::move(t.term));
  }
  return result;
}

bool Analyzer::is_stopword(std::string_view folded_word) const {
  return impl_->is_stopword(folded_word);
}

bool Analyzer::is_query_stopword(std::string_view folded_word) const {
  return impl_->is_query_stopword(folded_word);
}

std::vector<std::string> Analyzer::languages() {
  std::vector<std::string> names;
  for (const char** p = sb_stemmer_list(); *p != nullptr; ++p) {
    names.emplace_back(*p);
  }
  names.emplace_back("none");
  return names;
}

}  // namespace folio
