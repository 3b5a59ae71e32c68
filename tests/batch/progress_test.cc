// The progress line: its text, and that it is drawn at most every 200 ms
// and only when enabled.
#include "grader/batch/progress.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

namespace {

std::string Captured(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buf[256];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  return s;
}

}  // namespace

TEST_CASE("progress: the line's text", "[batch][progress]") {
  CHECK(grader::ProgressLine::Format(4096, 10000, 2.0) == "\rgrading 4096/10000  2048/s  ETA 3s   ");
  CHECK(grader::ProgressLine::Format(0, 10, 0.0) == "\rgrading 0/10  0/s  ETA 0s   ");
}

TEST_CASE("progress: the line fits any terminal width", "[batch][progress]") {
  using grader::ProgressLine;
  // The full line is 37 characters: it needs 38 columns.
  CHECK(ProgressLine::Format(4096, 10000, 2.0, 38) == "\rgrading 4096/10000  2048/s  ETA 3s   ");
  CHECK(ProgressLine::Format(4096, 10000, 2.0, 37) == "\r4096/10000 ETA 3s ");
  CHECK(ProgressLine::Format(4096, 10000, 2.0, 19) == "\r4096/10000 ETA 3s ");
  CHECK(ProgressLine::Format(4096, 10000, 2.0, 18) == "\r4096/10000 ");
  CHECK(ProgressLine::Format(4096, 10000, 2.0, 11) == "\r40% ");
  CHECK(ProgressLine::Format(4096, 10000, 2.0, 4) == "\r40%");
  CHECK(ProgressLine::Format(4096, 10000, 2.0, 2) == "\r4");
  CHECK(ProgressLine::Format(4096, 10000, 2.0, 1) == "\r");
  for (int columns = 1; columns <= 60; ++columns) {
    std::string line = ProgressLine::Format(123456, 1000000, 7.5, columns);
    INFO(columns << " columns: '" << line << "'");
    CHECK(line.size() - 1 <= static_cast<size_t>(columns - 1));
    CHECK(line.find('\n') == std::string::npos);
  }
}

TEST_CASE("progress: a narrower terminal mid-run erases within its width", "[batch][progress]") {
  using namespace std::chrono;
  steady_clock::time_point now{};
  int columns = 80;
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  grader::ProgressLine p(true, 10000, f, [&] { return now; }, [&] { return columns; });
  now += milliseconds(250);
  p.Update(4096);  // the full line, 38 characters (16384/s)
  columns = 20;
  now += milliseconds(250);
  p.Update(5000);  // the short form, padded to erase the old line up to column 19
  p.Clear();
  std::string out = Captured(f);
  std::fclose(f);
  CHECK(out == "\rgrading 4096/10000  16384/s  ETA 0s   \r5000/10000 ETA 0s  \r" + std::string(19, ' ') + "\r");
}

TEST_CASE("progress: redrawn at most every 200 ms, erased at the end", "[batch][progress]") {
  using namespace std::chrono;
  steady_clock::time_point now{};
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  {
    grader::ProgressLine p(true, 100, f, [&] { return now; }, [] { return 80; });
    now += milliseconds(100);
    p.Update(10);  // too soon after the start
    now += milliseconds(150);
    p.Update(20);  // 250 ms: drawn
    now += milliseconds(50);
    p.Update(30);  // 50 ms after the last: not drawn
    now += milliseconds(250);
    p.Update(50);  // drawn
    p.Clear();
  }
  std::string out = Captured(f);
  std::fclose(f);
  CHECK(out == "\rgrading 20/100  80/s  ETA 1s   \rgrading 50/100  91/s  ETA 1s   \r" + std::string(31, ' ') + "\r");
}

TEST_CASE("progress: silent when disabled", "[batch][progress]") {
  using namespace std::chrono;
  steady_clock::time_point now{};
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  grader::ProgressLine p(false, 100, f, [&] { return now; });
  now += seconds(5);
  p.Update(50);
  p.Clear();
  CHECK(Captured(f).empty());
  std::fclose(f);
}
