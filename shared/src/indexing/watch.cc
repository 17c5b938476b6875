// Following folders with inotify, and watch_indexing(): a run, then a run after each burst.
#include "indexing/watch.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "folio/error.h"
#include "folio/indexing.h"
#include "folio/reader.h"

namespace folio {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kFolderEvents = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                        IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF |
                                        IN_ONLYDIR;

std::string watch_limit_message(const fs::path& dir) {
  std::string limit = "?";
  std::ifstream in("/proc/sys/fs/inotify/max_user_watches");
  in >> limit;
  return "cannot watch '" + dir.string() +
         "': the system's limit of inotify watches is reached (fs.inotify.max_user_watches = " +
         limit +
         ", one watch a folder); raise it, e.g. sudo sysctl "
         "fs.inotify.max_user_watches=524288";
}

// Whether a change to `name` in a watched folder can change the index.
bool matters(const inotify_event& e) {
  if ((e.mask & (IN_Q_OVERFLOW | IN_DELETE_SELF | IN_MOVE_SELF)) != 0) {
    return true;
  }
  if (e.len == 0) {
    return false;
  }
  const std::string_view name(e.name);
  if (name.starts_with('.')) {
    return false;  // hidden files and folders are not indexed (and editors' temporary files)
  }
  if ((e.mask & IN_ISDIR) != 0) {
    return (e.mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)) != 0;
  }
  if ((e.mask & IN_CREATE) != 0) {
    return false;  // a new file matters once written and closed (IN_CLOSE_WRITE)
  }
  return file_kind(fs::path(name)) != FileKind::kUnsupported;
}

}  // namespace

FolderWatch::FolderWatch(std::vector<fs::path> inputs, std::size_t max_folders, fs::path ignored)
    : inputs_(std::move(inputs)), max_folders_(max_folders), input_wds_(inputs_.size(), -1) {
  std::error_code ec;
  if (!ignored.empty()) {
    ignored_ = fs::weakly_canonical(fs::absolute(ignored), ec).lexically_normal();
  }
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    const int err = errno;
    if (err == EMFILE) {
      throw IndexError(
          "cannot watch folders: the system's limit of inotify instances is reached "
          "(fs.inotify.max_user_instances); raise it, e.g. sudo sysctl "
          "fs.inotify.max_user_instances=1024");
    }
    throw IndexError(std::string("cannot watch folders: inotify: ") + std::strerror(err));
  }
  rewatch_inputs();
}

FolderWatch::~FolderWatch() { ::close(fd_); }

// Watches `dir` alone; its watch descriptor, or -1 when it is the ignored folder or is gone.
int FolderWatch::watch_one(const fs::path& dir) {
  std::error_code ec;
  if (!ignored_.empty() && fs::weakly_canonical(fs::absolute(dir), ec) == ignored_) {
    return -1;
  }
  if (max_folders_ != 0 && dirs_.size() >= max_folders_) {
    throw IndexError(watch_limit_message(dir));
  }
  const int wd = ::inotify_add_watch(fd_, dir.c_str(), kFolderEvents);
  if (wd < 0) {
    if (errno == ENOSPC) {
      throw IndexError(watch_limit_message(dir));
    }
    return -1;  // gone meanwhile, or not a folder: the next run sees what there is
  }
  dirs_[wd] = dir;
  return wd;
}

// Watches `dir` and every folder below it but hidden ones; `dir`'s descriptor, or -1.
int FolderWatch::watch_tree(const fs::path& dir) {
  const int wd = watch_one(dir);
  if (wd < 0) {
    return wd;
  }
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec) && !it->is_symlink(ec) &&
        (name.starts_with('.') || watch_one(it->path()) < 0)) {
      it.disable_recursion_pending();
    }
  }
  return wd;
}

bool FolderWatch::rewatch_inputs() {
  bool added = false;
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    const fs::path& input = inputs_[i];
    std::error_code ec;
    const fs::path dir = fs::is_directory(input, ec) ? input : input.parent_path();
    const auto watched = dirs_.find(input_wds_[i]);
    if (watched != dirs_.end() && watched->second == dir) {
      continue;
    }
    // A file given: its folder, not what is below it.
    input_wds_[i] = dir == input ? watch_tree(dir) : watch_one(dir);
    added = added || input_wds_[i] >= 0;
  }
  return added;
}

bool FolderWatch::read_events() {
  alignas(inotify_event) char buffer[64 << 10];
  bool changed = false;
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n <= 0) {
      break;  // EAGAIN: all read
    }
    for (ssize_t at = 0; at < n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(buffer + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      changed = changed || matters(*e);
      if ((e->mask & IN_Q_OVERFLOW) != 0) {
        for (const fs::path& input : inputs_) {  // folders made meanwhile may be unwatched
          std::error_code ec;
          if (fs::is_directory(input, ec)) {
            watch_tree(input);
          }
        }
      }
      if ((e->mask & IN_IGNORED) != 0) {
        dirs_.erase(e->wd);
        continue;
      }
      const auto dir = dirs_.find(e->wd);
      if (dir != dirs_.end() && e->len > 0 && (e->mask & IN_ISDIR) != 0 &&
          (e->mask & (IN_CREATE | IN_MOVED_TO)) != 0 && e->name[0] != '.') {
        watch_tree(dir->second / e->name);
      }
    }
  }
  return changed;
}

bool FolderWatch::wait(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
  bool changed = ready > 0 && read_events();
  return rewatch_inputs() || changed;
}

void watch_indexing(const std::vector<fs::path>& inputs, const IndexingOptions& options,
                    const WatchOptions& watch, const IndexingListener& listener) {
  auto stopping = [&] { return options.stop != nullptr && options.stop->load(); };
  FolderWatch folders(inputs, watch.max_folders,
                      options.db);  // before the first run: no change missed
  IndexingReport first = run_indexing(inputs, options, listener);
  if (watch.on_run) {
    watch.on_run(first);
  }
  constexpr std::chrono::milliseconds kTick{100};  // how soon a stop is seen
  while (!stopping()) {
    if (!folders.wait(kTick)) {
      continue;
    }
    // A burst: gather changes until it has been quiet for a while, or has lasted long enough.
    const auto began = Clock::now();
    auto last = began;
    while (!stopping()) {
      const auto now = Clock::now();
      const auto due = std::min(last + watch.quiet, began + watch.longest);
      if (now >= due) {
        break;
      }
      if (folders.wait(
              std::min(kTick, std::chrono::duration_cast<std::chrono::milliseconds>(due - now)))) {
        last = Clock::now();
      }
    }
    if (stopping()) {
      break;
    }
    try {
      IndexingOptions again = options;
      again.rebuild = false;
      const IndexingReport r = run_indexing(inputs, again, listener);
      if (watch.on_run) {
        watch.on_run(r);
      }
    } catch (const ConfigError& e) {  // e.g. an input folder removed for now
      if (watch.on_error) {
        watch.on_error(e.what());
      }
    }
  }
}

}  // namespace folio
