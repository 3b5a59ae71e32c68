// grader review's model: the queue grouped by check then by value read, the
// credits a check allows, decisions appended to overrides.csv (read back by
// --overrides' reader, several writers at once), and escaping of the
// highlighted response.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "grader/base/error.h"
#include "grader/batch/inputs.h"
#include "grader/review/decisions.h"
#include "grader/review/page.h"
#include "grader/review/queue.h"
#include "reference/key.h"
#include "tests/cli_test_util.h"

namespace fs = std::filesystem;
using grader::Decision;
using grader::Record;
using grader::testing::FreshTempDir;
using grader::testing::ReadFile;
using grader::testing::WriteFile;

namespace {

// A graded record with one criterion "c" holding `items`.
Record MakeRecord(const std::string& id, const std::vector<Record>& items) {
  Record r;
  r["id"] = id;
  r["status"] = "graded";
  r["score"] = 10;
  r["max"] = 100;
  r["result"]["criteria"] = Record::array();
  Record c;
  c["id"] = "c";
  c["items"] = items;
  r["result"]["criteria"].push_back(c);
  return r;
}

Record Item(const std::string& id, const std::string& status, const std::string& found, double credit = 0) {
  Record it;
  it["id"] = id;
  it["kind"] = "numeric";
  it["status"] = status;
  it["found"] = found;
  it["credit"] = credit;
  if (status == "review") it["review"] = "part (d) was matched by its content only";
  return it;
}

}  // namespace

TEST_CASE("review queue: grouped by check in rubric order, then by the value read, largest group first",
          "[review][queue]") {
  std::vector<Record> records = {
      MakeRecord("ann", {Item("fp32", "review", "7.92 GB"), Item("total", "review", "2.1e9", 1)}),
      MakeRecord("bob", {Item("fp32", "review", "8.5  GB"), Item("total", "pass", "2127057600", 1)}),
      MakeRecord("cy", {Item("fp32", "review", " 7.92\tGB "), Item("total", "review", "")}),
      MakeRecord("dee", {Item("fp32", "fail", "1 GB"), Item("zeta", "review", "x")}),
  };
  Record error;
  error["id"] = "eve";
  error["status"] = "error";
  records.push_back(error);
  grader::ReviewQueue q = grader::BuildQueue(records, {"total", "fp32"}, {});
  REQUIRE(q.items.size() == 6);  // ann x2, bob fp32, cy x2, dee zeta
  CHECK(q.pending == 6);
  REQUIRE(q.checks.size() == 3);
  CHECK(q.checks[0].item == "total");  // rubric order, not first seen
  CHECK(q.checks[1].item == "fp32");
  CHECK(q.checks[2].item == "zeta");   // not in the rubric: after it
  const grader::QueueCheck& fp32 = q.checks[1];
  REQUIRE(fp32.groups.size() == 2);
  CHECK(fp32.groups[0].read == "7.92 GB");  // ann and cy, white space collapsed: the larger group first
  REQUIRE(fp32.groups[0].items.size() == 2);
  CHECK(q.items[fp32.groups[0].items[0]].submission == "ann");
  CHECK(q.items[fp32.groups[0].items[1]].submission == "cy");
  CHECK(fp32.groups[1].read == "8.5 GB");
  CHECK(q.items[fp32.groups[1].items[0]].submission == "bob");
  const grader::QueueCheck& total = q.checks[0];
  REQUIRE(total.groups.size() == 2);  // "2.1e9" (ann) and "" (cy); bob's pass is not queued
  CHECK(total.groups[0].read == "2.1e9");
  CHECK(total.groups[1].read == "");
  CHECK(q.items[total.groups[0].items[0]].credit == "1");
  CHECK(q.items[total.groups[0].items[0]].reason == "part (d) was matched by its content only");

  // A decision settles an item; a decided item stays in the queue after the
  // regrade drops its review status; a decision on a pass item queues it too.
  std::map<std::pair<std::string, std::string>, Decision> decided;
  decided[{"ann", "fp32"}] = Decision{"ann", "fp32", "0.5", "", "ta1", "t", 2};
  decided[{"bob", "total"}] = Decision{"bob", "total", "1", "", "ta2", "t", 3};
  records[0]["result"]["criteria"][0]["items"][0]["status"] = "partial";
  q = grader::BuildQueue(records, {"total", "fp32"}, decided);
  CHECK(q.items.size() == 7);
  CHECK(q.pending == 5);
  const grader::QueueItem& ann = q.items[q.checks[1].groups[0].items[0]];
  CHECK(ann.submission == "ann");
  REQUIRE(ann.decision);
  CHECK(ann.decision->credit == "0.5");
  CHECK_FALSE(ann.pending());
}

TEST_CASE("review choices: full, partial tiers, the key's known mistakes, levels, zero", "[review][queue]") {
  const grader::Problem& p = grader::BuiltinProblems().Get("cs336-transformer-accounting");
  grader::AnswerKey key = grader::BuildKey(p, grader::KeyRequest{});
  nlohmann::json fp32 = nlohmann::json::parse(R"({"id": "fp32_memory", "kind": "numeric", "answer": "fp32_bytes",
      "partial": [{"tolerance": {"rel": "0.1"}, "credit": "0.5"}, {"tolerance": {"factor": "10"}, "credit": 0.25},
                  {"tolerance": {"rel": "0.2", "abs": "1000"}, "credit": "0.2"}]})");
  auto choices = grader::CreditChoices(fp32, &key, false);
  REQUIRE(choices.size() == 6);
  CHECK(choices[0].label == "full credit");
  CHECK(choices[0].credit == "1");
  CHECK(choices[1].label == "within 10%");
  CHECK(choices[1].credit == "0.5");
  CHECK(choices[2].label == "within a factor of 10");
  CHECK(choices[2].credit == "0.25");
  // rel and abs together are one bound, their sum (as the check applies it)
  CHECK(choices[3].label == "within ±(1000 + 20%)");
  CHECK(choices[3].credit == "0.2");
  CHECK(choices[4].label == "mistake: from the two-matrix, single-table count");
  CHECK(choices[4].credit == "0.5");
  CHECK(choices[5].label == "zero");
  CHECK(choices[5].credit == "0");
  // "mistakes": false leaves the key's mistakes out; no key, no mistakes.
  fp32["mistakes"] = false;
  CHECK(grader::CreditChoices(fp32, &key, false).size() == 5);
  CHECK(grader::CreditChoices(nlohmann::json::object(), nullptr, false).size() == 2);
  nlohmann::json levelled = nlohmann::json::parse(R"({"kind": "levelled", "levels": [
      {"level": "excellent", "credit": "1"}, {"level": "good", "credit": "2/3"}, {"level": "poor", "credit": "0"}]})");
  choices = grader::CreditChoices(levelled, nullptr, false);
  REQUIRE(choices.size() == 5);
  CHECK(choices[2].label == "level: good");
  CHECK(choices[2].credit == "2/3");
  choices = grader::CreditChoices(nlohmann::json::object(), nullptr, true);
  CHECK(choices[0].label == "full: not applied");
  CHECK(choices[1].label == "zero: applied");
  // Specs from a rubric file: criteria checks, checklist items, deductions.
  auto specs = grader::RubricItemSpecs(nlohmann::json::parse(R"({"criteria": [{"checks": [{"id": "a"}]}],
      "checklist": {"items": [{"id": "b"}]}, "deductions": [{"id": "c"}]})"));
  CHECK(specs.size() == 3);
  CHECK(specs.count("b") == 1);
}

TEST_CASE("review decisions: one CSV line each, read back by --overrides' reader, last one wins", "[review][decisions]") {
  fs::path dir = FreshTempDir("review-decisions");
  const std::string path = (dir / "overrides.csv").string();
  CHECK(grader::DecisionLine({"ann", "fp32", "0.5", "ok", "ta1", "2025-01-31T12:00:00Z", 0}) ==
        "ann,fp32,0.5,ok,ta1,2025-01-31T12:00:00Z\n");
  CHECK(grader::DecisionLine({"a,b", "fp32", "1", "say \"hi\",\r\nthere", "=ta", "t", 0}) ==
        "\"a,b\",fp32,1,\"say \"\"hi\"\",  there\",=ta,t\n");
  grader::AppendDecisions(path, {{"ann", "fp32", "0.5", "read 7.92 GiB, not GB", "ta1", "t1", 0}});
  grader::AppendDecisions(path, {{"ann", "fp32", "2/3", "", "ta2", "t2", 0}, {"bob", "total", "0", "", "ta2", "t2", 0}});
  CHECK(ReadFile(path) ==
        "id,check,credit,comment,who,when\nann,fp32,0.5,\"read 7.92 GiB, not GB\",ta1,t1\nann,fp32,2/3,,ta2,t2\nbob,total,0,,ta2,t2\n");
  // The reader `grade --overrides` uses accepts the extra columns.
  std::vector<grader::OverrideRow> rows = grader::LoadOverrides(path);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].id == "ann");
  CHECK(rows[0].check == "fp32");
  CHECK(rows[0].credit == "0.5");
  CHECK(rows[0].comment == "read 7.92 GiB, not GB");
  CHECK(rows[1].credit == "2/3");
  auto all = grader::ReadDecisions(path);
  REQUIRE(all.size() == 3);
  CHECK(all[0].who == "ta1");
  CHECK(all[2].line == 4);
  auto latest = grader::LatestDecisions(all);
  CHECK(latest.size() == 2);
  CHECK(latest[{"ann", "fp32"}].credit == "2/3");
  CHECK(latest[{"ann", "fp32"}].who == "ta2");

  // Invalid decisions write nothing; a torn line is ended first.
  CHECK_THROWS_WITH(grader::AppendDecisions(path, {{"ann", "fp32", "0", "", "", "", 0}, {"ann", "fp32", "2", "", "", "", 0}}),
                    "decision on 'ann' / 'fp32': credit '2' must be a number from 0 to 1");
  CHECK(grader::ReadDecisions(path).size() == 3);
  {
    std::ofstream(path, std::ios::app) << "cy,total,1";  // a writer killed mid-line
  }
  grader::AppendDecisions(path, {{"dee", "total", "1", "", "ta3", "t3", 0}});
  all = grader::ReadDecisions(path);
  REQUIRE(all.size() == 5);
  CHECK(all[3].submission == "cy");
  CHECK(all[4].submission == "dee");
  CHECK(grader::ReadDecisions((dir / "missing.csv").string()).empty());
  WriteFile(dir / "bad.csv", "id,check,credit\nann,fp32,1.5\n");
  CHECK_THROWS_WITH(grader::ReadDecisions((dir / "bad.csv").string()),
                    (dir / "bad.csv").string() + ":2: credit '1.5' must be a number from 0 to 1");
  WriteFile(dir / "short.csv", "ann,fp32\n");
  CHECK_THROWS_WITH(grader::ReadDecisions((dir / "short.csv").string()),
                    (dir / "short.csv").string() + ":1: expected id,check,credit[,comment[,who,when]]");
}

TEST_CASE("review decisions: two TAs (processes) and many threads append without losing or tearing a line",
          "[review][decisions]") {
  fs::path dir = FreshTempDir("review-decisions-concurrent");
  const std::string path = (dir / "overrides.csv").string();
  const std::string long_comment(3000, 'c');  // past PIPE_BUF: whole-line writes must not rely on it
  auto writer = [&](const std::string& who, int n) {
    for (int i = 0; i < n; ++i)
      grader::AppendDecisions(path, {{"s" + std::to_string(i), who, "1", long_comment, who, "t", 0}});
  };
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    try {
      writer("ta-child", 100);
    } catch (...) {
      _exit(1);
    }
    _exit(0);
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&, t] { writer("ta" + std::to_string(t), 50); });
  for (auto& t : threads) t.join();
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  auto all = grader::ReadDecisions(path);
  REQUIRE(all.size() == 300);
  std::map<std::string, int> per_writer;
  for (const Decision& d : all) {
    CHECK(d.comment == std::string(2000, 'c'));  // cut to kMaxCommentBytes
    ++per_writer[d.who];
  }
  CHECK(per_writer["ta-child"] == 100);
  CHECK(per_writer["ta0"] == 50);
  CHECK(per_writer["ta3"] == 50);
  CHECK(ReadFile(path).rfind("id,check,credit,comment,who,when\n", 0) == 0);  // one header, first
  CHECK(grader::LoadOverrides(path).size() == 300);
}

TEST_CASE("review page: the response is escaped around its highlights", "[review][page]") {
  grader::QueueItem item;
  item.item = "fp32";
  item.review = true;
  const std::string text = "line one\n<script>alert('x')</script> 7.92 GB & more\nthird <b>line</b>\n";
  size_t at = text.find("7.92 GB");
  item.evidence.push_back({static_cast<long long>(at), static_cast<long long>(at + 7), 2, 1, "7.92 GB"});
  item.candidates = {"<b>line</b>"};
  auto marks = grader::MarksFor(item, text);
  REQUIRE(marks.size() == 2);
  CHECK(grader::HighlightText(text, 9, text.size(), marks) ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <mark class=\"review\" title=\"fp32\">7.92 GB</mark> &amp; more\n"
        "third <mark class=\"candidate\" title=\"candidate: &lt;b&gt;line&lt;/b&gt;\">&lt;b&gt;line&lt;/b&gt;</mark>\n");
  // Offsets that no longer hold the quote (the file changed): found by text.
  item.evidence[0].begin = 0;
  item.evidence[0].end = 7;
  marks = grader::MarksFor(item, text);
  REQUIRE(marks.size() == 2);
  CHECK(marks[0].begin == at);
  // Out-of-range offsets and a missing quote mark nothing.
  item.evidence[0] = {5000, 6000, 0, 0, "absent"};
  item.candidates.clear();
  CHECK(grader::MarksFor(item, text).empty());
  std::string snippet = grader::SnippetHtml(item, text);
  CHECK(snippet.find("no evidence in the response") != std::string::npos);
  CHECK(snippet.find("<script>") == std::string::npos);
  CHECK(grader::UrlEncode("<a b>/../é") == "%3Ca%20b%3E%2F..%2F%C3%A9");
}

TEST_CASE("review page: a big queue shows a check's first items in full and lists the rest compactly", "[review][page]") {
  // One check: a group of 25 students who wrote the same value, then 40
  // students who each wrote another one.
  std::vector<grader::QueueItem> items;
  auto add = [&](const std::string& sub, const std::string& found) {
    grader::QueueItem it;
    it.submission = sub;
    it.item = "total";
    it.part = "a";
    it.found = found;
    it.credit = "0";
    it.review = true;
    items.push_back(it);
  };
  for (int i = 0; i < 25; ++i) add("same" + std::to_string(i), "7.92 GB");
  for (int i = 0; i < 40; ++i) add("own<" + std::to_string(i) + ">", std::to_string(i) + " GB");
  grader::ReviewQueue q = grader::BuildQueueFromItems(items, {"total"}, {});
  REQUIRE(q.checks.size() == 1);
  REQUIRE(q.checks[0].groups.size() == 41);
  grader::PageData d;
  d.queue = &q;
  size_t texts_read = 0;
  d.text = [&](const std::string&) -> std::optional<std::string> {
    ++texts_read;
    return std::string("a response\n");
  };
  d.choices = [](const grader::QueueItem&) { return std::vector<grader::CreditChoice>{{"full credit", "1"}, {"zero", "0"}}; };
  const std::string page = grader::RenderQueuePage(d);
  auto count = [&](const std::string& needle) {
    size_t n = 0;
    for (size_t at = page.find(needle); at != std::string::npos; at = page.find(needle, at + 1)) ++n;
    return n;
  };
  // The big group: 10 in full, 15 listed; then 30 single groups in full
  // (40 for the check) and the last 10 listed.
  CHECK(count("<article class=\"item") == grader::kQueueFullPerCheck);
  CHECK(count("<li class=\"item pending\"") == 25);
  CHECK(count("15 more items</summary>") == 1);
  CHECK(count("1 more item</summary>") == 10);
  CHECK(texts_read == grader::kQueueFullPerCheck);  // listed items read no response
  CHECK(page.find("data-sub=\"same24\"") != std::string::npos);
  CHECK(page.find("data-sub=\"own&lt;39&gt;\"") != std::string::npos);  // escaped in the compact list too
  CHECK(page.find("own<39>") == std::string::npos);
  // The group's buttons and every listed item sit in the same group section.
  const size_t group = page.find("<section class=\"group\" data-group=\"0\"");
  const size_t next = page.find("<section class=\"group\" data-group=\"1\"");
  REQUIRE(group != std::string::npos);
  REQUIRE(next != std::string::npos);
  const std::string first = page.substr(group, next - group);
  CHECK(first.find("groupctl") != std::string::npos);
  CHECK(first.find("data-sub=\"same0\"") != std::string::npos);
  CHECK(first.find("data-sub=\"same24\"") != std::string::npos);
  CHECK(page.find("class=\"compact-note\"") != std::string::npos);
}
