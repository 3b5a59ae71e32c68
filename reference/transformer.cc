// Solver "transformer": parameter, memory and FLOP accounting for a
// decoder-only transformer (GPT-2 / LLaMA style), exact for any size.
//
// Conventions (documented in each output's steps):
// - attention: Q, K, V and output projections are d_model x d_model each
//   (num_heads x d_head = d_model); the head count changes no count.
// - feed-forward: "swiglu" has three d_model x d_ff matrices, "relu" and
//   "gelu" two.
// - FLOPs count matrix multiplies only, 2·m·n·p for an (m x n)(n x p)
//   product, over one sequence of context_length tokens (batch 1).
#include <iterator>
#include <string_view>
#include <unordered_set>

#include "grader/base/error.h"
#include "reference/solver_util.h"

namespace grader {
namespace {

using detail::AddNumber;
using detail::Steps;
using detail::AddText;
using detail::Percent;
using detail::Step;

// The counts are integers: cpp_int arithmetic, converted to Exact only for
// an output or a ratio (rational arithmetic normalises every result).
Int I(const Exact& integer) { return numerator(integer); }
Value N(const Int& x) { return Value(Exact(x)); }
Value N(const Exact& x) { return Value(x); }
// a / b built from its two parts (one reduction by their gcd), not by
// dividing two rationals: the same normalised value.
Exact Ratio(const Int& a, const Int& b) { return Exact(a, b); }
std::string Show(const Int& x) { return GroupDigits(x); }
std::string Times(std::initializer_list<Int> factors) {
  std::string out;
  for (const Int& f : factors) out += (out.empty() ? "" : " · ") + GroupDigits(f);
  return out;
}

const std::vector<std::string> kParamComponents = {
    "input embeddings", "positional embeddings", "attention blocks",
    "normalization layers", "feed-forward blocks", "output projection"};

// The outputs of the FLOP and training sections and of the AdamW section:
// a solve that wants none of them skips their counts.
const char* const kFlopOutputs[] = {
    "qkv_flops_per_layer", "attn_scores_flops_per_layer", "attn_values_flops_per_layer",
    "out_proj_flops_per_layer", "ffn_flops_per_layer", "flops_per_layer", "lm_head_flops",
    "forward_flops", "qkv_flops", "attn_scores_flops", "attn_values_flops", "out_proj_flops",
    "ffn_flops", "qkv_flop_share", "attn_scores_flop_share", "attn_values_flop_share",
    "out_proj_flop_share", "ffn_flop_share", "lm_head_flop_share", "attention_flops",
    "attention_flop_share", "largest_flop_component", "backward_flops", "train_step_flops"};
const char* const kAdamWOutputs[] = {
    "adamw_param_bytes", "adamw_grad_bytes", "adamw_moment_bytes", "activation_bytes",
    "adamw_total_bytes"};

using IdSet = std::unordered_set<std::string_view>;
const IdSet& FlopOutputs() {
  static const IdSet ids(std::begin(kFlopOutputs), std::end(kFlopOutputs));
  return ids;
}
const IdSet& AdamWOutputs() {
  static const IdSet ids(std::begin(kAdamWOutputs), std::end(kAdamWOutputs));
  return ids;
}

// Whether the solve wants one of `ids` (SolverResult::Wants of any): each
// wanted id (a few) looked up among `ids`, rather than each of `ids` (two
// dozen) searched for in the wanted list.
bool WantsAny(const SolverInputs& in, const IdSet& ids) {
  const std::vector<std::string>* wanted = in.wanted();
  if (!wanted) return true;
  for (const std::string& w : *wanted)
    if (ids.count(w)) return true;
  return false;
}

class TransformerSolver : public Solver {
 public:
  std::string name() const override { return "transformer"; }
  std::string description() const override {
    return "Parameter counts, memory, forward/training FLOPs and AdamW memory of a decoder-only transformer";
  }
  std::vector<InputSpec> inputs() const override {
    using namespace detail;
    return {
        IntInput("vocab_size", "50257", "vocabulary size V", "token"),
        IntInput("context_length", "1024", "tokens per sequence T (also the FLOP count's sequence length)", "token"),
        IntInput("num_layers", "48", "transformer blocks L"),
        IntInput("d_model", "1600", "model width d"),
        IntInput("num_heads", "25", "attention heads h (d_model must be divisible by h)"),
        IntInput("d_ff", "6400", "feed-forward hidden width"),
        ChoiceInput("ffn", "swiglu", {"swiglu", "relu", "gelu"},
                    "feed-forward kind: swiglu has three matrices, relu/gelu two"),
        ChoiceInput("norm", "rmsnorm", {"rmsnorm", "layernorm"}, "normalisation: RMSNorm has d weights, LayerNorm 2d"),
        IntInput("norms_per_block", "2", "normalisation layers per block (pre-norm: 2)", "", "0"),
        ChoiceInput("positions", "rope", {"learned", "rope", "none"},
                    "position encoding: a learned context_length x d_model table, RoPE or none"),
        BoolInput("tie_embeddings", "false", "output projection shares the input embedding matrix"),
        BoolInput("bias", "false", "linear layers (and LayerNorm) carry biases"),
        BoolInput("final_norm", "true", "a normalisation layer after the last block"),
        IntInput("batch_size", "1", "sequences per step, for activation memory"),
        DecInput("training_tokens", "1e11", "training tokens D, for 6·N·D", "token", "0"),
    };
  }

  SolverResult Solve(const SolverInputs& in) const override {
    const Int V = I(in.Number("vocab_size")), T = I(in.Number("context_length")), L = I(in.Number("num_layers"));
    const Int d = I(in.Number("d_model")), h = I(in.Number("num_heads")), f = I(in.Number("d_ff"));
    const Int B = I(in.Number("batch_size"));
    const Exact D = in.Number("training_tokens");
    const bool swiglu = in.Choice("ffn") == "swiglu";
    const bool layernorm = in.Choice("norm") == "layernorm";
    const bool bias = in.Flag("bias"), tied = in.Flag("tie_embeddings"), final_norm = in.Flag("final_norm");
    const Int norms_per_block = I(in.Number("norms_per_block"));
    const std::string& positions = in.Choice("positions");
    if (d % h != 0)
      throw Error("transformer: d_model (" + Show(d) + ") must be divisible by num_heads (" + Show(h) + ")");
    const Int d_head = d / h;
    const Int ffn_mats = swiglu ? 3 : 2;

    SolverResult r(in);
    // A solve that wants a few outputs (a convention changing one input)
    // stops once it has them: every constraint is checked above.
    const std::vector<std::string>* wanted = in.wanted();
    auto done = [&] { return wanted && r.outputs().size() >= wanted->size(); };
    // ---- parameters ----
    Int emb = V * d;
    AddNumber(r, "embedding_params", "token embedding table", emb, "parameter", "vocab_size*d_model",
              [&] { return Steps{Step("token embedding", "vocab_size · d_model", Times({V, d}), N(emb))}; });
    Int pos = positions == "learned" ? T * d : Int(0);
    AddNumber(r, "positional_params", "learned positional table (0 for RoPE or none)", pos, "parameter",
              positions == "learned" ? "context_length*d_model" : "0",
              [&] { return Steps{positions == "learned" ? Step("positional table", "context_length · d_model", Times({T, d}), N(pos))
                                      : "positional parameters = 0 (" + positions + ": nothing learned)"}; });
    Int attn_layer = 4 * d * d + (bias ? 4 * d : Int(0));
    AddNumber(r, "attention_params_per_layer", "Q, K, V and output projections of one block", attn_layer, "parameter",
              bias ? "4*d_model^2+4*d_model" : "4*d_model^2",
              [&] { return Steps{Step("attention per block", bias ? "4·d² + 4·d (biases)" : "4·d² (Q, K, V, O; d_head·h = d)",
                    bias ? "4 · " + Show(d) + "² + 4 · " + Show(d) : "4 · " + Show(d) + "²", N(attn_layer)),
               "d_head = d_model / num_heads = " + Show(d_head) + "; the head count does not change the count"}; });
    Int attn = L * attn_layer;
    AddNumber(r, "attention_params", "attention, all blocks", attn, "parameter",
              bias ? "num_layers*(4*d_model^2+4*d_model)" : "4*num_layers*d_model^2",
              [&] { return Steps{Step("attention, all blocks", "L · attention per block", Times({L, attn_layer}), N(attn))}; });
    Int ffn_bias = bias ? (swiglu ? 2 * f + d : f + d) : Int(0);
    Int ffn_layer = ffn_mats * d * f + ffn_bias;
    const char* ffn_formula = swiglu ? "3*d_model*d_ff" : "2*d_model*d_ff";
    AddNumber(r, "ffn_params_per_layer", "feed-forward matrices of one block", ffn_layer, "parameter", ffn_formula,
              [&] { return Steps{Step("feed-forward per block",
                    std::string(swiglu ? "3 · d · d_ff (SwiGLU: W1, W2, W3)" : "2 · d · d_ff (two matrices)") +
                        (bias ? " + biases" : ""),
                    Times({ffn_mats, d, f}) + (bias ? " + " + Show(ffn_bias) : ""), N(ffn_layer))}; });
    Int ffn = L * ffn_layer;
    AddNumber(r, "ffn_params", "feed-forward, all blocks", ffn, "parameter",
              swiglu ? "num_layers*3*d_model*d_ff" : "num_layers*2*d_model*d_ff",
              [&] { return Steps{Step("feed-forward, all blocks", "L · feed-forward per block", Times({L, ffn_layer}), N(ffn))}; });
    Int norm_size = layernorm ? 2 * d : d;
    Int norms = L * norms_per_block * norm_size + (final_norm ? norm_size : Int(0));
    if (r.Wants("norm_params"))  // the formula is written only then
      AddNumber(r, "norm_params", "all normalisation layers", norms, "parameter",
                std::string("num_layers*norms_per_block*") + (layernorm ? "2*" : "") + "d_model" +
                    (final_norm ? (layernorm ? "+2*d_model" : "+d_model") : ""),
                [&] { return Steps{std::string("each ") + (layernorm ? "LayerNorm has 2·d (gain and bias)" : "RMSNorm has d (gain)") +
                     " = " + Show(norm_size) + " parameters",
                 Step("normalisation", std::string("L · ") + Show(norms_per_block) + " per block" +
                                           (final_norm ? " + final norm" : ""),
                      Times({L, norms_per_block, norm_size}) + (final_norm ? " + " + Show(norm_size) : ""), N(norms))}; });
    Int out = tied ? Int(0) : V * d + (bias ? V : Int(0));
    AddNumber(r, "output_params", "output projection to the vocabulary (0 when tied)", out, "parameter",
              tied ? "0" : (bias ? "vocab_size*d_model+vocab_size" : "vocab_size*d_model"),
              [&] { return Steps{tied ? "output projection = 0 (tied to the input embedding)"
                    : Step("output projection", "d_model · vocab_size", Times({d, V}), N(out))}; });
    Int blocks = attn + ffn + L * norms_per_block * norm_size;
    AddNumber(r, "block_params_per_layer", "one transformer block", N(attn_layer + ffn_layer + norms_per_block * norm_size),
              "parameter", "", [&] { return Steps{Step("one block", "attention + feed-forward + norms",
                                     Show(attn_layer) + " + " + Show(ffn_layer) + " + " + Show(norms_per_block * norm_size),
                                     N(attn_layer + ffn_layer + norms_per_block * norm_size))}; });
    Int total = emb + pos + blocks + (final_norm ? norm_size : Int(0)) + out;
    AddNumber(r, "total_params", "trainable parameters", total, "parameter", "",
              [&] { return Steps{Step("total", "embedding + positional + L · block + final norm + output",
                    Show(emb) + " + " + Show(pos) + " + " + Show(blocks) + " + " +
                        Show(final_norm ? norm_size : Int(0)) + " + " + Show(out),
                    N(total))}; });
    if (done()) return r;
    const Int comp[] = {emb, pos, attn, norms, ffn, out};
    size_t best = 0;
    for (size_t i = 1; i < 6; ++i)
      if (comp[i] > comp[best]) best = i;
    AddText(r, "largest_param_component", "component holding the most parameters", kParamComponents[best],
            kParamComponents, [&] {
              Steps share_steps;
              for (size_t i = 0; i < 6; ++i)
                share_steps.push_back(kParamComponents[i] + ": " + Show(comp[i]) + " (" + Percent(Ratio(comp[i], total)) + ")");
              return share_steps;
            });

    if (done()) return r;

    // ---- memory ----
    struct Precision { const char* id; int bytes; const char* bytes_id; const char* gb_id; const char* gib_id; };
    static const Precision kPrecisions[] = {{"fp32", 4, "fp32_bytes", "fp32_gb", "fp32_gib"},
                                            {"bf16", 2, "bf16_bytes", "bf16_gb", "bf16_gib"},
                                            {"fp16", 2, "fp16_bytes", "fp16_gb", "fp16_gib"},
                                            {"int8", 1, "int8_bytes", "int8_gb", "int8_gib"}};
    for (const Precision& p : kPrecisions) {
      const bool want_bytes = r.Wants(p.bytes_id), want_gb = r.Wants(p.gb_id), want_gib = r.Wants(p.gib_id);
      if (!want_bytes && !want_gb && !want_gib) continue;
      Int bytes = total * p.bytes;
      std::string base = p.id;
      if (want_bytes)
        AddNumber(r, p.bytes_id, std::string("memory of the parameters in ") + p.id, bytes, "byte",
                  std::to_string(p.bytes) + "*total_params",
                  [&] { return Steps{Step(base + " memory", std::to_string(p.bytes) + " bytes · total", Times({Int(p.bytes), total}), N(bytes))}; });
      if (want_gb)
        AddNumber(r, p.gb_id, std::string("memory in ") + p.id + ", decimal gigabytes", Exact(bytes) / Pow10(9), "GB", "",
                  [&] { return Steps{Step(base + " in GB", "bytes / 10^9", Show(bytes) + " / 10^9", N(Exact(bytes) / Pow10(9)))}; });
      if (want_gib) {
        Exact gib = Exact(bytes) / Exact(Int(1) << 30);
        AddNumber(r, p.gib_id, std::string("memory in ") + p.id + ", binary gibibytes", gib, "GiB", "",
                  [&] { return Steps{Step(base + " in GiB", "bytes / 2^30", Show(bytes) + " / 1,073,741,824", N(gib))}; });
      }
    }

    if (done()) return r;

    // ---- forward FLOPs (matmuls only) ----
    if (WantsAny(in, FlopOutputs())) {  // the counts below only when one is read
      Int qkv = 3 * 2 * T * d * d, scores = 2 * T * T * d, values = 2 * T * T * d, oproj = 2 * T * d * d;
      Int ffn_fl = ffn_mats * 2 * T * d * f, head = 2 * T * d * V;
      AddNumber(r, "qkv_flops_per_layer", "Q, K, V projections, one block", qkv, "FLOP", "6*context_length*d_model^2",
                [&] { return Steps{Step("Q, K, V projections", "3 · 2 · T · d · d", Times({3, 2, T, d, d}), N(qkv))}; });
      AddNumber(r, "attn_scores_flops_per_layer", "QK^T over all heads, one block", scores, "FLOP",
                "2*context_length^2*d_model",
                [&] { return Steps{Step("QK^T", "h · 2 · T · d_head · T = 2 · T² · d", Times({2, T, T, d}), N(scores))}; });
      AddNumber(r, "attn_values_flops_per_layer", "attention-weighted sum of V, one block", values, "FLOP",
                "2*context_length^2*d_model",
                [&] { return Steps{Step("A·V", "h · 2 · T · T · d_head = 2 · T² · d", Times({2, T, T, d}), N(values))}; });
      AddNumber(r, "out_proj_flops_per_layer", "attention output projection, one block", oproj, "FLOP",
                "2*context_length*d_model^2", [&] { return Steps{Step("output projection", "2 · T · d · d", Times({2, T, d, d}), N(oproj))}; });
      AddNumber(r, "ffn_flops_per_layer", "feed-forward matmuls, one block", ffn_fl, "FLOP",
                (swiglu ? "6" : "4") + std::string("*context_length*d_model*d_ff"),
                [&] { return Steps{Step("feed-forward", std::string(swiglu ? "3" : "2") + " · 2 · T · d · d_ff",
                      Times({ffn_mats, 2, T, d, f}), N(ffn_fl))}; });
      if (done()) return r;
      Int layer = qkv + scores + values + oproj + ffn_fl;
      AddNumber(r, "flops_per_layer", "all matmuls of one block", layer, "FLOP", "",
                [&] { return Steps{Step("one block", "QKV + QK^T + A·V + output + feed-forward",
                      Show(qkv) + " + " + Show(scores) + " + " + Show(values) + " + " + Show(oproj) + " + " + Show(ffn_fl),
                      N(layer))}; });
      AddNumber(r, "lm_head_flops", "output projection to the vocabulary", head, "FLOP",
                "2*context_length*d_model*vocab_size",
                [&] { return Steps{Step("output projection to vocab", "2 · T · d · V", Times({2, T, d, V}), N(head))}; });
      Int fwd = L * layer + head;
      AddNumber(r, "forward_flops", "forward pass over context_length tokens, matmuls only", fwd, "FLOP", "",
                [&] { return Steps{Step("forward", "L · block + vocab projection", Times({L, layer}) + " + " + Show(head), N(fwd))}; });
      if (done()) return r;
      // `listed`: the "<id>_flops" output is above (lm_head_flops).
      struct Share { const char* flops_id; const char* share_id; const char* what; Int flops; bool listed; };
      const Share shares[] = {
          {"qkv_flops", "qkv_flop_share", "Q, K, V projections", L * qkv, false},
          {"attn_scores_flops", "attn_scores_flop_share", "QK^T", L * scores, false},
          {"attn_values_flops", "attn_values_flop_share", "attention-weighted V", L * values, false},
          {"out_proj_flops", "out_proj_flop_share", "attention output projection", L * oproj, false},
          {"ffn_flops", "ffn_flop_share", "feed-forward", L * ffn_fl, false},
          {"lm_head_flops", "lm_head_flop_share", "output projection to vocab", head, true},
      };
      for (const Share& s : shares) {
        if (!s.listed && r.Wants(s.flops_id))
          AddNumber(r, s.flops_id, std::string(s.what) + ", all blocks", s.flops, "FLOP", "",
                    [&] { return Steps{std::string(s.what) + ", all blocks = L · per block = " + Show(s.flops)}; });
        if (r.Wants(s.share_id))
          AddNumber(r, s.share_id, std::string("share of forward FLOPs: ") + s.what, N(Ratio(s.flops, fwd)),
                  "1", "", [&] { return Steps{std::string(s.what) + ": " + Show(s.flops) + " / " + Show(fwd) + " = " + Percent(Ratio(s.flops, fwd))}; });
      }
      Int attn_all = L * (qkv + scores + values + oproj);
      AddNumber(r, "attention_flops", "attention including projections, all blocks", attn_all, "FLOP", "",
                [&] { return Steps{Step("attention (projections + QK^T + A·V)", "L · (QKV + QK^T + A·V + output)", "", N(attn_all))}; });
      if (r.Wants("attention_flop_share"))
        AddNumber(r, "attention_flop_share", "share of forward FLOPs in attention (with projections)", Ratio(attn_all, fwd), "1",
                "", [&] { return Steps{"attention: " + Percent(Ratio(attn_all, fwd))}; });
      static const std::vector<std::string> flop_parts = {"feed-forward", "attention projections", "attention scores and values",
                                                   "output projection to vocab"};
      const Int flop_comp[] = {L * ffn_fl, L * (qkv + oproj), L * (scores + values), head};
      size_t top = 0;
      for (size_t i = 1; i < 4; ++i)
        if (flop_comp[i] > flop_comp[top]) top = i;
      AddText(r, "largest_flop_component", "component needing the most forward FLOPs", flop_parts[top], flop_parts,
              [&] {
                Steps flop_steps;
                for (size_t i = 0; i < 4; ++i) flop_steps.push_back(flop_parts[i] + ": " + Percent(Ratio(flop_comp[i], fwd)));
                return flop_steps;
              });

      // ---- training ----
      AddNumber(r, "backward_flops", "backward pass, 2 x forward", 2 * fwd, "FLOP", "2*forward_flops",
                [&] { return Steps{Step("backward", "2 · forward", Times({2, fwd}), N(2 * fwd))}; });
      AddNumber(r, "train_step_flops", "forward + backward for one sequence, 3 x forward", 3 * fwd, "FLOP",
                "3*forward_flops", [&] { return Steps{Step("training step", "forward + backward = 3 · forward", Times({3, fwd}), N(3 * fwd))}; });
    }

    if (r.Wants("train_flops_6nd")) {
      Exact six_nd = Exact(6 * total) * D;
      AddNumber(r, "train_flops_6nd", "training compute by the 6·N·D rule", six_nd, "FLOP", "6*total_params*training_tokens",
                [&] { return Steps{Step("training compute", "6 · N · D", detail::Times({Exact(6), Exact(total), D}), N(six_nd))}; });
    }

    if (done()) return r;

    // ---- AdamW memory (fp32 everywhere) ----
    if (WantsAny(in, AdamWOutputs())) {
      Int ffn_act = swiglu ? 4 * f : 2 * f;  // W1x, W3x, silu(W1x), product | pre-activation, activation
      Int per_token_layer = norms_per_block * d + 3 * d + 2 * d + d + ffn_act + 2 * d;
      Int act_elems = B * (L * (T * per_token_layer + 2 * h * T * T) + T * d + 2 * T * V);
      AddNumber(r, "adamw_param_bytes", "AdamW: parameters in fp32", 4 * total, "byte", "4*total_params",
                [&] { return Steps{Step("parameters", "4 · N", Times({4, total}), N(4 * total))}; });
      AddNumber(r, "adamw_grad_bytes", "AdamW: gradients in fp32", 4 * total, "byte", "4*total_params",
                [&] { return Steps{Step("gradients", "4 · N", Times({4, total}), N(4 * total))}; });
      AddNumber(r, "adamw_moment_bytes", "AdamW: first and second moments in fp32", 8 * total, "byte", "8*total_params",
                [&] { return Steps{Step("two moments", "2 · 4 · N", Times({8, total}), N(8 * total))}; });
      AddNumber(r, "activation_bytes", "activations saved for backward, fp32", 4 * act_elems, "byte", "",
                [&] { return Steps{"saved per token and block: norm inputs (" + Show(norms_per_block) + "·d), Q, K, V (3d), attention output "
                 "(d), output projection (d), feed-forward (" + std::string(swiglu ? "4" : "2") + "·d_ff), residual inputs "
                 "(2d); per block and sequence: scores and softmax (2·h·T²); once: final norm (T·d), logits and softmax (2·T·V)",
                 Step("activation elements", "B · (L · (T · per-token + 2·h·T²) + T·d + 2·T·V)", "", N(act_elems)),
                 Step("activation memory", "4 · elements", Times({4, act_elems}), N(4 * act_elems))}; });
      Int adam_total = 16 * total + 4 * act_elems;
      AddNumber(r, "adamw_total_bytes", "AdamW peak memory: parameters, gradients, moments, activations", N(adam_total),
                "byte", "", [&] { return Steps{Step("AdamW total", "16 · N + activations", Show(16 * total) + " + " + Show(4 * act_elems),
                                  N(adam_total))}; });
    }
    return r;
  }
};

const SolverRegistration kRegister(std::make_unique<TransformerSolver>());

}  // namespace
}  // namespace grader
