// Tests of the language each article is analysed in: the index's setting, a declared language
// before a detected one, the default for text nobody can place; and analysers by language.
#include "text/article_language.h"

#include <gtest/gtest.h>

#include "folio/error.h"

namespace folio::text {
namespace {

Article article(std::string title, std::string body, std::string declared = "") {
  Article a;
  a.title = std::move(title);
  a.body = std::move(body);
  a.language = std::move(declared);
  return a;
}

const Article kGerman = article("Bahnstreik legt den Fernverkehr lahm",
                                "Wegen des Streiks der Lokführer fielen am Montag die meisten "
                                "Fernzüge aus. Pendler mussten auf Busse und Autos umsteigen.");
const Article kEnglish = article("Rail strike halts long-distance trains",
                                 "Because of the drivers' strike most long-distance trains were "
                                 "cancelled on Monday. Commuters took buses and cars instead.");

TEST(LanguageSettingTest, ParsesAutoNoneAndLanguagesByCodeTagOrName) {
  EXPECT_TRUE(LanguageSetting::parse("auto").detect);
  EXPECT_EQ(LanguageSetting::parse("auto").code, "en");  // the default for undetermined text
  EXPECT_EQ(LanguageSetting::parse("auto").canonical(), "auto");
  EXPECT_EQ(LanguageSetting::parse("none").canonical(), "none");
  EXPECT_EQ(LanguageSetting::parse("none").code, "");
  for (const char* german : {"de", "german", "German", "de-CH"}) {
    const LanguageSetting s = LanguageSetting::parse(german);
    EXPECT_FALSE(s.detect) << german;
    EXPECT_EQ(s.canonical(), "de") << german;
  }
  EXPECT_EQ(LanguageSetting::parse("pt-BR").canonical(), "pt");
  EXPECT_EQ(LanguageSetting::parse("zh").canonical(), "zh");  // a language without a stemmer
  EXPECT_THROW(LanguageSetting::parse("klingonish"), ConfigError);
}

TEST(ArticleLanguageTest, UndeclaredArticlesAreDetected) {
  const LanguageSetting detect = LanguageSetting::parse("auto");
  EXPECT_EQ(article_language(kGerman, detect), "de");
  EXPECT_EQ(article_language(kEnglish, detect), "en");
}

TEST(ArticleLanguageTest, ADeclaredLanguageBeatsDetection) {
  const LanguageSetting detect = LanguageSetting::parse("auto");
  Article a = kEnglish;
  a.language = "fr-CA";
  EXPECT_EQ(article_language(a, detect), "fr");
  a.language = "x-default";  // not a language: detection decides
  EXPECT_EQ(article_language(a, detect), "en");
}

TEST(ArticleLanguageTest, TextNobodyCanPlaceGetsTheDefault) {
  EXPECT_EQ(article_language(article("2024", "12 345 678"), LanguageSetting::parse("auto")), "en");
  EXPECT_EQ(article_language(article("", ""), LanguageSetting::parse("auto")), "en");
}

TEST(ArticleLanguageTest, AFixedLanguageIsEveryArticles) {
  Article declared = kGerman;
  declared.language = "de";
  EXPECT_EQ(article_language(declared, LanguageSetting::parse("french")), "fr");
  EXPECT_EQ(article_language(kEnglish, LanguageSetting::parse("fr")), "fr");
  EXPECT_EQ(article_language(kGerman, LanguageSetting::parse("none")), "");
}

TEST(ArticleLanguageTest, StemmersByCode) {
  EXPECT_EQ(stemmer_for("de"), "german");
  EXPECT_EQ(stemmer_for("pt"), "portuguese");
  EXPECT_EQ(stemmer_for("zh"), "none");  // ICU word breaking, no stemmer
  EXPECT_EQ(stemmer_for("pl"), "none");  // no Snowball stemmer
  EXPECT_EQ(stemmer_for(""), "none");
  EXPECT_EQ(stemmer_for("qq"), "none");
}

TEST(ArticleLanguageTest, AnalyzersAreMadeOnceAStemmer) {
  Analyzers analyzers;
  Analyzer& german = analyzers.by_code("de");
  EXPECT_EQ(&analyzers.by_stemmer("german"), &german);
  EXPECT_EQ(&analyzers.by_code("de-AT"), &german);
  EXPECT_NE(&analyzers.by_code("en"), &german);
  EXPECT_EQ(german.terms("Häusern"), (std::vector<std::string>{"haus"}));
  EXPECT_EQ(&analyzers.by_code("ja"), &analyzers.by_code("zh"));  // both "none"
}

}  // namespace
}  // namespace folio::text
