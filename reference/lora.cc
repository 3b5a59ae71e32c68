// Solvers "lora" and "soft_prompt": parameter-efficient fine-tuning counts.
#include "grader/base/error.h"
#include "reference/solver_util.h"

namespace grader {
namespace {

using detail::AddNumber;
using detail::Steps;
using detail::Percent;
using detail::Step;
using detail::Times;

// LoRA replaces W (m x l) by W0 + A B with A (m x k) and B (k x l).
class LoraSolver : public Solver {
 public:
  std::string name() const override { return "lora"; }
  std::string description() const override {
    return "LoRA adapter size k(m+l) versus a full m x l update, for one matrix and for a whole model";
  }
  std::vector<InputSpec> inputs() const override {
    using namespace detail;
    return {
        IntInput("m", "4096", "rows of the adapted matrix W"),
        IntInput("l", "4096", "columns of the adapted matrix W"),
        IntInput("k", "8", "LoRA rank"),
        IntInput("bytes_per_param", "4", "bytes per stored number (4 for fp32)", "byte"),
        IntInput("num_layers", "32", "blocks in the whole model"),
        IntInput("d_model", "4096", "model width (attention matrices are d_model x d_model)"),
        IntInput("d_ff", "11008", "feed-forward width (feed-forward matrices are d_model x d_ff)"),
        IntInput("ffn_matrices", "3", "feed-forward matrices per block", "", "0"),
        BoolInput("adapt_q", "true", "adapter on the query projection"),
        BoolInput("adapt_k", "false", "adapter on the key projection"),
        BoolInput("adapt_v", "true", "adapter on the value projection"),
        BoolInput("adapt_o", "false", "adapter on the attention output projection"),
        BoolInput("adapt_ffn", "false", "adapters on every feed-forward matrix"),
    };
  }
  SolverResult Solve(const SolverInputs& in) const override {
    const Exact m = in.Number("m"), l = in.Number("l"), k = in.Number("k"), bpp = in.Number("bytes_per_param");
    SolverResult r(in);
    Exact lora = k * (m + l);
    AddNumber(r, "lora_params", "parameters of A (m x k) and B (k x l)", lora, "parameter", "k*(m+l)",
              [&] { return Steps{Step("LoRA parameters", "m·k + k·l = k(m + l)", Show(k) + " · (" + Show(m) + " + " + Show(l) + ")", lora)}; });
    AddNumber(r, "lora_bytes", "memory of A and B", bpp * lora, "byte", Show(bpp) + "*k*(m+l)",
              [&] { return Steps{Step("LoRA memory", Show(bpp) + "·k(m + l) bytes", Times({bpp, lora}), bpp * lora)}; });
    Exact full = m * l;
    AddNumber(r, "full_params", "parameters of a full-rank update of W", full, "parameter", "m*l",
              [&] { return Steps{Step("full update", "m · l", Times({m, l}), full)}; });
    AddNumber(r, "full_bytes", "memory of a full-rank update", bpp * full, "byte", Show(bpp) + "*m*l",
              [&] { return Steps{Step("full update memory", Show(bpp) + "·m·l bytes", Times({bpp, full}), bpp * full)}; });
    AddNumber(r, "lora_ratio", "LoRA size as a fraction of the full update", lora / full, "1", "k*(m+l)/(m*l)",
              [&] { return Steps{Step("ratio", "k(m + l) / (m·l)", Show(lora) + " / " + Show(full), lora / full) + " (" +
               Percent(lora / full) + ")"}; });
    // Whole model.
    const Exact L = in.Number("num_layers"), d = in.Number("d_model"), f = in.Number("d_ff");
    Exact per_layer = 0;
    std::string which;
    for (const char* name : {"q", "k", "v", "o"}) {
      if (!in.Flag(std::string("adapt_") + name)) continue;
      per_layer += k * (d + d);
      which += std::string(which.empty() ? "" : ", ") + "W_" + name;
    }
    if (in.Flag("adapt_ffn")) {
      per_layer += in.Number("ffn_matrices") * k * (d + f);
      which += std::string(which.empty() ? "" : ", ") + Show(in.Number("ffn_matrices")) + " feed-forward matrices";
    }
    Exact model = L * per_layer;
    AddNumber(r, "model_lora_params", "LoRA parameters over the whole model", model, "parameter", "",
              [&] { return Steps{"adapted per block: " + (which.empty() ? std::string("nothing") : which),
               Step("per block", "Σ k(rows + cols)", "", per_layer),
               Step("whole model", "L · per block", Times({L, per_layer}), model)}; });
    AddNumber(r, "model_lora_bytes", "LoRA memory over the whole model", bpp * model, "byte", "",
              [&] { return Steps{Step("whole-model memory", "bytes per number · parameters", Times({bpp, model}), bpp * model)}; });
    return r;
  }
};

// Soft prompting: prompt_length trainable vectors of size E; the loss covers
// the target positions of the reasoning, answer and newline tokens.
class SoftPromptSolver : public Solver {
 public:
  std::string name() const override { return "soft_prompt"; }
  std::string description() const override {
    return "Soft-prompt tuning: trainable parameters and which output positions enter the loss";
  }
  std::vector<InputSpec> inputs() const override {
    using namespace detail;
    return {
        IntInput("prompt_length", "5", "soft-prompt vectors prepended at the input"),
        IntInput("embedding_size", "768", "token embedding dimension E"),
        IntInput("question_end", "50", "input position of the last question token"),
        IntInput("reasoning_end", "70", "input position of the last chain-of-thought token"),
        IntInput("answer_position", "71", "input position of the answer token"),
        IntInput("newline_position", "72", "input position of the newline ending the answer"),
        IntInput("sequence_length", "100", "padded sequence length"),
    };
  }
  SolverResult Solve(const SolverInputs& in) const override {
    const Exact p = in.Number("prompt_length"), E = in.Number("embedding_size");
    const Exact q = in.Number("question_end"), re = in.Number("reasoning_end");
    const Exact a = in.Number("answer_position"), nl = in.Number("newline_position");
    const Exact S = in.Number("sequence_length");
    if (!(p < q && q < re && re < a && a < nl && nl <= S))
      throw Error("soft_prompt: positions must increase: prompt_length < question_end < reasoning_end < "
                  "answer_position < newline_position <= sequence_length");
    SolverResult r(in);
    AddNumber(r, "trainable_params", "trainable parameters: the soft-prompt vectors only", p * E, "parameter",
              Show(p) + "*E",
              [&] { return Steps{"everything but the " + Show(p) + " prompt vectors is frozen",
               Step("trainable", Show(p) + " · E", Times({p, E}), p * E)}; });
    // Targets are shifted by one: input position i predicts target position i - 1... the token at input i+1.
    Exact first = q, last = nl - 1;
    AddNumber(r, "loss_first_output", "first output position in the loss (predicts the first reasoning token)", first,
              "1", "question_end", [&] { return Steps{"the first reasoning token is input " + Show(q + 1) + ", i.e. output " + Show(first)}; });
    AddNumber(r, "loss_last_output", "last output position in the loss (predicts the newline)", last, "1",
              "newline_position-1", [&] { return Steps{"the newline is input " + Show(nl) + ", i.e. output " + Show(last)}; });
    AddNumber(r, "loss_token_count", "output positions in the loss", last - first + 1, "1", "",
              [&] { return Steps{Step("positions in the loss", "last − first + 1", Show(last) + " − " + Show(first) + " + 1", last - first + 1),
               "outputs 1.." + Show(p - 1) + " (prompt) and " + Show(p) + ".." + Show(q - 1) +
                   " (question) have no useful target; outputs " + Show(nl) + ".." + Show(S) + " are padding"}; });
    return r;
  }
};

const SolverRegistration kLora(std::make_unique<LoraSolver>());
const SolverRegistration kSoftPrompt(std::make_unique<SoftPromptSolver>());

}  // namespace
}  // namespace grader
