// The shared seeds (../shared/seeds: real submissions, an expert rubric, a
// solution set), read by the tests that grade or import them.
#ifndef GRADER_TESTS_TEST_SEEDS_H_
#define GRADER_TESTS_TEST_SEEDS_H_

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace grader::testing {

// Returns the bytes of <seeds>/<name>. Throws std::runtime_error naming the
// full path when the folder or the file is missing or unreadable, so that
// the test fails there and says why instead of grading "" and failing (or
// passing) for the wrong reason.
inline std::string ReadSeedFrom(const std::filesystem::path& seeds, const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::absolute(seeds).lexically_normal();
  if (!fs::is_directory(dir))
    throw std::runtime_error("the seeds folder " + dir.string() + " is missing (the tests read ../shared/seeds)");
  const fs::path path = dir / name;
  std::ifstream in(path, std::ios::binary);
  if (!in || !fs::is_regular_file(path)) throw std::runtime_error("cannot read seed " + path.string());
  std::stringstream s;
  s << in.rdbuf();
  if (in.bad()) throw std::runtime_error("error reading seed " + path.string());
  return s.str();
}

// ReadSeedFrom the shared seeds, ../shared/seeds beside the project.
inline std::string ReadSeed(const std::string& name) { return ReadSeedFrom(GRADER_SEEDS_DIR, name); }

// One file of the shared material: a corpus writeup or a seed.
struct SharedText {
  std::filesystem::path path;
  std::string text;
};

// Every corpus writeup (../shared/corpus/writeups) and every seed
// (../shared/seeds), in path order, read once per test process: what the
// tests comparing a fast path with its plain definition run over. Throws
// when a folder is missing or empty, so such a test cannot pass on nothing.
inline const std::vector<SharedText>& SharedTexts() {
  static const std::vector<SharedText> texts = [] {
    namespace fs = std::filesystem;
    const fs::path shared = fs::path(GRADER_SOURCE_DIR) / ".." / "shared";
    std::vector<SharedText> out;
    for (const char* dir : {"corpus/writeups", "seeds"}) {
      const fs::path folder = (shared / dir).lexically_normal();
      if (!fs::is_directory(folder))
        throw std::runtime_error("the shared folder " + folder.string() + " is missing (the tests read ../shared)");
      std::vector<fs::path> paths;
      for (const auto& entry : fs::recursive_directory_iterator(folder))
        if (entry.is_regular_file()) paths.push_back(entry.path());
      if (paths.empty()) throw std::runtime_error("the shared folder " + folder.string() + " holds no files");
      std::sort(paths.begin(), paths.end());
      for (const fs::path& path : paths) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream buf;
        buf << in.rdbuf();
        if (!in) throw std::runtime_error("cannot read " + path.string());
        out.push_back({path, buf.str()});
      }
    }
    return out;
  }();
  return texts;
}

// The lines of `text`, without their '\n' (an empty line is an empty view;
// a last '\n' starts no line).
inline std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return lines;
}

}  // namespace grader::testing

#endif  // GRADER_TESTS_TEST_SEEDS_H_
