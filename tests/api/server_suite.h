// The suite of `folio-search serve` tests that share one server (ServerTest): the corpus
// plus an article carrying a script payload, indexed once, served on an ephemeral port. Used
// by server_test.cc and feed_test.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "../cli/run.h"
#include "serve_process.h"

namespace folio::testing::serve_suite {

using folio::testing::Outcome;
using folio::testing::run;
using folio::testing::Server;
using folio::testing::TempDir;
using nlohmann::json;

inline const std::string kCorpus = std::string(FOLIO_SOURCE_DIR) + "/corpus";
inline const std::string kHuawei = "technology/uk-huawei-5g-decision.txt";

// An article whose title and body try to run script in a page that shows them.
inline constexpr std::string_view kPayload =
    "Payload <script>alert('title')</script> zanzibar\n\n"
    "June 2, 2021\n\n"
    "The zanzibar story <img src=x onerror=alert(1)> and <script>alert('body')</script> "
    "and \"quotes\" & ampersands.\n";

// `html` with the highlight tags taken out.
inline std::string without_marks(std::string html) {
  for (const std::string tag : {"<mark>", "</mark>"}) {
    for (auto at = html.find(tag); at != std::string::npos; at = html.find(tag)) {
      html.erase(at, tag.size());
    }
  }
  return html;
}

// The ids of a search's hits, in order.
inline std::vector<std::string> ids(const json& results) {
  std::vector<std::string> out;
  for (const json& h : results["results"]) {
    out.push_back(h["id"]);
  }
  return out;
}

inline Outcome index(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", (dir.path() / "db").string(), "--quiet"});
  return run(dir, FOLIO_INDEX_EXE, args);
}

// One index of the corpus plus the payload article, and a server over it, for the whole suite.
class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    dir_->write("extra/payload.txt", kPayload);
    const Outcome idx = index(*dir_, {kCorpus, (dir_->path() / "extra").string()});
    ASSERT_EQ(idx.status, 0) << idx.err;
    server_ = new Server(dir_->path() / "db");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static httplib::Result get(const std::string& path, const httplib::Params& params = {}) {
    httplib::Client c = server_->client();
    return c.Get(path, params, httplib::Headers{});
  }
  // GET, expecting `status` and a JSON body.
  static json get_json(const std::string& path, const httplib::Params& params, int status) {
    const httplib::Result r = get(path, params);
    if (!r) {
      ADD_FAILURE() << "no answer to " << path;
      return {};
    }
    EXPECT_EQ(r->status, status) << path << ": " << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json; charset=utf-8");
    return json::parse(r->body);
  }
  static json search(const httplib::Params& params, int status = 200) {
    return get_json("/api/search", params, status);
  }

  inline static TempDir* dir_ = nullptr;
  inline static Server* server_ = nullptr;
};

}  // namespace folio::testing::serve_suite
