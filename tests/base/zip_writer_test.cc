#include "grader/base/zip_writer.h"

#include <catch2/catch.hpp>

#include "grader/base/error.h"

namespace grader {
namespace {

uint32_t Le32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (int k = 3; k >= 0; --k) v = (v << 8) | static_cast<unsigned char>(s[at + k]);
  return v;
}
uint16_t Le16(const std::string& s, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(s[at]) | (static_cast<unsigned char>(s[at + 1]) << 8));
}

TEST_CASE("zip: stored entries with their CRC-32, sizes, names and Unix modes", "[base][zip]") {
  ZipWriter zip;
  zip.Add("a.txt", "hello");
  zip.Add("dir/run", "#!/bin/sh\n", true);
  std::string z = zip.Finish();
  // Local header of a.txt at 0: signature, stored, CRC-32 of "hello", sizes, name, data.
  CHECK(Le32(z, 0) == 0x04034b50);
  CHECK(Le16(z, 8) == 0);
  CHECK(Le32(z, 14) == 0x3610a686);
  CHECK(Le32(z, 18) == 5);
  CHECK(Le32(z, 22) == 5);
  CHECK(z.substr(30, 5) == "a.txt");
  CHECK(z.substr(35, 5) == "hello");
  // The second local header follows at 40.
  CHECK(Le32(z, 40) == 0x04034b50);
  CHECK(z.substr(70, 7) == "dir/run");
  size_t dir = 40 + 30 + 7 + 10;
  CHECK(Le32(z, dir) == 0x02014b50);
  CHECK(Le16(z, dir + 4) == 0x0314);             // made by Unix
  CHECK(Le32(z, dir + 38) == (0100644u << 16));  // a.txt: rw-r--r--
  CHECK(Le32(z, dir + 42) == 0);                 // its local header's offset
  size_t second = dir + 46 + 5;
  CHECK(Le32(z, second + 38) == (0100755u << 16));  // dir/run: rwxr-xr-x
  CHECK(Le32(z, second + 42) == 40);
  size_t end = second + 46 + 7;
  REQUIRE(z.size() == end + 22);
  CHECK(Le32(z, end) == 0x06054b50);
  CHECK(Le16(z, end + 10) == 2);        // entries
  CHECK(Le32(z, end + 12) == end - dir);  // central directory size
  CHECK(Le32(z, end + 16) == dir);        // and offset
  // The same entries give the same bytes.
  ZipWriter again;
  again.Add("a.txt", "hello");
  again.Add("dir/run", "#!/bin/sh\n", true);
  CHECK(again.Finish() == z);
}

TEST_CASE("zip: names that could escape the folder they are unpacked in are refused", "[base][zip]") {
  ZipWriter zip;
  for (const char* bad : {"", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "dir/", "a\\b"}) {
    INFO(bad);
    CHECK_THROWS_AS(zip.Add(bad, "x"), Error);
  }
  zip.Add("ok/name.json", "{}");
  CHECK_THROWS_WITH(zip.Add("ok/name.json", "{}"), "zip entry 'ok/name.json' added twice");
  CHECK(zip.size() == 1);
}

}  // namespace
}  // namespace grader
