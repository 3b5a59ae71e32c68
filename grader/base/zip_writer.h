// A ZIP archive built in memory: every entry stored (no compression), with
// Unix permissions, so that an executable script stays executable when
// unpacked (what `grader gradescope` writes for Gradescope's autograder).
//
//   ZipWriter zip;
//   zip.Add("run_autograder", script, /*executable=*/true);
//   zip.Add("source/rubric.json", rubric);
//   WriteFileAtomic("autograder.zip", zip.Finish());
//
// The bytes depend only on the entries and their order (every timestamp is
// 1980-01-01 00:00), so the same inputs give the same archive.
#ifndef GRADER_BASE_ZIP_WRITER_H_
#define GRADER_BASE_ZIP_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

namespace grader {

class ZipWriter {
 public:
  // Adds a file. `name` uses '/' separators and must be relative, without
  // "." or ".." components. Throws grader::Error on a bad name, a duplicate,
  // or an archive past the format's limits (65,535 entries, 4 GiB).
  void Add(const std::string& name, const std::string& content, bool executable = false);
  // The archive: local headers and data, the central directory, the end record.
  std::string Finish() const;
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string name;
    uint32_t crc = 0;
    uint32_t size = 0;
    uint32_t offset = 0;  // of its local header
    bool executable = false;
  };
  std::vector<Entry> entries_;
  std::string data_;  // local headers and contents so far
};

}  // namespace grader

#endif  // GRADER_BASE_ZIP_WRITER_H_
