// See joblib_arrays.hpp. The extent must match joblib's read_array exactly, or
// the machine and joblib.load would read different opcodes: whatever cannot be
// determined is reported, never guessed.
#include "pickle/joblib_arrays.hpp"

#include <optional>

#include "input/numpy_dtype.hpp"

namespace sentinel::pickle {
namespace {

using input::NumpyDtype;

constexpr std::uint64_t kMaxBytes = std::uint64_t{1} << 62;

bool is_wrapper(const ValueStore& values, Ref target) {
  if (target.kind != Kind::Call) return false;
  const Ref cls = values.node(target).a;
  if (cls.kind != Kind::Global) return false;
  const Node& g = values.node(cls);
  return g.b.kind == Kind::Str && g.b.str() == "NumpyArrayWrapper" && g.a.kind == Kind::Str &&
         (g.a.str() == "joblib.numpy_pickle" || g.a.str() == "sklearn.externals.joblib.numpy_pickle");
}

// The wrapper's attribute after every BUILD so far: joblib reads an array
// after each BUILD, with the attributes all of them set (the last one wins).
Ref attribute(const ValueStore& values, Ref wrapper, std::string_view key) {
  Ref found{Kind::Unset};
  for (const Ref state : values.states(wrapper)) {
    if (state.kind != Kind::Dict) continue;
    const auto& items = values.node(state).items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
      if (items[i].kind == Kind::Str && items[i].str() == key) found = items[i + 1];
    }
  }
  return found;
}

const RefArray* tuple_items(const ValueStore& values, Ref r) {
  return r.kind == Kind::Tuple ? &values.node(r).items : nullptr;
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
  if ((*st)[5].u.i > 0) result->itemsize = static_cast<std::uint64_t>((*st)[5].u.i);
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
                              std::uint64_t pos) {
  if (!is_wrapper(values, target)) return {};
  const auto dtype = pickled_dtype(values, attribute(values, target, "dtype"), 0);
  if (!dtype) return unknown("the dtype in its state is not one numpy pickles");
  if (dtype->has_object) return InlineData{InlineData::Kind::Pickle, 0, {}};
  const Ref shape = attribute(values, target, "shape");
  const auto* dims = tuple_items(values, shape);
  if (dims == nullptr) return unknown("its shape is not a tuple");
  std::uint64_t bytes = dtype->itemsize;
  for (const Ref d : *dims) {
    if (d.kind != Kind::Int || d.u.i < 0) return unknown("its shape holds something other than sizes");
    const auto n = static_cast<std::uint64_t>(d.u.i);
    if (n != 0 && bytes > kMaxBytes / n) return unknown("its size overflows");
    bytes *= n;
  }
  // safe_get_numpy_array_alignment_bytes: absent or None means no padding.
  const Ref alignment = attribute(values, target, "numpy_array_alignment_bytes");
  if (alignment.kind != Kind::Unset && alignment.kind != Kind::None) {
    // [pad length][pad bytes]; a missing byte makes the read short (truncated).
    const std::uint64_t pad = pos < data.size() ? static_cast<std::uint8_t>(data[pos]) : 0;
    bytes += 1 + pad;
  }
  return InlineData{InlineData::Kind::Raw, bytes, {}};
}

}  // namespace sentinel::pickle
