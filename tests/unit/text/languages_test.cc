// Tests of the language table (codes, tags, names, stemmers) and the embedded stop lists.
#include "text/languages.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <libstemmer.h>

#include "text/stopword_data.h"

namespace folio::text {
namespace {

using Strings = std::vector<std::string>;

// The stemmers libstemmer has, as sb_stemmer_list() names them.
Strings libstemmer_stemmers() {
  Strings out;
  for (const char** name = sb_stemmer_list(); *name != nullptr; ++name) {
    out.emplace_back(*name);
  }
  return out;
}

// Snowball stemmers with no language of their own: "porter" is the older English one.
bool has_own_language(const std::string& stemmer) { return stemmer != "porter"; }

// The code find_language() answers, or "(null)".
std::string code_of(std::string_view tag) {
  const Language* l = find_language(tag);
  return l != nullptr ? std::string(l->code) : "(null)";
}

struct TagCase {
  std::string_view tag;
  std::string_view code;
};

void expect_codes(const std::vector<TagCase>& cases) {
  for (const TagCase& c : cases) {
    EXPECT_EQ(code_of(c.tag), c.code) << "tag '" << c.tag << "'";
  }
}

TEST(LanguagesTest, KnownLanguagesAreEveryIso6391CodeInCodeOrder) {
  const auto langs = known_languages();
  EXPECT_EQ(langs.size(), 184U);
  for (std::size_t i = 0; i < langs.size(); ++i) {
    const Language& l = langs[i];
    EXPECT_EQ(l.code.size(), 2U) << l.code;
    EXPECT_TRUE(std::all_of(l.code.begin(), l.code.end(), [](char c) {
      return c >= 'a' && c <= 'z';
    })) << l.code;
    EXPECT_FALSE(l.name.empty()) << l.code;
    EXPECT_EQ(l.name.find_first_of(";,("), std::string_view::npos) << l.code << " " << l.name;
    EXPECT_FALSE(l.stemmer.empty()) << l.code;
    if (i > 0) {
      EXPECT_LT(langs[i - 1].code, l.code);
    }
  }
}

TEST(LanguagesTest, NamesAreShortCommonNames) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {"de", "German"},
      {"el", "Greek"},
      {"es", "Spanish"},
      {"nl", "Dutch"},
      {"ca", "Catalan"},
      {"ro", "Romanian"},
      {"no", "Norwegian"},
      {"nb", "Norwegian Bokmål"},
      {"nn", "Norwegian Nynorsk"},
      {"gd", "Scottish Gaelic"},
      {"ia", "Interlingua"},
      {"zh", "Chinese"}};
  for (const auto& [code, name] : cases) {
    const Language* l = find_language(code);
    ASSERT_NE(l, nullptr) << code;
    EXPECT_EQ(l->name, name) << code;
  }
}

TEST(LanguagesTest, FindsTwoLetterCodes) {
  expect_codes({{"de", "de"}, {"en", "en"}, {"DE", "de"}, {"zh", "zh"}, {"yo", "yo"}});
}

TEST(LanguagesTest, FindsBcp47TagsByTheirPrimarySubtag) {
  expect_codes({{"de-CH", "de"},
                {"pt_BR", "pt"},
                {"zh-Hant-TW", "zh"},
                {" FR ", "fr"},
                {"\tEN-us\n", "en"},
                {"nb-NO", "nb"},
                {"sr-Latn", "sr"},
                {"deu-DE", "de"}});
}

TEST(LanguagesTest, FindsWithdrawnCodes) {
  expect_codes({{"iw", "he"}, {"in", "id"}, {"ji", "yi"}, {"iw-IL", "he"}});
}

TEST(LanguagesTest, NorwegianBokmalAndNynorskUseTheNorwegianStemmer) {
  for (std::string_view code : {"no", "nb", "nn"}) {
    const Language* l = find_language(code);
    ASSERT_NE(l, nullptr) << code;
    EXPECT_EQ(l->code, code);
    EXPECT_EQ(l->stemmer, "norwegian") << code;
  }
  EXPECT_EQ(code_of("norwegian"), "no");
}

TEST(LanguagesTest, FindsThreeLetterCodes) {
  expect_codes({{"deu", "de"},
                {"ger", "de"},
                {"fra", "fr"},
                {"fre", "fr"},
                {"zho", "zh"},
                {"chi", "zh"},
                {"ENG", "en"},
                {"nob", "nb"},
                {"ell", "el"},
                {"gre", "el"}});
}

TEST(LanguagesTest, FindsEnglishNamesCaseInsensitively) {
  expect_codes({{"German", "de"},
                {"german", "de"},
                {"GERMAN", "de"},
                {" Greek ", "el"},
                {"Norwegian Bokmål", "nb"},
                {"NORWEGIAN BOKMÅL", "nb"},
                {"scottish gaelic", "gd"}});
}

TEST(LanguagesTest, EachStemmerNameFindsItsOwnLanguage) {
  for (const std::string& stemmer : libstemmer_stemmers()) {
    const Language* l = find_language(stemmer);
    ASSERT_NE(l, nullptr) << stemmer;
    if (has_own_language(stemmer)) {
      EXPECT_EQ(l->stemmer, stemmer);
    } else {
      EXPECT_EQ(l->code, "en") << stemmer;
    }
  }
}

TEST(LanguagesTest, EveryLibstemmerStemmerHasALanguage) {
  const auto langs = known_languages();
  for (const std::string& stemmer : libstemmer_stemmers()) {
    if (!has_own_language(stemmer)) {
      continue;
    }
    EXPECT_TRUE(std::any_of(langs.begin(), langs.end(), [&](const Language& l) {
      return l.stemmer == stemmer;
    })) << stemmer;
  }
}

TEST(LanguagesTest, EveryStemmerOfTheTableIsInLibstemmer) {
  const Strings stemmers = libstemmer_stemmers();
  for (const Language& l : known_languages()) {
    if (l.stemmer != "none") {
      EXPECT_NE(std::find(stemmers.begin(), stemmers.end(), l.stemmer), stemmers.end())
          << l.code << " " << l.stemmer;
    }
  }
}

TEST(LanguagesTest, UnknownTagsAreNull) {
  for (std::string_view tag : {"", "   ", "xx", "x", "q-abc", "und", "mul", "zxx", "mis", "abcd",
                               "Klingon", "none", "x-private", "-de", "English language"}) {
    EXPECT_EQ(find_language(tag), nullptr) << "tag '" << tag << "'";
  }
}

TEST(LanguagesTest, StopListsHaveTheirCommonestWords) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {"german", "und"},  {"german", "der"},  {"french", "les"}, {"russian", "и"},
      {"spanish", "que"}, {"dutch", "het"},   {"turkish", "ve"}, {"greek", "και"},
      {"irish", "b'"},    {"english", "the"}, {"porter", "the"}};
  for (const auto& [stemmer, word] : cases) {
    const Strings& words = stopwords(stemmer);
    EXPECT_TRUE(std::binary_search(words.begin(), words.end(), word)) << stemmer << " " << word;
  }
}

TEST(LanguagesTest, EnglishStopListIsTheAnalyzersQueryStopwords) {
  // A copy of kEnglishQueryStopwords in text/analyzer.cc: the Snowball English list.
  const Strings query_stopwords = {
      "a",         "about",      "above",   "after",    "again",     "against",    "all",
      "am",        "an",         "and",     "any",      "are",       "aren't",     "as",
      "at",        "be",         "because", "been",     "before",    "being",      "below",
      "between",   "both",       "but",     "by",       "can't",     "cannot",     "could",
      "couldn't",  "did",        "didn't",  "do",       "does",      "doesn't",    "doing",
      "don't",     "down",       "during",  "each",     "few",       "for",        "from",
      "further",   "had",        "hadn't",  "has",      "hasn't",    "have",       "haven't",
      "having",    "he",         "he'd",    "he'll",    "he's",      "her",        "here",
      "here's",    "hers",       "herself", "him",      "himself",   "his",        "how",
      "how's",     "i",          "i'd",     "i'll",     "i'm",       "i've",       "if",
      "in",        "into",       "is",      "isn't",    "it",        "it's",       "its",
      "itself",    "let's",      "me",      "more",     "most",      "mustn't",    "my",
      "myself",    "no",         "nor",     "not",      "of",        "off",        "on",
      "once",      "only",       "or",      "other",    "ought",     "our",        "ours",
      "ourselves", "out",        "over",    "own",      "same",      "shan't",     "she",
      "she'd",     "she'll",     "she's",   "should",   "shouldn't", "so",         "some",
      "such",      "than",       "that",    "that's",   "the",       "their",      "theirs",
      "them",      "themselves", "then",    "there",    "there's",   "these",      "they",
      "they'd",    "they'll",    "they're", "they've",  "this",      "those",      "through",
      "to",        "too",        "under",   "until",    "up",        "very",       "was",
      "wasn't",    "we",         "we'd",    "we'll",    "we're",     "we've",      "were",
      "weren't",   "what",       "what's",  "when",     "when's",    "where",      "where's",
      "which",     "while",      "who",     "who's",    "whom",      "why",        "why's",
      "with",      "won't",      "would",   "wouldn't", "you",       "you'd",      "you'll",
      "you're",    "you've",     "your",    "yours",    "yourself",  "yourselves",
  };
  ASSERT_EQ(query_stopwords.size(), 174U);
  EXPECT_EQ(stopwords("english"), query_stopwords);
  EXPECT_EQ(stopwords("porter"), query_stopwords);
}

TEST(LanguagesTest, StopListsAreFoldedSortedAndUnique) {
  for (const StopwordFile& file : stopword_files()) {
    const Strings& words = stopwords(file.stemmer);
    EXPECT_FALSE(words.empty()) << file.stemmer;
    EXPECT_TRUE(std::is_sorted(words.begin(), words.end())) << file.stemmer;
    EXPECT_EQ(std::adjacent_find(words.begin(), words.end()), words.end()) << file.stemmer;
    for (const std::string& w : words) {
      EXPECT_FALSE(w.empty()) << file.stemmer;
      // No comment text, no upper case, no curly apostrophe, no final sigma.
      EXPECT_EQ(w.find_first_of("|#ABCDEFGHIJKLMNOPQRSTUVWXYZ \t\r"), std::string::npos)
          << file.stemmer << " '" << w << "'";
      EXPECT_EQ(w.find("\u2019"), std::string::npos) << file.stemmer << " '" << w << "'";
      EXPECT_EQ(w.find("ς"), std::string::npos) << file.stemmer << " '" << w << "'";
    }
  }
}

TEST(LanguagesTest, EachStopListIsOfAStemmerWithALanguage) {
  const Strings stemmers = libstemmer_stemmers();
  std::set<std::string_view> seen;
  for (const StopwordFile& file : stopword_files()) {
    EXPECT_TRUE(seen.insert(file.stemmer).second) << file.stemmer;
    EXPECT_NE(std::find(stemmers.begin(), stemmers.end(), file.stemmer), stemmers.end())
        << file.stemmer;
    const Language* l = find_language(file.stemmer);
    ASSERT_NE(l, nullptr) << file.stemmer;
    EXPECT_EQ(l->stemmer, file.stemmer);
  }
  EXPECT_EQ(seen.size(), 25U);
}

TEST(LanguagesTest, NoneAndStemmersWithoutAListHaveNoStopwords) {
  for (std::string_view stemmer : {"none", "serbian", "tamil", "yiddish", "klingon", ""}) {
    EXPECT_TRUE(stopwords(stemmer).empty()) << stemmer;
  }
}

}  // namespace
}  // namespace folio::text
