// The fixtures of the binary format readers' tests (tests/fixtures/formats/, made by
// make_pdfs.py and make_zips.py there).
#pragma once

#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include <gtest/gtest.h>

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

}  // namespace folio::testing
