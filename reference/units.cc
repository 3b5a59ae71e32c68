#include "reference/units.h"

#include <unordered_map>

namespace grader {
namespace {

Exact E(std::string_view s) { return *ParseExact(s); }

std::vector<Unit> BuildTable() {
  // symbol, dimension, scale (exact, as text), name, aliases
  struct Row { const char* symbol; const char* dim; const char* scale; const char* name; std::vector<std::string> aliases; };
  const Row rows[] = {
      {"1", "1", "1", "dimensionless", {}},
      {"x", "1", "1", "times (a ratio)", {"\xC3\x97"}},
      {"%", "1", "1/100", "percent", {"percent"}},
      {"parameter", "parameter", "1", "parameter", {"parameters", "params", "param"}},
      {"bit", "byte", "1/8", "bit", {"bits"}},
      {"byte", "byte", "1", "byte", {"bytes", "B"}},
      {"KB", "byte", "1e3", "kilobyte", {"kB", "kilobytes"}},
      {"MB", "byte", "1e6", "megabyte", {"megabytes"}},
      {"GB", "byte", "1e9", "gigabyte", {"gigabytes"}},
      {"TB", "byte", "1e12", "terabyte", {"terabytes"}},
      {"PB", "byte", "1e15", "petabyte", {"petabytes"}},
      {"KiB", "byte", "1024", "kibibyte", {"KBi"}},
      {"MiB", "byte", "1048576", "mebibyte", {"MBi"}},
      {"GiB", "byte", "1073741824", "gibibyte", {"GBi"}},
      {"TiB", "byte", "1099511627776", "tebibyte", {"TBi"}},
      {"PiB", "byte", "1125899906842624", "pebibyte", {}},
      {"FLOP", "FLOP", "1", "floating-point operation", {"FLOPs", "flop", "flops", "FLOPS"}},
      {"GFLOP", "FLOP", "1e9", "gigaFLOP", {"GFLOPs"}},
      {"TFLOP", "FLOP", "1e12", "teraFLOP", {"TFLOPs"}},
      {"PFLOP", "FLOP", "1e15", "petaFLOP", {"PFLOPs", "petaFLOP", "petaFLOPs"}},
      {"EFLOP", "FLOP", "1e18", "exaFLOP", {"EFLOPs"}},
      {"petaFLOP-day", "FLOP", "8.64e19", "petaFLOP/s-day", {"petaFLOP-days", "PF-day", "PF-days", "pfs-day", "petaflop-days"}},
      {"FLOP/s", "FLOP/s", "1", "FLOP per second", {"FLOPS/s", "FLOP/sec", "FLOPs/s", "FLOPs/sec"}},
      {"TFLOP/s", "FLOP/s", "1e12", "teraFLOP per second", {"TFLOPS", "TFLOP/sec", "TFLOPs/s", "TFLOPs/sec", "TFLOPS/s"}},
      {"PFLOP/s", "FLOP/s", "1e15", "petaFLOP per second", {"petaFLOP/s", "PFLOPS", "petaFLOP/sec", "petaFLOP/second", "petaFLOPs/s"}},
      {"GFLOP/s", "FLOP/s", "1e9", "gigaFLOP per second", {"GFLOPS", "GFLOP/sec", "GFLOPs/s", "GFLOPS/s"}},
      {"EFLOP/s", "FLOP/s", "1e18", "exaFLOP per second", {"EFLOPS", "EFLOP/sec", "EFLOPs/s", "EFLOPS/s"}},
      {"byte/s", "byte/s", "1", "byte per second", {"B/s"}},
      {"GB/s", "byte/s", "1e9", "gigabyte per second", {}},
      {"TB/s", "byte/s", "1e12", "terabyte per second", {}},
      {"token", "token", "1", "token", {"tokens"}},
      {"token/min", "token/s", "1/60", "tokens per minute", {"tokens/min", "tokens per minute"}},
      {"token/s", "token/s", "1", "tokens per second", {"tokens/s", "tokens per second"}},
      {"word", "word", "1", "word", {"words"}},
      {"page", "page", "1", "page", {"pages"}},
      {"book", "book", "1", "book", {"books"}},
      {"essay", "essay", "1", "essay", {"essays"}},
      {"burger", "burger", "1", "burger", {"burgers"}},
      {"s", "s", "1", "second", {"sec", "second", "seconds"}},
      {"ms", "s", "1/1000", "millisecond", {"milliseconds"}},
      {"min", "s", "60", "minute", {"minute", "minutes", "mins"}},
      {"h", "s", "3600", "hour", {"hr", "hrs", "hour", "hours"}},
      {"day", "s", "86400", "day", {"days"}},
      {"year", "s", "31536000", "year (365 days)", {"years", "yr", "yrs"}},
      {"GPU", "GPU", "1", "accelerator", {"GPUs", "H200", "H200s", "accelerators"}},
      {"GPU-s", "GPU-s", "1", "accelerator-second", {"GPU-second", "GPU-seconds", "H200-second", "H200-seconds"}},
      {"GPU-hour", "GPU-s", "3600", "accelerator-hour", {"GPU-hours", "GPU-h", "H200-hour", "H200-hours"}},
      {"USD", "USD", "1", "US dollar", {"$", "dollars", "dollar", "usd"}},
      {"USD/h", "USD/s", "1/3600", "US dollars per hour", {"USD/hr", "$/h", "$/hr"}},
      {"USD/year", "USD/s", "1/31536000", "US dollars per year", {"USD/yr", "$/year"}},
      {"USD/MB", "USD/byte", "1/1000000", "US dollars per megabyte", {"$/MB"}},
      {"USD/GB", "USD/byte", "1/1000000000", "US dollars per gigabyte", {"$/GB"}},
      {"J", "J", "1", "joule", {"joule", "joules"}},
      {"kWh", "J", "3600000", "kilowatt-hour", {}},
      {"W", "W", "1", "watt", {"watt", "watts", "Watt", "Watts"}},
      {"kW", "W", "1000", "kilowatt", {"kilowatt", "kilowatts"}},
      {"MW", "W", "1000000", "megawatt", {"megawatts"}},
      {"GW", "W", "1000000000", "gigawatt", {"gigawatts"}},
      {"K", "K", "1", "kelvin", {"kelvin"}},
      {"g", "kg", "1/1000", "gram", {"grams"}},
      {"kg", "kg", "1", "kilogram", {"kilograms"}},
      {"tonne", "kg", "1000", "tonne", {"tonnes", "ton", "tons"}},
      {"kgCO2", "kgCO2", "1", "kilogram of CO2", {"kg CO2", "kgCO₂"}},
      {"tCO2", "kgCO2", "1000", "tonne of CO2", {"tCO₂", "t CO2", "tonnes CO2"}},
  };
  std::vector<Unit> units;
  for (const Row& r : rows) units.push_back(Unit{r.symbol, r.dim, E(r.scale), r.name, r.aliases});
  return units;
}

}  // namespace

const std::vector<Unit>& AllUnits() {
  static const std::vector<Unit> units = BuildTable();
  return units;
}

const Unit* FindUnit(std::string_view symbol_or_alias) {
  // Looked up by the view itself (a transparent hash and equality): no
  // std::string is built per lookup.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, const Unit*, Hash, std::equal_to<>>;
  static const Index index = [] {
    Index m;
    for (const Unit& u : AllUnits()) {
      m.emplace(u.symbol, &u);
      for (const std::string& a : u.aliases) m.emplace(a, &u);
    }
    return m;
  }();
  auto it = index.find(symbol_or_alias);
  return it == index.end() ? nullptr : it->second;
}

Exact ConvertToBase(const Exact& value, const Unit& unit) { return value * unit.scale; }

}  // namespace grader
