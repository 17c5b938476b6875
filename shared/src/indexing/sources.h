// The source walk of an indexing run: the files under the inputs, with what the manifest
// compares (size, modification time, absolute path).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "folio/reader.h"

namespace folio {

/// One file to index.
struct Source {
  std::filesystem::path file;
  std::filesystem::path root;  ///< the input folder it was found under (ids are relative to it)
  std::string abs;             ///< absolute path, as the manifest records it
  std::string key;             ///< schema::source_key(abs)
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  FileKind kind = FileKind::kUnsupported;
};

/// The files of a run and the inputs they came from.
struct Sources {
  std::vector<Source> files;       ///< each input's files in path order, inputs in given order
  std::vector<std::string> roots;  ///< absolute inputs; folders end in '/'
  /// Whether `path` (absolute) is one of the inputs or lies under one of them.
  bool covers(const std::string& path) const;
};

/// Walks `inputs` (files, or folders walked recursively). Hidden files and folders are passed
/// over; README, LICENSE, LICENCE, CHANGELOG and CONTRIBUTING files (any extension, any case)
/// are skipped as "README/LICENSE file" and unreadable folders as "unreadable folder", both
/// through `skip`. Every input must exist (the caller checks).
Sources walk_sources(const std::vector<std::filesystem::path>& inputs,
                     const std::function<void(const Skip&)>& skip);

}  // namespace folio
