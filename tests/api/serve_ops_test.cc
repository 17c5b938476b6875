// Tests of `folio-search serve` as a service: settings from flags, environment and a config
// file; the JSON-lines request log; /metrics; stopping on a signal.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "folio/config.h"

#include "../cli/run.h"
#include "serve_process.h"

namespace {

using folio::testing::Outcome;
using folio::testing::run;
using folio::testing::Server;
using folio::testing::slurp;
using folio::testing::TempDir;
using nlohmann::json;

const std::string kCorpus = std::string(FOLIO_SOURCE_DIR) + "/corpus";
const std::string kSampleConfig = std::string(FOLIO_SOURCE_DIR) + "/searcher/serve.conf";

// An index of the corpus (24 articles) in `dir`/db.
std::filesystem::path corpus_index(const TempDir& dir, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"--db", (dir.path() / "db").string(), "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(kCorpus);
  const Outcome r = run(dir, FOLIO_INDEX_EXE, args);
  EXPECT_EQ(r.status, 0) << r.err;
  return dir.path() / "db";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

// ---- Settings ----

TEST(ServeSettingsTest, TheSampleConfigParsesAndServes) {
  TempDir dir;
  const std::filesystem::path db = corpus_index(dir);
  // The sample's db (/var/lib/folio/db) and port (8080) are overridden by the flags Server gives.
  Server server(db, {"--config", kSampleConfig}, dir.path() / "stderr.log");
  EXPECT_NE(
      server.first_line().find("serving 24 articles from " + db.string() + " at http://127.0.0.1:"),
      std::string::npos)
      << server.first_line();
  httplib::Client c = server.client();
  const httplib::Result r = c.Get("/api/search?q=huawei");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(server.stop(), 0);
  // log = true in the sample: a JSON line for the search on stderr.
  const std::vector<std::string> log = lines_of(slurp(dir.path() / "stderr.log"));
  ASSERT_EQ(log.size(), 1U);
  EXPECT_EQ(json::parse(log[0])["endpoint"], "/api/search");
}

TEST(ServeSettingsTest, TheSampleConfigHasEverySettingOfHelp) {
  TempDir dir;
  const Outcome help = run(dir, FOLIO_SEARCH_EXE, {"serve", "--help"});
  ASSERT_EQ(help.status, 0);
  const std::string sample = slurp(kSampleConfig);
  std::set<std::string> names;  // every --name in the help
  for (auto at = help.out.find("--"); at != std::string::npos; at = help.out.find("--", at + 2)) {
    std::size_t end = at + 2;
    while (end < help.out.size() &&
           (std::islower(static_cast<unsigned char>(help.out[end])) != 0 || help.out[end] == '-')) {
      ++end;
    }
    if (end > at + 2) {
      names.insert(help.out.substr(at + 2, end - at - 2));
    }
  }
  for (const std::string& name : names) {
    if (name == "help" || name == "config") {
      continue;
    }
    const bool set = sample.find("\n" + name + " = ") != std::string::npos;
    const bool commented = sample.find("\n# " + name + " = ") != std::string::npos;
    EXPECT_TRUE(set || commented) << name << " is not in " << kSampleConfig;
  }
  EXPECT_GE(names.size(), 10U);
}

TEST(ServeSettingsTest, AFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault) {
  TempDir dir;
  const std::filesystem::path db = corpus_index(dir);
  const std::string config =
      dir.write("serve.conf", "# test\n\nbind = 127.0.0.3\nlog = true\n").string();
  const auto bound = [](const Server& s) {
    const auto at = s.first_line().find(" at http://");
    return at == std::string::npos ? "" : s.first_line().substr(at + 11, 9);
  };
  {
    Server file(db, {"--config", config});
    EXPECT_EQ(bound(file), "127.0.0.3") << file.first_line();
  }
  {
    Server env(db, {"--config", config}, {}, {{"FOLIO_BIND", "127.0.0.2"}});
    EXPECT_EQ(bound(env), "127.0.0.2") << env.first_line();
  }
  {
    Server flag(db, {"--config", config, "--bind", "127.0.0.4"}, {}, {{"FOLIO_BIND", "127.0.0.2"}});
    EXPECT_EQ(bound(flag), "127.0.0.4") << flag.first_line();
  }
  {
    Server neither(db);
    EXPECT_EQ(bound(neither), "127.0.0.1") << neither.first_line();
  }
  // A switch: on in the file, off in the environment, on again by the flag.
  for (const auto& [extra, lines] : std::vector<std::pair<std::vector<std::string>, std::size_t>>{
           {{"--config", config}, 0}, {{"--config", config, "--log"}, 1}}) {
    const std::filesystem::path err = dir.path() / "err.log";
    Server s(db, extra, err, {{"FOLIO_LOG", "false"}});
    httplib::Client c = s.client();
    ASSERT_TRUE(c.Get("/healthz"));
    EXPECT_EQ(s.stop(), 0);
    EXPECT_EQ(lines_of(slurp(err)).size(), lines) << extra.back();
  }
}

TEST(ServeSettingsTest, TheIndexAndTheConfigFileCanComeFromTheEnvironment) {
  TempDir dir;
  const std::filesystem::path db = corpus_index(dir);
  {
    Server from_env({}, {}, {}, {{"FOLIO_DB", db.string()}});
    EXPECT_NE(from_env.first_line().find("from " + db.string() + " at"), std::string::npos)
        << from_env.first_line();
  }
  const std::string config = dir.write("serve.conf", "db = " + db.string() + "\n").string();
  {
    Server from_file({}, {"--config", config});
    EXPECT_NE(from_file.first_line().find("from " + db.string() + " at"), std::string::npos)
        << from_file.first_line();
  }
  {
    Server config_from_env({}, {}, {}, {{"FOLIO_CONFIG", config}});
    EXPECT_NE(config_from_env.first_line().find("from " + db.string() + " at"), std::string::npos)
        << config_from_env.first_line();
  }
  // $FOLIO_DB beats the file's db: the environment is above the file.
  const Outcome missing = run(dir, "env",
                              {"FOLIO_DB=" + (dir.path() / "elsewhere").string(), FOLIO_SEARCH_EXE,
                               "serve", "--config", config, "--port", "0"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("elsewhere"), std::string::npos) << missing.err;
}

TEST(ServeSettingsTest, BadSettingsAreUsageErrorsNamingTheFileAndLine) {
  TempDir dir;
  const std::string none = (dir.path() / "no-index").string();
  struct Case {
    std::string config;    // the file's text
    std::string expected;  // in the message, after "FILE:"
  };
  int n = 0;
  for (const Case& c : std::vector<Case>{
           {"port = 8080\nbogus = 1\n", "2: unknown setting 'bogus'"},
           {"# comment\n\nport = abc\n", "3: bad value for port"},
           {"log = yes\n", "1: log must be true or false, not 'yes'"},
           {"port 8080\n", "1: expected 'name = value', not 'port 8080'"},
           {"bind = 127.0.0.1\nbind = 127.0.0.2\n", "2: bind is set twice (first at "},
           {"port = 70000\n", "1: the port must be from 0 to 65535, not 70000"},
           {"config = other.conf\n", "1: unknown setting 'config'"},
           {"threads =\n", "1: threads needs a value"},
       }) {
    const std::string file = dir.write("bad" + std::to_string(n++) + ".conf", c.config).string();
    const Outcome r = run(dir, FOLIO_SEARCH_EXE, {"serve", "--config", file, "--db", none});
    EXPECT_EQ(r.status, 2) << c.config << r.err;
    EXPECT_NE(r.err.find(file + ":" + c.expected), std::string::npos) << c.config << r.err;
  }
  const std::string missing = (dir.path() / "missing.conf").string();
  const Outcome unreadable = run(dir, FOLIO_SEARCH_EXE, {"serve", "--config", missing});
  EXPECT_EQ(unreadable.status, 2);
  EXPECT_NE(unreadable.err.find("cannot read the config file '" + missing + "'"), std::string::npos)
      << unreadable.err;
  for (const auto& [variable, expected] : std::vector<std::pair<std::string, std::string>>{
           {"FOLIO_PORT=abc", "$FOLIO_PORT: bad value for port"},
           {"FOLIO_LOG=1", "$FOLIO_LOG: log must be true or false, not '1'"},
           {"FOLIO_PORT=-1", "$FOLIO_PORT: the port must be from 0 to 65535, not -1"}}) {
    const Outcome r = run(dir, "env", {variable, FOLIO_SEARCH_EXE, "serve", "--db", none});
    EXPECT_EQ(r.status, 2) << variable << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << variable << r.err;
  }
}

// ---- Signals ----

TEST(ServeSignalsTest, SigtermAndSigintEndTheServerWithStatus0) {
  TempDir dir;
  const std::filesystem::path db = corpus_index(dir);
  for (const int signal : {SIGTERM, SIGINT}) {
    Server server(db);
    httplib::Client c = server.client();
    const httplib::Result r = c.Get("/healthz");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(server.stop(signal), 0) << "signal " << signal;
  }
}

// ---- The request log ----

// Requests on one connection, so that one worker answers and logs them in turn.
void request_all(const Server& server, const std::vector<std::pair<std::string, int>>& requests) {
  httplib::Client c = server.client();
  c.set_keep_alive(true);
  for (const auto& [path, status] : requests) {
    const httplib::Result r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, status) << path;
  }
}

TEST(ServeLogTest, LogsAJsonLinePerRequestWithTheRouteNotThePath) {
  TempDir dir;
  const std::filesystem::path db = corpus_index(dir);
  const std::vector<std::pair<std::string, int>> requests = {{"/api/search?q=huawei", 200},
                                                             {"/api/search?q=quokkaword", 200},
                                                             {"/api/search?size=1000", 400},
                                                             {"/api/article/no/such", 404},
                                                             {"/healthz", 200},
                                                             {"/metrics", 200},
                                                             {"/", 200},
                                                             {"/app.js", 200},
                                                             {"/no/such/path", 404}};
  Server logged(db, {"--log"}, dir.path() / "logged.txt");
  request_all(logged, requests);
  EXPECT_EQ(logged.stop(), 0);  // every line written
  const std::vector<std::string> lines = lines_of(slurp(dir.path() / "logged.txt"));
  ASSERT_EQ(lines.size(), requests.size()) << slurp(dir.path() / "logged.txt");
  const std::vector<std::string> endpoints = {
      "/api/search", "/api/search", "/api/search", "/api/article", "/healthz",
      "/metrics",    "/",           "/",           "other"};
  // UTC ISO 8601 with milliseconds: 2026-12-05T14:00:00.123Z
  const auto utc_ms = [](const std::string& t) {
    const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (t.size() != shape.size()) {
      return false;
    }
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (shape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(t[i])) == 0
                          : t[i] != shape[i]) {
        return false;
      }
    }
    return true;
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const json line = json::parse(lines[i]);
    EXPECT_TRUE(utc_ms(line["time"].get<std::string>())) << lines[i];
    EXPECT_EQ(line["endpoint"], endpoints[i]) << lines[i];
    EXPECT_EQ(line["status"], requests[i].second) << lines[i];
    EXPECT_TRUE(line["ms"].is_number()) << lines[i];
    EXPECT_GE(line["ms"].get<double>(), 0) << lines[i];
    EXPECT_FALSE(line.contains("q")) << "queries are logged only when asked: " << lines[i];
    // hits: for the searches answered only
    EXPECT_EQ(line.contains("hits"), i < 2) << lines[i];
    EXPECT_EQ(line.size(), i < 2 ? 5U : 4U) << lines[i];
  }
  EXPECT_EQ(json::parse(lines[0])["hits"], 2);
  EXPECT_EQ(json::parse(lines[1])["hits"], 0);

  Server quiet(db, {}, dir.path() / "quiet.txt");
  request_all(quiet, requests);
  EXPECT_EQ(quiet.stop(), 0);
  EXPECT_EQ(slurp(dir.path() / "quiet.txt"), "");
}

TEST(ServeLogTest, LogQueriesAddsTheQueryAndFiltersAndLogFileAppendsToAFile) {
  TempDir dir;
  const std::filesystem::path db = corpus_index(dir);
  const std::filesystem::path file = dir.write("requests.log", "an older line\n");
  Server server(db, {"--log-file", file.string(), "--log-queries"}, dir.path() / "stderr.txt");
  request_all(server, {{"/api/search?q=%20Huawei%20%205G&category=technology&lang=en&lang=de&"
                        "from=2019&to=2021-06&sort=newest&page=1",
                        200},
                       {"/api/search?q=huawei", 200},
                       {"/healthz", 200}});
  EXPECT_EQ(server.stop(), 0);
  EXPECT_EQ(slurp(dir.path() / "stderr.txt"), "");  // the log went to the file
  const std::vector<std::string> lines = lines_of(slurp(file));
  ASSERT_EQ(lines.size(), 4U) << slurp(file);
  EXPECT_EQ(lines[0], "an older line");
  json first = json::parse(lines[1]);
  for (const char* varying : {"time", "ms", "hits"}) {
    EXPECT_TRUE(first.contains(varying)) << lines[1];
    first.erase(varying);
  }
  EXPECT_EQ(first, json::parse(R"({"endpoint": "/api/search", "status": 200, "q": " Huawei  5G",
      "category": "technology", "lang": "en,de", "from": "2019", "to": "2021-06",
      "sort": "newest", "page": 1})"));
  json second = json::parse(lines[2]);
  EXPECT_EQ(second["q"], "huawei");
  EXPECT_EQ(second["hits"], 2);
  EXPECT_FALSE(second.contains("category")) << lines[2];  // filters only when given
  EXPECT_FALSE(second.contains("page")) << lines[2];
  EXPECT_FALSE(json::parse(lines[3]).contains("q")) << lines[3];

  // A log file that cannot be opened stops the server from starting, naming it.
  const std::string bad = (dir.path() / "no-such-folder" / "x.log").string();
  const Outcome r =
      run(dir, FOLIO_SEARCH_EXE, {"serve", "--db", db.string(), "--port", "0", "--log-file", bad});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("cannot open the log file '" + bad + "'"), std::string::npos) << r.err;
}

// ---- /metrics ----

// A scrape: each sample by its name and labels (sorted by label name), and the families with
// their # HELP and # TYPE.
struct Scrape {
  std::map<std::string, double> samples;
  std::map<std::string, std::string> types;  // family -> counter, gauge, histogram
  std::set<std::string> helped;
  std::vector<std::string> sample_names;

  double at(const std::string& key) const {
    const auto it = samples.find(key);
    if (it == samples.end()) {
      ADD_FAILURE() << "no sample " << key;
      return -1;
    }
    return it->second;
  }
  double get(const std::string& key) const {  // 0 when absent (a counter not yet counted)
    const auto it = samples.find(key);
    return it == samples.end() ? 0 : it->second;
  }
};

// Whether `name` is a metric or label name: [a-zA-Z_:][a-zA-Z0-9_:]* (no ':' in a label).
bool is_name(const std::string& name, bool label = false) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) != 0) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [label](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || (!label && c == ':');
  });
}

// The labels of a sample, `a="x",b="y"` (values with \" and \\ escapes), sorted by name; a
// failure for anything else.
std::map<std::string, std::string> parse_labels(const std::string& body, const std::string& line) {
  std::map<std::string, std::string> labels;
  std::size_t at = 0;
  while (at < body.size()) {
    const std::size_t equals = body.find("=\"", at);
    if (equals == std::string::npos || !is_name(body.substr(at, equals - at), true)) {
      ADD_FAILURE() << "malformed labels: " << line;
      return labels;
    }
    std::string value;
    std::size_t i = equals + 2;
    for (; i < body.size() && body[i] != '"'; ++i) {
      if (body[i] == '\\' && i + 1 < body.size()) {
        ++i;
      }
      value += body[i];
    }
    if (i == body.size()) {
      ADD_FAILURE() << "unterminated label value: " << line;
      return labels;
    }
    labels[body.substr(at, equals - at)] = value;
    at = i + 1;
    if (at < body.size() && body[at] == ',') {
      ++at;
    }
  }
  return labels;
}

Scrape parse_exposition(const std::string& text) {
  Scrape s;
  for (const std::string& line : lines_of(text)) {
    std::istringstream words(line);
    std::string first, second, third;
    words >> first >> second >> third;
    if (first == "#" && second == "HELP") {
      std::string help;
      std::getline(words >> std::ws, help);
      EXPECT_TRUE(is_name(third)) << line;
      EXPECT_FALSE(help.empty()) << line;
      s.helped.insert(third);
      continue;
    }
    if (first == "#" && second == "TYPE") {
      std::string type;
      words >> type;
      EXPECT_TRUE(is_name(third)) << line;
      EXPECT_TRUE(type == "counter" || type == "gauge" || type == "histogram") << line;
      s.types[third] = type;
      continue;
    }
    // NAME[{LABELS}] VALUE
    const std::size_t space = line.rfind(' ');
    const std::size_t brace = line.find('{');
    const std::string name = line.substr(0, std::min(space, brace));
    if (space == std::string::npos || !is_name(name) || (brace < space && line[space - 1] != '}')) {
      ADD_FAILURE() << "not a line of the exposition format: '" << line << "'";
      continue;
    }
    std::string key = name;
    if (brace < space) {
      std::string inside;
      for (const auto& [k, v] : parse_labels(line.substr(brace + 1, space - brace - 2), line)) {
        inside += (inside.empty() ? "" : ",") + k + "=\"" + v + "\"";
      }
      key += "{" + inside + "}";
    }
    const std::string value = line.substr(space + 1);
    std::size_t used = 0;
    s.samples[key] = std::stod(value, &used);
    EXPECT_EQ(used, value.size()) << line;
    s.sample_names.push_back(name);
  }
  return s;
}

// The family a sample belongs to: its name without a histogram's suffix.
std::string family(const std::string& name, const Scrape& s) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string sx = suffix;
    if (name.size() > sx.size() && name.compare(name.size() - sx.size(), sx.size(), sx) == 0) {
      const std::string base = name.substr(0, name.size() - sx.size());
      if (s.types.count(base) != 0U && s.types.at(base) == "histogram") {
        return base;
      }
    }
  }
  return name;
}

Scrape scrape(httplib::Client& c) {
  const httplib::Result r = c.Get("/metrics");
  if (!r) {
    ADD_FAILURE() << "no answer to /metrics";
    return {};
  }
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  return parse_exposition(r->body);
}

const std::vector<std::string> kEndpoints = {
    "/api/search", "/api/article", "/healthz",        "/metrics",
    "/",           "/feed",        "/opensearch.xml", "other"};

std::string requests_key(const std::string& endpoint, int status) {
  return "folio_http_requests_total{endpoint=\"" + endpoint + "\",status=\"" +
         std::to_string(status) + "\"}";
}

TEST(ServeMetricsTest, CountsRequestsSearchesAndDurationsExactly) {
  TempDir dir;
  const std::filesystem::path db = corpus_index(dir);
  Server server(db);
  // One connection throughout: the worker counts a request once its answer is written, before
  // it reads the next request of the connection, so each scrape sees every earlier request.
  httplib::Client c = server.client();
  c.set_keep_alive(true);
  const Scrape before = scrape(c);
  for (const auto& [path, status] :
       std::vector<std::pair<std::string, int>>{{"/api/search?q=huawei", 200},
                                                {"/api/search?q=quokkaword", 200},
                                                {"/api/search?size=1000", 400},
                                                {"/api/article/some/id", 404},
                                                {"/feed?q=huawei", 200},
                                                {"/opensearch.xml", 200},
                                                {"/no/such/path", 404}}) {
    const httplib::Result r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, status) << path;
  }
  const Scrape after = scrape(c);

  const auto delta = [&](const std::string& key) { return after.get(key) - before.get(key); };
  EXPECT_EQ(delta(requests_key("/api/search", 200)), 2);
  EXPECT_EQ(delta(requests_key("/api/search", 400)), 1);
  EXPECT_EQ(delta(requests_key("/api/article", 404)), 1);
  EXPECT_EQ(delta(requests_key("other", 404)), 1);
  EXPECT_EQ(delta(requests_key("/feed", 200)), 1);  // not counted as a search
  EXPECT_EQ(delta(requests_key("/opensearch.xml", 200)), 1);
  EXPECT_EQ(delta(requests_key("/metrics", 200)), 1);  // the first scrape
  EXPECT_EQ(delta("folio_searches_total"), 2);
  EXPECT_EQ(delta("folio_search_zero_hits_total"), 1);
  EXPECT_EQ(delta("folio_http_request_duration_seconds_count{endpoint=\"/api/search\"}"), 3);
  EXPECT_GT(delta("folio_http_request_duration_seconds_sum{endpoint=\"/api/search\"}"), 0);

  // The histograms: buckets never decrease, +Inf is _count, and _count is the requests counted.
  for (const std::string& e : kEndpoints) {
    const std::string labels = "endpoint=\"" + e + "\"";
    double previous = 0;
    // In order of the bound (the map orders them as text).
    std::vector<std::pair<double, double>> by_bound;
    for (const auto& [key, value] : after.samples) {
      const std::string prefix = "folio_http_request_duration_seconds_bucket{" + labels + ",le=\"";
      if (key.rfind(prefix, 0) == 0 && key.find("+Inf") == std::string::npos) {
        by_bound.emplace_back(std::stod(key.substr(prefix.size())), value);
      }
    }
    EXPECT_GE(by_bound.size(), 10U) << e;
    std::sort(by_bound.begin(), by_bound.end());
    for (const auto& [bound, count] : by_bound) {
      EXPECT_GE(count, previous) << e << " le=" << bound;
      previous = count;
    }
    EXPECT_EQ(by_bound.front().first, 0.0005) << e;
    EXPECT_EQ(by_bound.back().first, 10) << e;
    EXPECT_EQ(
        after.samples.count("folio_http_request_duration_seconds_bucket{" + labels + ",le=\"10\"}"),
        1U)
        << "the bounds are written plainly: 10, not 1e+01";
    const double count = after.at("folio_http_request_duration_seconds_count{" + labels + "}");
    EXPECT_GE(after.at("folio_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"}"),
              previous)
        << e;
    EXPECT_EQ(after.at("folio_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"}"),
              count)
        << e;
    double requests = 0;
    for (const auto& [key, value] : after.samples) {
      if (key.rfind("folio_http_requests_total{" + labels + ",", 0) == 0) {
        requests += value;
      }
    }
    EXPECT_EQ(count, requests) << e;
  }

  // Labels are routes and statuses, never the paths asked for.
  for (const auto& [key, value] : after.samples) {
    EXPECT_EQ(key.find("some/id"), std::string::npos) << key;
    EXPECT_EQ(key.find("no/such"), std::string::npos) << key;
  }
  // Every metric has # HELP and # TYPE.
  for (const std::string& name : after.sample_names) {
    const std::string f = family(name, after);
    EXPECT_EQ(after.helped.count(f), 1U) << name;
    EXPECT_EQ(after.types.count(f), 1U) << name;
  }
  EXPECT_EQ(after.types.at("folio_http_requests_total"), "counter");
  EXPECT_EQ(after.types.at("folio_http_request_duration_seconds"), "histogram");
  EXPECT_EQ(after.types.at("folio_searches_total"), "counter");
  EXPECT_EQ(after.types.at("folio_search_zero_hits_total"), "counter");
  EXPECT_EQ(after.types.at("folio_index_articles"), "gauge");
  EXPECT_EQ(after.types.at("folio_index_generation"), "gauge");
  EXPECT_EQ(after.at("folio_index_articles"), 24);
  EXPECT_EQ(after.at("folio_build_info{version=\"" + std::string(folio::kVersion) + "\"}"), 1);
  EXPECT_GE(after.at("folio_uptime_seconds"), 0);
  EXPECT_GE(after.at("folio_uptime_seconds"), before.at("folio_uptime_seconds"));
  EXPECT_GT(after.at("process_start_time_seconds"), 1.7e9);
}

TEST(ServeMetricsTest, IndexGenerationIsTheGenerationServed) {
  TempDir dir;
  const std::filesystem::path db = corpus_index(dir);
  // The stub names the generation: "auto gen-N".
  const auto stub_generation = [&db] {
    const std::string stub = slurp(db / "XAPIANDB");
    return std::stod(stub.substr(stub.find("gen-") + 4));
  };
  Server server(db);
  httplib::Client c = server.client();
  const std::string key = "folio_index_generation{db=\"" + db.string() + "\"}";
  const double first = scrape(c).at(key);
  EXPECT_EQ(first, stub_generation());
  EXPECT_GE(first, 1);
  const Outcome rebuild =
      run(dir, FOLIO_INDEX_EXE, {"--db", db.string(), "--quiet", "--rebuild", kCorpus});
  ASSERT_EQ(rebuild.status, 0) << rebuild.err;
  const double second = scrape(c).at(key);
  EXPECT_EQ(second, stub_generation());
  EXPECT_GT(second, first);
}

}  // namespace
