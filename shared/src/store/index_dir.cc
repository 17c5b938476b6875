// The index folder on disk: generations behind a stub file, shard stubs, the writer lock.
#include "store/index_dir.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "folio/error.h"

namespace folio {
namespace fs = std::filesystem;
namespace {

constexpr const char* kStub = "XAPIANDB";
constexpr const char* kLock = "folio.lock";
constexpr std::string_view kGenPrefix = "gen-";
constexpr std::string_view kScratchPrefix = "tmp-";  // what runs before resumable builds left

std::string read_small_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void sync_path(const fs::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

bool holds_index(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return false;
  }
  return !fs::is_directory(path, ec) || fs::exists(path / kStub, ec) ||
         IndexDir(path).is_plain_database();
}

std::string layout_signature(const fs::path& path) {
  std::error_code ec;
  const fs::path stub = fs::is_directory(path, ec) ? path / kStub : path;
  return fs::is_regular_file(stub, ec) ? read_small_file(stub) : std::string();
}

std::vector<fs::path> generation_shards(const fs::path& gen) {
  std::error_code ec;
  if (!fs::is_regular_file(gen / kStub, ec)) {
    return {gen};
  }
  std::vector<fs::path> out;
  std::istringstream lines(read_small_file(gen / kStub));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("auto ", 0) == 0) {
      out.push_back(gen / line.substr(5));
    }
  }
  return out;
}

void write_shard_stub(const fs::path& gen, const std::vector<fs::path>& shards) {
  const fs::path stub = gen / kStub;
  {
    std::ofstream out(stub, std::ios::binary | std::ios::trunc);
    for (const fs::path& s : shards) {
      out << "auto " << s.filename().string() << '\n';
    }
    out.flush();
    if (!out) {
      throw IndexError("cannot write '" + stub.string() + "'");
    }
  }
  sync_path(stub, O_RDONLY);
}

std::uint64_t generation_number(std::string_view stub) {
  const std::string prefix = "auto " + std::string(kGenPrefix);
  if (stub.substr(0, prefix.size()) != prefix) {
    return 0;
  }
  std::uint64_t n = 0;
  const std::string_view digits = stub.substr(prefix.size());
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  const std::string_view rest = digits.substr(static_cast<std::size_t>(end - digits.data()));
  return ec == std::errc() && rest.find_first_not_of("\r\n") == std::string_view::npos ? n : 0;
}

std::optional<fs::path> IndexDir::current() const {
  const std::string stub = layout_signature(dir_);
  // The stub is one line, "auto gen-N", written by publish().
  const std::size_t space = stub.find(' ');
  if (stub.rfind("auto ", 0) != 0 || space == std::string::npos) {
    return std::nullopt;
  }
  std::string name = stub.substr(space + 1);
  while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) {
    name.pop_back();
  }
  return dir_ / name;
}

bool IndexDir::is_plain_database() const {
  std::error_code ec;
  return fs::exists(dir_ / "iamglass", ec) || fs::exists(dir_ / "iamchert", ec);
}

fs::path IndexDir::next_generation() const {
  unsigned long highest = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(kGenPrefix, 0) == 0) {
      try {
        highest = std::max(highest, std::stoul(name.substr(kGenPrefix.size())));
      } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): not one of ours
      }
    }
  }
  return dir_ / (std::string(kGenPrefix) + std::to_string(highest + 1));
}

void IndexDir::publish(const fs::path& generation) const {
  const fs::path tmp = dir_ / (std::string(kStub) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << "auto " << generation.filename().string() << '\n';
    out.flush();
    if (!out) {
      throw IndexError("cannot write '" + tmp.string() + "'");
    }
  }
  sync_path(tmp, O_RDONLY);
  std::error_code ec;
  fs::rename(tmp, dir_ / kStub, ec);
  if (ec) {
    throw IndexError("cannot switch index '" + dir_.string() +
                     "' to its new generation: " + ec.message());
  }
  sync_path(dir_, O_RDONLY | O_DIRECTORY);
}

void IndexDir::cleanup(bool build_done) const {
  const std::optional<fs::path> keep = current();
  std::error_code ec;
  if (build_done) {
    fs::remove_all(partial(), ec);
  }
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    const bool ours = name.rfind(kGenPrefix, 0) == 0 || name.rfind(kScratchPrefix, 0) == 0;
    if (ours && e.is_directory(ec) && (!keep || e.path() != *keep)) {
      fs::remove_all(e.path(), ec);
    }
  }
}

DirLock::DirLock(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    throw IndexError("cannot create index folder '" + dir.string() + "': " + ec.message());
  }
  const fs::path lock = dir / kLock;
  fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw IndexError("cannot open '" + lock.string() + "': " + std::strerror(errno));
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    throw IndexError("index '" + dir.string() + "' is locked: another folio-index is writing " +
                     "to it");
  }
}

DirLock::~DirLock() {
  if (fd_ >= 0) {
    ::close(fd_);  // releases the flock
  }
}

void IndexDir::remove_plain_database() const {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file(ec) &&
        (name == "iamglass" || name == "flintlock" || name.ends_with(".glass") ||
         name.ends_with(".baseA") || name.ends_with(".baseB"))) {
      fs::remove(e.path(), ec);
    }
  }
}

}  // namespace folio
