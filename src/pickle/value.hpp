// The symbolic value model. Scalars are held inline in a 16-byte Ref (strings
// point into the scanned bytes or an owned arena, never copied per opcode);
// everything with structure (containers, imported globals, call results,
// persistent references) is a Node in a per-file ValueStore. The graph is
// what a later reader walks to rebuild, for example, a PyTorch state_dict
// without executing anything.
#pragma once

#include <cstdint>
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <deque>
#include <memory>
#include <memory_resource>
#include <new>
#include <unordered_map>
#include <utility>
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
  LongBytes,  // text: LONG1/LONG4 two's complement bytes, decoded only when shown
  Float,
  Str,
  Bytes,
  ByteArray,
  Buffer,     // NEXT_BUFFER: an out-of-band buffer
  Summary,    // a container the memo no longer holds: `len` is its Kind, u.i its item count
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
  [[nodiscard]] std::string_view str() const { return {u.s, len}; }
};
static_assert(sizeof(Ref) == 16);

// How a Call node came to be.
enum class CallKind : std::uint8_t { Reduce, NewObj, NewObjEx, Obj, Inst };

// A growable array of Refs whose storage comes from the store's arena: no
// per-container malloc, and nodes stay small.
class RefArray {
 public:
  [[nodiscard]] const Ref* data() const { return data_; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] const Ref* begin() const { return data_; }
  [[nodiscard]] const Ref* end() const { return data_ + size_; }
  [[nodiscard]] const Ref& operator[](std::size_t i) const { return data_[i]; }
  [[nodiscard]] const Ref& front() const { return data_[0]; }

 private:
  friend class ValueStore;
  Ref* data_ = nullptr;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
};

enum NodeFlag : std::uint8_t {
  kBuilt = 1,   // a BUILD state was applied (see ValueStore::states)
  kPinned = 2,  // referenced from more than its one parent (memo, DUP, BUILD, root)
  kActive = 4,  // holds something with behaviour (a global, call, persistent or
                // extension object, or a container that does), or was built
  kNested = 8,  // holds a node (so recycling it walks its items)
  kMemo = 16,   // held by one memo slot (index in `a.u.i`), and by nothing else
  kSummarised = 32,  // holds, directly or below, a memo value kept only as a summary
};

struct Node {
  Kind kind = Kind::None;
  Opcode op = Opcode::STOP;  // the opcode that created it
  CallKind call_kind = CallKind::Reduce;
  std::uint8_t flags = 0;  // NodeFlag bits
  std::uint32_t dropped = 0;  // scalars counted but not retained (saturating; see add_item)
  std::uint64_t offset = 0;  // stream offset of that opcode
  // Global: a = module (Str), b = qualname (Str).  Call: a = callee, b = args.
  // Persistent: a = pid.  Extension: a = code (Int).  See ValueStore::extra.
  Ref a, b;
  RefArray items;  // container items (dict: key, value, key, value...);
                   // also APPEND/SETITEM(S) applied to call results
};
static_assert(sizeof(Node) == 64);

class ValueStore {
 public:
  ValueStore() = default;
  ValueStore(const ValueStore&) = delete;
  ValueStore& operator=(const ValueStore&) = delete;
  ValueStore(ValueStore&&) = default;
  ValueStore& operator=(ValueStore&&) = default;

  [[nodiscard, gnu::always_inline]] Ref add(Kind kind, Opcode op, std::uint64_t offset) {
    NodeId id = 0;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
    } else {
      if (count_ == capacity_) {
        // Chunk k holds ids from k * kChunk; the first, small one leaves the
        // rest of its id range unused.
        count_ = chunks_.size() * kChunk;
        chunks_.push_back(NodeChunk::make(chunks_.size()));
        capacity_ = count_ + chunk_nodes(chunks_.size() - 1);
      }
      id = static_cast<NodeId>(count_++);
    }
    const bool container = kind >= Kind::Tuple && kind <= Kind::FrozenSet;
    new (&slot(id)) Node{kind, op, CallKind::Reduce, static_cast<std::uint8_t>(container ? 0 : kActive), 0, offset, {}, {}, {}};
    ++live_;
    return Ref::of_node(kind, id);
  }
  [[nodiscard]] Node& node(Ref r) { return slot(r.u.node); }
  [[nodiscard]] const Node& node(Ref r) const { return const_cast<ValueStore*>(this)->slot(r.u.node); }
  // Nodes alive now (the node limit counts these).
  [[nodiscard]] std::size_t size() const { return live_; }

  // Marks a node as reachable from somewhere besides its parent container, so
  // that dropping it from the parent never recycles it.
  void pin(Ref r) {
    if (r.is_node()) node(r).flags = static_cast<std::uint8_t>(node(r).flags | kPinned);
  }

  // A memo slot takes `r`. A container held by one slot and its parent alone
  // stays recyclable: once more than kMemoRetained such containers are alive,
  // one that its parent drops is dropped from the memo too, which then keeps
  // only its kind and size (a Summary, see summaries()). Only containers
  // without behaviour are ever summarised: tensor records are rebuild calls
  // (active), so their storages, sizes and strides stay in the graph for a
  // later conversion to safetensors.
  static constexpr std::size_t kMemoRetained = std::size_t{1} << 16;
  [[gnu::always_inline]] void memoize(Ref r, std::uint64_t index) {
    if (!r.is_node()) return;
    Node& n = node(r);
    const bool container = r.kind >= Kind::Tuple && r.kind <= Kind::FrozenSet;
    if (!container || (n.flags & (kMemo | kPinned)) != 0) {
      if ((n.flags & kMemo) != 0) --memo_held_;  // a second slot: pinned from now on
      n.flags = static_cast<std::uint8_t>((n.flags & ~kMemo) | kPinned);
      return;
    }
    n.flags = static_cast<std::uint8_t>(n.flags | kMemo);
    n.a.u.i = static_cast<std::int64_t>(index);
    ++memo_held_;
  }
  // Memo slots whose containers were dropped since the last call, with the
  // Summary each slot now holds. The machine writes them into its memo
  // before the next opcode reads it.
  struct Summarised {
    std::uint64_t index;
    Ref summary;
  };
  [[nodiscard]] bool has_summaries() const { return !summarised_.empty(); }
  [[nodiscard]] const std::vector<Summarised>& summaries() const { return summarised_; }
  void clear_summaries() { summarised_.clear(); }
  // Whether `r` is, or holds, a value the memo kept only as a summary.
  [[nodiscard]] bool summarised(Ref r) const {
    return r.kind == Kind::Summary || (r.is_node() && (node(r).flags & kSummarised) != 0);
  }

  // The third operand some nodes have: a Call's kwargs (NEWOBJ_EX), or for a
  // Global the value an earlier BUILD wrote over that attribute path. Kept
  // aside because few nodes have one. Unset when absent.
  void set_extra(Ref r, Ref value) { extras_[r.u.node] = value; }
  [[nodiscard]] Ref extra(Ref r) const {
    const auto it = extras_.find(r.u.node);
    return it == extras_.end() ? Ref{Kind::Unset} : it->second;
  }

  // BUILD states applied to a node, in order (most nodes never get one).
  void add_state(Ref target, Ref state) {
    node(target).flags = static_cast<std::uint8_t>(node(target).flags | kBuilt | kActive | kPinned);
    pin(state);
    states_[target.u.node].push_back(state);
  }
  [[nodiscard]] const std::vector<Ref>& states(Ref target) const {
    static const std::vector<Ref> kNone;
    const auto it = states_.find(target.u.node);
    return it == states_.end() ? kNone : it->second;
  }

  // Keeps a decoded string alive for the life of the store.
  [[nodiscard]] std::string_view own(std::string text) {
    owned_.push_back(std::move(text));
    return owned_.back();
  }

  // What is retained, so that memory follows what carries behaviour rather
  // than the file size: anything active (globals, calls, persistent and
  // extension objects, containers holding them) always; in tuples, dicts and
  // call results (arguments, states, state dicts) the first kRetainedScalars
  // plain values; in lists and sets also at most kScalarBudget scalars per
  // file. Beyond that a list or set counts inert items (scalars, and
  // containers of nothing but scalars that nothing else references) in
  // `dropped` and recycles their nodes: a multi-gigabyte list of records
  // carries no behaviour and must not cost memory in proportion to its size.
  static constexpr std::size_t kRetainedScalars = 4096;
  static constexpr std::size_t kScalarBudget = std::size_t{1} << 20;

  [[gnu::always_inline]] void reserve_items(Node& container, std::size_t count) {
    if (is_inert(container) && scalar_budget_ == 0) return;  // scalars will not be kept
    const std::size_t want = std::min<std::size_t>(container.items.size_ + count, kRetainedScalars);
    if (container.items.capacity_ < want) grow(container.items, std::max<std::size_t>(want, container.items.capacity_ * 2));
  }
  [[gnu::always_inline]] void add_item(Node& container, Ref item) {
    if (item.is_node()) {
      Node& child = node(item);
      if (recyclable(child) && is_inert(container) && !keep_scalar(container)) {
        recycle(item);
        return;
      }
      container.flags = static_cast<std::uint8_t>(container.flags | (child.flags & kInherited) | kNested);
    } else {
      if (item.kind == Kind::Summary) container.flags = static_cast<std::uint8_t>(container.flags | kSummarised);
      if (!keep_scalar(container)) return;
    }
    push(container.items, item);
  }
  // A value the unpickler drops (POP, POP_MARK): nothing can reach it again
  // unless it was pinned, and without behaviour it is not worth keeping.
  [[gnu::always_inline]] void discard(Ref r) {
    if (r.is_node() && recyclable(node(r))) recycle(r);
  }
  [[gnu::always_inline]] void add_pair(Node& dict, Ref key, Ref value) {
    if (!key.is_node() && !value.is_node() && !keep_scalar(dict)) return;
    for (const Ref r : {key, value}) {
      if (r.is_node()) dict.flags = static_cast<std::uint8_t>(dict.flags | (node(r).flags & kInherited) | kNested);
      if (r.kind == Kind::Summary) dict.flags = static_cast<std::uint8_t>(dict.flags | kSummarised);
    }
    push(dict.items, key);
    push(dict.items, value);
  }

 private:
  // What a container takes from what it holds.
  static constexpr std::uint8_t kInherited = kActive | kSummarised;
  // Nothing else reaches the node: no behaviour, no second reference, and a
  // memo slot only once enough memoised containers are held.
  [[nodiscard]] bool recyclable(const Node& n) const {
    return (n.flags & (kActive | kPinned)) == 0 && ((n.flags & kMemo) == 0 || memo_held_ > kMemoRetained);
  }
  // A recycled node's memo slot gets a summary.
  void forget(NodeId id) {
    Node& n = slot(id);
    if ((n.flags & kMemo) == 0) return;
    Ref summary{Kind::Summary};
    summary.len = static_cast<std::uint32_t>(n.kind);
    summary.u.i = static_cast<std::int64_t>(n.items.size()) + n.dropped;
    summarised_.push_back({static_cast<std::uint64_t>(n.a.u.i), summary});
    --memo_held_;
  }
  static bool is_inert(const Node& container) {
    return container.kind == Kind::List || container.kind == Kind::Set || container.kind == Kind::FrozenSet;
  }
  // Returns an unreferenced inert container, and the inert containers only it
  // held, to the free list.
  void recycle(Ref root) {
    // Children that hold no nodes are freed on the way; only deeper ones go
    // through the work list.
    recycle_work_.clear();
    NodeId id = root.u.node;
    for (;;) {
      if ((slot(id).flags & kNested) != 0) {
        for (const Ref r : slot(id).items) {
          if (!r.is_node() || !recyclable(node(r))) continue;
          if ((node(r).flags & kNested) != 0) {
            recycle_work_.push_back(r.u.node);
          } else {
            free_node(r.u.node);
          }
        }
      }
      free_node(id);
      if (recycle_work_.empty()) return;
      id = recycle_work_.back();
      recycle_work_.pop_back();
    }
  }
  void free_node(NodeId id) {
    forget(id);
    release(slot(id).items);
    free_.push_back(id);
    --live_;
  }
  [[gnu::always_inline]] bool keep_scalar(Node& container) {
    const bool inert = is_inert(container);
    if (container.items.size_ < kRetainedScalars && (!inert || scalar_budget_ > 0)) {
      if (inert) --scalar_budget_;
      return true;
    }
    if (container.dropped != UINT32_MAX) ++container.dropped;
    return false;
  }
  [[gnu::always_inline]] void push(RefArray& a, Ref r) {
    if (a.size_ == a.capacity_) grow(a, a.capacity_ == 0 ? 4 : std::size_t{a.capacity_} * 2);
    a.data_[a.size_++] = r;
  }
  // Item arrays come in power-of-two sizes; arrays of recycled nodes, and the
  // old array after a grow, go back to a free list per size and are reused.
  void grow(RefArray& a, std::size_t capacity) {
    const std::size_t size_class = std::bit_width(std::bit_ceil(capacity)) - 1;
    capacity = std::size_t{1} << size_class;
    Ref* fresh = nullptr;
    if (auto& pool = free_arrays_[size_class]; !pool.empty()) {
      fresh = pool.back();
      pool.pop_back();
    } else {
      fresh = static_cast<Ref*>(arena_->allocate(capacity * sizeof(Ref), alignof(Ref)));
    }
    const std::uint32_t size = a.size_;
    if (size != 0) std::memcpy(static_cast<void*>(fresh), a.data_, size * sizeof(Ref));
    release(a);
    a.data_ = fresh;
    a.size_ = size;
    a.capacity_ = static_cast<std::uint32_t>(capacity);
  }
  void release(RefArray& a) {
    if (a.capacity_ != 0) free_arrays_[std::bit_width(std::uint64_t{a.capacity_}) - 1].push_back(a.data_);
    a = RefArray{};
  }

  // Nodes live in chunks: growing never moves them. The first chunk is small
  // (most files need no other); the second comes from the heap, so a scan of
  // a few thousand nodes touches only the pages it uses and the allocator
  // hands the same memory to the next scan (the guard scans every load: a
  // fresh huge page zeroed per scan cost 40% of a 2 MB joblib file's scan);
  // the rest are 2 MiB of transparent huge pages, so a graph of millions of
  // nodes costs a few page faults, not one per 64.
  static constexpr std::size_t kFirstChunk = 1024;
  static constexpr std::size_t kChunk = (std::size_t{2} << 20) / sizeof(Node);
  static_assert(std::has_single_bit(kChunk));
  static constexpr std::size_t chunk_nodes(std::size_t index) { return index == 0 ? kFirstChunk : kChunk; }
  struct NodeChunk {
    Node* nodes = nullptr;
    bool huge = false;
    std::size_t bytes = 0;
    static NodeChunk make(std::size_t index);
    NodeChunk() = default;
    NodeChunk(NodeChunk&& o) noexcept
        : nodes(std::exchange(o.nodes, nullptr)), huge(o.huge), bytes(o.bytes) {}
    NodeChunk& operator=(NodeChunk&&) = delete;
    ~NodeChunk();
  };
  Node& slot(NodeId id) { return chunks_[id / kChunk].nodes[id % kChunk]; }
  std::vector<NodeChunk> chunks_;
  std::size_t count_ = 0;
  std::size_t capacity_ = 0;
  std::size_t live_ = 0;
  std::vector<NodeId> free_;
  std::vector<NodeId> recycle_work_;
  std::array<std::vector<Ref*>, 33> free_arrays_;
  // Large blocks come as transparent huge pages, like node chunks.
  class HugePageResource : public std::pmr::memory_resource {
    void* do_allocate(std::size_t bytes, std::size_t alignment) override;
    void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override;
    [[nodiscard]] bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
      return this == &other;
    }
  };
  std::unique_ptr<HugePageResource> upstream_ = std::make_unique<HugePageResource>();
  std::unique_ptr<std::pmr::monotonic_buffer_resource> arena_ =
      std::make_unique<std::pmr::monotonic_buffer_resource>(std::size_t{1} << 16, upstream_.get());
  std::size_t scalar_budget_ = kScalarBudget;
  std::size_t memo_held_ = 0;  // alive containers with kMemo
  std::vector<Summarised> summarised_;
  std::unordered_map<NodeId, Ref> extras_;
  std::unordered_map<NodeId, std::vector<Ref>> states_;
  std::deque<std::string> owned_;
};

}  // namespace sentinel::pickle
