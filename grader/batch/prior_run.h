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

#include <cstdint>
#include <string>
#include <vector>

namespace grader {

// 48 bytes a record, so that a rerun of a million records indexes them in
// tens of megabytes: the id and the fingerprint are kept as hashes (64 and
// 128 bits). Two ids of one run sharing an id hash would also need equal
// fingerprints to be mistaken for each other, and a submission's
// fingerprint hashes its id (SubmissionFingerprint).
struct PriorRecord {
  long long offset = 0;
  uint32_t length = 0;
  int32_t file = 0;  // which file of the run
  uint64_t id = 0;   // PriorRun::IdHash of the id
  uint64_t fingerprint[2] = {0, 0};
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
  static uint64_t IdHash(const std::string& id);
  static void FingerprintHash(const std::string& fingerprint, uint64_t out[2]);

  std::vector<std::string> names_;
  std::vector<int> fds_;
  std::vector<PriorRecord> records_;  // by id hash, one per id (its last line)
};

// Removes the temporary files a killed run left in `dir`, and below it in
// feedback/ and gradescope/ (AtomicFileWriter's "NAME.tmp.PID.N" names);
// other files and folders are left alone.
void RemoveStaleTemps(const std::string& dir);

}  // namespace grader

#endif  // GRADER_BATCH_PRIOR_RUN_H_
