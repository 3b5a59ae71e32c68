#include "reports/report_format.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace grader {
namespace {

std::map<std::string, std::unique_ptr<ReportFormat>>& Registry() {
  static auto* formats = new std::map<std::string, std::unique_ptr<ReportFormat>>();
  return *formats;
}

}  // namespace

ReportFormatRegistration::ReportFormatRegistration(std::unique_ptr<ReportFormat> format) {
  std::string name = format->name();
  if (!Registry().emplace(name, std::move(format)).second) {
    std::fprintf(stderr, "grader: internal error: report format '%s' is registered twice\n", name.c_str());
    std::abort();
  }
}

std::vector<const ReportFormat*> ReportFormats() {
  std::vector<const ReportFormat*> out;
  for (const auto& [name, format] : Registry()) out.push_back(format.get());
  return out;
}

std::vector<const ReportFormat*> WantedReportFormats(const ReportOptions& options) {
  std::vector<const ReportFormat*> out = ReportFormats();
  out.erase(std::remove_if(out.begin(), out.end(), [&](const ReportFormat* f) { return !f->Wanted(options); }), out.end());
  return out;
}

}  // namespace grader
