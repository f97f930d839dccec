// The artifact rules. Imports are judged allowlist-first against the reviewed
// lists; calls by what their callee resolves to (getattr, module resolvers,
// computed names, call results); state writes by their target; anomalies
// become PICKLE-STRUCT. One finding per distinct signal and stream.
#include "rules/analyzer.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "rules/callable_resolution.hpp"
#include "rules/catalogue.hpp"
#include "rules/nested_payloads.hpp"
#include "pickle/machine.hpp"

namespace sentinel::rules {
namespace {

using pickle::Anomaly;
using pickle::Event;
using pickle::EventKind;
using pickle::Kind;
using pickle::Ref;

// Attribute names whose lookup hands out interpreter internals (builtins
// dict, code objects, globals) rather than a member of a class.
bool is_internal_attribute(std::string_view attr) {
  static const std::set<std::string_view> kInternals = {
      "__builtins__", "__globals__", "__dict__", "__class__", "__subclasses__", "__bases__", "__base__",
      "__mro__", "__code__", "__closure__", "__func__", "__self__", "__getattribute__", "__getattr__",
      "__setattr__", "__delattr__", "__import__", "__loader__", "__spec__", "__call__", "__init__",
      "__new__", "__reduce__", "__reduce_ex__", "__setstate__", "__init_subclass__", "__class_getitem__",
      "__module__", "__wrapped__", "f_globals", "f_locals", "f_back", "gi_frame", "tb_frame"};
  return kInternals.contains(attr);
}

bool has_internal_component(std::string_view qualname) {
  std::size_t start = 0;
  for (;;) {
    const auto dot = qualname.find('.', start);
    if (is_internal_attribute(qualname.substr(start, dot == std::string_view::npos ? dot : dot - start))) return true;
    if (dot == std::string_view::npos) return false;
    start = dot + 1;
  }
}

class Analyzer {
 public:
  Analyzer(const pickle::FileTrace& trace, const ArtifactContext& ctx) : trace_(trace), ctx_(ctx) {}

  std::vector<Finding> run() {
    for (std::size_t i = 0; i < trace_.streams.size(); ++i) stream(static_cast<std::uint32_t>(i), trace_.streams[i]);
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
    if (++count > ctx_.limits.max_findings_per_rule) return;
    const RuleInfo* rule = find_rule(rule_id);
    Location loc;
    loc.path = ctx_.path;
    loc.chain = ctx_.chain;
    loc.offset = e.offset;
    loc.stream = stream;
    if (trace_.streams[stream].file_reader_view) evidence += " (as a file-object unpickler reads the lying frame)";
    if (trace_.streams[stream].plain_view) evidence += " (as plain pickle.load reads data the format's loader steps over)";
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
      switch (e.kind) {
        case EventKind::Import: import(index, e); break;
        case EventKind::Call: call(index, e); break;
        case EventKind::Build: write(index, e, "BUILD sets attributes on"); break;
        case EventKind::Mutate: write(index, e, "adds items to"); break;
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

  void anomaly(std::uint32_t index, const Event& e) {
    if (e.anomaly == Anomaly::MultipleStreams && ctx_.multiple_streams_expected) return;
    if (trace_.streams[index].plain_view) return;
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
    if (module == "builtins" && name == "getattr") return;  // judged where it is called
    if (ctx_.torchscript_types && (module == "__torch__" || module.starts_with("__torch__."))) return;
    std::string shown = module + "." + name;
    if (const Ref shadow = values().extra(e.subject); shadow.kind != Kind::Unset) {
      shown += " (an attribute an earlier BUILD set to " + render_value(values(), shadow) + ")";
    }
    judge_global(index, e, module, name, shown, call_summary(e.subject));
  }

  void judge_global(std::uint32_t index, const Event& e, const std::string& module, const std::string& name,
                    const std::string& shown, const std::string& calls) {
    const DangerMatch d = ctx_.lists->danger(module, name);
    if (d.entry != nullptr && d.entry->klass == DangerClass::Exec) {
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
    if (ctx_.lists->allowed(module, name)) return;
    const bool risky = d.entry != nullptr;
    emit("PICKLE-GLOBAL-IMPORT", e, index,
         at(e) + " imports " + shown + ": " +
             (risky ? "module on the risky list (" + d.entry->note + ")" : std::string("not on the trusted ML allowlist")) +
             calls,
         module, name);
  }

  void call(std::uint32_t index, const Event& e) {
    const auto& c = values().node(e.subject);
    const Ref callee = c.a;
    const Target t = resolve_target(values(), callee);
    switch (callee.kind) {
      case Kind::Call:
        if (t.resolved) {
          // A callable obtained through getattr or a module resolver.
          judge_global(index, e, t.module, t.qualname, t.dotted() + " (reached through " + t.via + ")",
                       "; called as " + render_value(values(), e.subject));
        } else {
          emit("PICKLE-EXEC", e, index,
               at(e) + " calls the result of another call: " + render_value(values(), e.subject) +
                   "; a clean writer never calls what a call returned");
        }
        structural(index, e, Anomaly::ReducerChain, "calls the result of " + render_value(values(), callee));
        break;
      case Kind::Global:
        if (t.resolved && t.dotted() == "builtins.getattr") getattr_call(index, e, c);
        if (!t.resolved) {
          emit("PICKLE-EXEC", e, index, at(e) + " calls a global whose name is computed at load time: " +
                                            render_value(values(), e.subject));
        }
        break;
      case Kind::Extension:
        emit("PICKLE-EXEC", e, index, at(e) + " calls an object from the copyreg extension registry: " +
                                          render_value(values(), e.subject));
        break;
      case Kind::Persistent:
        structural(index, e, Anomaly::ReducerChain, "calls an object returned by persistent_load");
        break;
      default: break;
    }
    if (t.resolved) nested(index, e, c, t);
  }

  // getattr(obj, 'NAME') is how Python 3.11 pickles Enum members and bound
  // methods; it runs nothing unless what it returns is dangerous or called.
  void getattr_call(std::uint32_t index, const Event& e, const pickle::Node& c) {
    if (c.b.kind != Kind::Tuple) return;
    const auto& args = values().node(c.b).items;
    if (args.size() < 2) return;
    if (args[1].kind != Kind::Str) {
      emit("PICKLE-EXEC", e, index, at(e) + " calls getattr with an attribute name computed at load time: " +
                                        render_value(values(), e.subject), "builtins", "getattr");
      return;
    }
    const std::string attr(args[1].str());
    if (is_internal_attribute(attr)) {
      emit("PICKLE-EXEC", e, index, at(e) + " calls getattr for interpreter internal '" + attr + "': " +
                                        render_value(values(), e.subject), "builtins", "getattr");
      return;
    }
    const Target obj = resolve_target(values(), args[0]);
    if (!obj.resolved) return;
    const std::string qual = obj.qualname.empty() ? attr : obj.qualname + "." + attr;
    const DangerMatch d = ctx_.lists->danger(obj.module, qual);
    if (d.entry != nullptr && d.entry->klass == DangerClass::Exec) {
      emit("PICKLE-EXEC", e, index,
           at(e) + " reaches " + obj.module + "." + qual + " through getattr (" + d.entry->note + ")",
           obj.module, qual);
    }
  }

  // Writes into an imported global change module or class state for the rest
  // of the process: later imports resolve to attacker values (ShadowPickle).
  void write(std::uint32_t index, const Event& e, std::string_view what) {
    if (e.subject.kind != Kind::Global) return;
    const Target t = resolve_target(values(), e.subject);
    const std::string shown = t.resolved ? t.dotted() : std::string("a computed global");
    emit("PICKLE-EXEC", e, index,
         at(e) + " " + std::string(what) + " the imported global " + shown +
             "; rewriting module or class state redirects later imports and calls",
         t.module, t.qualname);
  }

  // A loads-style callable with constant bytes: scan the payload as well.
  void nested(std::uint32_t index, const Event& e, const pickle::Node& c, const Target& t) {
    const DangerMatch d = ctx_.lists->danger(t.module, t.qualname);
    if (d.entry == nullptr || d.entry->klass != DangerClass::Exec) return;
    if (ctx_.nested_depth >= ctx_.limits.max_nested_depth) return;
    if (c.b.kind != Kind::Tuple) return;
    for (const Ref arg : values().node(c.b).items) {
      auto bytes = constant_bytes(values(), arg, ctx_.limits.max_nested_size);
      if (!bytes || bytes->empty()) continue;
      ArtifactContext inner = ctx_;
      inner.chain.push_back("@" + std::to_string(e.offset) + ":" + t.dotted() + "(payload)");
      inner.nested_depth += 1;
      inner.persistent_ids_expected = false;
      inner.multiple_streams_expected = false;
      bool is_pickle = false;
      auto found = scan_pickle_bytes(*bytes, inner, is_pickle);
      for (auto& f : found) {
        f.location.stream = index;
        out_.push_back(std::move(f));
      }
    }
  }

  const pickle::FileTrace& trace_;
  const ArtifactContext& ctx_;
  std::vector<Finding> out_;
  std::set<std::tuple<std::string, std::uint64_t, std::string, std::string>> seen_;
  std::map<std::string, std::uint64_t> per_rule_;
  std::map<pickle::NodeId, std::vector<const Event*>> calls_by_callee_;
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
