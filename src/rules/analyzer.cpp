// The artifact rules. Imports are judged against the trust catalogue (a name
// with a reviewed contract by the role it plays, not by its danger); every
// invocation (calls, BUILD, APPEND/SETITEM on objects) by what it does
// (invocations.hpp); anomalies become PICKLE-STRUCT. One finding per distinct
// signal and stream.
#include "rules/analyzer.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "pickle/format_hooks.hpp"
#include "pickle/machine.hpp"
#include "rules/callable_resolution.hpp"
#include "rules/catalogue.hpp"
#include "rules/invocations.hpp"

namespace sentinel::rules {
namespace {

using pickle::Anomaly;
using pickle::Event;
using pickle::EventKind;
using pickle::Kind;
using pickle::Ref;

class Analyzer {
 public:
  Analyzer(const pickle::FileTrace& trace, const ArtifactContext& ctx)
      : trace_(trace),
        ctx_(ctx),
        meanings_(trace.values, *ctx.lists, ctx.persistent_ids_expected),
        judge_(meanings_, ctx.limits.max_nested_size) {}

  std::vector<Finding> run() {
    for (std::size_t i = 0; i < trace_.streams.size(); ++i) stream(static_cast<std::uint32_t>(i), trace_.streams[i]);
    // Several streams are structure worth a finding only beside something
    // else flagged: repeated pickle.dump to one file is common, and each
    // stream was judged on its own content.
    if (!out_.empty()) {
      for (const auto& [index, e] : further_streams_) structural(index, *e, e->anomaly, e->message);
    }
    return std::move(out_);
  }

 private:
  const pickle::ValueStore& values() const { return trace_.values; }

  void emit(std::string_view rule_id, const Event& e, std::uint32_t stream, std::string evidence,
            std::string module = {}, std::string name = {}) {
    // One finding per rule, signal and offset; the file-object reading of a
    // lying frame repeats the opcodes before the divergence.
    if (!seen_.insert({std::string(rule_id), e.offset, module + "." + name, evidence}).second) return;
    // Data a format's loader steps over is read as opcodes only by a plain
    // pickle.load; there, overlapping junk imports are noise and only code
    // execution is worth a finding.
    if (trace_.streams[stream].plain_view && rule_id != "PICKLE-EXEC") return;
    auto& count = per_rule_[std::string(rule_id)];
    if (++count > ctx_.limits.max_findings_per_rule) {
      if (ctx_.omitted != nullptr) ++(*ctx_.omitted)[std::string(rule_id)];
      return;
    }
    const RuleInfo* rule = find_rule(rule_id);
    Location loc;
    loc.path = ctx_.path;
    loc.chain = ctx_.chain;
    loc.offset = e.offset;
    loc.stream = stream;
    if (trace_.streams[stream].file_reader_view) evidence += " (as a file-object unpickler reads the lying frame)";
    if (trace_.streams[stream].plain_view) evidence += " (as plain pickle.load reads data the format's loader steps over)";
    if (trace_.streams[stream].unpickler == pickle::Unpickler::Python) {
      evidence += " (as pickle._Unpickler reads it: joblib, dill, pandas' retry)";
    }
    Finding f = make_finding(*rule, std::move(loc), printable(evidence), ctx_.retest_target);
    f.opcode = std::string(pickle::opcode_name(e.op));
    f.module = std::move(module);
    f.name = std::move(name);
    out_.push_back(std::move(f));
  }

  // PICKLE-STRUCT evidence opens with the anomaly's name, then where.
  void structural(std::uint32_t index, const Event& e, Anomaly a, const std::string& what) {
    emit("PICKLE-STRUCT", e, index, std::string(pickle::anomaly_name(a)) + ": " + at(e) + ": " + what);
  }

  std::string at(const Event& e) const {
    return std::string(pickle::opcode_name(e.op)) + " at offset " + std::to_string(e.offset);
  }

  // Calls made on a node, by node id, so an import's evidence can show them.
  void index_calls(const pickle::StreamTrace& s) {
    calls_by_callee_.clear();
    for (const auto& e : s.events) {
      if (e.kind == EventKind::Call) calls_by_callee_[values().node(e.subject).a.u.node].push_back(&e);
    }
  }

  std::string call_summary(const Ref& global) const {
    const auto it = calls_by_callee_.find(global.u.node);
    if (it == calls_by_callee_.end()) return {};
    const Event& call = *it->second.front();
    std::string s = "; called by " + at(call) + " as " + render_value(values(), call.subject);
    if (it->second.size() > 1) s += " (and " + std::to_string(it->second.size() - 1) + " more call(s))";
    return s;
  }

  void stream(std::uint32_t index, const pickle::StreamTrace& s) {
    index_calls(s);
    for (const auto& e : s.events) {
      // load_stack_global raises unless both operands are exact str objects;
      // nothing after that runs.
      if (e.kind == EventKind::Import && raises_at_stack_global(values().node(e.subject))) return;
      switch (e.kind) {
        case EventKind::Import: import(index, e); break;
        case EventKind::Call: call(index, e); break;
        case EventKind::Build: judged(index, e, judge_.build(e.subject, e.detail)); break;
        case EventKind::Mutate: judged(index, e, judge_.mutate(e.subject)); break;
        case EventKind::PersistentLoad:
          if (!ctx_.persistent_ids_expected) {
            structural(index, e, Anomaly::PersistentId,
                       "persistent id " + render_value(values(), values().node(e.subject).a) +
                           " in a stream whose format defines none; the loader's persistent_load decides what it runs");
          }
          break;
        case EventKind::Extension:
          structural(index, e, Anomaly::ExtensionCode,
                     "extension code " + std::to_string(values().node(e.subject).a.u.i) +
                         " imports whatever the loading process registered with copyreg.add_extension");
          break;
        case EventKind::Anomaly: anomaly(index, e); break;
      }
    }
  }

  // An operand made by NEWOBJ of a trusted class other than str is an
  // instance of that class (cls.__new__(cls)), never an exact str.
  bool raises_at_stack_global(const pickle::Node& g) const {
    for (const Ref operand : {g.a, g.b}) {
      if (operand.kind != Kind::Call) continue;
      const auto& call = values().node(operand);
      if (call.call_kind != pickle::CallKind::NewObj && call.call_kind != pickle::CallKind::NewObjEx) continue;
      const Meaning cls = meanings_.of(call.a);
      if (cls.role == Role::Name && ctx_.lists->trusted(cls.module, cls.qualname) &&
          !(cls.module == "builtins" && cls.qualname == "str")) {
        return true;
      }
    }
    return false;
  }

  void anomaly(std::uint32_t index, const Event& e) {
    if (e.anomaly == Anomaly::TrailingNewline) return;
    if (e.anomaly == Anomaly::MultipleStreams && ctx_.multiple_streams_expected) return;
    if (trace_.streams[index].plain_view) return;
    if (e.anomaly == Anomaly::MultipleStreams) {
      further_streams_.emplace_back(index, &e);
      return;
    }
    structural(index, e, e.anomaly, e.message);
  }

  // Allowlist first: dangerous -> EXEC, getattr -> judged at its calls,
  // allowlisted -> fine, anything else -> GLOBAL-IMPORT.
  void import(std::uint32_t index, const Event& e) {
    const auto& g = values().node(e.subject);
    if (g.a.kind != Kind::Str || g.b.kind != Kind::Str) {
      emit("PICKLE-EXEC", e, index,
           at(e) + " imports a global whose name is computed at load time (" +
               render_value(values(), e.detail) + "); a scanner cannot know what it runs");
      return;
    }
    const std::string module(g.a.str());
    const std::string name(g.b.str());
    // A reviewed name with a contract is trusted to be imported; what it does
    // is judged where it is called (numpy.memmap as an array subtype is data).
    // The catalogue's answer is looked up once per name and file: protocol 2
    // writers repeat GLOBAL for every tensor.
    const NameFacts& facts = meanings_.facts(module, name);
    if (facts.exact != nullptr) return;
    if (ctx_.torchscript_types && (module == "__torch__" || module.starts_with("__torch__."))) return;
    std::string shown = module + "." + name;
    if (const Ref shadow = values().extra(e.subject); shadow.kind != Kind::Unset) {
      shown += " (an attribute an earlier BUILD set to " + render_value(values(), shadow) + ")";
    }
    const std::string calls = call_summary(e.subject);
    const DangerMatch& d = facts.danger;
    if (facts.exec()) {
      std::string evidence = at(e) + " imports " + shown;
      if (d.module != module || d.name != name) evidence += ", which reaches " + d.module + "." + d.name;
      evidence += " (" + (d.entry->note.empty() ? std::string("dangerous callable") : d.entry->note) + ")" + calls;
      emit("PICKLE-EXEC", e, index, std::move(evidence), module, name);
      return;
    }
    if (has_internal_component(name)) {
      emit("PICKLE-EXEC", e, index, at(e) + " imports " + shown + ", an interpreter internal that hands out "
                                        "builtins or code objects" + calls, module, name);
      return;
    }
    if (facts.trusted) return;
    const bool risky = d.entry != nullptr;
    emit("PICKLE-GLOBAL-IMPORT", e, index,
         at(e) + " imports " + shown + ": " +
             (risky ? "module on the risky list (" + d.entry->note + ")" : std::string("not on the trusted ML allowlist")) +
             calls,
         module, name);
  }

  void call(std::uint32_t index, const Event& e) {
    const Ref callee = values().node(e.subject).a;
    judged(index, e, judge_.call(e.subject));
    // Calling what a call or persistent_load returned is also structure a
    // clean writer does not produce; a trusted callable reached through
    // getattr (ZoneInfo._unpickle) and torch's legacy classes are not.
    if (callee.kind != Kind::Call && callee.kind != Kind::Persistent) return;
    const Meaning m = meanings_.of(callee);
    const bool trusted_name = m.role == Role::Name && meanings_.facts(m.module, m.qualname).trusted;
    if ((callee.kind == Kind::Call && !trusted_name) || (callee.kind == Kind::Persistent && m.role == Role::Unknown)) {
      structural(index, e, Anomaly::ReducerChain,
                 callee.kind == Kind::Call ? "calls the result of " + render_value(values(), callee)
                                           : std::string("calls an object returned by persistent_load"));
    }
  }

  void judged(std::uint32_t index, const Event& e, const Judgement& j) {
    for (const Verdict& v : j.verdicts) emit(v.rule, e, index, at(e) + " " + v.evidence, v.module, v.name);
    for (const NestedLoad& load : j.loads) nested(index, e, load);
  }

  // Bytes a trusted loader deserialises are judged by what they contain.
  void nested(std::uint32_t index, const Event& e, const NestedLoad& load) {
    if (ctx_.nested_depth >= ctx_.limits.max_nested_depth) {
      emit("PICKLE-STRUCT", e, index,
           "limit-reached: " + at(e) + " " + load.loader + " deserialises nested bytes deeper than nested_depth=" +
               std::to_string(ctx_.limits.max_nested_depth) + "; they were not examined");
      return;
    }
    ArtifactContext inner = ctx_;
    inner.chain.push_back("@" + std::to_string(e.offset) + ":" + load.loader + "(payload)");
    inner.nested_depth += 1;
    // torch.load of bytes that are not a zip reads the legacy format: magic,
    // protocol, sys_info, the data pickle with persistent ids, raw storages.
    const bool torch = load.format == "torch";
    inner.persistent_ids_expected = torch;
    inner.multiple_streams_expected = torch;
    const pickle::TraceHooks hooks = torch ? pickle::kFormatHooks : pickle::TraceHooks{};
    const pickle::FileTrace trace = ctx_.budget != nullptr ? pickle::trace_pickles(load.bytes, *ctx_.budget, hooks)
                                                           : pickle::trace_pickles(load.bytes, ctx_.limits, hooks);
    if (!trace.is_pickle) return;  // the loader raises on bytes that are no pickle
    for (auto& f : analyze(trace, inner)) {
      f.location.stream = index;
      out_.push_back(std::move(f));
    }
  }

  const pickle::FileTrace& trace_;
  const ArtifactContext& ctx_;
  ValueMeanings meanings_;
  InvocationJudge judge_;
  std::vector<Finding> out_;
  std::set<std::tuple<std::string, std::uint64_t, std::string, std::string>> seen_;
  std::map<std::string, std::uint64_t> per_rule_;
  std::map<pickle::NodeId, std::vector<const Event*>> calls_by_callee_;
  std::vector<std::pair<std::uint32_t, const Event*>> further_streams_;
};

}  // namespace

std::vector<Finding> analyze(const pickle::FileTrace& trace, const ArtifactContext& context) {
  return Analyzer(trace, context).run();
}

std::vector<Finding> scan_pickle_bytes(std::string_view data, const ArtifactContext& context, bool& is_pickle) {
  const pickle::FileTrace trace = pickle::trace_pickles(data, context.limits);
  is_pickle = trace.is_pickle;
  if (!trace.is_pickle) return {};
  return analyze(trace, context);
}

}  // namespace sentinel::rules
