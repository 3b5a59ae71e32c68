#include "reference/key_render.h"

#include <sstream>

#include "reference/units.h"

namespace grader {
namespace {

using ojson = nlohmann::ordered_json;

std::string Bytes(const Exact& b) {
  struct Prefix { const char* dec; const char* bin; int power; };
  const Prefix prefixes[] = {{"PB", "PiB", 5}, {"TB", "TiB", 4}, {"GB", "GiB", 3}, {"MB", "MiB", 2}, {"KB", "KiB", 1}};
  for (const Prefix& p : prefixes) {
    Exact dec = Pow10(3 * p.power);
    if (b >= dec) {
      Exact bin = Exact(Int(1) << (10 * p.power));
      return RoundSig(b / dec, 3) + " " + p.dec + " (" + RoundSig(b / bin, 3) + " " + p.bin + ")";
    }
  }
  return RoundSig(b, 4) + " bytes";
}

std::string UnitWord(const std::string& unit) {
  if (unit == "parameter") return "parameters";
  if (unit == "byte") return "bytes";
  if (unit == "token") return "tokens";
  if (unit == "word") return "words";
  if (unit == "book") return "books";
  if (unit == "essay") return "essays";
  if (unit == "burger") return "burgers";
  if (unit == "GPU") return "accelerators";
  if (unit == "day") return "days";
  if (unit == "GPU-hour") return "GPU-hours";
  return unit;
}

ojson AlternativeJson(const KeyAlternative& alt, const std::string& unit) {
  ojson j;
  j["id"] = alt.id;
  j["label"] = alt.label;
  if (alt.number) {
    j["value"] = alt.number->ToString();
    j["display"] = DisplayValue(*alt.number, unit);
  } else {
    j["text"] = alt.text;
  }
  if (!alt.feedback.empty()) j["feedback"] = alt.feedback;
  if (alt.credit) j["credit"] = ExactString(*alt.credit);
  j["derivation"] = alt.steps.get();
  return j;
}

std::string AnswerLine(const KeyAnswer& a) {
  if (a.number) {
    std::string exact = a.number->is_exact() && IsInteger(a.number->exact()) ? GroupDigits(numerator(a.number->exact()))
                        : a.number->is_exact()                               ? a.number->ToString()
                                                                             : "≈ " + RoundSig(a.number->exact(), 16);
    std::string unit = a.unit == "1" ? "" : " " + UnitWord(a.unit);
    return "**" + exact + unit + "** — " + DisplayValue(*a.number, a.unit);
  }
  if (!a.text.empty()) return "**" + a.text + "**";
  return "**" + a.formula + "**";
}

}  // namespace

std::string DisplayValue(const Value& v, const std::string& unit) {
  const Exact& x = v.exact();
  if (unit == "byte") return Bytes(x);
  std::string rounded = RoundSig(x, 4);
  std::string approx = v.is_exact() && *ParseExact(rounded) == x ? "" : "≈ ";
  if (unit == "1") return approx + rounded;
  return approx + rounded + " " + UnitWord(unit);
}

ojson KeyToJson(const AnswerKey& key) {
  ojson j;
  j["problem"] = key.problem_id;
  j["title"] = key.title;
  j["variant"] = key.variant ? ojson(*key.variant) : ojson(nullptr);
  ojson params = ojson::object();
  for (const auto& [name, value] : key.parameters) params[name] = value;
  j["parameters"] = params;
  ojson parts = ojson::array();
  for (const Part& p : key.parts) parts.push_back({{"id", p.id}, {"title", p.title}, {"answers", p.answers}});
  j["parts"] = parts;
  ojson answers = ojson::object();
  for (const KeyAnswer& a : key.answers) {
    ojson aj;
    aj["part"] = a.part;
    aj["description"] = a.description;
    if (a.number) {
      aj["kind"] = "number";
      aj["value"] = a.number->ToString();
      aj["exact"] = a.number->is_exact();
      aj["unit"] = a.unit;
      aj["display"] = DisplayValue(*a.number, a.unit);
    } else if (!a.text.empty()) {
      aj["kind"] = "text";
      aj["value"] = a.text;
      aj["unit"] = nullptr;
      aj["display"] = a.text;
    } else {
      aj["kind"] = "formula";
      aj["value"] = a.formula;
      aj["unit"] = nullptr;
      aj["display"] = a.formula;
    }
    if (!a.options.empty()) aj["options"] = a.options;
    if (!a.formula.empty()) aj["formula"] = a.formula;
    aj["derivation"] = a.steps.get();
    if (!a.conventions.empty()) {
      ojson list = ojson::array();
      for (const KeyAlternative& c : a.conventions) list.push_back(AlternativeJson(c, a.unit));
      aj["conventions"] = list;
    }
    if (!a.mistakes.empty()) {
      ojson list = ojson::array();
      for (const KeyAlternative& m : a.mistakes) list.push_back(AlternativeJson(m, a.unit));
      aj["mistakes"] = list;
    }
    if (a.official) {
      ojson o;
      o["value"] = a.official->written;
      o["agrees"] = a.official->agrees;
      if (a.official->relative_error) o["relative_error"] = RoundSig(*a.official->relative_error, 3);
      if (!a.official->source.empty()) o["source"] = a.official->source;
      if (!a.official->note.empty()) o["note"] = a.official->note;
      aj["official"] = o;
    }
    answers[a.id] = aj;
  }
  j["answers"] = answers;
  return j;
}

std::string KeyToMarkdown(const AnswerKey& key) {
  std::ostringstream out;
  out << "# Answer key: " << key.title << "\n\n";
  out << "Problem `" << key.problem_id << "`";
  if (key.variant) out << ", variant " << *key.variant;
  out << ".\n\n";
  if (!key.statement.empty()) out << key.statement << "\n\n";
  out << "| parameter | value |\n|---|---|\n";
  for (const auto& [name, value] : key.parameters) out << "| `" << name << "` | " << value << " |\n";
  out << "\n";
  for (const Part& part : key.parts) {
    out << "## (" << part.id << ") " << part.title << "\n\n";
    if (!part.statement.empty()) out << part.statement << "\n\n";
    for (const std::string& id : part.answers) {
      const KeyAnswer& a = *key.Find(id);
      out << "### `" << a.id << "`: " << a.description << "\n\n";
      out << AnswerLine(a) << "\n\n";
      if (!a.formula.empty() && a.number) out << "Formula: `" << a.formula << "`\n\n";
      if (!a.options.empty()) {
        out << "Options: ";
        for (size_t i = 0; i < a.options.size(); ++i) out << (i ? "; " : "") << a.options[i];
        out << "\n\n";
      }
      for (const std::string& step : a.steps) out << "- " << step << "\n";
      if (!a.steps.empty()) out << "\n";
      for (const KeyAlternative& c : a.conventions)
        out << "Also accepted (" << c.label << "): "
            << (c.number ? Show(*c.number) + " — " + DisplayValue(*c.number, a.unit) : c.text) << "\n\n";
      for (const KeyAlternative& m : a.mistakes) {
        out << "Known mistake (" << m.label << "): "
            << (m.number ? Show(*m.number) + " — " + DisplayValue(*m.number, a.unit) : m.text);
        if (!m.feedback.empty()) out << ". " << m.feedback;
        out << "\n\n";
      }
      if (a.official) {
        if (a.official->agrees) {
          out << "Official solution: " << a.official->written << " (agrees)\n\n";
        } else {
          out << "**Discrepancy**: the official solution gives " << a.official->written;
          if (a.official->relative_error) out << " (off by " << RoundSig(*a.official->relative_error * 100, 3) << "%)";
          if (!a.official->note.empty()) out << ". " << a.official->note;
          out << "\n\n";
        }
      }
    }
  }
  return out.str();
}

}  // namespace grader
