// Symbolic execution of pickle opcodes; see machine.hpp. Each case cites the
// Modules/_pickle.c function whose checks it reproduces: where the unpickler
// raises, the stream is marked broken, after everything before it was recorded.
#include "pickle/machine.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>

#include "base/byte_reader.hpp"
#include "base/released_pages.hpp"
#include "base/zeroed_pages.hpp"
#include "pickle/compat_names.hpp"
#include "pickle/text_forms.hpp"

namespace sentinel::pickle {
namespace {

constexpr std::uint64_t kNoFrame = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint64_t kDenseMemo = std::uint64_t{1} << 26;
constexpr std::uint64_t kLineBytesPerOpcode = 64;

// Reads the stream with FRAME semantics. Invariant: pos_ <= bound_, the
// frame's end or else the data's (a frame always fits the data), so
// `bound_ - pos_ < n` is the single test on the hot path.
class Cursor {
 public:
  Cursor(std::string_view data, std::uint64_t pos, FrameReading mode, Unpickler reading,
         Machine::NewlineCache& newlines)
      : data_(data), pos_(pos), mode_(mode), reading_(reading), newlines_(newlines) {}

  [[nodiscard]] std::uint64_t pos() const { return pos_; }
  [[nodiscard]] std::string_view data() const { return data_; }
  // Bytes of the lines read so far: a text opcode's cost grows with its
  // line, which a search running from many starts must pay for
  // (start_search.hpp).
  [[nodiscard]] std::uint64_t line_bytes() const { return line_bytes_; }
  // A loader reading past the pickle (joblib arrays): leaves any frame.
  bool skip(std::uint64_t n) {
    leave_frame();
    if (!fits(data_.size(), pos_, n)) return false;
    pos_ += n;
    return true;
  }
  [[nodiscard]] bool in_frame() const { return frame_end_ != kNoFrame && pos_ < frame_end_; }
  [[nodiscard]] std::uint64_t frame_end() const { return frame_end_; }

  [[gnu::always_inline]] bool take(std::uint64_t n, std::string_view& out) {
    if (bound_ - pos_ < n) [[unlikely]] {
      if (frame_end_ - pos_ < n) leave_frame();
      if (!fits(data_.size(), pos_, n)) return false;
    }
    out = std::string_view(data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  [[gnu::always_inline]] bool byte(std::uint8_t& out) {
    std::string_view b;
    if (!take(1, b)) return false;
    out = static_cast<std::uint8_t>(b[0]);
    return true;
  }
  [[gnu::always_inline]] bool le(unsigned width, std::uint64_t& out) {
    std::string_view b;
    if (!take(width, b)) return false;
    std::uint64_t v = 0;
    for (unsigned i = 0; i < width; ++i) v |= std::uint64_t{static_cast<std::uint8_t>(b[i])} << (8 * i);
    out = v;
    return true;
  }
  // A line without its '\n' (_Unpickler_Readline); false when no newline
  // follows. pickle.py's readline() returns what is left at the end of the
  // data instead, and its callers' [:-1] drops the last byte of that.
  bool line(std::string_view& out) {
    const auto find = [&]() -> std::uint64_t {
      if (pos_ >= data_.size()) return kNoFrame;
      auto& c = newlines_;
      if (c.data != data_.data() || c.size != data_.size() || pos_ < c.from || pos_ > c.found) {
        const void* nl = std::memchr(data_.data() + pos_, '\n', data_.size() - pos_);
        c = {data_.data(), data_.size(), pos_,
             nl == nullptr ? data_.size() : static_cast<std::uint64_t>(static_cast<const char*>(nl) - data_.data())};
      }
      return c.found == data_.size() ? kNoFrame : c.found;
    };
    std::uint64_t nl = find();
    const std::uint64_t need = nl == kNoFrame ? data_.size() - pos_ + 1 : nl - pos_ + 1;
    if (frame_end_ - pos_ < need) {
      const std::uint64_t before = pos_;
      leave_frame();
      if (pos_ != before) nl = find();
    }
    if (nl == kNoFrame) {
      if (reading_ != Unpickler::Python || in_frame()) return false;
      out = data_.substr(pos_);
      if (!out.empty()) out.remove_suffix(1);
      line_bytes_ += out.size();
      pos_ = data_.size();
      return true;
    }
    out = std::string_view(data_.data() + pos_, nl - pos_);
    line_bytes_ += out.size();
    pos_ = nl + 1;
    return true;
  }
  // load_frame: the frame must be readable, then the reader rewinds to its
  // start. pickle.py's _Unframer takes whatever file_read(n) returned.
  bool frame(std::uint64_t length, bool& nested) {
    nested = in_frame();
    if (reading_ == Unpickler::Python) length = std::min<std::uint64_t>(length, data_.size() - pos_);
    std::string_view ignored;
    if (!take(length, ignored)) return false;
    pos_ -= length;
    frame_end_ = pos_ + length;
    bound_ = frame_end_;
    return true;
  }

 private:
  void leave_frame() {
    if (pos_ < frame_end_ && frame_end_ != kNoFrame && mode_ == FrameReading::FileObject) pos_ = frame_end_;
    frame_end_ = kNoFrame;
    bound_ = std::max<std::uint64_t>(data_.size(), pos_);
  }

  std::string_view data_;
  std::uint64_t pos_;
  std::uint64_t frame_end_ = kNoFrame;
  std::uint64_t bound_ = std::max<std::uint64_t>(data_.size(), pos_);  // a start past the end reads nothing
  std::uint64_t line_bytes_ = 0;
  FrameReading mode_;
  Unpickler reading_;
  Machine::NewlineCache& newlines_;
};

// Memo slots: dense for the indices writers use, a map for sparse large ones
// (a LONG_BINPUT of 2**32-1 must not allocate 64 GiB; cpython#115952). The
// dense part grows in blocks that double (block b holds kFirst << b slots),
// so millions of slots never cost a copy. Blocks are zeroed memory, and a
// zeroed Ref is Unset: an empty slot costs no fill, and a block's pages are
// only faulted in (as huge pages, once large) where slots are written.
class Memo {
 public:
  Memo() = default;
  Memo(const Memo&) = delete;
  Memo& operator=(const Memo&) = delete;
  ~Memo() {
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      if (blocks_[b] != nullptr) release(blocks_[b], b);
    }
  }
  [[nodiscard]] std::uint64_t count() const { return count_; }
  [[gnu::always_inline]] void put(std::uint64_t index, Ref value) {
    if (index < kDenseMemo) {
      const auto [block, at] = locate(index);
      if (blocks_.size() <= block) blocks_.resize(block + 1, nullptr);
      if (blocks_[block] == nullptr) blocks_[block] = allocate(block);
      Ref& slot = blocks_[block][at];
      if (slot.kind == Kind::Unset) ++count_;
      slot = value;
      return;
    }
    auto [it, inserted] = sparse_.insert_or_assign(index, value);
    if (inserted) ++count_;
  }
  [[nodiscard, gnu::always_inline]] const Ref* get(std::uint64_t index) const {
    if (index < kDenseMemo) {
      const auto [block, at] = locate(index);
      if (block >= blocks_.size() || blocks_[block] == nullptr) return nullptr;
      const Ref& slot = blocks_[block][at];
      return slot.kind == Kind::Unset ? nullptr : &slot;
    }
    const auto it = sparse_.find(index);
    return it == sparse_.end() ? nullptr : &it->second;
  }

 private:
  static_assert(static_cast<int>(Kind::Unset) == 0, "zeroed memory must read as empty slots");
  // Small first blocks: the header search runs many short streams.
  static constexpr std::uint64_t kFirst = 256;
  static constexpr std::size_t block_bytes(std::size_t block) { return (std::size_t{kFirst} << block) * sizeof(Ref); }
  // Small blocks from the heap, zeroed; large ones as zeroed (huge) pages.
  static Ref* allocate(std::size_t block) {
    const std::size_t bytes = block_bytes(block);
    void* p = bytes < kHugePage ? std::calloc(1, bytes) : map_zeroed(bytes);
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<Ref*>(p);
  }
  static void release(Ref* p, std::size_t block) {
    if (block_bytes(block) < kHugePage) {
      std::free(p);
    } else {
      unmap_zeroed(p, block_bytes(block));
    }
  }
  // Block b starts at slot kFirst * (2^b - 1).
  static std::pair<std::size_t, std::size_t> locate(std::uint64_t index) {
    const std::uint64_t scaled = index / kFirst + 1;
    const auto block = static_cast<std::size_t>(std::bit_width(scaled) - 1);
    return {block, static_cast<std::size_t>(index - kFirst * ((std::uint64_t{1} << block) - 1))};
  }
  std::vector<Ref*> blocks_;
  std::unordered_map<std::uint64_t, Ref> sparse_;
  std::uint64_t count_ = 0;
};

// The unpickler's value stack. Pushing is most of what a stream does, so the
// fast path is one compare and a store; only growth leaves it.
class ValueStack {
 public:
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] Ref& back() { return data_[size_ - 1]; }
  [[nodiscard]] const Ref& operator[](std::size_t i) const { return data_[i]; }
  void pop_back() { --size_; }
  // Drops everything from `n` up (n <= size()).
  void truncate(std::size_t n) { size_ = n; }
  [[gnu::always_inline]] void push_back(Ref r) {
    if (size_ == capacity_) [[unlikely]] grow();
    data_[size_++] = r;
  }

 private:
  void grow() {
    const std::size_t capacity = capacity_ == 0 ? 64 : capacity_ * 2;
    auto fresh = std::make_unique_for_overwrite<Ref[]>(capacity);
    std::copy_n(data_.get(), size_, fresh.get());
    data_ = std::move(fresh);
    capacity_ = capacity;
  }
  std::unique_ptr<Ref[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

std::string shadow_key(std::string_view module, std::string_view qualname) {
  std::string key;
  key.reserve(module.size() + qualname.size() + 1);
  key.append(module).push_back(':');
  key.append(qualname);
  return key;
}

// Dotted identifiers; bytes >= 0x80 pass, as Python identifiers may be non-ASCII.
bool is_module_path(std::string_view m) {
  if (m.empty() || m.front() == '.' || m.back() == '.') return false;
  char prev = '.';
  for (const char ch : m) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '.') {
      if (prev == '.') return false;
    } else if (!(std::isalnum(c) || ch == '_' || c >= 0x80) || (prev == '.' && std::isdigit(c))) {
      return false;
    }
    prev = ch;
  }
  return true;
}

// LONG1/LONG4 payload of at most 8 bytes, sign-extended.
std::int64_t small_long(std::string_view bytes) {
  if (bytes.empty()) return 0;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) v |= std::uint64_t{static_cast<std::uint8_t>(bytes[i])} << (8 * i);
  const unsigned bits = static_cast<unsigned>(bytes.size()) * 8;
  if (bits < 64 && (v >> (bits - 1)) != 0) v |= ~std::uint64_t{0} << bits;
  return static_cast<std::int64_t>(v);
}

// A value's kind at load time: a summary stands for the container it was.
Kind shape(Ref r) { return r.kind == Kind::Summary ? static_cast<Kind>(r.len) : r.kind; }

bool is_constant_non_tuple(Ref r) {
  const Kind k = shape(r);
  return k < Kind::Tuple || k == Kind::List || k == Kind::Dict || k == Kind::Set || k == Kind::FrozenSet;
}

// What func(*args) unpacks in pickle.py: any iterable, and objects made at
// load time may be one.
bool python_iterable(Ref r) {
  switch (r.kind) {
    case Kind::Str:
    case Kind::Bytes:
    case Kind::ByteArray:
    case Kind::Summary: return true;
    default: return r.is_node();
  }
}

}  // namespace

// One stream's execution. Kept out of the header: it is the machine's hot loop.
struct Machine::State {
  State(Machine& m, std::string_view data, std::uint64_t start)
      : machine(m),
        values(m.values_),
        limits(m.options_.limits),
        reading(m.options_.unpickler),
        cur(data, start, m.options_.frames, reading, m.newlines_) {
    trace.start = start;
    trace.file_reader_view = m.options_.frames == FrameReading::FileObject;
    trace.unpickler = reading;
  }

  Machine& machine;
  ValueStore& values;
  const Limits& limits;
  const Unpickler reading;
  Cursor cur;
  ValueStack stack;
  std::vector<std::uint64_t> marks;
  std::uint64_t fence = 0;  // _pickle.c Pdata.fence: pops may not go below the top mark
  Memo memo;
  int proto = 0;
  std::uint64_t inline_ops = 0;  // opcodes run by inline pickles, charged to this stream
  bool stepped_inline = false;   // the current BUILD stepped over inline data (not a frame lie)
  std::uint64_t op_offset = 0;
  Opcode op = Opcode::STOP;
  bool differ_noted = false;
  StreamTrace trace;

  void event(EventKind kind, Ref subject, Ref detail = {}) {
    trace.events.push_back(Event{kind, op, Anomaly::UnknownOpcode, op_offset, subject, detail, {}});
  }
  void note(Anomaly a, std::string message) {
    trace.events.push_back(Event{EventKind::Anomaly, op, a, op_offset, {}, {}, std::move(message)});
  }
  // The unpickler raises here: record why and end the stream.
  bool fail(Anomaly a, std::string message) {
    note(a, std::move(message));
    trace.broken = true;
    return false;
  }
  bool limit(std::string_view name, std::uint64_t value) {
    return fail(Anomaly::LimitReached, "limit " + std::string(name) + "=" + std::to_string(value) +
                                           " reached; the rest of the stream was not examined");
  }
  bool truncated() { return fail(Anomaly::Truncated, "pickle data was truncated"); }
  // Under the C reading, bytes here read differently in pickle.py: noted
  // once per stream, and the file is traced again under that reading.
  void readings_differ(std::string_view what) {
    if (reading != Unpickler::C) return;
    if (!differ_noted) note(Anomaly::ReadingsDiffer, std::string(what) + "; pickle._Unpickler (joblib, dill, pandas' retry) reads on");
    machine.readings_differ_ = true;
    differ_noted = true;
  }
  // A text argument parsed under this stream's reading; under the C reading
  // the other parse is compared, as a difference changes what runs next.
  template <typename Parse>
  auto text_arg(Parse parse) {
    auto mine = parse(reading);
    if (reading == Unpickler::C) {
      const auto other = parse(Unpickler::Python);
      if (mine.has_value() != other.has_value() || (mine && !same_value(*mine, *other))) {
        readings_differ(std::string(opcode_name(op)) + " argument is read differently by pickle.py");
      }
    }
    return mine;
  }
  static bool same_value(const ParsedInt& a, const ParsedInt& b) {
    return a.small == b.small && a.value == b.value && a.decimal == b.decimal;
  }
  static bool same_value(double a, double b) { return a == b || (a != a && b != b); }
  bool underflow() { return fail(Anomaly::StackUnderflow, "unpickling stack underflow"); }

  [[gnu::always_inline]] bool node(Kind kind, Ref& out) {
    if (values.size() >= limits.max_nodes) return limit("nodes", limits.max_nodes);
    out = values.add(kind, op, op_offset);
    return true;
  }

  [[gnu::always_inline]] bool push_node(Kind kind) {
    Ref r;
    return node(kind, r) && push(r);
  }
  [[gnu::always_inline]] bool push(Ref r) {
    if (stack.size() >= limits.max_stack_depth) return limit("stack_depth", limits.max_stack_depth);
    stack.push_back(r);
    return true;
  }
  [[gnu::always_inline]] bool pop(Ref& out) {
    if (stack.size() <= fence) return underflow();
    out = stack.back();
    stack.pop_back();
    return true;
  }
  // _pickle.c marker(): pop the mark stack and lower the fence.
  [[gnu::always_inline]] bool marker(std::uint64_t& out) {
    if (marks.empty()) return fail(Anomaly::MarkMissing, "could not find MARK");
    out = marks.back();
    marks.pop_back();
    fence = marks.empty() ? 0 : marks.back();
    return true;
  }

  bool string_arg(unsigned width, bool signed_length, Kind kind, bool utf8) {
    std::uint64_t n = 0;
    if (!cur.le(width, n)) return truncated();
    if (signed_length && width == 4 && (n & 0x80000000U) != 0) {
      return fail(Anomaly::BadArgument, "BINSTRING pickle has negative byte count");
    }
    if (n > limits.max_string_size) return limit("string_size", limits.max_string_size);
    std::string_view s;
    if (!cur.take(n, s)) return truncated();
    if (utf8 && !is_ascii(s) && !valid_utf8_surrogatepass(s)) {
      return fail(Anomaly::BadArgument, std::string(opcode_name(op)) + ": invalid utf-8");
    }
    return push(Ref::text(kind, s));
  }

  bool push_int(const ParsedInt& v) {
    if (v.small) return push(Ref::integer(v.value));
    return push(Ref::text(Kind::BigInt, values.own(v.decimal)));
  }

  // find_class: protocol < 3 names go through _compat_pickle; the importer's
  // result may have been overwritten by an earlier BUILD on a global.
  // Whether call arguments are taken: a tuple for _pickle.c (`c_refuses`
  // says it is not), any iterable for pickle.py's func(*args).
  bool call_args_fit(Ref args, bool c_refuses) {
    if (!c_refuses) return true;
    if (reading == Unpickler::Python) return python_iterable(args);
    if (python_iterable(args)) readings_differ(std::string(opcode_name(op)) + " arguments are not a tuple");
    return false;
  }

  bool import_global(std::string_view module, std::string_view name) {
    if (proto < 3) std::tie(module, name) = map_python2_name(module, name);
    // __import__ raises for anything that cannot name a module, so nothing is
    // imported (text junk read as GLOBAL lands here). torch.load's find_class
    // answers a name containing "Storage" with a StorageType before it looks
    // at the module (serialization.py UnpicklerWrapper), so there any module
    // text reads on.
    if (!is_module_path(module) && name.find("Storage") == std::string_view::npos) {
      return fail(Anomaly::BadArgument, "no module can be named '" + std::string(module.substr(0, 60)) + "'");
    }
    Ref g;
    if (!node(Kind::Global, g)) return false;
    Node& n = values.node(g);
    n.a = Ref::text(Kind::Str, module);
    n.b = Ref::text(Kind::Str, name);
    const Ref shadow = shadowed(module, name);
    if (shadow.kind != Kind::Unset) values.set_extra(g, shadow);
    event(EventKind::Import, g);
    if (name.empty()) return fail(Anomaly::BadArgument, "find_class imported '" + std::string(module) + "', then found no name");
    return push(shadow.kind != Kind::Unset ? shadow : g);
  }
  Ref shadowed(std::string_view module, std::string_view name) {
    if (machine.shadows_.attributes.empty()) return Ref{Kind::Unset};
    const auto it = machine.shadows_.attributes.find(shadow_key(module, name));
    return it == machine.shadows_.attributes.end() ? Ref{Kind::Unset} : it->second;
  }

  bool call(CallKind kind, Ref callee, Ref args, Ref kwargs = {}) {
    Ref c;
    if (!node(Kind::Call, c)) return false;
    Node& n = values.node(c);
    n.call_kind = kind;
    n.a = callee;
    n.b = args;
    if (kind == CallKind::NewObjEx) values.set_extra(c, kwargs);
    event(EventKind::Call, c);
    for (const Ref r : {callee, args, kwargs}) not_retained(r);
    return push(c);
  }
  // Memo slots whose containers the store dropped now hold their summaries.
  void settle_memo() {
    if (!values.has_summaries()) return;
    for (const auto& s : values.summaries()) memo.put(s.index, s.summary);
    values.clear_summaries();
  }
  // A value whose content matters here (call operands, BUILD, a mutated
  // target) holds a container the memo kept only as a summary: the reading
  // goes on, and the limit is a finding.
  void not_retained(Ref r) {
    if (!values.summarised(r)) return;
    note(Anomaly::LimitReached,
         std::string(opcode_name(op)) + " uses a container the memo kept only as its kind and size (more than " +
             std::to_string(ValueStore::kMemoRetained) + " memoised containers held); what it held is not known");
  }

  // Pops stack[from..] into a new container node.
  bool collect(Kind kind, std::uint64_t from, Ref& out) {
    if (from < fence || from > stack.size()) return underflow();
    if (stack.size() - from > limits.max_container_items) return limit("container_items", limits.max_container_items);
    if (!node(kind, out)) return false;
    Node& n = values.node(out);
    values.reserve_items(n, stack.size() - from);
    if (kind == Kind::Dict) {
      for (std::uint64_t i = from; i + 1 < stack.size(); i += 2) values.add_pair(n, stack[i], stack[i + 1]);
    } else {
      for (std::uint64_t i = from; i < stack.size(); ++i) values.add_item(n, stack[i]);
    }
    stack.truncate(from);
    settle_memo();
    return true;
  }

  bool check_items(const Node& n, std::uint64_t adding) {
    if (n.items.size() + n.dropped + adding > limits.max_container_items) {
      return limit("container_items", limits.max_container_items);
    }
    return true;
  }

  // do_append / do_setitems / load_additems: the target sits below `from`.
  // Lists, dicts and sets take items directly; any other object has its
  // append/extend/__setitem__/add method called, which is a Mutate event.
  bool mutate(std::uint64_t from, Kind expected) {
    if (from > stack.size() || from <= fence) return underflow();
    const std::uint64_t count = stack.size() - from;
    if (count == 0) return true;
    const Ref target = stack[from - 1];
    if (target.kind == Kind::Summary) {
      not_retained(target);
      for (std::uint64_t i = from; i < stack.size(); ++i) values.discard(stack[i]);
      stack.truncate(from);
      settle_memo();
      return true;
    }
    if (expected == Kind::Dict && count % 2 != 0) {
      // pickle.py's load_setitems sets the complete pairs before it raises.
      if (reading == Unpickler::C || stack.size() - from < 3) {
        if (target.kind >= Kind::Global && count > 1) readings_differ("SETITEMS with an odd number of items");
        return fail(Anomaly::BadArgument, "odd number of items for SETITEMS");
      }
      stack.pop_back();
      if (!mutate(from, expected)) return false;
      return fail(Anomaly::BadArgument, "odd number of items for SETITEMS");
    }
    const bool plain = target.kind == expected || (expected == Kind::Dict && target.kind == Kind::List);
    const bool object = target.kind == Kind::Call || target.kind == Kind::Global || target.kind == Kind::Persistent ||
                        target.kind == Kind::Extension;
    if (!plain && !object) {
      return fail(Anomaly::BadOperandType,
                  std::string(opcode_name(op)) + ": target is " + std::string(kind_name(target.kind)));
    }
    Node& n = values.node(target);
    if (!check_items(n, count)) return false;
    values.reserve_items(n, count);
    if (expected == Kind::Dict && target.kind != Kind::List) {
      for (std::uint64_t i = from; i + 1 < stack.size(); i += 2) values.add_pair(n, stack[i], stack[i + 1]);
    } else if (target.kind != Kind::List || expected == Kind::List) {
      for (std::uint64_t i = from; i < stack.size(); ++i) values.add_item(n, stack[i]);
    }
    if (object) event(EventKind::Mutate, target);
    stack.truncate(from);
    settle_memo();
    return true;
  }

  [[gnu::always_inline]] bool memo_put(std::uint64_t index) {
    if (stack.size() <= fence) return underflow();
    if (memo.count() >= limits.max_memo_entries && memo.get(index) == nullptr) {
      return limit("memo_entries", limits.max_memo_entries);
    }
    memo.put(index, stack.back());
    values.memoize(stack.back(), index);
    return true;
  }
  [[gnu::always_inline]] bool memo_get(std::uint64_t index) {
    const Ref* r = memo.get(index);
    if (r == nullptr) return fail(Anomaly::MemoMissing, "memo value not found at index " + std::to_string(index));
    return push(*r);
  }

  // load_build: state goes to __setstate__ or into __dict__/slots. On an
  // imported global it rewrites module or class attributes for the rest of
  // the process.
  bool build() {
    if (stack.size() < fence + 2) return underflow();
    const Ref state = stack.back();
    stack.pop_back();
    const Ref target = stack.back();
    event(EventKind::Build, target, state);
    not_retained(target);
    not_retained(state);
    if (!target.is_node()) return true;
    values.add_state(target, state);
    if (target.kind == Kind::Global) shadow_writes(target, state);
    if (machine.options_.inline_data == nullptr) return true;
    return inline_data(machine.options_.inline_data(values, target, state, cur.data(), cur.pos(), machine.budget_));
  }
  // joblib writers end the frame before array data. The pure-Python
  // unpickler joblib uses has read the whole frame ahead, so data inside a
  // frame would be read from after it, in another order than here: flagged.
  void step_out_of_frame() {
    machine.stepped_ = true;
    stepped_inline = true;
    if (cur.in_frame()) {
      note(Anomaly::InlineData, "a loader reads raw data here from the end of the current FRAME at offset " +
                                    std::to_string(cur.frame_end()) + ", so the opcodes in between run out of order");
    }
  }
  bool inline_data(const InlineData& d) {
    switch (d.kind) {
      case InlineData::Kind::None: return true;
      case InlineData::Kind::Unknown: return fail(Anomaly::InlineData, d.problem);
      case InlineData::Kind::Raw:
        step_out_of_frame();
        if (!cur.skip(d.length)) return truncated();
        return true;
      case InlineData::Kind::Pickle: {
        if (!d.problem.empty()) note(Anomaly::InlineData, d.problem);
        if (machine.inline_depth_ >= limits.max_nested_depth) {
          return limit("nested_depth", limits.max_nested_depth);
        }
        step_out_of_frame();
        ++machine.inline_depth_;
        State inner(machine, cur.data(), cur.pos());
        inner.run();
        --machine.inline_depth_;
        inline_ops += inner.trace.opcodes;
        const bool ok = inner.trace.stopped;
        const std::uint64_t end = inner.trace.end;
        machine.inline_streams_.push_back(std::move(inner.trace));
        if (!ok) return fail(Anomaly::InlineData, "the inline pickle at offset " + std::to_string(cur.pos()) + " breaks");
        return cur.skip(end - cur.pos()) || truncated();
      }
    }
    return true;
  }
  void shadow_writes(Ref global, Ref state) {
    const Node& g = values.node(global);
    const std::string base = shadow_key(g.a.str(), g.b.str());
    auto apply = [&](Ref dict) {
      if (dict.kind != Kind::Dict) return;
      const auto& items = values.node(dict).items;
      for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
        if (items[i].kind == Kind::Str) machine.shadows_.attributes[base + "." + std::string(items[i].str())] = items[i + 1];
      }
    };
    apply(state);
    if (state.kind == Kind::Tuple) {
      const auto& t = values.node(state).items;
      if (t.size() == 2) {
        apply(t[0]);
        apply(t[1]);
      }
    }
  }

  bool stack_global() {
    Ref name;
    Ref module;
    if (!pop(name) || !pop(module)) return false;
    // load_stack_global: both operands must be str at load time.
    for (const Ref r : {module, name}) {
      if (r.kind == Kind::Str) continue;
      if (r.is_node() && (r.kind == Kind::Call || r.kind == Kind::Global || r.kind == Kind::Persistent ||
                          r.kind == Kind::Extension)) {
        continue;
      }
      return fail(Anomaly::BadOperandType,
                  "STACK_GLOBAL requires str, got " + std::string(kind_name(r.kind)));
    }
    if (module.kind != Kind::Str || name.kind != Kind::Str) {
      note(Anomaly::UnresolvedOperand, "STACK_GLOBAL operand is computed at load time (" +
                                           std::string(kind_name(module.kind)) + ", " +
                                           std::string(kind_name(name.kind)) + ")");
      Ref g;
      if (!node(Kind::Global, g)) return false;
      Node& n = values.node(g);
      // The operands themselves: a later reader may know that one cannot be
      // an exact str at load time, so that the unpickler raises here.
      n.a = module;
      n.b = name;
      event(EventKind::Import, g, module.kind == Kind::Str ? name : module);
      return push(g);
    }
    return import_global(module.str(), name.str());
  }

  bool global_lines(std::string_view& module, std::string_view& name) {
    if (!cur.line(module) || !cur.line(name)) {
      readings_differ("a GLOBAL or INST name runs to the end of the data without a newline");
      return truncated();
    }
    // find_class(module, '') still imports the module in pickle.py.
    if (name.empty() && reading == Unpickler::C) {
      readings_differ("an empty GLOBAL or INST name");
      return fail(Anomaly::BadArgument, "pickle data was truncated");
    }
    if (!is_ascii(module) && !valid_utf8_surrogatepass(module)) return fail(Anomaly::BadArgument, "global module name is not utf-8");
    if (!is_ascii(name) && !valid_utf8_surrogatepass(name)) return fail(Anomaly::BadArgument, "global name is not utf-8");
    return true;
  }

  [[gnu::always_inline]] inline bool step();
  void run();
};

inline bool Machine::State::step() {
  using enum Opcode;
  std::uint8_t code = 0;
  op_offset = cur.pos();
  if (!cur.byte(code)) return truncated();
  op = static_cast<Opcode>(code);
  // Only scalars are declared here; Refs are made in the cases that need them.
  std::uint64_t u = 0;
  std::string_view text;
  std::uint64_t mark = 0;
  switch (op) {
    case NONE: return push(Ref::none());
    case NEWTRUE: return push(Ref::boolean(true));
    case NEWFALSE: return push(Ref::boolean(false));
    case BININT1:
      if (!cur.le(1, u)) return truncated();
      return push(Ref::integer(static_cast<std::int64_t>(u)));
    case BININT2:
      if (!cur.le(2, u)) return truncated();
      return push(Ref::integer(static_cast<std::int64_t>(u)));
    case BININT:
      if (!cur.le(4, u)) return truncated();
      return push(Ref::integer(static_cast<std::int32_t>(static_cast<std::uint32_t>(u))));
    case LONG1:
    case LONG4: {
      if (!cur.le(op == LONG1 ? 1 : 4, u)) return truncated();
      if (op == LONG4 && (u & 0x80000000U) != 0) return fail(Anomaly::BadArgument, "LONG pickle has negative byte count");
      if (u > limits.max_string_size) return limit("string_size", limits.max_string_size);
      if (!cur.take(u, text)) return truncated();
      // Up to eight bytes fit an int64; longer ones stay as their bytes
      // (decoded only if a report shows them).
      if (u <= 8) return push(Ref::integer(small_long(text)));
      return push(Ref::text(Kind::LongBytes, text));
    }
    case INT: {
      if (!cur.line(text)) return truncated();
      bool is_bool = false;
      const auto v = text_arg([&](Unpickler r) {
        bool as_bool = false;
        auto parsed = parse_int_line(text, as_bool, r);
        if (r == reading) is_bool = as_bool;
        return parsed;
      });
      if (!v) return fail(Anomaly::BadArgument, "INT: could not convert string to int");
      return is_bool ? push(Ref::boolean(v->value != 0)) : push_int(*v);
    }
    case LONG: {
      if (!cur.line(text)) return truncated();
      const auto v = text_arg([&](Unpickler r) { return parse_long_line(text, r); });
      if (!v) return fail(Anomaly::BadArgument, "LONG: invalid literal for int()");
      return push_int(*v);
    }
    case FLOAT: {
      if (!cur.line(text)) return truncated();
      const auto v = text_arg([&](Unpickler r) { return parse_float_line(text, r); });
      if (!v) return fail(Anomaly::BadArgument, "FLOAT: could not convert string to float");
      return push(Ref::real(*v));
    }
    case BINFLOAT: {
      if (!cur.take(8, text)) return truncated();
      std::uint64_t bits = 0;  // big-endian on the wire
      std::memcpy(&bits, text.data(), 8);
      return push(Ref::real(std::bit_cast<double>(__builtin_bswap64(bits))));
    }
    case STRING: {
      if (!cur.line(text)) return truncated();
      auto v = decode_quoted_string(text);
      if (!v) return fail(Anomaly::BadArgument, "STRING: the argument must be quoted and validly escaped");
      return push(Ref::text(Kind::Str, values.own(std::move(*v))));
    }
    case UNICODE: {
      if (!cur.line(text)) return truncated();
      auto v = decode_raw_unicode_escape(text);
      if (!v) return fail(Anomaly::BadArgument, "UNICODE: truncated \\uXXXX escape");
      return push(Ref::text(Kind::Str, values.own(std::move(*v))));
    }
    // Python 2 strings become str under the default encoding (and under
    // torch.load's utf-8), so they are str for STACK_GLOBAL too.
    case SHORT_BINSTRING: return string_arg(1, false, Kind::Str, false);
    case BINSTRING: return string_arg(4, true, Kind::Str, false);
    case SHORT_BINBYTES: return string_arg(1, false, Kind::Bytes, false);
    case BINBYTES: return string_arg(4, false, Kind::Bytes, false);
    case BINBYTES8: return string_arg(8, false, Kind::Bytes, false);
    case BYTEARRAY8: return string_arg(8, false, Kind::ByteArray, false);
    case SHORT_BINUNICODE: return string_arg(1, false, Kind::Str, true);
    case BINUNICODE: return string_arg(4, false, Kind::Str, true);
    case BINUNICODE8: return string_arg(8, false, Kind::Str, true);
    case NEXT_BUFFER:
      note(Anomaly::OutOfBandBuffer, "NEXT_BUFFER: the stream refers to out-of-band data");
      return push(Ref{Kind::Buffer});
    case READONLY_BUFFER:
      if (stack.size() <= fence) return underflow();
      return true;
    case EMPTY_LIST: return push_node(Kind::List);
    case EMPTY_DICT: return push_node(Kind::Dict);
    case EMPTY_SET: return push_node(Kind::Set);
    case EMPTY_TUPLE: return push_node(Kind::Tuple);
    case TUPLE1:
    case TUPLE2:
    case TUPLE3: {
      const std::uint64_t n = code - static_cast<std::uint8_t>(TUPLE1) + 1;
      if (stack.size() < n || stack.size() - n < fence) return underflow();
      Ref a;
      if (!collect(Kind::Tuple, stack.size() - n, a)) return false;
      return push(a);
    }
    case TUPLE:
    case LIST:
    case FROZENSET:
    case DICT: {
      if (!marker(mark)) return false;
      if (op == DICT && (stack.size() - mark) % 2 != 0) return fail(Anomaly::BadArgument, "odd number of items for DICT");
      const Kind k = op == TUPLE ? Kind::Tuple : op == LIST ? Kind::List : op == DICT ? Kind::Dict : Kind::FrozenSet;
      Ref a;
      if (!collect(k, mark, a)) return false;
      return push(a);
    }
    case APPEND: return mutate(stack.size() - (stack.empty() ? 0 : 1), Kind::List);
    case APPENDS:
      if (!marker(mark)) return false;
      return mutate(mark, Kind::List);
    case SETITEM:
      if (stack.size() < 2) return underflow();
      return mutate(stack.size() - 2, Kind::Dict);
    case SETITEMS:
      if (!marker(mark)) return false;
      return mutate(mark, Kind::Dict);
    case ADDITEMS:
      if (!marker(mark)) return false;
      return mutate(mark, Kind::Set);
    case POP:
      // load_pop: a MARK on top of the stack is popped instead of a value.
      if (!marks.empty() && marks.back() == stack.size()) {
        marks.pop_back();
        fence = marks.empty() ? 0 : marks.back();
        return true;
      }
      if (stack.size() <= fence) return underflow();
      values.discard(stack.back());
      stack.pop_back();
      settle_memo();
      return true;
    case DUP:
      if (stack.size() <= fence) return underflow();
      values.pin(stack.back());
      return push(stack.back());
    case MARK:
      if (marks.size() >= limits.max_mark_depth) return limit("mark_depth", limits.max_mark_depth);
      marks.push_back(stack.size());
      fence = stack.size();
      return true;
    case POP_MARK:
      if (!marker(mark)) return false;
      for (std::uint64_t i = mark; i < stack.size(); ++i) values.discard(stack[i]);
      stack.truncate(mark);
      settle_memo();
      return true;
    case GET: {
      if (!cur.line(text)) return truncated();
      const auto v = text_arg([&](Unpickler r) { return parse_decimal_index(text, r); });
      if (!v || !v->small || v->value < 0) return fail(Anomaly::MemoMissing, "GET: memo key is not a valid index");
      return memo_get(static_cast<std::uint64_t>(v->value));
    }
    case BINGET:
      if (!cur.le(1, u)) return truncated();
      return memo_get(u);
    case LONG_BINGET:
      if (!cur.le(4, u)) return truncated();
      return memo_get(u);
    case PUT: {
      if (!cur.line(text)) return truncated();
      const auto v = text_arg([&](Unpickler r) { return parse_decimal_index(text, r); });
      if (!v || !v->small || v->value < 0) return fail(Anomaly::BadArgument, "negative PUT argument");
      return memo_put(static_cast<std::uint64_t>(v->value));
    }
    case BINPUT:
      if (!cur.le(1, u)) return truncated();
      return memo_put(u);
    case LONG_BINPUT:
      if (!cur.le(4, u)) return truncated();
      return memo_put(u);
    case MEMOIZE: return memo_put(memo.count());
    case EXT1:
    case EXT2:
    case EXT4: {
      const unsigned width = op == EXT1 ? 1 : op == EXT2 ? 2 : 4;
      if (!cur.le(width, u)) return truncated();
      const std::int64_t ext = width == 4 ? static_cast<std::int32_t>(static_cast<std::uint32_t>(u)) : static_cast<std::int64_t>(u);
      if (ext <= 0) return fail(Anomaly::BadArgument, "EXT specifies code <= 0");
      Ref a;
      if (!node(Kind::Extension, a)) return false;
      values.node(a).a = Ref::integer(ext);
      event(EventKind::Extension, a);
      return push(a);
    }
    case GLOBAL: {
      std::string_view module;
      std::string_view name;
      if (!global_lines(module, name)) return false;
      return import_global(module, name);
    }
    case STACK_GLOBAL: return stack_global();
    case REDUCE: {
      Ref a;
      Ref b;
      if (!pop(b) || !pop(a)) return false;
      if (!call_args_fit(b, is_constant_non_tuple(b))) {
        return fail(Anomaly::BadOperandType, "REDUCE: argument list is " + std::string(kind_name(b.kind)) + ", not tuple");
      }
      return call(CallKind::Reduce, a, b);
    }
    case NEWOBJ: {
      Ref a;
      Ref b;
      if (!pop(b) || !pop(a)) return false;
      if (is_constant_non_tuple(a)) return fail(Anomaly::BadOperandType, "NEWOBJ class argument isn't a type object");
      if (!call_args_fit(b, is_constant_non_tuple(b))) return fail(Anomaly::BadOperandType, "NEWOBJ expected an arg tuple");
      return call(CallKind::NewObj, a, b);
    }
    case NEWOBJ_EX: {
      Ref a;
      Ref b;
      Ref c;
      if (!pop(c) || !pop(b) || !pop(a)) return false;
      if (is_constant_non_tuple(a)) return fail(Anomaly::BadOperandType, "NEWOBJ_EX class argument isn't a type object");
      if (!call_args_fit(b, is_constant_non_tuple(b) && b.kind != Kind::List)) {
        return fail(Anomaly::BadOperandType, "NEWOBJ_EX args argument must be a tuple");
      }
      // **kwargs takes any mapping in pickle.py; _pickle.c wants a dict.
      const bool mapping = shape(c) == Kind::Dict || (c.is_node() && c.kind >= Kind::Global);
      const bool c_dict = shape(c) >= Kind::Tuple && shape(c) != Kind::Tuple && shape(c) != Kind::List;
      if (reading == Unpickler::C ? !c_dict : !mapping) {
        return fail(Anomaly::BadOperandType, "NEWOBJ_EX kwargs argument must be a dict");
      }
      return call(CallKind::NewObjEx, a, b, c);
    }
    case OBJ: {
      if (!marker(mark)) return false;
      if (stack.size() < mark + 1) return underflow();
      Ref b;
      if (!collect(Kind::Tuple, mark + 1, b)) return false;
      const Ref a = stack.back();
      stack.pop_back();
      return call(CallKind::Obj, a, b);
    }
    case INST: {
      // pickle.py's load_inst imports before it looks for the MARK.
      if (reading == Unpickler::C && !marker(mark)) {
        readings_differ("INST without a MARK");
        return false;
      }
      std::string_view module;
      std::string_view name;
      if (!global_lines(module, name)) return false;
      if (!import_global(module, name)) return false;
      if (reading == Unpickler::Python && !marker(mark)) return false;
      const Ref a = stack.back();
      stack.pop_back();
      Ref b;
      if (!collect(Kind::Tuple, mark, b)) return false;
      return call(CallKind::Inst, a, b);
    }
    case BUILD: return build();
    case PERSID: {
      if (!cur.line(text)) return truncated();
      if (!is_ascii(text)) return fail(Anomaly::BadArgument, "persistent IDs in protocol 0 must be ASCII strings");
      Ref a;
      if (!node(Kind::Persistent, a)) return false;
      values.node(a).a = Ref::text(Kind::Str, text);
      event(EventKind::PersistentLoad, a);
      return push(a);
    }
    case BINPERSID: {
      Ref pid;
      if (!pop(pid)) return false;
      not_retained(pid);
      Ref a;
      if (!node(Kind::Persistent, a)) return false;
      values.node(a).a = pid;
      event(EventKind::PersistentLoad, a);
      return push(a);
    }
    case PROTO:
      if (!cur.le(1, u)) return truncated();
      if (u > 5) return fail(Anomaly::UnsupportedProtocol, "unsupported pickle protocol: " + std::to_string(u));
      proto = static_cast<int>(u);
      if (trace.protocol < 0) trace.protocol = proto;
      return true;
    case FRAME: {
      if (!cur.le(8, u)) return truncated();
      bool nested = false;
      if (!cur.frame(u, nested)) {
        readings_differ("FRAME runs past the end of the data");
        return fail(Anomaly::FrameLie, "FRAME of " + std::to_string(u) + " bytes runs past the end of the data");
      }
      if (reading == Unpickler::Python && u > cur.data().size() - cur.pos()) {
        note(Anomaly::FrameLie, "FRAME of " + std::to_string(u) + " bytes runs past the end of the data");
      }
      if (nested) note(Anomaly::FrameLie, "FRAME starts before the previous frame ended");
      return true;
    }
    case STOP:
      if (!pop(trace.root)) return false;
      values.pin(trace.root);
      trace.stopped = true;
      if (!stack.empty() || !marks.empty()) {
        note(Anomaly::LeftoverStack, std::to_string(stack.size()) + " value(s) and " + std::to_string(marks.size()) +
                                         " mark(s) left on the stack at STOP");
      }
      return false;
  }
  return fail(Anomaly::UnknownOpcode, "invalid load key, '\\x" + [&] {
    static constexpr char kHex[] = "0123456789abcdef";
    return std::string{kHex[code >> 4], kHex[code & 15]};
  }() + "'");
}

void Machine::State::run() {
  // The opcode budget is shared by every stream of a file; a local copy keeps
  // it in a register on the hot path. The clock is read once per slice.
  constexpr std::uint64_t kSlice = std::uint64_t{1} << 20;
  WorkBudget& budget = machine.budget_;
  const std::uint64_t allowed = budget.opcodes();
  std::uint64_t slice_end = std::min(allowed, kSlice);
  std::uint64_t ops = 0;
  for (;;) {
    if (ops >= slice_end) [[unlikely]] {
      op_offset = cur.pos();
      if (ops >= allowed) {
        limit("opcodes", limits.max_opcodes);
        break;
      }
      if (budget.out_of_time()) {
        limit("seconds", limits.max_seconds);
        break;
      }
      // Mapped bytes behind the reader need not stay in memory.
      release_pages_before(cur.data().data() + cur.pos());
      slice_end = std::min(allowed, ops + kSlice);
    }
    ++ops;
    const std::uint64_t frame_end = cur.frame_end();
    const bool more = step();
    // Writers end frames on opcode boundaries; an opcode that runs past its
    // frame's end reads differently in a file-object unpickler.
    if (cur.pos() > frame_end && op_offset < frame_end && op != Opcode::FRAME && !stepped_inline) [[unlikely]] {
      note(Anomaly::FrameLie, std::string(opcode_name(op)) + " runs past the end of its FRAME at offset " +
                                  std::to_string(frame_end) + "; a file-object unpickler reads other opcodes here");
    }
    if (op == Opcode::BUILD) {
      stepped_inline = false;
      // An inline pickle ran on the budget as this stream saw it at start.
      ops = std::min(allowed, ops + std::exchange(inline_ops, 0));
    }
    if (!more) break;
  }
  // Long text lines are charged as opcodes, one per kLineBytesPerOpcode.
  ops = std::min(allowed, ops + cur.line_bytes() / kLineBytesPerOpcode);
  budget.opcodes() = allowed - ops;
  trace.opcodes = ops;
  trace.end = cur.pos();
}

Machine::Machine(const MachineOptions& options, ValueStore& values, Shadows& shadows, WorkBudget& budget)
    : options_(options), values_(values), shadows_(shadows), budget_(budget) {}

StreamTrace Machine::run(std::string_view data, std::uint64_t start) {
  State state(*this, data, start);
  state.run();
  return std::move(state.trace);
}

}  // namespace sentinel::pickle
