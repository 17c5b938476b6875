// Running folio-index and folio-search from tests: a command line in; stdout, stderr, status out.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "../unit/temp_dir.h"

namespace folio::testing {

struct Outcome {
  int status = -1;  ///< exit status, or 128 + the signal that ended the program
  std::string out;
  std::string err;
};

/// `s` quoted for /bin/sh.
inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return q + "'";
}

/// The whole content of a file (empty when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Runs a program with arguments (each shell-quoted), capturing stdout, stderr and exit status.
/// stderr goes through a file in `dir`, so calls sharing a `dir` must not run at the same time.
inline Outcome run(const TempDir& dir, const std::string& exe,
                   const std::vector<std::string>& args) {
  std::string cmd = quote(exe);
  for (const auto& a : args) {
    cmd += " " + quote(a);
  }
  const std::filesystem::path err = dir.path() / "stderr.txt";
  cmd += " 2>" + quote(err.string()) + " </dev/null";
  Outcome r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) {
    return r;
  }
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
    r.out.append(buf, n);
  }
  const int raw = pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  r.err = slurp(err);
  return r;
}

/// folio-search --json over the index `dir`/`db`, parsed; a failed search fails the test.
inline nlohmann::json search_json(const TempDir& dir, std::vector<std::string> args,
                                  const std::string& db = "db") {
  args.insert(args.begin(), {"--db", (dir.path() / db).string(), "--json"});
  const Outcome s = run(dir, FOLIO_SEARCH_EXE, args);
  EXPECT_EQ(s.status, 0) << s.err;
  return nlohmann::json::parse(s.out, nullptr, false);
}

/// The ids of a --json answer's results, in rank order.
inline std::vector<std::string> result_ids(const nlohmann::json& j) {
  std::vector<std::string> out;
  for (const auto& r : j["results"]) {
    out.push_back(r["id"]);
  }
  return out;
}

}  // namespace folio::testing
