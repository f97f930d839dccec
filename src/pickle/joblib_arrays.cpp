// See joblib_arrays.hpp. The extent must match joblib's read_array exactly, or
// the machine and joblib.load would read different opcodes: whatever cannot be
// determined is reported, never guessed.
#include "pickle/joblib_arrays.hpp"

#include <iterator>
#include <optional>
#include <string>

#include "input/numpy_dtype.hpp"

namespace sentinel::pickle {
namespace {

using input::NumpyDtype;

constexpr std::uint64_t kMaxBytes = std::uint64_t{1} << 62;

// The classes joblib's NumpyUnpickler.load_build recognises with isinstance
// (joblib/numpy_pickle.py), by every name the unpickler resolves to them: the
// defining module, the modules that import them (numpy_pickle_compat's
// classes are imported into numpy_pickle), and dotted qualnames, which
// find_class resolves from protocol 4 on (we accept them at any protocol: a
// loader that cannot resolve them raises before it reads anything).
enum class WrapperClass : std::uint8_t { None, NumpyArray, NDArray };

WrapperClass class_named(std::string_view full) {
  for (const std::string_view root : {"joblib.", "sklearn.externals.joblib."}) {
    if (!full.starts_with(root)) continue;
    const std::string_view rest = full.substr(root.size());
    if (rest == "numpy_pickle.NumpyArrayWrapper") return WrapperClass::NumpyArray;
    for (const std::string_view module : {"numpy_pickle.", "numpy_pickle_compat."}) {
      if (rest == std::string(module) + "NDArrayWrapper" || rest == std::string(module) + "ZNDArrayWrapper") {
        return WrapperClass::NDArray;
      }
    }
  }
  return WrapperClass::None;
}

std::string global_name(const ValueStore& values, Ref g) {
  if (g.kind != Kind::Global) return {};
  const Node& n = values.node(g);
  if (n.a.kind != Kind::Str || n.b.kind != Kind::Str) return {};
  return std::string(n.a.str()) + "." + std::string(n.b.str());
}

WrapperClass class_of(const ValueStore& values, Ref cls) { return class_named(global_name(values, cls)); }

const RefArray* tuple_items(const ValueStore& values, Ref r) {
  return r.kind == Kind::Tuple ? &values.node(r).items : nullptr;
}

// What made the object on which BUILD ran, and the arguments its __init__
// got, if it ran: REDUCE of the class, or OBJ/INST with arguments
// (pickle._instantiate calls klass(*args) then). NEWOBJ, NEWOBJ_EX and the
// helpers that call cls.__new__ (copyreg._reconstructor with base object,
// copyreg.__newobj__/__newobj_ex__, object.__new__) set no attributes.
struct Wrapper {
  WrapperClass cls = WrapperClass::None;
  const RefArray* init_args = nullptr;
};

Wrapper wrapper_of(const ValueStore& values, Ref target) {
  if (target.kind != Kind::Call) return {};
  const Node& n = values.node(target);
  const RefArray* args = tuple_items(values, n.b);
  switch (n.call_kind) {
    case CallKind::NewObj:
    case CallKind::NewObjEx: return {class_of(values, n.a), nullptr};
    case CallKind::Obj:
    case CallKind::Inst: return {class_of(values, n.a), args != nullptr && !args->empty() ? args : nullptr};
    case CallKind::Reduce: {
      if (const auto direct = class_of(values, n.a); direct != WrapperClass::None) return {direct, args};
      const std::string callee = global_name(values, n.a);
      if (args == nullptr || args->empty()) return {};
      if (callee == "copyreg._reconstructor" || callee == "copyreg.__newobj__" || callee == "copyreg.__newobj_ex__" ||
          callee == "builtins.object.__new__") {
        return {class_of(values, (*args)[0]), nullptr};
      }
      return {};
    }
  }
  return {};
}

// The wrapper's attribute after every BUILD so far: joblib reads an array
// after each BUILD, with the attributes all of them set (the last one wins).
// __init__(subclass, shape, order, dtype, allow_mmap=False,
// numpy_array_alignment_bytes=16) sets them first when it ran. A state is a
// dict for __dict__ or a (dict, slot dict) pair (pickle.py load_build).
Ref attribute(const ValueStore& values, Ref wrapper, const Wrapper& w, std::string_view key) {
  Ref found{Kind::Unset};
  if (w.init_args != nullptr) {
    static constexpr std::string_view kParams[] = {"subclass", "shape", "order", "dtype", "allow_mmap",
                                                    "numpy_array_alignment_bytes"};
    for (std::size_t i = 0; i < std::size(kParams); ++i) {
      if (kParams[i] != key) continue;
      if (i < w.init_args->size()) found = (*w.init_args)[i];
      else if (key == "allow_mmap") found = Ref::boolean(false);
      else if (key == "numpy_array_alignment_bytes") found = Ref::integer(16);
    }
  }
  const auto apply = [&](Ref dict) {
    if (dict.kind != Kind::Dict) return;
    const auto& items = values.node(dict).items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
      if (items[i].kind == Kind::Str && items[i].str() == key) found = items[i + 1];
    }
  };
  for (const Ref state : values.states(wrapper)) {
    apply(state);
    if (const auto* pair = tuple_items(values, state); pair != nullptr && pair->size() == 2) {
      apply((*pair)[0]);
      apply((*pair)[1]);
    }
  }
  return found;
}

// bool(value) as Python computes it, where the value says; an object made at
// load time may define __bool__ or __len__, so its answer is not known.
enum class Truth : std::uint8_t { False, True, Unknown };
Truth truth(const ValueStore& values, Ref r) {
  const auto of = [](bool b) { return b ? Truth::True : Truth::False; };
  switch (r.kind) {
    case Kind::Unset:
    case Kind::None: return Truth::False;
    case Kind::Bool:
    case Kind::Int: return of(r.u.i != 0);
    case Kind::Float: return of(r.u.f != 0.0);
    case Kind::Str:
    case Kind::Bytes:
    case Kind::ByteArray: return of(r.len != 0);
    case Kind::LongBytes: return of(r.str().find_first_not_of('\0') != std::string_view::npos);
    case Kind::Summary: return of(r.u.i != 0);
    case Kind::Tuple:
    case Kind::List:
    case Kind::Dict:
    case Kind::Set:
    case Kind::FrozenSet: {
      const Node& n = values.node(r);
      // A container that was appended to or built may hold more than its items.
      if ((n.flags & (kBuilt | kActive)) != 0) return Truth::Unknown;
      return of(!n.items.empty() || n.dropped != 0);
    }
    case Kind::Global: return Truth::True;
    default: return Truth::Unknown;
  }
}

// numpy's arraydescr_setstate takes the pickled elsize (and alignment) only
// for flexible types (S, U, V and structured ones); a fixed-size type keeps
// its own size whatever the state says.
bool flexible_typestr(std::string_view t) {
  if (!t.empty() && (t[0] == '<' || t[0] == '>' || t[0] == '|' || t[0] == '=')) t.remove_prefix(1);
  return !t.empty() && (t[0] == 'S' || t[0] == 'a' || t[0] == 'U' || t[0] == 'V');
}


// A pickled numpy.dtype: dtype(typestr, align, copy) then BUILD with
// (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]).
std::optional<NumpyDtype> pickled_dtype(const ValueStore& values, Ref dtype, unsigned depth) {
  if (depth > 8 || dtype.kind != Kind::Call) return std::nullopt;
  const auto* args = tuple_items(values, values.node(dtype).b);
  if (args == nullptr || args->size() == 0 || (*args)[0].kind != Kind::Str) return std::nullopt;
  auto result = input::parse_typestr((*args)[0].str());
  if (!result) return std::nullopt;
  const auto& states = values.states(dtype);
  if (states.empty()) return result;
  const auto* st = tuple_items(values, states.back());
  if (st == nullptr || st->size() < 8) return std::nullopt;
  bool structure_has_object = result->has_object;
  if ((*st)[2].kind == Kind::Tuple) {  // subarray: (base dtype, shape)
    const auto* sub = tuple_items(values, (*st)[2]);
    if (sub == nullptr || sub->size() != 2) return std::nullopt;
    const auto base = pickled_dtype(values, (*sub)[0], depth + 1);
    if (!base) return std::nullopt;
    structure_has_object = structure_has_object || base->has_object;
  } else if ((*st)[2].kind != Kind::None) {
    return std::nullopt;
  }
  if ((*st)[4].kind == Kind::Dict) {  // fields: name -> (dtype, offset[, title])
    const auto& items = values.node((*st)[4]).items;
    for (std::size_t i = 1; i < items.size(); i += 2) {
      const auto* field = tuple_items(values, items[i]);
      if (field == nullptr || field->size() < 2) return std::nullopt;
      const auto inner = pickled_dtype(values, (*field)[0], depth + 1);
      if (!inner) return std::nullopt;
      structure_has_object = structure_has_object || inner->has_object;
    }
  } else if ((*st)[4].kind != Kind::None) {
    return std::nullopt;
  }
  // elsize overrides the typestr for flexible types; flags bit 0 is
  // NPY_ITEM_REFCOUNT, which numpy's hasobject reads. If the flags and the
  // structure disagree, numpy and this reading could differ: refuse.
  if ((*st)[5].kind != Kind::Int || (*st)[7].kind != Kind::Int) return std::nullopt;
  if ((*st)[5].u.i > 0 && flexible_typestr((*args)[0].str())) result->itemsize = static_cast<std::uint64_t>((*st)[5].u.i);
  const bool flag_object = ((*st)[7].u.i & 1) != 0;
  if (flag_object != structure_has_object && (*st)[7].u.i != 0) return std::nullopt;
  result->has_object = structure_has_object;
  return result;
}

InlineData unknown(std::string why) {
  return InlineData{InlineData::Kind::Unknown, 0,
                    "joblib NumpyArrayWrapper: " + std::move(why) +
                        "; joblib.load reads array bytes here whose extent a scanner cannot know"};
}

}  // namespace

InlineData joblib_inline_data(const ValueStore& values, Ref target, Ref, std::string_view data,
                              std::uint64_t pos, WorkBudget& budget) {
  const Wrapper w = wrapper_of(values, target);
  // NDArrayWrapper (joblib < 0.10) reads its array from a separate file.
  if (w.cls != WrapperClass::NumpyArray) return {};
  const auto dtype = pickled_dtype(values, attribute(values, target, w, "dtype"), 0);
  if (!dtype) return unknown("the dtype in its state is not one numpy pickles");
  // An object array: read_array unpickles it (pickle.load, the C unpickler,
  // from the file handle, no padding, whatever the shape says). But with
  // joblib.load(mmap_mode=...) and allow_mmap set, read() takes read_mmap,
  // which maps the bytes (numpy.memmap takes an object dtype) and seeks past
  // padding and count x itemsize: the same bytes, two readings.
  const bool mapped_too = truth(values, attribute(values, target, w, "allow_mmap")) != Truth::False;
  if (dtype->has_object && !mapped_too) return InlineData{InlineData::Kind::Pickle, 0, {}};
  const InlineData nested_pickle{dtype->has_object ? InlineData::Kind::Pickle : InlineData::Kind::Unknown, 0, {}};
  // Items read, and the padding.
  const Ref shape = attribute(values, target, w, "shape");
  const RefArray* dims = shape.kind == Kind::Tuple || shape.kind == Kind::List ? &values.node(shape).items : nullptr;
  // A shape numpy.memmap refuses leaves the object array one reading.
  if (dims == nullptr) return dtype->has_object ? nested_pickle : unknown("its shape is not a tuple");
  // count = multiply.reduce(int64(x) for x in shape), 1 for (); bools count as 0 and 1.
  std::uint64_t bytes = dtype->itemsize;
  for (const Ref d : *dims) {
    if ((d.kind != Kind::Int && d.kind != Kind::Bool) || d.u.i < 0) {
      return dtype->has_object ? nested_pickle : unknown("its shape holds something other than sizes");
    }
    const auto n = static_cast<std::uint64_t>(d.u.i);
    if (n != 0 && bytes > kMaxBytes / n) return dtype->has_object ? nested_pickle : unknown("its size overflows");
    bytes *= n;
  }
  // safe_get_numpy_array_alignment_bytes: absent or None means no padding.
  const Ref alignment = attribute(values, target, w, "numpy_array_alignment_bytes");
  if (alignment.kind != Kind::Unset && alignment.kind != Kind::None) {
    // [pad length][pad bytes]; a missing byte makes the read short (truncated).
    const std::uint64_t pad = pos < data.size() ? static_cast<std::uint8_t>(data[pos]) : 0;
    bytes += 1 + pad;
  }
  if (!dtype->has_object) return InlineData{InlineData::Kind::Raw, bytes, {}};
  // When the nested pickle cannot run to its STOP, joblib.load() raises
  // there and only the mapped reading loads anything. When both can, no
  // single reading is the loader's: the nested pickle, which joblib.load()
  // runs, is traced, and the other reading is reported.
  const std::string_view rest = pos < data.size() ? data.substr(pos) : std::string_view{};
  const FileTrace nested = trace_pickles(rest, budget);
  const bool unpicklable = nested.is_pickle && !nested.streams.empty() && nested.streams[0].stopped;
  if (!unpicklable) return InlineData{InlineData::Kind::Raw, bytes, {}};
  return InlineData{InlineData::Kind::Pickle, 0,
                    "joblib NumpyArrayWrapper: an object array with allow_mmap set is a nested pickle to "
                    "joblib.load(), traced here, and " +
                        std::to_string(bytes) + " raw bytes to joblib.load(mmap_mode=...), whose reading goes on after them"};
}

}  // namespace sentinel::pickle
