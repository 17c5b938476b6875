// Tests of language detection: paragraphs and short titles in ten languages, no answer for
// text without a language, the hint, the byte limit, and bytes CLD2 would refuse.
#include "text/detect.h"

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace folio::text {
namespace {

using namespace std::string_literals;  // "\0" inside literals needs the ""s form

struct Case {
  const char* expected;
  const char* title;
  const char* body;
};

const std::vector<Case>& paragraphs() {
  static const std::vector<Case> cases = {
      {"en", "Council approves new budget",
       "The city council voted on Tuesday evening to approve a budget that raises spending on "
       "schools and public transport, after months of debate about whether the town could "
       "afford to hire more teachers without increasing local taxes."},
      {"de", "Stadtrat beschließt neuen Haushalt",
       "Der Stadtrat hat am Dienstagabend einen Haushalt beschlossen, der mehr Geld für Schulen "
       "und den öffentlichen Nahverkehr vorsieht. Zuvor war monatelang darüber gestritten "
       "worden, ob sich die Stadt zusätzliche Lehrer leisten kann, ohne die Steuern zu erhöhen."},
      {"fr", "Le conseil municipal adopte un nouveau budget",
       "Le conseil municipal a adopté mardi soir un budget qui augmente les dépenses pour les "
       "écoles et les transports publics, après des mois de débat sur la question de savoir si "
       "la ville pouvait embaucher davantage d'enseignants sans augmenter les impôts locaux."},
      {"es", "El ayuntamiento aprueba un nuevo presupuesto",
       "El ayuntamiento aprobó el martes por la noche un presupuesto que aumenta el gasto en "
       "escuelas y transporte público, después de meses de debate sobre si la ciudad podía "
       "permitirse contratar más profesores sin subir los impuestos municipales."},
      {"it", "Il consiglio comunale approva il nuovo bilancio",
       "Il consiglio comunale ha approvato martedì sera un bilancio che aumenta la spesa per le "
       "scuole e i trasporti pubblici, dopo mesi di discussione sulla possibilità per la città "
       "di assumere più insegnanti senza aumentare le tasse locali."},
      {"nl", "Gemeenteraad keurt nieuwe begroting goed",
       "De gemeenteraad heeft dinsdagavond een begroting goedgekeurd die meer geld uittrekt "
       "voor scholen en het openbaar vervoer, na maanden van discussie over de vraag of de stad "
       "extra leraren kon aannemen zonder de gemeentelijke belastingen te verhogen."},
      {"pt", "Câmara municipal aprova novo orçamento",
       "A câmara municipal aprovou na noite de terça-feira um orçamento que aumenta os gastos "
       "com escolas e transportes públicos, depois de meses de debate sobre se a cidade poderia "
       "contratar mais professores sem aumentar os impostos locais."},
      {"ru", "Городской совет утвердил новый бюджет",
       "Во вторник вечером городской совет утвердил бюджет, который увеличивает расходы на "
       "школы и общественный транспорт. Этому предшествовали месяцы споров о том, может ли "
       "город нанять больше учителей, не повышая местные налоги."},
      {"zh", "市议会通过新预算",
       "市议会星期二晚上投票通过了一项预算，增加了对学校和公共交通的支出。此前，关于该市能否在"
       "不提高地方税的情况下聘请更多教师的问题，议员们争论了好几个月。"},
      {"ja", "市議会が新しい予算を可決",
       "市議会は火曜日の夜、学校と公共交通機関への支出を増やす予算案を可決した。地方税を上げずに"
       "教員を増やすことができるかどうかについて、数か月にわたって議論が続いていた。"},
  };
  return cases;
}

TEST(DetectTest, Paragraphs) {
  for (const Case& c : paragraphs()) {
    EXPECT_EQ(detect_language(c.title, c.body), c.expected) << c.title;
    EXPECT_EQ(detect_language("", c.body), c.expected) << c.title << " (body only)";
  }
}

// CLD2 keeps its tables in constant data and its state on the stack ("Thread safe" is a design
// goal in compact_lang_det.h): threads at once get what one thread gets.
TEST(DetectTest, ThreadsAgree) {
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&wrong, t] {
      for (int round = 0; round < 50; ++round) {
        for (const Case& c : paragraphs()) {
          wrong[t] += detect_language(c.title, c.body) == c.expected ? 0 : 1;
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

TEST(DetectTest, ShortTitles) {
  const std::vector<Case> cases = {
      {"en", "Heavy snow closes schools across the north", ""},
      {"de", "Schwere Unwetter verwüsten ganze Dörfer in Bayern", ""},
      {"fr", "Les agriculteurs manifestent devant le ministère", ""},
      {"es", "Los precios de la vivienda siguen subiendo", ""},
      {"it", "Il governo approva la riforma delle pensioni", ""},
      {"nl", "Het kabinet wil minder vluchten op Schiphol", ""},
      {"pt", "Governo anuncia novas medidas contra a inflação", ""},
      {"ru", "В Москве открылась новая станция метро", ""},
      {"zh", "政府宣布新的经济刺激计划", ""},
      {"ja", "東京で今年初めての雪が降りました", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(detect_language(c.title, c.body), c.expected) << c.title;
  }
}

TEST(DetectTest, NothingToSay) {
  EXPECT_EQ(detect_language("", ""), "");
  EXPECT_EQ(detect_language("12345", "678 90 2024-01-02 3.14"), "");
  EXPECT_EQ(detect_language("xyz qqq", ""), "");
  EXPECT_EQ(detect_language("", "   \n\t  "), "");
  EXPECT_EQ(detect_language("!!! ??? ...", "--- *** ###"), "");
}

TEST(DetectTest, CodesAreIso6391) {
  // CLD2 says "iw" for Hebrew and "zh-Hant" for traditional Chinese.
  EXPECT_EQ(detect_language("",
                            "הממשלה הודיעה היום על צעדים חדשים להתמודדות עם יוקר המחיה "
                            "ועל הגדלת התקציב לבתי הספר ולתחבורה הציבורית."),
            "he");
  EXPECT_EQ(detect_language("",
                            "市議會星期二晚上投票通過了一項預算，增加了對學校和公共交通的支出。"
                            "此前，關於該市能否在不提高地方稅的情況下聘請更多教師的問題，議員們"
                            "爭論了好幾個月。"),
            "zh");
}

TEST(DetectTest, HintTipsOnlyCloseCalls) {
  // Too short for CLD2 alone: Italian, Spanish or Portuguese.
  EXPECT_EQ(detect_language("la casa", ""), "");
  EXPECT_EQ(detect_language("la casa", "", "it"), "it");
  EXPECT_EQ(detect_language("la casa", "", "es"), "es");
  EXPECT_EQ(detect_language("Alles gut", "", "de"), "de");
  EXPECT_EQ(detect_language("Die Zeit", "", "en"), "");  // CLD2's best guess with the hint: de
  // Some short Chinese titles are too short alone.
  EXPECT_EQ(detect_language("北京今年冬天的第一场雪", ""), "");
  EXPECT_EQ(detect_language("北京今年冬天的第一场雪", "", "zh"), "zh");
  EXPECT_EQ(detect_language("北京今年冬天的第一场雪", "", "ja"), "ja");  // kanji: a close call too
  EXPECT_EQ(detect_language("北京今年冬天的第一场雪", "", "ru"), "");
  // Clear text keeps its language, also under the hint of a close language (CLD2's own
  // language hint would make this Galician).
  const char* portuguese =
      "O governo federal anunciou nesta terça-feira um novo pacote de medidas para conter a "
      "inflação e estimular o crescimento da economia.";
  EXPECT_EQ(detect_language("", portuguese, "gl"), "pt");
  EXPECT_EQ(detect_language("", portuguese, "es"), "pt");
  EXPECT_EQ(detect_language("Die Regierung hat heute neue Maßnahmen angekündigt", "", "fr"), "de");
  // No language in the text, none from the hint; an unknown hint is no hint.
  EXPECT_EQ(detect_language("12345", "", "de"), "");
  EXPECT_EQ(detect_language("la casa", "", "qq"), "");
  EXPECT_EQ(detect_language("", portuguese, "qq"), "pt");
}

// A name and a number are too little to go on, however sure CLD2 is (it calls the first Irish
// and the second Norwegian); the hint then decides only if CLD2 agrees with it. As few bytes of
// Chinese or Japanese (nine characters) are a headline, and are read.
TEST(DetectTest, TooFewLatinLettersSayNothing) {
  EXPECT_EQ(detect_language("TRDIAG (Algorithm 17)", ""), "");
  EXPECT_EQ(detect_language("Gauss-Seidel (Algorithm 220)", ""), "");
  EXPECT_EQ(detect_language("Gauss-Seidel (Algorithm 220)", "", "ru"), "");
  EXPECT_EQ(detect_language("北京地铁新线路开通", ""), "zh");
  EXPECT_EQ(detect_language("新しい美術館が開館", ""), "ja");
}

// A text half in one language and half in another is a close call: the hint takes it. A text
// clearly in one language with a few words of the hint's keeps its language.
TEST(DetectTest, AMixedTextGoesToTheHint) {
  const char* mixed =
      "la plasmatherapie a minima dans le traitement de la douleur des hemarthroses "
      "hemophiliques some fifty clinically similar cases of hemophilic hemarthrosis were, after "
      "immobilization, either treated with";
  EXPECT_EQ(detect_language("", mixed, "en"), "en");
  EXPECT_EQ(detect_language("", mixed, "fr"), "fr");
  const char* german =
      "Die Bundesregierung hat am Mittwoch ein neues Klimaschutzprogramm beschlossen. Es sieht "
      "vor, dass der Ausstoß von Treibhausgasen bis 2030 deutlich sinkt. Kritiker nannten den "
      "Plan \"too little, too late\", die Wirtschaft begrüßte ihn.";
  EXPECT_EQ(detect_language("", german, "en"), "de");
}

// German, then enough English to outweigh it: only the German is read.
TEST(DetectTest, ReadsOnlyTheFirstBytes) {
  const std::string german =
      "Der Stadtrat hat am Dienstagabend einen Haushalt beschlossen, der mehr Geld für Schulen "
      "und den öffentlichen Nahverkehr vorsieht. ";
  const std::string english =
      "The city council voted on Tuesday evening to approve a budget that raises spending on "
      "schools and public transport. ";
  std::string body;
  while (body.size() < kDetectBytes + 100) {
    body += german;
  }
  const std::string head = body;
  while (body.size() < 5 * kDetectBytes) {
    body += english;
  }
  EXPECT_EQ(detect_language("", body), "de");
  EXPECT_EQ(detect_language("", body.substr(head.size())), "en");
  // A long title leaves no room for the body.
  EXPECT_EQ(detect_language(head, english + english + english), "de");
}

// Three-byte characters up to and across the limit: a cut inside a character would leave
// CLD2 invalid UTF-8, and it would give up ("").
TEST(DetectTest, CutsAtACharacterBoundary) {
  std::string body;
  while (body.size() < 2 * kDetectBytes) {
    body += "政府は今日、景気減速に対応するための新たな措置を発表した。";
  }
  for (const char* title : {"", "A", "AB"}) {
    EXPECT_EQ(detect_language(title, body), "ja") << '"' << title << '"';
  }
}

TEST(DetectTest, OddBytesNeitherCrashNorHide) {
  const std::string german =
      "Der Stadtrat hat am Dienstagabend einen Haushalt beschlossen, der mehr Geld für Schulen "
      "und den öffentlichen Nahverkehr vorsieht.";
  // Bytes CLD2 refuses outright (ill-formed UTF-8, C0 and C1 controls, NUL, a noncharacter,
  // a surrogate's encoding) become spaces, and the text around them still counts.
  for (const std::string& odd :
       {"\xff"s, "\x80\x80"s, "\xc3"s, "\x01\x02"s, "\0"s, "\x7f"s, "\xc2\x85"s, "\xef\xbf\xbe"s,
        "\xed\xa0\x80"s, "\xf4\x90\x80\x80"s, "\x0b"s}) {
    EXPECT_EQ(detect_language("", german + odd + german), "de");
    EXPECT_EQ(detect_language(odd + "Stadtrat beschließt neuen Haushalt", german + odd), "de");
  }
  // Arbitrary bytes: any answer, no crash.
  std::uint32_t x = 12345;
  for (int round = 0; round < 200; ++round) {
    std::string bytes;
    for (int i = 0; i < 300; ++i) {
      x = x * 1103515245 + 12345;
      bytes += static_cast<char>(x >> 24);
    }
    detect_language(bytes.substr(0, 40), bytes, round % 2 == 0 ? "" : "de");
  }
  EXPECT_EQ(detect_language("", std::string(3 * kDetectBytes, '\xe6')), "");
}

}  // namespace
}  // namespace folio::text
