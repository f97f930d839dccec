// The symbolic value model. Scalars are held inline in a 16-byte Ref (strings
// point into the scanned bytes or an owned arena, never copied per opcode);
// everything with structure (containers, imported globals, call results,
// persistent references) is a Node in a per-file ValueStore. The graph is
// what a later reader walks to rebuild, for example, a PyTorch state_dict
// without executing anything.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "pickle/opcodes.hpp"

namespace sentinel::pickle {

enum class Kind : std::uint8_t {
  Unset,      // an empty memo slot
  None,
  Bool,
  Int,        // fits int64
  BigInt,     // text: decimal digits
  Float,
  Str,
  Bytes,
  ByteArray,
  Buffer,     // NEXT_BUFFER: an out-of-band buffer
  // Node kinds
  Tuple,
  List,
  Dict,
  Set,
  FrozenSet,
  Global,     // an imported (module, qualname)
  Call,       // the result of calling something
  Persistent, // persistent_load(pid)
  Extension,  // copyreg extension registry lookup
};

[[nodiscard]] std::string_view kind_name(Kind kind);

using NodeId = std::uint32_t;

struct Ref {
  Kind kind = Kind::None;
  std::uint32_t len = 0;  // byte length of Str/Bytes/ByteArray/BigInt text
  union {
    std::int64_t i;
    double f;
    const char* s;
    NodeId node;
  } u{};

  static Ref none() { return Ref{}; }
  static Ref boolean(bool b) { Ref r; r.kind = Kind::Bool; r.u.i = b ? 1 : 0; return r; }
  static Ref integer(std::int64_t v) { Ref r; r.kind = Kind::Int; r.u.i = v; return r; }
  static Ref real(double v) { Ref r; r.kind = Kind::Float; r.u.f = v; return r; }
  static Ref text(Kind k, std::string_view t) {
    Ref r;
    r.kind = k;
    r.len = static_cast<std::uint32_t>(t.size());
    r.u.s = t.data();
    return r;
  }
  static Ref of_node(Kind k, NodeId id) { Ref r; r.kind = k; r.u.node = id; return r; }

  [[nodiscard]] bool is_node() const { return kind >= Kind::Tuple; }
  [[nodiscard]] bool is_string_like() const {
    return kind == Kind::Str || kind == Kind::Bytes || kind == Kind::ByteArray || kind == Kind::BigInt;
  }
  [[nodiscard]] std::string_view str() const { return {u.s, len}; }
};
static_assert(sizeof(Ref) == 16);

// How a Call node came to be.
enum class CallKind : std::uint8_t { Reduce, NewObj, NewObjEx, Obj, Inst };

struct Node {
  Kind kind;
  Opcode op;            // the opcode that created it
  CallKind call_kind = CallKind::Reduce;
  std::uint64_t offset; // stream offset of that opcode
  // Global: a = module (Str), b = qualname (Str); c = the value a BUILD wrote
  //   over this attribute path earlier, if any (see Machine: shadowed globals).
  // Call: a = callee, b = args, c = kwargs (NEWOBJ_EX).
  // Persistent: a = pid.  Extension: a = code (Int).
  Ref a, b, c;
  std::vector<Ref> items;   // container items (dict: key, value, key, value...);
                            // also APPEND/SETITEM(S) applied to call results
  std::vector<Ref> states;  // BUILD states applied to it, in order
  std::uint64_t dropped = 0;  // plain scalars not retained (see ValueStore::add_item)
};

class ValueStore {
 public:
  [[nodiscard]] Ref add(Kind kind, Opcode op, std::uint64_t offset) {
    nodes_.push_back(Node{kind, op, CallKind::Reduce, offset, {}, {}, {}, {}, {}, 0});
    return Ref::of_node(kind, static_cast<NodeId>(nodes_.size() - 1));
  }
  [[nodiscard]] Node& node(Ref r) { return nodes_[r.u.node]; }
  [[nodiscard]] const Node& node(Ref r) const { return nodes_[r.u.node]; }
  [[nodiscard]] std::size_t size() const { return nodes_.size(); }

  // Keeps a decoded string alive for the life of the store.
  [[nodiscard]] std::string_view own(std::string text) {
    owned_.push_back(std::move(text));
    return owned_.back();
  }

  // Appends to a container. Beyond kRetainedScalars items, plain scalars are
  // counted rather than kept: they carry no behaviour, and a multi-gigabyte
  // list of floats must not cost memory in proportion to its size. Anything
  // with structure (calls, globals, containers) is always kept.
  static constexpr std::size_t kRetainedScalars = 4096;
  void add_item(Node& container, Ref item) {
    if (container.items.size() >= kRetainedScalars && !item.is_node()) {
      ++container.dropped;
      return;
    }
    container.items.push_back(item);
  }
  void add_pair(Node& dict, Ref key, Ref value) {
    if (dict.items.size() >= kRetainedScalars && !key.is_node() && !value.is_node()) {
      ++dict.dropped;
      return;
    }
    dict.items.push_back(key);
    dict.items.push_back(value);
  }

 private:
  std::vector<Node> nodes_;
  std::deque<std::string> owned_;
};

}  // namespace sentinel::pickle
