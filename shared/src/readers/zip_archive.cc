// A zip archive in memory through libarchive: the entry list, and entries read block by block
// with the unpacked bytes counted against the limits.
#include "readers/zip_archive.h"

#include <utility>

#include <archive.h>
#include <archive_entry.h>

namespace folio {
namespace {

constexpr std::size_t kBlockBytes = 64 << 10;  // unpacked at a time, then counted

std::string message_of(struct archive* a, const char* otherwise) {
  const char* m = a == nullptr ? nullptr : archive_error_string(a);
  return m == nullptr ? otherwise : m;
}

}  // namespace

void ZipArchive::Closer::operator()(struct archive* a) const { archive_read_free(a); }

ZipArchive::ZipArchive(std::string_view bytes, const UnpackLimits& limits, std::size_t max_entries)
    : bytes_(bytes), limits_(limits) {
  const Handle lister = open();
  if (!lister) {
    return;
  }
  struct archive_entry* header = nullptr;
  for (std::size_t position = 0;; ++position) {
    const int r = archive_read_next_header(lister.get(), &header);
    if (r == ARCHIVE_EOF) {
      break;
    }
    if (r < ARCHIVE_WARN) {  // a warning (say, a name not in the locale's charset) is no error
      fail("corrupt archive", message_of(lister.get(), "unreadable entry header"));
      return;
    }
    if (position >= max_entries) {
      fail("zip bomb", "more than " + std::to_string(max_entries) + " entries");
      return;
    }
    if (archive_entry_filetype(header) == AE_IFDIR) {
      continue;
    }
    const char* name = archive_entry_pathname_utf8(header);
    if (name == nullptr) {
      name = archive_entry_pathname(header);
    }
    if (name == nullptr || contains(name)) {
      continue;  // the first of two entries of one name wins, as in most zip readers
    }
    entries_.push_back({name, position, archive_entry_is_encrypted(header) != 0});
    names_.emplace_back(name);
    index_.emplace(name, entries_.size() - 1);
  }
}

ZipArchive::~ZipArchive() = default;

ZipArchive::Handle ZipArchive::open() {
  Handle a(archive_read_new());
  if (!a) {
    fail("corrupt archive", "out of memory");
    return nullptr;
  }
  archive_read_support_format_zip(a.get());
  static constexpr char kNothing[1] = {};
  const void* data = bytes_.empty() ? kNothing : bytes_.data();
  if (archive_read_open_memory(a.get(), data, bytes_.size()) != ARCHIVE_OK) {
    fail("corrupt archive", message_of(a.get(), "not a zip archive"));
    return nullptr;
  }
  return a;
}

void ZipArchive::fail(std::string reason, std::string detail) {
  if (error_.empty()) {
    error_ = std::move(reason);
    detail_ = std::move(detail);
  }
  reader_.reset();
}

bool ZipArchive::contains(std::string_view name) const {
  return index_.contains(std::string(name));
}

std::optional<std::string> ZipArchive::read(std::string_view name) {
  const auto found = index_.find(std::string(name));
  if (!error_.empty() || found == index_.end()) {
    return std::nullopt;
  }
  const Entry* entry = &entries_[found->second];
  if (entry->encrypted) {
    fail("encrypted archive", entry->name + " is encrypted");
    return std::nullopt;
  }
  // Reads mostly go forward (an EPUB's chapters are usually in spine order); going back
  // opens the archive again.
  if (!reader_ || next_ > entry->position) {
    reader_ = open();
    next_ = 0;
    if (!reader_) {
      return std::nullopt;
    }
  }
  struct archive_entry* header = nullptr;
  while (next_ <= entry->position) {
    const int r = archive_read_next_header(reader_.get(), &header);
    if (r == ARCHIVE_EOF || r < ARCHIVE_WARN) {
      fail("corrupt archive", message_of(reader_.get(), "entry header gone on a second reading"));
      return std::nullopt;
    }
    ++next_;
  }
  std::string out;
  for (;;) {
    const std::size_t at = out.size();
    out.resize(at + kBlockBytes);
    const la_ssize_t n = archive_read_data(reader_.get(), out.data() + at, kBlockBytes);
    if (n < 0) {
      fail("corrupt archive", entry->name + ": " + message_of(reader_.get(), "unreadable data"));
      return std::nullopt;
    }
    out.resize(at + static_cast<std::size_t>(n));
    if (n == 0) {
      return out;
    }
    unpacked_ += static_cast<std::uint64_t>(n);
    if (!limits_.allows(bytes_.size(), unpacked_)) {
      fail("zip bomb", entry->name + ": more than " + std::to_string(unpacked_) +
                           " bytes unpacked from " + std::to_string(bytes_.size()));
      return std::nullopt;
    }
  }
}

}  // namespace folio
