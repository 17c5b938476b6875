// The source walk of an indexing run.
#include "indexing/sources.h"

#include <algorithm>
#include <cctype>

#include <sys/stat.h>

#include "store/schema.h"

namespace folio {
namespace fs = std::filesystem;
namespace {

// A collection's own documentation is not one of its articles.
bool documentation(const fs::path& p) {
  std::string stem = p.stem().string();
  std::transform(stem.begin(), stem.end(), stem.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return stem == "README" || stem == "LICENSE" || stem == "LICENCE" || stem == "CHANGELOG" ||
         stem == "CONTRIBUTING";
}

bool hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}

Source make_source(const fs::path& file, const fs::path& root) {
  Source s;
  s.file = file;
  s.root = root;
  s.abs = file.string();
  s.key = schema::source_key(s.abs);
  s.kind = file_kind(file);
  struct stat st {};
  if (::stat(file.c_str(), &st) == 0) {
    s.size = static_cast<std::uint64_t>(st.st_size);
    s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  }
  return s;
}

// The files under `folder`, in path order.
void walk_folder(const fs::path& folder, Sources& out,
                 const std::function<void(const Skip&)>& skip) {
  const std::size_t first = out.files.size();
  std::error_code ec;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    skip(Skip{folder.string(), "unreadable folder", ec.message()});
    return;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      skip(Skip{it->path().string(), "unreadable folder", ec.message()});
      ec.clear();
      continue;
    }
    if (hidden(it->path())) {
      if (it->is_directory(ec)) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!it->is_regular_file(ec)) {
      continue;
    }
    if (documentation(it->path())) {
      skip(Skip{it->path().string(), "README/LICENSE file", ""});
      continue;
    }
    out.files.push_back(make_source(it->path(), folder));
  }
  // Sorted, so that runs are repeatable.
  std::sort(out.files.begin() + static_cast<std::ptrdiff_t>(first), out.files.end(),
            [](const Source& a, const Source& b) { return a.file < b.file; });
}

}  // namespace

bool Sources::covers(const std::string& path) const {
  return std::any_of(roots.begin(), roots.end(), [&path](const std::string& r) {
    return path == r || (r.back() == '/' && path.rfind(r, 0) == 0);
  });
}

Sources walk_sources(const std::vector<fs::path>& inputs,
                     const std::function<void(const Skip&)>& skip) {
  Sources out;
  for (const fs::path& given : inputs) {
    // Stored paths are absolute, so that a hit's path opens from wherever the search runs.
    const fs::path input = fs::absolute(given).lexically_normal();
    std::error_code ec;
    if (fs::is_regular_file(input, ec)) {
      out.files.push_back(make_source(input, input.parent_path()));
      out.roots.push_back(input.string());
      continue;
    }
    out.roots.push_back(input.string() + "/");
    walk_folder(input, out, skip);
  }
  return out;
}

}  // namespace folio
