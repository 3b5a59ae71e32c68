#include "grader/base/zip_writer.h"

#include <boost/crc.hpp>
#include <limits>

#include "grader/base/error.h"

namespace grader {
namespace {

constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01
constexpr uint16_t kDosTime = 0;

void Put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}
void Put32(std::string& out, uint32_t v) {
  for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
}

bool BadName(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.back() == '/' || name.size() > 0xffff) return true;
  size_t start = 0;
  while (start <= name.size()) {
    size_t slash = name.find('/', start);
    if (slash == std::string::npos) slash = name.size();
    std::string part = name.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") return true;
    start = slash + 1;
  }
  return name.find('\\') != std::string::npos || name.find('\0') != std::string::npos;
}

}  // namespace

void ZipWriter::Add(const std::string& name, const std::string& content, bool executable) {
  if (BadName(name)) throw Error("zip entry '" + name + "': not a plain relative path");
  for (const Entry& e : entries_)
    if (e.name == name) throw Error("zip entry '" + name + "' added twice");
  constexpr uint64_t kMax = std::numeric_limits<uint32_t>::max();
  if (entries_.size() >= 0xffff) throw Error("zip: more than 65,535 entries");
  if (content.size() + data_.size() + 30 + name.size() >= kMax) throw Error("zip: archive larger than 4 GiB");
  boost::crc_32_type crc;
  crc.process_bytes(content.data(), content.size());
  Entry e{name, crc.checksum(), static_cast<uint32_t>(content.size()), static_cast<uint32_t>(data_.size()), executable};
  Put32(data_, 0x04034b50);  // local file header
  Put16(data_, 10);          // version needed: 1.0 (stored)
  Put16(data_, 0x0800);      // flags: the name is UTF-8
  Put16(data_, 0);           // method: stored
  Put16(data_, kDosTime);
  Put16(data_, kDosDate);
  Put32(data_, e.crc);
  Put32(data_, e.size);  // compressed size
  Put32(data_, e.size);
  Put16(data_, static_cast<uint16_t>(name.size()));
  Put16(data_, 0);  // extra field length
  data_ += name;
  data_ += content;
  entries_.push_back(std::move(e));
}

std::string ZipWriter::Finish() const {
  std::string out = data_;
  std::string dir;
  for (const Entry& e : entries_) {
    Put32(dir, 0x02014b50);         // central directory header
    Put16(dir, (3 << 8) | 20);      // made by: Unix, 2.0
    Put16(dir, 10);                 // version needed
    Put16(dir, 0x0800);
    Put16(dir, 0);
    Put16(dir, kDosTime);
    Put16(dir, kDosDate);
    Put32(dir, e.crc);
    Put32(dir, e.size);
    Put32(dir, e.size);
    Put16(dir, static_cast<uint16_t>(e.name.size()));
    Put16(dir, 0);  // extra
    Put16(dir, 0);  // comment
    Put16(dir, 0);  // disk
    Put16(dir, 0);  // internal attributes
    uint32_t mode = 0100000 | (e.executable ? 0755 : 0644);  // regular file
    Put32(dir, mode << 16);
    Put32(dir, e.offset);
    dir += e.name;
  }
  if (out.size() + dir.size() + 22 >= std::numeric_limits<uint32_t>::max()) throw Error("zip: archive larger than 4 GiB");
  uint32_t dir_offset = static_cast<uint32_t>(out.size());
  out += dir;
  Put32(out, 0x06054b50);  // end of central directory
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, static_cast<uint16_t>(entries_.size()));
  Put16(out, static_cast<uint16_t>(entries_.size()));
  Put32(out, static_cast<uint32_t>(dir.size()));
  Put32(out, dir_offset);
  Put16(out, 0);  // comment length
  return out;
}

}  // namespace grader
