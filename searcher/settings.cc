// Settings from flags, the environment and a config file, merged into one command line.
#include "settings.h"

#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace folio::cli {
namespace {

struct Flag {
  bool list = false;     // may repeat (--db)
  bool switch_ = false;  // true/false (--log)
};

// The parts one after the other (a message, an argument) in one string.
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const std::string_view part : parts) {
    out.append(part);
  }
  return out;
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) {
    return {};
  }
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// One value of one layer, checked by parsing it alone against the spec.
void check_value(cxxopts::Options& spec, const std::string& name, const Flag& flag,
                 const std::string& value, const std::string& where) {
  if (flag.switch_ && value != "true" && value != "false") {
    throw UsageError(where + ": " + name + " must be true or false, not '" + value + "'");
  }
  if (value.empty()) {
    throw UsageError(where + ": " + name + " needs a value");
  }
  const std::string arg = "--" + name + "=" + value;
  const char* argv[] = {"serve", arg.c_str()};
  try {
    (void)spec.parse(2, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    throw UsageError(where + ": bad value for " + name + ": " + e.what());
  }
}

}  // namespace

std::string Settings::where(const std::string& name) const {
  const auto it = origin.find(name);
  return it == origin.end() ? "--" + name : it->second;
}

std::string environment_name(const std::string& name) {
  std::string env = "FOLIO_";
  for (const char c : name) {
    env += c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return env;
}

Settings parse_settings(cxxopts::Options& spec, int argc, const char* const* argv,
                        const std::string& config_flag, const std::set<std::string>& unsettable) {
  Settings settings;
  const cxxopts::ParseResult given = spec.parse(argc, argv);  // throws on a bad flag
  std::map<std::string, Flag> flags;                          // every long flag but unsettable
  for (const cxxopts::HelpOptionDetails& o : spec.group_help("").options) {
    if (!o.l.empty() && unsettable.count(o.l.front()) == 0U) {
      flags[o.l.front()] = Flag{o.is_container, o.is_boolean};
    }
  }
  // What each layer gives: name -> values, and where the first came from.
  std::map<std::string, std::vector<std::string>> values;
  for (const auto& [name, flag] : flags) {
    if (given.count(name) != 0U) {
      settings.origin[name] = "--" + name;
    }
  }
  for (const auto& [name, flag] : flags) {
    if (settings.origin.count(name) != 0U) {
      continue;
    }
    const std::string env = environment_name(name);
    const char* value = std::getenv(env.c_str());  // NOLINT(concurrency-mt-unsafe): at startup
    if (value != nullptr && *value != '\0') {
      check_value(spec, name, flag, value, "$" + env);
      values[name] = {value};
      settings.origin[name] = "$" + env;
    }
  }
  std::string config;
  if (given.count(config_flag) != 0U) {
    config = given[config_flag].as<std::string>();
  } else if (const char* env = std::getenv(environment_name(config_flag).c_str());  // NOLINT
             env != nullptr && *env != '\0') {
    config = env;
  }
  if (!config.empty()) {
    std::ifstream in(config);
    if (!in) {
      throw UsageError("cannot read the config file '" + config + "'");
    }
    std::map<std::string, std::string> set_at;  // the settings of this file: name -> FILE:LINE
    int number = 0;
    for (std::string line; std::getline(in, line);) {
      ++number;
      const std::string where = cat({config, ":", std::to_string(number)});
      const std::string text = trim(line);
      if (text.empty() || text[0] == '#') {
        continue;
      }
      const auto equals = text.find('=');
      if (equals == std::string::npos) {
        throw UsageError(cat({where, ": expected 'name = value', not '", text, "'"}));
      }
      const std::string name = trim(text.substr(0, equals));
      const std::string value = trim(text.substr(equals + 1));
      const auto flag = flags.find(name);
      if (flag == flags.end()) {
        throw UsageError(cat({where, ": unknown setting '", name, "'"}));
      }
      check_value(spec, name, flag->second, value, where);
      if (set_at.count(name) != 0U && !flag->second.list) {
        throw UsageError(cat({where, ": ", name, " is set twice (first at ", set_at[name], ")"}));
      }
      set_at.emplace(name, where);
      if (settings.origin.count(name) == 0U || settings.origin[name] == set_at[name]) {
        values[name].push_back(value);  // not given by a layer above
        settings.origin[name] = set_at[name];
      }
    }
    if (in.bad()) {
      throw UsageError("cannot read the config file '" + config + "'");
    }
  }
  // One command line: the layers' values first, then the flags given (no name is in both).
  std::vector<std::string> merged = {argc > 0 ? argv[0] : "serve"};
  for (const auto& [name, list] : values) {
    for (const std::string& value : list) {
      merged.push_back(cat({"--", name, "=", value}));
    }
  }
  for (int i = 1; i < argc; ++i) {
    merged.emplace_back(argv[i]);
  }
  std::vector<const char*> pointers;
  pointers.reserve(merged.size());
  for (const std::string& m : merged) {
    pointers.push_back(m.c_str());
  }
  settings.args = spec.parse(static_cast<int>(pointers.size()), pointers.data());
  return settings;
}

}  // namespace folio::cli
