#include "reports/report_format.h"

#include <algorithm>

#include "grader/base/error.h"
#include "grader/base/registry.h"
#include "grader/base/suggest.h"

namespace grader {
namespace {

Registry<ReportFormat>& Formats() {
  static auto* formats = new Registry<ReportFormat>("report format");
  return *formats;
}

}  // namespace

ReportFormatRegistration::ReportFormatRegistration(std::unique_ptr<ReportFormat> format) {
  std::string name = format->name();
  Formats().Add(name, std::move(format));
}

std::vector<const ReportFormat*> ReportFormats() { return Formats().All(); }

FeedbackKinds ParseFeedbackKinds(const std::string& list) {
  if (list == "all") return FeedbackKinds{};
  if (list == "none") return FeedbackKinds{false, false, false};
  FeedbackKinds k{false, false, false};
  static const std::vector<std::string> kNames = {"md", "html", "staff", "all", "none"};
  size_t start = 0;
  while (true) {
    size_t comma = list.find(',', start);
    std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (name == "md") k.md = true;
    else if (name == "html") k.html = true;
    else if (name == "staff") k.staff = true;
    else if (name.empty()) {
      throw Error("--feedback: '" + list + "' has an empty name in its list (md, html, staff, or all or none)");
    } else {
      std::string hint = ClosestName(name, kNames);
      throw Error("--feedback: '" + name + "' is not a kind of feedback file (md, html, staff, or all or none)" +
                  (hint.empty() ? std::string() : "; did you mean '" + hint + "'?"));
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return k;
}

std::string FeedbackKindsText(const FeedbackKinds& k) {
  std::string out;
  for (auto [on, name] : {std::pair{k.md, "md"}, std::pair{k.html, "html"}, std::pair{k.staff, "staff"}})
    if (on) out += (out.empty() ? "" : ",") + std::string(name);
  return out.empty() ? "none" : out;
}

std::vector<const ReportFormat*> WantedReportFormats(const ReportOptions& options) {
  std::vector<const ReportFormat*> out = ReportFormats();
  out.erase(std::remove_if(out.begin(), out.end(), [&](const ReportFormat* f) { return !f->Wanted(options); }), out.end());
  return out;
}

}  // namespace grader
