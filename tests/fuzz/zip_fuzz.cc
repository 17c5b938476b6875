// Fuzz target: ZipArchive (libarchive over a zip in memory): its names, and every entry read
// within the unpack limits, in the archive's order and then backwards.
#include <set>

#include "fuzz_support.h"
#include "readers/zip_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  folio::ZipArchive zip(folio::fuzz::as_text(data, size), folio::fuzz::kLimits);
  if (!zip.error().empty()) {
    return 0;
  }
  const std::vector<std::string> names = zip.names();
  FUZZ_CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
  for (const std::string& name : names) {
    FUZZ_CHECK(zip.contains(name));
    FUZZ_CHECK(zip.read(name).has_value() == zip.error().empty());
  }
  for (auto it = names.rbegin(); it != names.rend() && zip.error().empty(); ++it) {
    zip.read(*it);
  }
  FUZZ_CHECK(zip.unpacked() <= folio::fuzz::kLimits.max_bytes + (1 << 20));
  return 0;
}
