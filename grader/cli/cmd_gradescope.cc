// `grader gradescope`: a Gradescope autograder zip for a rubric, and
// `grader gradescope-run`: what that zip's run_autograder calls for each
// submission on Gradescope.
//
// The zip (see README.md, "Gradescope"):
//   setup.sh          installs the build packages on Gradescope's Ubuntu image
//                     and builds grader-src/ (the grader itself, from source)
//   run_autograder    runs `grader gradescope-run` for the submission
//   autograder.json   the rubric, problems, roster and key settings to grade with
//   rubric.json, problems/*.json (a problem that is not built in), roster.csv
//   grader-src/       the grader's sources (no tests, benchmarks or build output)
//
// The grader is built from source rather than shipped as a binary: the one
// built here links Debian 12's shared libraries (libre2.so.9, glibc 2.36),
// which Gradescope's Ubuntu images do not have, and a fully static binary
// would need static builds of libcurl's dependencies that Debian does not
// package. Building takes a few minutes, once, when Gradescope builds the
// autograder image.
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "grader/base/atomic_file.h"
#include "grader/base/read_file.h"
#include "grader/base/error.h"
#include "grader/base/zip_writer.h"
#include "grader/batch/batch.h"
#include "grader/cli/command.h"
#include "grader/rubric/rubric.h"
#include "reference/key.h"

#ifndef GRADER_SOURCE_TREE
#define GRADER_SOURCE_TREE ""
#endif

namespace grader {
namespace {

namespace fs = std::filesystem;

std::string ReadWhole(const fs::path& path) { return ReadFileOrThrow(path.string()); }

// What Gradescope runs once, as root, when it builds the autograder image.
constexpr const char* kSetup = R"SH(#!/usr/bin/env bash
# Written by `grader gradescope`. Gradescope runs this once, as root, when it
# builds the autograder image: it installs the build packages and builds the
# grader from grader-src/ (a few minutes).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends cmake g++ make pkg-config libboost-dev libre2-dev \
  nlohmann-json3-dev libcurl4-openssl-dev libssl-dev libcli11-dev libcpp-httplib-dev python3-pip
# g++ 12 where the image has it (Ubuntu 22.04's default g++ is 11).
if apt-get install -y -qq --no-install-recommends g++-12 >/dev/null 2>&1; then export CXX=g++-12; fi
# CMake 3.25 or newer (Ubuntu 22.04 ships 3.22).
have=$(cmake --version | head -n 1 | awk '{print $3}')
if [ "$(printf '%s\n' 3.25 "$have" | sort -V | head -n 1)" != 3.25 ]; then
  pip3 install -q 'cmake>=3.25'
  hash -r
fi
cd "$(dirname "$0")/grader-src"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGRADER_BUILD_TESTS=OFF -DGRADER_BUILD_BENCH=OFF
cmake --build build -j"$(nproc)" --target grader
build/grader --help >/dev/null
echo "setup.sh: the grader is built: $(pwd)/build/grader"
)SH";

// What Gradescope runs for each submission.
constexpr const char* kRunAutograder = R"SH(#!/usr/bin/env bash
# Written by `grader gradescope`. Gradescope runs this for each submission:
# the grader reads /autograder/submission and submission_metadata.json and
# writes /autograder/results/results.json. AUTOGRADER_ROOT and GRADER_BIN
# override the folders (for trying it outside Gradescope).
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
HERE="$(cd "$(dirname "$0")" && pwd)"
GRADER="${GRADER_BIN:-$HERE/grader-src/build/grader}"
mkdir -p "$ROOT/results"
if [ ! -x "$GRADER" ]; then
  printf '%s\n' '{"score": 0, "output": "The autograder is not set up: the grader was not built. Please tell course staff.", "visibility": "visible", "tests": []}' > "$ROOT/results/results.json"
  exit 0
fi
exec "$GRADER" gradescope-run --root "$ROOT" --config "$HERE/autograder.json"
)SH";

// The top folders of the source tree the grader is built from (tests,
// benchmarks, CI and build output stay out), and its top files.
bool ShippedFolder(const std::string& top) {
  return top == "cmake" || top == "grader" || top == "reference" || top == "reports" || top == "problems";
}
bool Shipped(const fs::path& relative) {
  if (relative.has_parent_path()) return ShippedFolder(relative.begin()->string());
  return relative == "CMakeLists.txt" || relative == "README.md";
}

// Adds the grader's sources under grader-src/.
size_t AddSources(ZipWriter* zip, const std::string& source) {
  fs::path root(source);
  std::error_code ec;
  if (source.empty() || !fs::is_regular_file(root / "CMakeLists.txt", ec) || !fs::is_directory(root / "grader", ec))
    throw Error("'" + source + "' is not the grader's source tree (no CMakeLists.txt and grader/ in it); give it with --source DIR");
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    fs::path rel = fs::relative(it->path(), root, ec);
    if (it->is_directory()) {
      if (!rel.has_parent_path() && !ShippedFolder(rel.string())) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink() || !it->is_regular_file() || !Shipped(rel)) continue;
    files.push_back(rel);
  }
  if (ec) throw Error("cannot read the source tree '" + source + "': " + ec.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& rel : files) zip->Add("grader-src/" + rel.generic_string(), ReadWhole(root / rel));
  return files.size();
}

struct ZipArgs {
  std::string rubric, problems, roster, roster_key = "email", out = "autograder.zip", source = GRADER_SOURCE_TREE;
  std::vector<std::string> sets;
  long variant = -1;
};

int RunZip(const ZipArgs& a) {
  LoadedRubric loaded = LoadRubricWithProblems(a.rubric, a.problems);  // a broken rubric fails here, not on Gradescope
  if (loaded.problem) BuildKey(*loaded.problem, KeyRequest{a.variant, a.sets});  // so do bad --set values
  ZipWriter zip;
  zip.Add("setup.sh", kSetup, true);
  zip.Add("run_autograder", kRunAutograder, true);
  zip.Add("rubric.json", ReadWhole(a.rubric));
  nlohmann::ordered_json config{{"rubric", "rubric.json"}, {"problems", ""}, {"roster", ""},
                                {"roster_key", a.roster_key}, {"sets", a.sets}, {"variant", a.variant}};
  // A problem that is not built in is shipped with the folder it came from.
  const std::string& folder = loaded.problems_folder;
  if (!folder.empty()) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.path().extension() == ".json" && entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) zip.Add("problems/" + f.filename().string(), ReadWhole(f));
    config["problems"] = "problems";
  }
  if (!a.roster.empty()) {
    zip.Add("roster.csv", ReadWhole(a.roster));
    config["roster"] = "roster.csv";
  }
  zip.Add("autograder.json", config.dump(2) + "\n");
  size_t sources = AddSources(&zip, a.source);
  std::string bytes = zip.Finish();
  WriteFileAtomic(a.out, bytes);
  std::cout << "wrote " << a.out << " (" << zip.size() << " files, " << sources << " of them the grader's sources; "
            << (bytes.size() + 1023) / 1024 << " KB)\n"
            << "upload it as the autograder of a Gradescope programming assignment (base image: Ubuntu 22.04);\n"
            << "Gradescope builds the grader once (setup.sh, a few minutes), then grades each submission.\n";
  return kExitOk;
}

std::function<int()> SetupGradescope(CLI::App* app) {
  auto a = std::make_shared<ZipArgs>();
  app->add_option("--rubric", a->rubric, "rubric file (rubrics/*.json)")->required();
  app->add_option("--problems", a->problems, "problem definitions to ship with it (default: the built-in ones, then problems/ beside the rubric's folder)")
      ->type_name("DIR");
  app->add_option("--roster", a->roster, "CSV of id[,variant][,PARAM...]: each student's own parameters, by the id --roster-key names");
  app->add_option("--roster-key", a->roster_key, "which field of Gradescope's submission metadata is a roster id")
      ->check(CLI::IsMember({"email", "sid", "name", "user_id"}))
      ->default_str("email");
  app->add_option("--set", a->sets, "grade against the key with this parameter, NAME=VALUE (repeatable)");
  app->add_option("--variant", a->variant, "grade against the key of this variant")->check(CLI::NonNegativeNumber);
  app->add_option("--out", a->out, "the zip to write")->default_str("autograder.zip");
  app->add_option("--source", a->source, "the grader's source tree to ship (default: the one this grader was built from)")
      ->type_name("DIR");
  app->footer(
      "\nExample:\n"
      "  grader gradescope --rubric rubrics/cs336-transformer-accounting.json --out autograder.zip\n"
      "  (upload autograder.zip on Gradescope: Configure Autograder, Ubuntu 22.04)\n");
  return [a] { return RunZip(*a); };
}

// --- gradescope-run -----------------------------------------------------

// The file types a student's answer may come in (read as text).
bool TextAnswer(const fs::path& p) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return e == ".md" || e == ".markdown" || e == ".txt" || e == ".tex" || e == ".typ" || e == ".rst";
}

void WriteResults(const fs::path& root, const nlohmann::ordered_json& results) {
  fs::create_directories(root / "results");
  WriteFileAtomic((root / "results" / "results.json").string(), results.dump(2) + "\n");
}

// A results.json with no score: what the student sees when their
// submission cannot be graded.
void WriteProblem(const fs::path& root, const std::string& message) {
  WriteResults(root, nlohmann::ordered_json{{"score", 0}, {"output", message}, {"visibility", "visible"},
                                            {"tests", nlohmann::json::array()}});
}

struct RunArgs {
  std::string root = "/autograder";
  std::string config;
};

int RunSubmission(const RunArgs& a) {
  fs::path root(a.root);
  fs::path config_path = a.config.empty() ? root / "source" / "autograder.json" : fs::path(a.config);
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(ReadWhole(config_path));
  } catch (const nlohmann::json::exception& e) {
    throw Error(config_path.string() + ": invalid JSON: " + e.what());
  }
  fs::path here = config_path.parent_path();
  auto path_of = [&](const char* key) -> std::string {
    std::string v = config.value(key, "");
    return v.empty() ? "" : (here / v).string();
  };

  // The student's id: the roster's key from the submission's metadata.
  std::string id = "submission";
  std::string roster_key = config.value("roster_key", "email");
  std::error_code ec;
  fs::path metadata = root / "submission_metadata.json";
  if (fs::is_regular_file(metadata, ec)) {
    try {
      nlohmann::json m = nlohmann::json::parse(ReadWhole(metadata));
      const nlohmann::json& users = m.value("users", nlohmann::json::array());
      if (!users.empty() && users[0].is_object()) {
        const nlohmann::json& u = users[0];
        std::string field = roster_key == "user_id" ? "id" : roster_key;
        if (u.contains(field) && u[field].is_string()) id = u[field].get<std::string>();
        else if (u.contains(field) && u[field].is_number_integer()) id = std::to_string(u[field].get<long long>());
      }
    } catch (const nlohmann::json::exception& e) {
      std::cerr << "grader: warning: " << metadata.string() << ": " << e.what() << "\n";
    }
  }

  // The answer: every text file the student uploaded, in name order.
  std::vector<fs::path> answers, others;
  fs::path submission = root / "submission";
  if (fs::is_directory(submission, ec))
    for (auto it = fs::recursive_directory_iterator(submission, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_symlink() || !it->is_regular_file()) continue;
      (TextAnswer(it->path()) ? answers : others).push_back(fs::relative(it->path(), submission));
    }
  std::sort(answers.begin(), answers.end());
  if (answers.empty()) {
    std::string found;
    for (size_t k = 0; k < others.size() && k < 5; ++k) found += (found.empty() ? "" : ", ") + others[k].string();
    WriteProblem(root, "No answer to grade: upload your answers as a text file (.md, .txt, .tex or .typ)" +
                           (found.empty() ? std::string(".") : "; this submission holds " + found + "."));
    return kExitOk;
  }
  std::string text;
  for (const fs::path& p : answers) {
    if (!text.empty()) text += "\n\n";
    text += ReadWhole(submission / p);
  }

  // Grade it as a one-line JSONL batch (no file name comes from the student).
  std::string tmp_template = (fs::temp_directory_path() / "grader-gradescope-XXXXXX").string();
  std::vector<char> buf(tmp_template.begin(), tmp_template.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw Error("cannot make a temporary folder in " + fs::temp_directory_path().string());
  fs::path tmp(buf.data());
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(p, e);
    }
  } cleanup{tmp};
  {
    std::ofstream jsonl(tmp / "submission.jsonl", std::ios::binary);
    jsonl << nlohmann::json{{"id", id}, {"response", text}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
          << "\n";
  }
  BatchOptions o;
  o.rubric_path = path_of("rubric");
  o.problems_dir = path_of("problems");
  o.roster = path_of("roster");
  o.inputs = {(tmp / "submission.jsonl").string()};
  o.out_dir = (tmp / "out").string();
  o.jobs = 1;
  o.quiet = true;
  o.gradescope = true;
  o.sets = config.value("sets", std::vector<std::string>{});
  o.variant = config.value("variant", -1L);
  try {
    RunBatch(o);
  } catch (const Error& e) {
    WriteProblem(root, std::string("The autograder could not grade this submission: ") + e.what() +
                           ". Please tell course staff.");
    return kExitOk;
  }
  fs::path produced;
  for (const auto& entry : fs::directory_iterator(tmp / "out" / "gradescope", ec))
    if (fs::is_regular_file(entry.path() / "results.json")) produced = entry.path() / "results.json";
  if (produced.empty()) {
    WriteProblem(root, "The autograder produced no result for this submission. Please tell course staff.");
    return kExitOk;
  }
  fs::create_directories(root / "results");
  WriteFileAtomic((root / "results" / "results.json").string(), ReadWhole(produced));
  return kExitOk;
}

std::function<int()> SetupGradescopeRun(CLI::App* app) {
  auto a = std::make_shared<RunArgs>();
  app->add_option("--root", a->root, "Gradescope's autograder folder")->default_str("/autograder")->type_name("DIR");
  app->add_option("--config", a->config, "the autograder.json that `grader gradescope` wrote (default: ROOT/source/autograder.json)");
  app->footer("\nRun by the zip's run_autograder on Gradescope; reads ROOT/submission/ and ROOT/submission_metadata.json,\n"
              "writes ROOT/results/results.json (also when the submission cannot be graded, with the reason).\n");
  return [a] { return RunSubmission(*a); };
}

const CommandRegistration kGradescope({"gradescope", "write a Gradescope autograder zip for a rubric", SetupGradescope});
const CommandRegistration kGradescopeRun(
    {"gradescope-run", "grade one submission inside Gradescope's autograder (what run_autograder calls)", SetupGradescopeRun});

}  // namespace
}  // namespace grader
