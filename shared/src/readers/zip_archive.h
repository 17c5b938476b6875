// A zip archive held in memory (DOCX, ODT, EPUB), read entry by entry within unpack limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "readers/extraction.h"

struct archive;  // libarchive's handle, kept out of the readers that use this class

namespace folio {

/// Entries a zip may list before it is refused as a "zip bomb".
constexpr std::size_t kMaxZipEntries = 10000;

/// A zip archive in memory: the names of its entries, and each entry's bytes on demand.
/// Nothing touches the disk: an entry named "../../etc/passwd" or "/etc/passwd" is only a name.
/// The bytes unpacked by all reads together are held to `limits` against the archive's size,
/// counted block by block as they unpack, so a zip bomb is refused long before it is all read.
/// Once an error is set it stays set and every later read() fails. Not thread-safe; `bytes`
/// must outlive the object.
class ZipArchive {
 public:
  /// Lists the archive's entries (which does not unpack them). Sets error() when `bytes` is not
  /// a readable zip ("corrupt archive", with libarchive's message as the detail) or lists more
  /// than `max_entries` entries ("zip bomb").
  ZipArchive(std::string_view bytes, const UnpackLimits& limits,
             std::size_t max_entries = kMaxZipEntries);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  /// Why the archive (or the last read) failed: "corrupt archive", "encrypted archive" or
  /// "zip bomb"; empty while all is well.
  const std::string& error() const { return error_; }
  /// For people: libarchive's message, or the limit that was passed.
  const std::string& error_detail() const { return detail_; }

  /// The names of the archive's files (not its folders), in the archive's order, each once.
  const std::vector<std::string>& names() const { return names_; }
  /// True when the archive has a file named exactly `name` (case matters, no leading '/').
  bool contains(std::string_view name) const;

  /// The bytes of the file `name`. nullopt when there is no such file, or when reading it
  /// failed: then error() says why ("encrypted archive" for an encrypted entry, "zip bomb"
  /// when the limits were passed on the way, "corrupt archive" for bad data).
  std::optional<std::string> read(std::string_view name);

  /// The bytes unpacked so far by all reads.
  std::uint64_t unpacked() const { return unpacked_; }

 private:
  struct Entry {
    std::string name;
    std::size_t position = 0;  // its header's place in the archive
    bool encrypted = false;
  };
  struct Closer {
    void operator()(struct archive* a) const;
  };
  using Handle = std::unique_ptr<struct archive, Closer>;

  Handle open();
  void fail(std::string reason, std::string detail);

  std::string_view bytes_;
  UnpackLimits limits_;
  std::vector<Entry> entries_;                          // files only, first of each name
  std::unordered_map<std::string, std::size_t> index_;  // name -> its place in entries_
  std::vector<std::string> names_;
  std::string error_, detail_;
  std::uint64_t unpacked_ = 0;
  Handle reader_;         // open while reads go forward through the archive
  std::size_t next_ = 0;  // the position of the next header reader_ gives
};

}  // namespace folio
