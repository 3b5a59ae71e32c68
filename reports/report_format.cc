#include "reports/report_format.h"

#include <algorithm>

#include "grader/base/registry.h"

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

std::vector<const ReportFormat*> WantedReportFormats(const ReportOptions& options) {
  std::vector<const ReportFormat*> out = ReportFormats();
  out.erase(std::remove_if(out.begin(), out.end(), [&](const ReportFormat* f) { return !f->Wanted(options); }), out.end());
  return out;
}

}  // namespace grader
