// Following folders with inotify: the folders below the inputs (new ones too) and the changes
// to files Folio reads, gathered into bursts that watch_indexing() indexes.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <vector>

namespace folio {

class FolderWatch {
 public:
  /// Watches every folder below each of `inputs` that exists (a file input: its folder), but
  /// `ignored` (the index's own folder, when it lies below an input: its writes are no
  /// changes to follow). Throws IndexError when inotify is unavailable or its watches run out
  /// (or pass `max_folders`, when not 0).
  FolderWatch(std::vector<std::filesystem::path> inputs, std::size_t max_folders,
              std::filesystem::path ignored = {});
  ~FolderWatch();
  FolderWatch(const FolderWatch&) = delete;
  FolderWatch& operator=(const FolderWatch&) = delete;

  /// Waits up to `timeout` for changes; true when one that matters came (a file Folio reads
  /// written, created, removed or renamed; a folder made, removed or renamed; the kernel's
  /// queue overflowing). New folders are watched as they appear, and inputs that came back.
  bool wait(std::chrono::milliseconds timeout);

  /// Folders watched now.
  std::size_t folders() const { return dirs_.size(); }

 private:
  int watch_tree(const std::filesystem::path& dir);
  int watch_one(const std::filesystem::path& dir);
  bool read_events();
  bool rewatch_inputs();

  std::vector<std::filesystem::path> inputs_;
  std::size_t max_folders_;
  std::filesystem::path ignored_;  // absolute and normal, or empty
  int fd_ = -1;
  std::map<int, std::filesystem::path> dirs_;  // watch descriptor -> folder
  std::vector<int> input_wds_;                 // each input's folder's descriptor, or -1
};

}  // namespace folio
