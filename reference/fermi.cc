// Solver "fermi": order-of-magnitude estimates for training and serving a
// very large model (data, memory, storage, bandwidth, compute, cost,
// energy, carbon). Every constant is an input whose default is the value
// used in the EECS 182 homework (seed 003), so a variant changes one number
// and every downstream answer follows.
#include <mutex>

#include "grader/base/error.h"
#include "reference/solver_util.h"

namespace grader {
namespace {

using detail::AddNumber;
using detail::Steps;
using detail::Step;

// √product at 50 digits as a Value (Value::Approx also finds its exact
// decimal), kept for the last product asked (a problem's variants rarely
// change the carbon prices).
Value GeometricMean(const Exact& product) {
  static std::mutex mutex;
  static Exact last_product = -1;
  static Value last_root;
  std::lock_guard<std::mutex> lock(mutex);
  // Compared by numerator and denominator (normalised), not by Exact's !=.
  if (numerator(product) != numerator(last_product) || denominator(product) != denominator(last_product)) {
    last_root = Value::Approx(detail::Sqrt(ToReal(product)));
    last_product = product;
  }
  return last_root;
}

Int Ceil(const Exact& x) {
  Int q = numerator(x) / denominator(x);
  if (q * denominator(x) < numerator(x)) ++q;
  return q;
}

class FermiSolver : public Solver {
 public:
  std::string name() const override { return "fermi"; }
  std::string description() const override {
    return "Fermi estimates for a very large model: data, memory, storage, latency, compute cost, energy, carbon";
  }
  std::vector<InputSpec> inputs() const override {
    using namespace detail;
    return {
        // data
        DecInput("dataset_tokens", "1e15", "tokens in the data set to express as words and books", "token"),
        DecInput("tokens_per_word", "1.4", "tokens per English word"),
        DecInput("words_per_page", "400", "words per page", "word"),
        DecInput("pages_per_book", "300", "pages per book", "page"),
        // memory
        DecInput("model_params", "1e14", "parameters of the large model (GPT-6)", "parameter"),
        DecInput("small_model_params", "1e9", "parameters of the small model", "parameter"),
        DecInput("bytes_per_param", "2", "bytes per parameter (16-bit)", "byte"),
        DecInput("accelerator_memory", "1e11", "memory of one accelerator (H200, 100 GB)", "byte"),
        DecInput("optimizer_numbers_per_param", "3", "extra numbers per parameter kept by Adam (gradient, two moments)"),
        DecInput("rental_usd_per_hour", "1.5", "rental price of one accelerator", "USD/h"),
        // storage
        DecInput("ssd_usd_per_mb", "0.00005", "SSD price per MB (2025)", "USD/MB"),
        DecInput("dram_usd_per_mb", "0.004", "DRAM price per MB (2025)", "USD/MB"),
        DecInput("accelerator_price_usd", "30000", "purchase price of one accelerator", "USD"),
        // bandwidth and activations
        DecInput("memory_bandwidth", "4.8e12", "accelerator memory bandwidth", "byte/s"),
        DecInput("reference_params", "175e9", "parameters of the reference model (GPT-3)", "parameter"),
        DecInput("reference_layers", "96", "layers of the reference model"),
        DecInput("reference_heads", "96", "attention heads per layer of the reference model"),
        DecInput("reference_head_dim", "128", "dimension of one head of the reference model"),
        DecInput("training_state_multiplier", "4", "memory multiple of the weights during training (weights + 3 states)"),
        // compute and cost
        DecInput("peak_flops", "1.98e15", "accelerator peak speed", "FLOP/s"),
        DecInput("utilization", "0.3", "realistic fraction of peak speed", "1"),
        DecInput("reference_pflop_days", "3640", "training compute of the reference model (GPT-3)", "petaFLOP-day"),
        DecInput("rumored_pflop_days", "200000", "rumoured training compute of GPT-4", "petaFLOP-day"),
        DecInput("training_flops", "1e30", "training compute of the large model (Chinchilla: N = 1e14)", "FLOP"),
        DecInput("fleet_size", "30000000", "accelerators available for the wall-clock estimate", "GPU"),
        DecInput("datacenter_power", "1e10", "power of one data centre", "W"),
        DecInput("accelerator_power", "700", "power of one accelerator", "W"),
        // inference and revenue
        DecInput("inference_flops_per_param_token", "2", "FLOPs per parameter per token at inference"),
        DecInput("inference_params", "1e12", "parameters of the served model (GPT-5)", "parameter"),
        DecInput("inference_tokens", "1e6", "tokens served", "token"),
        DecInput("price_usd_per_million_tokens", "120", "selling price per million tokens", "USD"),
        DecInput("development_cost_usd", "1e9", "cost to develop and train the served model", "USD"),
        DecInput("words_per_essay", "1000", "words per essay", "word"),
        // energy
        DecInput("bit_erasure_energy", "3e-21", "Landauer energy per erased bit at room temperature", "J"),
        DecInput("bits_erased_per_flop", "32", "bits lost per FLOP (64 bits in, 32 out)"),
        DecInput("temperature", "300", "temperature for k_B·T·ln 2", "K"),
        DecInput("brain_flops", "1e18", "FLOP/s equivalent of a human brain", "FLOP/s"),
        DecInput("brain_power", "30", "power of a human brain", "W"),
        // carbon
        DecInput("reference_tco2", "552", "training emissions of the reference model", "tCO2"),
        DecInput("carbon_price_low", "50", "low carbon price per tonne", "USD"),
        DecInput("carbon_price_high", "250", "high carbon price per tonne", "USD"),
        DecInput("carbon_price", "112", "carbon price used (rounded geometric mean)", "USD"),
        DecInput("reference_a100_cost_usd", "6e6", "training cost of the reference model on A100s", "USD"),
        DecInput("beef_co2_per_kg", "50", "kg of CO2 per kg of beef"),
        DecInput("burger_beef_kg", "0.113", "beef in one quarter-pounder", "kg"),
    };
  }

  SolverResult Solve(const SolverInputs& in) const override {
    for (const char* name : {"tokens_per_word", "words_per_page", "pages_per_book", "accelerator_memory",
                             "memory_bandwidth", "peak_flops", "utilization", "fleet_size", "accelerator_power",
                             "words_per_essay", "burger_beef_kg", "beef_co2_per_kg", "brain_flops", "inference_tokens"})
      // is_zero and sign read the numerator alone (Exact's == and <= compare two
      // rationals by continued fractions).
      if (in.Number(name).is_zero()) throw Error(std::string("fermi: ") + name + " must be positive");
    SolverResult r(in);
    auto N = [&](const char* name) -> const Exact& { return in.Number(name); };
    // The one constraint between inputs, checked first: serving must cost
    // less than it sells for. A solve that wants a few outputs (a convention
    // that changes one input) then stops once it has them.
    const Exact peak = N("peak_flops"), rent = N("rental_usd_per_hour");
    const Exact acc_hour_flops = peak * 3600;
    const Exact inf_flops = N("inference_flops_per_param_token") * N("inference_params") * N("inference_tokens");
    const Exact inf_cost = inf_flops / acc_hour_flops * rent;
    const Exact price = N("price_usd_per_million_tokens");
    const Exact cost_per_million = inf_cost * Pow10(6) / N("inference_tokens");
    const Exact profit = price - cost_per_million;
    if (profit.sign() <= 0) throw Error("fermi: serving costs more than the selling price; nothing is recouped");
    const std::vector<std::string>* wanted = in.wanted();
    auto done = [&] { return wanted && r.outputs().size() >= wanted->size(); };
    // `v` (an Exact or a Value) becomes a Value only when the output is read.
    auto num = [&](const char* id, const char* desc, const auto& v, const char* unit, const char* formula,
                   auto&& numbers) -> void {
      return AddNumber(r, id, desc, v, unit, "", [&] { return Steps{Step(id, formula, numbers(), v)}; });
    };
    // The same for a value computed only for its output: only when it is wanted.
    auto num_only = [&](const char* id, const char* desc, auto&& make_value, const char* unit, const char* formula,
                        auto&& numbers) -> void {
      if (r.Wants(id)) num(id, desc, make_value(), unit, formula, numbers);
    };

    // Data set size (read by these outputs alone).
    if (r.Wants("dataset_words") || r.Wants("words_per_book") || r.Wants("dataset_books")) {
      Exact words = N("dataset_tokens") / N("tokens_per_word");
      num("dataset_words", "English words in the data set", words, "word", "tokens / tokens_per_word",
          [&] { return std::string(Show(N("dataset_tokens")) + " / " + Show(N("tokens_per_word"))); });
      Exact words_per_book = N("words_per_page") * N("pages_per_book");
      num("words_per_book", "words per book", words_per_book, "word", "words_per_page · pages_per_book",
          [&] { return std::string(Show(N("words_per_page")) + " · " + Show(N("pages_per_book"))); });
      num_only("dataset_books", "books in the data set", [&] { return Exact(words / words_per_book); }, "book",
               "words / words_per_book", [&] { return std::string(Show(words) + " / " + Show(words_per_book)); });
    }

    if (done()) return r;

    // Memory.
    const Exact bpp = N("bytes_per_param"), mem = N("accelerator_memory");
    num_only("small_model_bytes", "memory of the small model", [&] { return Exact(N("small_model_params") * bpp); },
        "byte", "params · bytes_per_param", [&] { return std::string(Show(N("small_model_params")) + " · " + Show(bpp)); });
    const Exact model_bytes = N("model_params") * bpp;
    num("model_bytes", "memory of the large model's weights", model_bytes, "byte", "params · bytes_per_param",
        [&] { return std::string(Show(N("model_params")) + " · " + Show(bpp)); });
    const Int gpus = Ceil(model_bytes / mem);
    AddNumber(r, "accelerators_for_weights", "accelerators needed to hold the weights", Exact(gpus), "GPU", "",
              [&] { return Steps{Step("accelerators", "⌈model bytes / accelerator memory⌉", Show(model_bytes) + " / " + Show(mem),
                    Exact(gpus))}; });
    num_only("weights_rental_usd_per_hour", "rental cost of those accelerators per hour",
        [&] { return Exact(Exact(gpus) * N("rental_usd_per_hour")); }, "USD/h", "accelerators · rental price", [&] { return std::string(Show(Exact(gpus)) + " · " + Show(N("rental_usd_per_hour"))); });
    const Exact train_bytes = model_bytes * (1 + N("optimizer_numbers_per_param"));
    const Int train_gpus = Ceil(train_bytes / mem);
    AddNumber(r, "accelerators_with_optimizer", "accelerators to hold weights and Adam's states", Exact(train_gpus),
              "GPU", "",
              [&] { return Steps{Step("training memory", "model bytes · (1 + optimizer numbers)",
                    Show(model_bytes) + " · " + Show(1 + N("optimizer_numbers_per_param")), train_bytes),
               Step("accelerators", "⌈training memory / accelerator memory⌉", "", Exact(train_gpus))}; });

    if (done()) return r;

    // Storage cost per year.
    const Exact model_mb = model_bytes / Pow10(6);
    num("ssd_usd_per_year", "cost of keeping the weights on SSD for a year", model_mb * N("ssd_usd_per_mb"), "USD",
        "MB · SSD price", [&] { return std::string(Show(model_mb) + " · " + Show(N("ssd_usd_per_mb"))); });
    const Exact dram = model_mb * N("dram_usd_per_mb");
    num("dram_usd_per_year", "cost of keeping the weights in DRAM for a year", dram, "USD", "MB · DRAM price",
        [&] { return std::string(Show(model_mb) + " · " + Show(N("dram_usd_per_mb"))); });
    const Exact fleet_price = Exact(gpus) * N("accelerator_price_usd");
    num("accelerator_fleet_usd", "purchase price of the accelerators holding the weights", fleet_price, "USD",
        "accelerators · unit price", [&] { return std::string(Show(Exact(gpus)) + " · " + Show(N("accelerator_price_usd"))); });
    num("dram_share_of_fleet", "DRAM cost as a fraction of the accelerators' price", dram / fleet_price, "1",
        "DRAM cost / accelerator price", [&] { return std::string(Show(dram) + " / " + Show(fleet_price)); });

    if (done()) return r;

    // Bandwidth-bound latency.
    const Exact bw = N("memory_bandwidth");
    const Exact latency = model_bytes / bw;
    num("forward_latency_s", "minimal time of one forward pass (weights read once)", latency, "s",
        "model bytes / bandwidth", [&] { return std::string(Show(model_bytes) + " / " + Show(bw)); });
    num("tokens_per_minute", "tokens generated per minute, one at a time", 60 / latency, "token/min", "60 s / latency",
        [&] { return std::string("60 / " + Show(latency)); });
    const Exact ref_bytes = N("reference_params") * bpp;
    num("reference_bytes", "memory of the reference model's weights", ref_bytes, "byte", "params · bytes_per_param",
        [&] { return std::string(Show(N("reference_params")) + " · " + Show(bpp)); });
    num_only("reference_latency_s", "forward latency of the reference model", [&] { return Exact(ref_bytes / bw); }, "s",
        "bytes / bandwidth",
        [&] { return std::string(Show(ref_bytes) + " / " + Show(bw)); });
    num("reference_tokens_per_minute", "tokens per minute of the reference model", 60 * bw / ref_bytes, "token/min",
        "60 s / latency", [&] { return std::string("60 / " + Show(ref_bytes / bw)); });
    const Exact act_numbers = N("reference_layers") * N("reference_heads") * N("reference_head_dim");
    num("activation_numbers_per_token", "activations of one token across all layers", act_numbers, "1",
        "layers · heads · head_dim",
        [&] { return std::string(Show(N("reference_layers")) + " · " + Show(N("reference_heads")) + " · " + Show(N("reference_head_dim"))); });
    const Exact act_bytes = act_numbers * bpp;
    num("activation_bytes_per_token", "memory of one token's activations", act_bytes, "byte",
        "activations · bytes_per_param", [&] { return std::string(Show(act_numbers) + " · " + Show(bpp)); });
    num("batch_tokens_inference", "tokens whose activations equal the weights' memory", ref_bytes / act_bytes, "token",
        "weights bytes / activation bytes per token", [&] { return std::string(Show(ref_bytes) + " / " + Show(act_bytes)); });
    num("batch_tokens_training", "the same with optimizer states (training)",
        N("training_state_multiplier") * ref_bytes / act_bytes, "token", "multiplier · weights bytes / activation bytes",
        [&] { return std::string(Show(N("training_state_multiplier")) + " · " + Show(ref_bytes) + " / " + Show(act_bytes)); });

    if (done()) return r;

    // Compute and cost.
    const Exact pfd = Pow10(15) * 86400;
    num("pflop_day_flops", "FLOP in one petaFLOP-day", pfd, "FLOP", "10^15 FLOP/s · 86,400 s", [&] { return std::string(""); });
    num("accelerator_hour_flops", "FLOP in one accelerator-hour at peak", acc_hour_flops, "FLOP", "peak · 3,600 s",
        [&] { return std::string(Show(peak) + " · 3,600"); });
    const Exact pfd_hours = pfd / acc_hour_flops;
    num("pflop_day_accelerator_hours", "accelerator-hours in one petaFLOP-day", pfd_hours, "GPU-hour",
        "petaFLOP-day / accelerator-hour", [&] { return std::string(Show(pfd) + " / " + Show(acc_hour_flops)); });
    const Exact pfd_cost = pfd_hours * rent;
    num("pflop_day_usd", "rental cost of one petaFLOP-day", pfd_cost, "USD", "accelerator-hours · rental price",
        [&] { return std::string(Show(pfd_hours) + " · " + Show(rent)); });
    num("reference_training_usd", "rental cost of the reference model's training", N("reference_pflop_days") * pfd_cost,
        "USD", "petaFLOP-days · cost per petaFLOP-day", [&] { return std::string(Show(N("reference_pflop_days")) + " · " + Show(pfd_cost)); });
    const Exact C = N("training_flops");
    const Exact acc_seconds = C / peak;
    num("training_accelerator_seconds", "accelerator-seconds to train the large model", acc_seconds, "GPU-s",
        "training FLOP / peak", [&] { return std::string(Show(C) + " / " + Show(peak)); });
    const Exact acc_hours = acc_seconds / 3600;
    num("training_accelerator_hours", "accelerator-hours to train the large model", acc_hours, "GPU-hour",
        "accelerator-seconds / 3,600", [&] { return std::string(Show(acc_seconds) + " / 3,600"); });
    const Exact train_cost = acc_hours * rent;
    num("training_usd", "rental cost of training at full utilisation", train_cost, "USD", "accelerator-hours · price",
        [&] { return std::string(Show(acc_hours) + " · " + Show(rent)); });
    const Exact util = N("utilization");
    num("training_usd_at_utilization", "rental cost at the realistic utilisation", train_cost / util, "USD",
        "cost / utilisation", [&] { return std::string(Show(train_cost) + " / " + Show(util)); });
    const Exact rumored = N("rumored_pflop_days") * pfd_cost;
    num("rumored_training_usd", "rental cost of the rumoured GPT-4 compute", rumored, "USD",
        "petaFLOP-days · cost per petaFLOP-day", [&] { return std::string(Show(N("rumored_pflop_days")) + " · " + Show(pfd_cost)); });
    num("rumored_training_usd_at_utilization", "the same at the realistic utilisation", rumored / util, "USD",
        "cost / utilisation", [&] { return std::string(Show(rumored) + " / " + Show(util)); });
    num("datacenter_accelerators", "accelerators one data centre can power", N("datacenter_power") / N("accelerator_power"),
        "GPU", "data-centre power / accelerator power",
        [&] { return std::string(Show(N("datacenter_power")) + " / " + Show(N("accelerator_power"))); });
    const Exact wall_hours = acc_hours / N("fleet_size");
    num("training_wall_clock_hours", "wall-clock hours with the whole fleet", wall_hours, "h",
        "accelerator-hours / fleet", [&] { return std::string(Show(acc_hours) + " / " + Show(N("fleet_size"))); });
    num("training_wall_clock_days", "wall-clock days with the whole fleet", wall_hours / 24, "day", "hours / 24",
        [&] { return std::string(Show(wall_hours) + " / 24"); });

    if (done()) return r;

    // Inference and recouping the cost.
    num("inference_flops", "FLOP to serve the tokens", inf_flops, "FLOP", "FLOPs per param-token · params · tokens",
        [&] { return std::string(Show(N("inference_flops_per_param_token")) + " · " + Show(N("inference_params")) + " · " +
            Show(N("inference_tokens"))); });
    num("inference_usd", "rental cost of serving the tokens", inf_cost, "USD", "FLOP / accelerator-hour FLOP · price",
        [&] { return std::string(Show(inf_flops) + " / " + Show(acc_hour_flops) + " · " + Show(rent)); });
    num("inference_cost_share_of_price", "serving cost as a fraction of the selling price", cost_per_million / price,
        "1", "cost per million tokens / price", [&] { return std::string(Show(cost_per_million) + " / " + Show(price)); });
    num("profit_usd_per_million_tokens", "profit per million tokens sold", profit, "USD", "price − cost",
        [&] { return std::string(Show(price) + " − " + Show(cost_per_million)); });
    const Exact recoup = N("development_cost_usd") / profit * Pow10(6);
    num("tokens_to_recoup", "tokens to sell to recoup the development cost", recoup, "token",
        "development cost / profit per million · 10^6",
        [&] { return std::string(Show(N("development_cost_usd")) + " / " + Show(profit) + " · 10^6"); });
    num("essays_to_recoup", "essays those tokens amount to", recoup / (N("tokens_per_word") * N("words_per_essay")),
        "essay", "tokens / (tokens per word · words per essay)",
        [&] { return std::string(Show(recoup) + " / (" + Show(N("tokens_per_word")) + " · " + Show(N("words_per_essay")) + ")"); });

    if (done()) return r;

    // Energy.
    const Exact flop_energy = N("bits_erased_per_flop") * N("bit_erasure_energy");
    num("landauer_flop_energy", "minimal energy of one FLOP", flop_energy, "J", "bits erased · energy per bit",
        [&] { return std::string(Show(N("bits_erased_per_flop")) + " · " + Show(N("bit_erasure_energy"))); });
    if (r.Wants("landauer_bit_energy_physical")) {  // a 50-digit logarithm: only when read
      const Real kb = ToReal(*ParseExact("1.380649e-23"));  // exact SI value of the Boltzmann constant
      AddNumber(r, "landauer_bit_energy_physical", "k_B·T·ln 2 at the given temperature",
                Value::Approx(kb * ToReal(N("temperature")) * detail::Ln(Real(2))), "J", "",
                [&] { return Steps{"k_B·T·ln 2 = 1.380649e-23 J/K · " + Show(N("temperature")) + " K · 0.693147… ≈ " +
                 RoundSig(FromReal(kb * ToReal(N("temperature")) * detail::Ln(Real(2))), 6) + " J (the problem rounds it)"}; });
    }
    const Exact min_power = peak * flop_energy;
    num("landauer_min_power", "minimal power at the accelerator's peak speed", min_power, "W", "peak · energy per FLOP",
        [&] { return std::string(Show(peak) + " · " + Show(flop_energy)); });
    num("actual_over_landauer_power", "actual power over the Landauer minimum", N("accelerator_power") / min_power, "1",
        "actual power / minimal power", [&] { return std::string(Show(N("accelerator_power")) + " / " + Show(min_power)); });
    const Exact brain_j = N("brain_power") / N("brain_flops"), acc_j = N("accelerator_power") / peak;
    num("brain_flop_energy", "energy per FLOP of a brain", brain_j, "J", "brain power / brain FLOP/s",
        [&] { return std::string(Show(N("brain_power")) + " / " + Show(N("brain_flops"))); });
    num("accelerator_flop_energy", "energy per FLOP of the accelerator", acc_j, "J", "power / peak",
        [&] { return std::string(Show(N("accelerator_power")) + " / " + Show(peak)); });
    num("brain_efficiency_over_accelerator", "how many times more energy-efficient the brain is", acc_j / brain_j, "1",
        "accelerator J/FLOP / brain J/FLOP", [&] { return std::string(Show(acc_j) + " / " + Show(brain_j)); });
    num("brain_over_landauer", "brain energy per FLOP over the Landauer minimum", brain_j / flop_energy, "1",
        "brain J/FLOP / minimal J/FLOP", [&] { return std::string(Show(brain_j) + " / " + Show(flop_energy)); });

    if (done()) return r;

    // Carbon.
    if (r.Wants("carbon_price_geometric_mean")) {
      const Value geo = GeometricMean(N("carbon_price_low") * N("carbon_price_high"));
      AddNumber(r, "carbon_price_geometric_mean", "geometric mean of the carbon-price range", geo, "USD", "",
                [&] { return Steps{Step("geometric mean", "√(low · high)",
                      "√(" + Show(N("carbon_price_low")) + " · " + Show(N("carbon_price_high")) + ")", geo)}; });
    }
    const Exact carbon_cost = N("reference_tco2") * N("carbon_price");
    num("carbon_cost_usd", "carbon price of the reference model's training", carbon_cost, "USD", "tCO2 · price",
        [&] { return std::string(Show(N("reference_tco2")) + " · " + Show(N("carbon_price"))); });
    num("carbon_share_of_training", "carbon cost as a fraction of the A100 training cost",
        carbon_cost / N("reference_a100_cost_usd"), "1", "carbon cost / A100 cost",
        [&] { return std::string(Show(carbon_cost) + " / " + Show(N("reference_a100_cost_usd"))); });
    const Exact burger_co2 = N("burger_beef_kg") * N("beef_co2_per_kg");
    num("burger_co2_kg", "CO2 of one burger", burger_co2, "kgCO2", "beef kg · CO2 per kg",
        [&] { return std::string(Show(N("burger_beef_kg")) + " · " + Show(N("beef_co2_per_kg"))); });
    const Exact burgers = N("reference_tco2") * 1000 / burger_co2;
    num("burgers_equivalent", "burgers with the same CO2 as the reference training", burgers, "burger",
        "tCO2 · 1,000 / kg per burger", [&] { return std::string(Show(N("reference_tco2")) + " · 1,000 / " + Show(burger_co2)); });
    num("burger_eater_years", "people eating one burger a day for a year", burgers / 365, "1", "burgers / 365",
        [&] { return std::string(Show(burgers) + " / 365"); });
    return r;
  }
};

const SolverRegistration kRegister(std::make_unique<FermiSolver>());

}  // namespace
}  // namespace grader
