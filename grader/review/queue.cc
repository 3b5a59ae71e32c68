#include "grader/review/queue.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "grader/check/check_util.h"
#include "grader/rubric/rubric.h"
#include "reference/exact.h"
#include "reference/key.h"
#include "reports/report_record.h"

namespace grader {
namespace {

using json = nlohmann::json;

// A credit as overrides.csv would hold it, from a JSON number or string.
std::string CreditText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number_float()) {
    std::string s = v.dump();
    auto e = ParseExact(s);
    return e ? ExactString(*e) : s;
  }
  return "";
}

// A credit as overrides.csv would hold it, from results.jsonl's number as
// ReportFromJson read it (whole numbers without a decimal point, as written).
std::string CreditText(double credit) {
  if (std::isfinite(credit) && credit == std::floor(credit) && std::fabs(credit) < 1e15)
    return std::to_string(static_cast<long long>(credit));
  return CreditText(json(credit));
}

QueueItem ItemFrom(const std::string& submission, const std::string& criterion, const ReportItem& it, bool deduction) {
  QueueItem q;
  q.submission = submission;
  q.criterion = criterion;
  q.item = it.id;
  q.kind = it.kind;
  q.title = it.title;
  q.part = it.part;
  q.found = it.found;
  q.expected = it.expected;
  q.reason = it.review;
  q.detail = it.detail;
  q.deduction = deduction;
  q.review = it.NeedsReview();
  if (it.credit) q.credit = CreditText(*it.credit);
  q.candidates = it.candidates;
  for (const ReportItem::Quote& e : it.evidence) q.evidence.push_back({e.begin, e.end, e.line, e.column, e.text});
  return q;
}

// A partial tier's label: the check's own words for its tolerance.
std::string DescribeTolerance(const json& t) {
  std::string d = detail::DescribeToleranceJson(t);
  return d == "exactly" ? "partial credit" : d;
}

}  // namespace

std::vector<std::string> RubricItemOrder(const Rubric& rubric) {
  std::vector<std::string> out;
  for (const Criterion& c : rubric.criteria)
    for (const RubricItem& item : c.items) out.push_back(item.id);
  for (const RubricItem& item : rubric.checklist) out.push_back(item.id);
  for (const Deduction& d : rubric.deductions) out.push_back(d.item.id);
  return out;
}

std::vector<QueueItem> RecordItems(const Record& record) {
  // Read as every report reads a record (reports/report_record.h).
  const ReportRecord r = ReportFromJson(record);
  std::vector<QueueItem> out;
  for (const ReportCriterion& c : r.criteria)
    for (const ReportItem& it : c.items) out.push_back(ItemFrom(r.id, c.id, it, false));
  for (const ReportItem& it : r.checklist) out.push_back(ItemFrom(r.id, "checklist", it, false));
  for (const ReportItem& it : r.deductions) out.push_back(ItemFrom(r.id, "deductions", it, true));
  return out;
}

std::string GroupRead(const std::string& found) {
  std::string out;
  bool space = false;
  for (char c : found) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

ReviewQueue BuildQueue(const std::vector<Record>& records, const std::vector<std::string>& item_order,
                       const std::map<std::pair<std::string, std::string>, Decision>& decisions) {
  std::vector<QueueItem> items;
  for (const Record& r : records) {
    if (RecordString(r, "status") != "graded") continue;
    for (QueueItem& item : RecordItems(r)) items.push_back(std::move(item));
  }
  return BuildQueueFromItems(std::move(items), item_order, decisions);
}

ReviewQueue BuildQueueFromItems(std::vector<QueueItem> items, const std::vector<std::string>& item_order,
                                const std::map<std::pair<std::string, std::string>, Decision>& decisions) {
  ReviewQueue q;
  for (QueueItem& item : items) {
    auto d = decisions.find({item.submission, item.item});
    if (d != decisions.end()) item.decision = d->second;
    if (!item.review && !item.decision) continue;
    if (item.pending()) ++q.pending;
    q.items.push_back(std::move(item));
  }
  // Checks: rubric order, then unknown ids by name.
  std::map<std::string, size_t> rank;
  for (size_t i = 0; i < item_order.size(); ++i) rank.emplace(item_order[i], i);
  std::vector<std::string> ids;
  for (const QueueItem& item : q.items)
    if (std::find(ids.begin(), ids.end(), item.item) == ids.end()) ids.push_back(item.item);
  std::stable_sort(ids.begin(), ids.end(), [&](const std::string& a, const std::string& b) {
    auto ra = rank.find(a), rb = rank.find(b);
    size_t ka = ra == rank.end() ? item_order.size() : ra->second;
    size_t kb = rb == rank.end() ? item_order.size() : rb->second;
    if (ka != kb) return ka < kb;
    return ka == item_order.size() && a < b;
  });
  for (const std::string& id : ids) {
    QueueCheck check;
    check.item = id;
    std::vector<std::string> reads;
    for (size_t i = 0; i < q.items.size(); ++i) {
      const QueueItem& item = q.items[i];
      if (item.item != id) continue;
      if (check.title.empty()) {
        check.title = item.title;
        check.kind = item.kind;
        check.part = item.part;
        check.criterion = item.criterion;
      }
      std::string read = GroupRead(item.found);
      auto g = std::find_if(check.groups.begin(), check.groups.end(), [&](const QueueGroup& x) { return x.read == read; });
      if (g == check.groups.end()) {
        check.groups.push_back({read, {}});
        g = check.groups.end() - 1;
      }
      g->items.push_back(i);
    }
    std::stable_sort(check.groups.begin(), check.groups.end(),
                     [](const QueueGroup& a, const QueueGroup& b) { return a.items.size() > b.items.size(); });
    q.checks.push_back(std::move(check));
  }
  return q;
}

std::vector<CreditChoice> CreditChoices(const json& spec, const AnswerKey* key, bool deduction) {
  std::vector<CreditChoice> out;
  std::set<std::string> seen;  // label + credit
  auto add = [&](const std::string& label, const std::string& credit_text) {
    auto credit = ParseExact(credit_text);
    if (!credit || *credit < 0 || *credit > 1) return;
    std::string credit_s = ExactString(*credit);
    if (!seen.insert(label + "\x1f" + credit_s).second) return;
    out.push_back({label, credit_s});
  };
  auto text = [](const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  add(deduction ? "full: not applied" : "full credit", "1");
  if (spec.is_object()) {
    if (auto p = spec.find("partial"); p != spec.end() && p->is_array())
      for (const auto& tier : *p)
        if (tier.is_object() && tier.contains("credit")) add(DescribeTolerance(tier.value("tolerance", json())), text(tier["credit"]));
    if (auto c = spec.find("credit"); c != spec.end() && spec.value("kind", "") == "carried")
      add("carried from the response's own value", text(*c));
    if (auto levels = spec.find("levels"); levels != spec.end() && levels->is_array())
      for (const auto& l : *levels)
        if (l.is_object() && l.contains("credit")) add("level: " + l.value("level", std::string("?")), text(l["credit"]));
    bool mistakes = !spec.contains("mistakes") || !spec["mistakes"].is_boolean() || spec["mistakes"].get<bool>();
    if (key && mistakes && spec.contains("answer") && spec["answer"].is_string()) {
      if (const KeyAnswer* a = key->Find(spec["answer"].get<std::string>()))
        for (const KeyAlternative& m : a->mistakes)
          add("mistake: " + (m.label.empty() ? m.id : m.label), ExactString(m.credit.value_or(Exact(0))));
    }
  }
  add(deduction ? "zero: applied" : "zero", "0");
  return out;
}

std::map<std::string, json> RubricItemSpecs(const json& root) {
  std::map<std::string, json> out;
  if (!root.is_object()) return out;
  auto take = [&](const json& list) {
    if (!list.is_array()) return;
    for (const auto& it : list)
      if (it.is_object() && it.contains("id") && it["id"].is_string()) out.emplace(it["id"].get<std::string>(), it);
  };
  if (auto cs = root.find("criteria"); cs != root.end() && cs->is_array())
    for (const auto& c : *cs)
      if (c.is_object() && c.contains("checks")) take(c["checks"]);
  if (auto cl = root.find("checklist"); cl != root.end() && cl->is_object() && cl->contains("items")) take((*cl)["items"]);
  if (auto ds = root.find("deductions"); ds != root.end()) take(*ds);
  return out;
}

}  // namespace grader
