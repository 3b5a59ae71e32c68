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
#include "grader/base/error.h"
#include "reference/solver_util.h"

namespace grader {
namespace {

using detail::AddNumber;
using detail::Steps;
using detail::AddText;
using detail::Percent;
using detail::Step;
using detail::Times;

const std::vector<std::string> kParamComponents = {
    "input embeddings", "positional embeddings", "attention blocks",
    "normalization layers", "feed-forward blocks", "output projection"};

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
    const Exact V = in.Number("vocab_size"), T = in.Number("context_length"), L = in.Number("num_layers");
    const Exact d = in.Number("d_model"), h = in.Number("num_heads"), f = in.Number("d_ff");
    const Exact B = in.Number("batch_size"), D = in.Number("training_tokens");
    const bool swiglu = in.Choice("ffn") == "swiglu";
    const bool layernorm = in.Choice("norm") == "layernorm";
    const bool bias = in.Flag("bias"), tied = in.Flag("tie_embeddings"), final_norm = in.Flag("final_norm");
    const Exact norms_per_block = in.Number("norms_per_block");
    const std::string positions = in.Choice("positions");
    if (numerator(d) % numerator(h) != 0)
      throw Error("transformer: d_model (" + Show(d) + ") must be divisible by num_heads (" + Show(h) + ")");
    const Exact d_head = d / h;
    const Exact ffn_mats = swiglu ? 3 : 2;

    SolverResult r(in.steps_wanted());
    // ---- parameters ----
    Exact emb = V * d;
    AddNumber(r, "embedding_params", "token embedding table", emb, "parameter", "vocab_size*d_model",
              [&] { return Steps{Step("token embedding", "vocab_size · d_model", Times({V, d}), emb)}; });
    Exact pos = positions == "learned" ? T * d : Exact(0);
    AddNumber(r, "positional_params", "learned positional table (0 for RoPE or none)", pos, "parameter",
              positions == "learned" ? "context_length*d_model" : "0",
              [&] { return Steps{positions == "learned" ? Step("positional table", "context_length · d_model", Times({T, d}), pos)
                                      : "positional parameters = 0 (" + positions + ": nothing learned)"}; });
    Exact attn_layer = 4 * d * d + (bias ? 4 * d : Exact(0));
    AddNumber(r, "attention_params_per_layer", "Q, K, V and output projections of one block", attn_layer, "parameter",
              bias ? "4*d_model^2+4*d_model" : "4*d_model^2",
              [&] { return Steps{Step("attention per block", bias ? "4·d² + 4·d (biases)" : "4·d² (Q, K, V, O; d_head·h = d)",
                    bias ? "4 · " + Show(d) + "² + 4 · " + Show(d) : "4 · " + Show(d) + "²", attn_layer),
               "d_head = d_model / num_heads = " + Show(d_head) + "; the head count does not change the count"}; });
    Exact attn = L * attn_layer;
    AddNumber(r, "attention_params", "attention, all blocks", attn, "parameter",
              bias ? "num_layers*(4*d_model^2+4*d_model)" : "4*num_layers*d_model^2",
              [&] { return Steps{Step("attention, all blocks", "L · attention per block", Times({L, attn_layer}), attn)}; });
    Exact ffn_bias = bias ? (swiglu ? 2 * f + d : f + d) : Exact(0);
    Exact ffn_layer = ffn_mats * d * f + ffn_bias;
    std::string ffn_formula = (swiglu ? "3" : "2") + std::string("*d_model*d_ff");
    AddNumber(r, "ffn_params_per_layer", "feed-forward matrices of one block", ffn_layer, "parameter", ffn_formula,
              [&] { return Steps{Step("feed-forward per block",
                    std::string(swiglu ? "3 · d · d_ff (SwiGLU: W1, W2, W3)" : "2 · d · d_ff (two matrices)") +
                        (bias ? " + biases" : ""),
                    Times({ffn_mats, d, f}) + (bias ? " + " + Show(ffn_bias) : ""), ffn_layer)}; });
    Exact ffn = L * ffn_layer;
    AddNumber(r, "ffn_params", "feed-forward, all blocks", ffn, "parameter", "num_layers*" + ffn_formula,
              [&] { return Steps{Step("feed-forward, all blocks", "L · feed-forward per block", Times({L, ffn_layer}), ffn)}; });
    Exact norm_size = layernorm ? 2 * d : d;
    Exact norms = L * norms_per_block * norm_size + (final_norm ? norm_size : Exact(0));
    AddNumber(r, "norm_params", "all normalisation layers", norms, "parameter",
              std::string("num_layers*norms_per_block*") + (layernorm ? "2*" : "") + "d_model" +
                  (final_norm ? (layernorm ? "+2*d_model" : "+d_model") : ""),
              [&] { return Steps{std::string("each ") + (layernorm ? "LayerNorm has 2·d (gain and bias)" : "RMSNorm has d (gain)") +
                   " = " + Show(norm_size) + " parameters",
               Step("normalisation", std::string("L · ") + Show(norms_per_block) + " per block" +
                                         (final_norm ? " + final norm" : ""),
                    Times({L, norms_per_block, norm_size}) + (final_norm ? " + " + Show(norm_size) : ""), norms)}; });
    Exact out = tied ? Exact(0) : V * d + (bias ? V : Exact(0));
    AddNumber(r, "output_params", "output projection to the vocabulary (0 when tied)", out, "parameter",
              tied ? "0" : (bias ? "vocab_size*d_model+vocab_size" : "vocab_size*d_model"),
              [&] { return Steps{tied ? "output projection = 0 (tied to the input embedding)"
                    : Step("output projection", "d_model · vocab_size", Times({d, V}), out)}; });
    Exact blocks = attn + ffn + L * norms_per_block * norm_size;
    AddNumber(r, "block_params_per_layer", "one transformer block", attn_layer + ffn_layer + norms_per_block * norm_size,
              "parameter", "", [&] { return Steps{Step("one block", "attention + feed-forward + norms",
                                     Show(attn_layer) + " + " + Show(ffn_layer) + " + " + Show(norms_per_block * norm_size),
                                     attn_layer + ffn_layer + norms_per_block * norm_size)}; });
    Exact total = emb + pos + blocks + (final_norm ? norm_size : Exact(0)) + out;
    AddNumber(r, "total_params", "trainable parameters", total, "parameter", "",
              [&] { return Steps{Step("total", "embedding + positional + L · block + final norm + output",
                    Show(emb) + " + " + Show(pos) + " + " + Show(blocks) + " + " +
                        Show(final_norm ? norm_size : Exact(0)) + " + " + Show(out),
                    total)}; });
    const Exact comp[] = {emb, pos, attn, norms, ffn, out};
    size_t best = 0;
    for (size_t i = 1; i < 6; ++i)
      if (comp[i] > comp[best]) best = i;
    AddText(r, "largest_param_component", "component holding the most parameters", kParamComponents[best],
            kParamComponents, [&] {
              Steps share_steps;
              for (size_t i = 0; i < 6; ++i)
                share_steps.push_back(kParamComponents[i] + ": " + Show(comp[i]) + " (" + Percent(comp[i] / total) + ")");
              return share_steps;
            });

    // ---- memory ----
    struct Precision { const char* id; int bytes; };
    for (const Precision& p : {Precision{"fp32", 4}, Precision{"bf16", 2}, Precision{"fp16", 2}, Precision{"int8", 1}}) {
      Exact bytes = total * p.bytes;
      std::string base = p.id;
      AddNumber(r, base + "_bytes", std::string("memory of the parameters in ") + p.id, bytes, "byte",
                std::to_string(p.bytes) + "*total_params",
                [&] { return Steps{Step(base + " memory", std::to_string(p.bytes) + " bytes · total", Times({Exact(p.bytes), total}), bytes)}; });
      AddNumber(r, base + "_gb", std::string("memory in ") + p.id + ", decimal gigabytes", bytes / Pow10(9), "GB", "",
                [&] { return Steps{Step(base + " in GB", "bytes / 10^9", Show(bytes) + " / 10^9", bytes / Pow10(9))}; });
      Exact gib = bytes / Exact(Int(1) << 30);
      AddNumber(r, base + "_gib", std::string("memory in ") + p.id + ", binary gibibytes", gib, "GiB", "",
                [&] { return Steps{Step(base + " in GiB", "bytes / 2^30", Show(bytes) + " / 1,073,741,824", gib)}; });
    }

    // ---- forward FLOPs (matmuls only) ----
    Exact qkv = 3 * 2 * T * d * d, scores = 2 * T * T * d, values = 2 * T * T * d, oproj = 2 * T * d * d;
    Exact ffn_fl = ffn_mats * 2 * T * d * f, head = 2 * T * d * V;
    AddNumber(r, "qkv_flops_per_layer", "Q, K, V projections, one block", qkv, "FLOP", "6*context_length*d_model^2",
              [&] { return Steps{Step("Q, K, V projections", "3 · 2 · T · d · d", Times({3, 2, T, d, d}), qkv)}; });
    AddNumber(r, "attn_scores_flops_per_layer", "QK^T over all heads, one block", scores, "FLOP",
              "2*context_length^2*d_model",
              [&] { return Steps{Step("QK^T", "h · 2 · T · d_head · T = 2 · T² · d", Times({2, T, T, d}), scores)}; });
    AddNumber(r, "attn_values_flops_per_layer", "attention-weighted sum of V, one block", values, "FLOP",
              "2*context_length^2*d_model",
              [&] { return Steps{Step("A·V", "h · 2 · T · T · d_head = 2 · T² · d", Times({2, T, T, d}), values)}; });
    AddNumber(r, "out_proj_flops_per_layer", "attention output projection, one block", oproj, "FLOP",
              "2*context_length*d_model^2", [&] { return Steps{Step("output projection", "2 · T · d · d", Times({2, T, d, d}), oproj)}; });
    AddNumber(r, "ffn_flops_per_layer", "feed-forward matmuls, one block", ffn_fl, "FLOP",
              (swiglu ? "6" : "4") + std::string("*context_length*d_model*d_ff"),
              [&] { return Steps{Step("feed-forward", std::string(swiglu ? "3" : "2") + " · 2 · T · d · d_ff",
                    Times({ffn_mats, 2, T, d, f}), ffn_fl)}; });
    Exact layer = qkv + scores + values + oproj + ffn_fl;
    AddNumber(r, "flops_per_layer", "all matmuls of one block", layer, "FLOP", "",
              [&] { return Steps{Step("one block", "QKV + QK^T + A·V + output + feed-forward",
                    Show(qkv) + " + " + Show(scores) + " + " + Show(values) + " + " + Show(oproj) + " + " + Show(ffn_fl),
                    layer)}; });
    AddNumber(r, "lm_head_flops", "output projection to the vocabulary", head, "FLOP",
              "2*context_length*d_model*vocab_size",
              [&] { return Steps{Step("output projection to vocab", "2 · T · d · V", Times({2, T, d, V}), head)}; });
    Exact fwd = L * layer + head;
    AddNumber(r, "forward_flops", "forward pass over context_length tokens, matmuls only", fwd, "FLOP", "",
              [&] { return Steps{Step("forward", "L · block + vocab projection", Times({L, layer}) + " + " + Show(head), fwd)}; });
    struct Share { const char* id; const char* what; Exact flops; };
    const Share shares[] = {
        {"qkv", "Q, K, V projections", L * qkv},
        {"attn_scores", "QK^T", L * scores},
        {"attn_values", "attention-weighted V", L * values},
        {"out_proj", "attention output projection", L * oproj},
        {"ffn", "feed-forward", L * ffn_fl},
        {"lm_head", "output projection to vocab", head},
    };
    for (const Share& s : shares) {
      if (!r.Find(std::string(s.id) + "_flops"))
        AddNumber(r, std::string(s.id) + "_flops", std::string(s.what) + ", all blocks", s.flops, "FLOP", "",
                  [&] { return Steps{std::string(s.what) + ", all blocks = L · per block = " + Show(s.flops)}; });
      AddNumber(r, std::string(s.id) + "_flop_share", std::string("share of forward FLOPs: ") + s.what, s.flops / fwd,
                "1", "", [&] { return Steps{std::string(s.what) + ": " + Show(s.flops) + " / " + Show(fwd) + " = " + Percent(s.flops / fwd)}; });
    }
    Exact attn_all = L * (qkv + scores + values + oproj);
    AddNumber(r, "attention_flops", "attention including projections, all blocks", attn_all, "FLOP", "",
              [&] { return Steps{Step("attention (projections + QK^T + A·V)", "L · (QKV + QK^T + A·V + output)", "", attn_all)}; });
    AddNumber(r, "attention_flop_share", "share of forward FLOPs in attention (with projections)", attn_all / fwd, "1",
              "", [&] { return Steps{"attention: " + Percent(attn_all / fwd)}; });
    const std::vector<std::string> flop_parts = {"feed-forward", "attention projections", "attention scores and values",
                                                 "output projection to vocab"};
    const Exact flop_comp[] = {L * ffn_fl, L * (qkv + oproj), L * (scores + values), head};
    size_t top = 0;
    for (size_t i = 1; i < 4; ++i)
      if (flop_comp[i] > flop_comp[top]) top = i;
    AddText(r, "largest_flop_component", "component needing the most forward FLOPs", flop_parts[top], flop_parts,
            [&] {
              Steps flop_steps;
              for (size_t i = 0; i < 4; ++i) flop_steps.push_back(flop_parts[i] + ": " + Percent(flop_comp[i] / fwd));
              return flop_steps;
            });

    // ---- training ----
    AddNumber(r, "backward_flops", "backward pass, 2 x forward", 2 * fwd, "FLOP", "2*forward_flops",
              [&] { return Steps{Step("backward", "2 · forward", Times({2, fwd}), 2 * fwd)}; });
    AddNumber(r, "train_step_flops", "forward + backward for one sequence, 3 x forward", 3 * fwd, "FLOP",
              "3*forward_flops", [&] { return Steps{Step("training step", "forward + backward = 3 · forward", Times({3, fwd}), 3 * fwd)}; });
    Exact six_nd = 6 * total * D;
    AddNumber(r, "train_flops_6nd", "training compute by the 6·N·D rule", six_nd, "FLOP", "6*total_params*training_tokens",
              [&] { return Steps{Step("training compute", "6 · N · D", Times({6, total, D}), six_nd)}; });

    // ---- AdamW memory (fp32 everywhere) ----
    Exact ffn_act = swiglu ? 4 * f : 2 * f;  // W1x, W3x, silu(W1x), product | pre-activation, activation
    Exact per_token_layer = norms_per_block * d + 3 * d + 2 * d + d + ffn_act + 2 * d;
    Exact act_elems = B * (L * (T * per_token_layer + 2 * h * T * T) + T * d + 2 * T * V);
    AddNumber(r, "adamw_param_bytes", "AdamW: parameters in fp32", 4 * total, "byte", "4*total_params",
              [&] { return Steps{Step("parameters", "4 · N", Times({4, total}), 4 * total)}; });
    AddNumber(r, "adamw_grad_bytes", "AdamW: gradients in fp32", 4 * total, "byte", "4*total_params",
              [&] { return Steps{Step("gradients", "4 · N", Times({4, total}), 4 * total)}; });
    AddNumber(r, "adamw_moment_bytes", "AdamW: first and second moments in fp32", 8 * total, "byte", "8*total_params",
              [&] { return Steps{Step("two moments", "2 · 4 · N", Times({8, total}), 8 * total)}; });
    AddNumber(r, "activation_bytes", "activations saved for backward, fp32", 4 * act_elems, "byte", "",
              [&] { return Steps{"saved per token and block: norm inputs (" + Show(norms_per_block) + "·d), Q, K, V (3d), attention output "
               "(d), output projection (d), feed-forward (" + std::string(swiglu ? "4" : "2") + "·d_ff), residual inputs "
               "(2d); per block and sequence: scores and softmax (2·h·T²); once: final norm (T·d), logits and softmax (2·T·V)",
               Step("activation elements", "B · (L · (T · per-token + 2·h·T²) + T·d + 2·T·V)", "", act_elems),
               Step("activation memory", "4 · elements", Times({4, act_elems}), 4 * act_elems)}; });
    Exact adam_total = 16 * total + 4 * act_elems;
    AddNumber(r, "adamw_total_bytes", "AdamW peak memory: parameters, gradients, moments, activations", adam_total,
              "byte", "", [&] { return Steps{Step("AdamW total", "16 · N + activations", Show(16 * total) + " + " + Show(4 * act_elems),
                                adam_total)}; });
    return r;
  }
};

const SolverRegistration kRegister(std::make_unique<TransformerSolver>());

}  // namespace
}  // namespace grader
