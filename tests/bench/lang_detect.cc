// Accuracy and speed of folio::text::detect_language (CLD2) against libexttextcat on texts of
// known language: DIR/<code>/<n>.txt, a title line, a blank line, the body. Prints a markdown
// table and, per language, the wrong answers CLD2 gave most. Built and run by
// scripts/bench-langdetect. It lives under tests/ because it calls a private header of the
// library (text/detect.h), which check-layers allows tests alone.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <libexttextcat/textcat.h>

#include "text/detect.h"
#include "text/utf8.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Text {
  std::string title;
  std::string body;
};

std::vector<Text> read_texts(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".txt") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Text> texts;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    Text t;
    std::getline(in, t.title);
    std::stringstream rest;
    rest << in.rdbuf();
    t.body = rest.str();
    texts.push_back(std::move(t));
  }
  return texts;
}

// "nb" and "no" are one language to CLD2; exttextcat says "nb". "zh-TW" texts are Chinese.
std::string normal(std::string code) {
  code = code.substr(0, code.find('-'));
  return code == "nb" ? "no" : code;
}

// exttextcat's first candidate ("[de--utf8][nl--utf8]" -> "de"), "" for SHORT and UNKNOWN.
std::string textcat(void* handle, std::string_view text) {
  const char* answer = textcat_Classify(handle, text.data(), text.size());
  if (answer == nullptr || answer[0] != '[') {
    return {};
  }
  std::string first(answer + 1);
  return normal(first.substr(0, first.find_first_of("]")));
}

std::string percent(int ok, int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f", n == 0 ? 0.0 : 100.0 * ok / n);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: lang_detect DIR (DIR/<code>/<n>.txt)\n";
    return 2;
  }
  void* cat =
      special_textcat_Init("/usr/share/libexttextcat/fpdb.conf", "/usr/share/libexttextcat/");
  if (cat == nullptr) {
    std::cerr << "lang_detect: cannot load /usr/share/libexttextcat/fpdb.conf\n";
    return 1;
  }
  std::vector<fs::path> langs;
  for (const auto& entry : fs::directory_iterator(argv[1])) {
    if (entry.is_directory()) {
      langs.push_back(entry.path());
    }
  }
  std::sort(langs.begin(), langs.end());
  std::cout
      << "| language | n | titles ok % (cld2) | titles ok % (exttextcat) | articles ok % (cld2) "
         "| articles ok % (exttextcat) | cld2 no answer % (titles / articles) "
         "| ms per 1000 articles (cld2 / exttextcat) |\n"
         "|---|---|---|---|---|---|---|---|\n";
  std::ostringstream confusions;
  int all_n = 0, all_ok[4] = {0, 0, 0, 0};
  for (const fs::path& lang_dir : langs) {
    const std::string lang = lang_dir.filename().string();
    const std::string expected = normal(lang);
    const std::vector<Text> texts = read_texts(lang_dir);
    int ok[4] = {0, 0, 0, 0}, none[2] = {0, 0};
    double ms[2] = {0, 0};
    std::map<std::string, int> wrong;
    for (const Text& t : texts) {
      const std::string title = normal(folio::text::detect_language(t.title, ""));
      auto start = Clock::now();
      const std::string article = normal(folio::text::detect_language(t.title, t.body));
      ms[0] += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      // exttextcat reads what CLD2 reads: title, newline, body, cut at kDetectBytes.
      const std::string joined = t.title + "\n" + t.body;
      const std::string_view head = folio::text::utf8_prefix(joined, folio::text::kDetectBytes);
      const std::string cat_title = textcat(cat, t.title);
      start = Clock::now();
      const std::string cat_article = textcat(cat, head);
      ms[1] += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      ok[0] += title == expected;
      ok[1] += cat_title == expected;
      ok[2] += article == expected;
      ok[3] += cat_article == expected;
      none[0] += title.empty();
      none[1] += article.empty();
      if (!title.empty() && title != expected) {
        ++wrong["title:" + title];
      }
      if (!article.empty() && article != expected) {
        ++wrong["article:" + article];
      }
    }
    const int n = static_cast<int>(texts.size());
    all_n += n;
    for (int i = 0; i < 4; ++i) {
      all_ok[i] += ok[i];
    }
    char speed[64];
    std::snprintf(speed, sizeof speed, "%.0f / %.0f", n ? 1000 * ms[0] / n : 0.0,
                  n ? 1000 * ms[1] / n : 0.0);
    std::cout << "| " << lang << " | " << n << " | " << percent(ok[0], n) << " | "
              << percent(ok[1], n) << " | " << percent(ok[2], n) << " | " << percent(ok[3], n)
              << " | " << percent(none[0], n) << " / " << percent(none[1], n) << " | " << speed
              << " |\n";
    if (!wrong.empty()) {
      confusions << "- " << lang << ":";
      for (const auto& [answer, count] : wrong) {
        confusions << ' ' << answer << " x" << count;
      }
      confusions << '\n';
    }
  }
  std::cout << "| all | " << all_n << " | " << percent(all_ok[0], all_n) << " | "
            << percent(all_ok[1], all_n) << " | " << percent(all_ok[2], all_n) << " | "
            << percent(all_ok[3], all_n) << " | | |\n\nCLD2's wrong answers (answer x count):\n"
            << confusions.str();
  textcat_Done(cat);
  return 0;
}
