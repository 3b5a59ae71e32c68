#include "reference/key_render.h"

#include <catch2/catch.hpp>

namespace grader {
namespace {

TEST_CASE("DisplayValue rounds at the edge, in the unit people read", "[render]") {
  CHECK(DisplayValue(Value(Exact(8508230400)), "byte") == "8.51 GB (7.92 GiB)");
  CHECK(DisplayValue(Value(Exact(262144)), "byte") == "262 KB (256 KiB)");
  CHECK(DisplayValue(Value(Exact(512)), "byte") == "512 bytes");
  CHECK(DisplayValue(Value(Exact(2127057600)), "parameter") == "≈ 2.127e9 parameters");
  CHECK(DisplayValue(Value(Exact(2000)), "GPU") == "2000 accelerators");
  CHECK(DisplayValue(Value(Exact(200, 11)), "USD") == "≈ 18.18 USD");
  CHECK(DisplayValue(Value(Exact(921600, 1377361)), "1") == "≈ 0.6691");
}

TEST_CASE("KeyToJson: exact decimal strings with unit and display", "[render]") {
  const Problem& p = BuiltinProblems().Get("cs336-transformer-accounting");
  nlohmann::ordered_json j = KeyToJson(BuildKey(p, p.Defaults()));
  CHECK(j["problem"] == "cs336-transformer-accounting");
  CHECK(j["variant"].is_null());
  CHECK(j["parameters"]["d_model"] == "1600");
  const auto& total = j["answers"]["total_params"];
  CHECK(total["value"] == "2127057600");
  CHECK(total["unit"] == "parameter");
  CHECK(total["display"] == "≈ 2.127e9 parameters");
  CHECK(total["exact"] == true);
  CHECK(total["mistakes"][0]["value"] == "1555124800");
  CHECK(total["mistakes"][0]["credit"] == "0.25");
  CHECK(j["answers"]["fp32_bytes"]["value"] == "8508230400");
  CHECK(j["answers"]["forward_flops"]["value"] == "4513336524800");
  CHECK(j["answers"]["largest_flop_component"]["kind"] == "text");
  const Problem& f = BuiltinProblems().Get("eecs182-chinchilla-fermi");
  nlohmann::ordered_json fj = KeyToJson(BuildKey(f, f.Defaults()));
  CHECK(fj["answers"]["n_opt_coeff"]["exact"] == false);
  CHECK(fj["answers"]["n_opt_coeff"]["value"] == "0.5986950904970205642936523156757679035888");
  CHECK(fj["answers"]["accelerator_hour_flops"]["official"]["agrees"] == false);
}

TEST_CASE("KeyToMarkdown: a solution sheet with derivations and discrepancies", "[render]") {
  const Problem& p = BuiltinProblems().Get("cs336-transformer-accounting");
  std::string md = KeyToMarkdown(BuildKey(p, p.Defaults()));
  CHECK(md.rfind("# Answer key: Transformer accounting", 0) == 0);
  CHECK(md.find("**2,127,057,600 parameters** — ≈ 2.127e9 parameters") != std::string::npos);
  CHECK(md.find("- total = embedding + positional + L · block + final norm + output = 80,411,200 + 0 + "
                "1,966,233,600 + 1,600 + 80,411,200 = 2,127,057,600") != std::string::npos);
  CHECK(md.find("Known mistake (two-matrix feed-forward and a single embedding table): 1,555,124,800") !=
        std::string::npos);
  const Problem& f = BuiltinProblems().Get("eecs182-chinchilla-fermi");
  std::string fmd = KeyToMarkdown(BuildKey(f, f.Defaults()));
  CHECK(fmd.find("**Discrepancy**: the official solution gives 1.08e18 (off by -84.8%)") != std::string::npos);
  CHECK(fmd.find("Official solution: 18.18 (agrees)") != std::string::npos);
}

}  // namespace
}  // namespace grader
