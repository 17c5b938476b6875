// The fixtures of the binary format readers' tests (tests/fixtures/formats/, made by
// make_pdfs.py and make_zips.py there), and small zips built in a test.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <zlib.h>

namespace folio::testing {

/// The bytes of tests/fixtures/formats/`relative`; an empty string (and a failure) when it
/// cannot be read.
inline std::string format_fixture(const std::string& relative) {
  const std::string path = std::string(FOLIO_SOURCE_DIR) + "/tests/fixtures/formats/" + relative;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// `n` bytes of noise, the same on every run.
inline std::string random_bytes(std::size_t n) {
  std::mt19937 gen(20261204);
  std::string out(n, '\0');
  for (char& c : out) {
    c = static_cast<char>(gen() & 0xFF);
  }
  return out;
}

/// `bytes` with `flips` bytes at places `gen` picks set to values it picks.
inline std::string mutated(std::string bytes, std::mt19937& gen, int flips) {
  for (int i = 0; i < flips && !bytes.empty(); ++i) {
    bytes[gen() % bytes.size()] = static_cast<char>(gen() & 0xFF);
  }
  return bytes;
}

/// A zip of `entries` (name, content), stored uncompressed: for small documents a test
/// writes itself rather than a fixture file.
inline std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  const auto put = [](std::string& out, std::uint32_t n, int bytes) {
    for (int i = 0; i < bytes; ++i) {
      out += static_cast<char>((n >> (8 * i)) & 0xFF);
    }
  };
  std::string out;
  std::string directory;
  for (const auto& [name, data] : entries) {
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    const auto size = static_cast<std::uint32_t>(data.size());
    const auto offset = static_cast<std::uint32_t>(out.size());
    out += "PK\x03\x04";
    put(out, 20, 2);  // version needed
    put(out, 0, 2);   // flags
    put(out, 0, 2);   // stored
    put(out, 0, 4);   // time and date
    put(out, crc, 4);
    put(out, size, 4);
    put(out, size, 4);
    put(out, static_cast<std::uint32_t>(name.size()), 2);
    put(out, 0, 2);  // extra
    out += name + data;
    directory += "PK\x01\x02";
    put(directory, 20, 2);  // version made by
    put(directory, 20, 2);
    put(directory, 0, 2);
    put(directory, 0, 2);
    put(directory, 0, 4);
    put(directory, crc, 4);
    put(directory, size, 4);
    put(directory, size, 4);
    put(directory, static_cast<std::uint32_t>(name.size()), 2);
    put(directory, 0, 2);  // extra
    put(directory, 0, 2);  // comment
    put(directory, 0, 2);  // disk
    put(directory, 0, 2);  // internal attributes
    put(directory, 0, 4);  // external attributes
    put(directory, offset, 4);
    directory += name;
  }
  const auto directory_at = static_cast<std::uint32_t>(out.size());
  out += directory + "PK\x05\x06";
  put(out, 0, 4);  // this disk, the directory's disk
  put(out, static_cast<std::uint32_t>(entries.size()), 2);
  put(out, static_cast<std::uint32_t>(entries.size()), 2);
  put(out, static_cast<std::uint32_t>(directory.size()), 4);
  put(out, directory_at, 4);
  put(out, 0, 2);  // comment
  return out;
}

}  // namespace folio::testing
