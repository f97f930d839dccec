// Judges every invocation a pickle makes by what it does: REDUCE, NEWOBJ(_EX),
// OBJ and INST calls; __setstate__ and attribute writes through BUILD; append,
// extend, __setitem__ and add through APPEND(S)/SETITEM(S)/ADDITEMS on objects
// that are not plain containers. A callee that is not a statically resolved,
// trusted callable fails closed; a trusted one is followed through its
// contract into the arguments it calls, constructs, deserialises or opens.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "pickle/value.hpp"
#include "rules/value_meaning.hpp"

namespace sentinel::rules {

struct Verdict {
  std::string rule;      // PICKLE-EXEC, PICKLE-GLOBAL-IMPORT or PICKLE-STRUCT
  std::string evidence;  // what the invocation does, without the opcode prefix
  std::string module;
  std::string name;
};

// Bytes a trusted loader deserialises (torch.storage._load_from_bytes):
// scanned as `format` instead of judging the loader by its name.
struct NestedLoad {
  std::string bytes;
  std::string format;  // "pickle" or "torch"
  std::string loader;  // module.qualname, for the entry chain
};

struct Judgement {
  std::vector<Verdict> verdicts;
  std::vector<NestedLoad> loads;
};

class InvocationJudge {
 public:
  InvocationJudge(const ValueMeanings& meanings, std::size_t max_nested_size)
      : meanings_(meanings), max_nested_size_(max_nested_size) {}

  // A Call node made by REDUCE/NEWOBJ/NEWOBJ_EX/OBJ/INST.
  [[nodiscard]] Judgement call(pickle::Ref call) const;
  // BUILD of `state` on `target`.
  [[nodiscard]] Judgement build(pickle::Ref target, pickle::Ref state) const;
  // APPEND/SETITEM-family on a target that is not a plain list, dict or set.
  [[nodiscard]] Judgement mutate(pickle::Ref target) const;

 private:
  struct Site;
  void invoke(pickle::Ref callee, const CallArgs& args, const Site& site, Judgement& out) const;
  void invoke_name(const Meaning& m, const CallArgs& args, const Site& site, Judgement& out) const;
  void apply_contract(const Meaning& m, const Contract& c, const CallArgs& args, const Site& site,
                      Judgement& out) const;
  void nested_loads(const Meaning& m, const CallArgs& args, Judgement& out) const;
  void invoke_partial(const Meaning& m, const CallArgs& args, const Site& site, Judgement& out) const;
  void use_as_class(pickle::Ref value, const std::string& role, const Site& site, Judgement& out) const;
  void reached(pickle::Ref result, Judgement& out) const;
  [[nodiscard]] bool data_only_global(pickle::Ref global) const;

  const ValueMeanings& meanings_;
  std::size_t max_nested_size_;
  mutable std::unordered_map<pickle::NodeId, bool> data_only_;
};

}  // namespace sentinel::rules
