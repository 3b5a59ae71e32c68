// What an earlier run into the same output folder already graded: its
// results.jsonl and, when it was interrupted, its .journal.jsonl. A record
// is reused when its fingerprint (response, rubric, key, grader, overrides,
// judge settings, file id, formats) is unchanged; only the line's head is
// parsed while loading, and the line is read back by offset when reused.
//
//   PriorRun prior;
//   prior.Load("graded");
//   if (const PriorRecord* p = prior.Find("alice", fingerprint)) line = prior.Read(*p);
#ifndef GRADER_BATCH_PRIOR_RUN_H_
#define GRADER_BATCH_PRIOR_RUN_H_

#include <string>
#include <unordered_map>
#include <vector>

namespace grader {

struct PriorRecord {
  int file = 0;  // which file of the run
  long long offset = 0;
  size_t length = 0;
  std::string fingerprint;
  bool graded = false;
};

class PriorRun {
 public:
  PriorRun() = default;
  PriorRun(const PriorRun&) = delete;
  PriorRun& operator=(const PriorRun&) = delete;
  ~PriorRun();

  // Indexes dir/results.jsonl, then dir/.journal.jsonl (later lines win).
  // Missing files are no error; a torn or unparsable line is skipped.
  void Load(const std::string& dir);
  // The graded record of `id` whose fingerprint is `fingerprint`, or nullptr.
  const PriorRecord* Find(const std::string& id, const std::string& fingerprint) const;
  // Returns the record's line. Throws grader::Error when the file changed.
  std::string Read(const PriorRecord& record) const;
  size_t size() const { return records_.size(); }

 private:
  std::vector<std::string> names_;
  std::vector<int> fds_;
  std::unordered_map<std::string, PriorRecord> records_;
};

// Removes the temporary files a killed run left in `dir`, and below it in
// feedback/ and gradescope/ (AtomicFileWriter's "NAME.tmp.PID.N" names);
// other files and folders are left alone.
void RemoveStaleTemps(const std::string& dir);

}  // namespace grader

#endif  // GRADER_BATCH_PRIOR_RUN_H_
