// See torch_storages.hpp; ids as torch.serialization's persistent_load reads
// them (formats.md C3, C4).
#include "pickle/torch_storages.hpp"

#include <array>
#include <unordered_map>
#include <utility>

#include "base/byte_reader.hpp"

namespace sentinel::pickle {
namespace {

std::uint64_t element_size(std::string_view type) {
  static constexpr std::array<std::pair<std::string_view, std::uint64_t>, 18> kSizes{{
      {"DoubleStorage", 8}, {"FloatStorage", 4}, {"HalfStorage", 2}, {"BFloat16Storage", 2},
      {"LongStorage", 8}, {"IntStorage", 4}, {"ShortStorage", 2}, {"CharStorage", 1},
      {"ByteStorage", 1}, {"BoolStorage", 1}, {"ComplexFloatStorage", 8}, {"ComplexDoubleStorage", 16},
      {"QInt8Storage", 1}, {"QUInt8Storage", 1}, {"QInt32Storage", 4}, {"QUInt4x2Storage", 1},
      {"QUInt2x4Storage", 1}, {"UntypedStorage", 1},
  }};
  for (const auto& [name, size] : kSizes) {
    if (name == type) return size;
  }
  return 0;
}

std::uint64_t read_le(std::string_view data, std::uint64_t at, unsigned width) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < width; ++i) v |= std::uint64_t{static_cast<std::uint8_t>(data[at + i])} << (8 * i);
  return v;
}

// The record that follows stream `last` in a tar member, when `last` is one of
// the `count` per-item pickles after the leading count pickle.
const RefArray* tar_item(const FileTrace& trace, std::size_t first_stream) {
  const std::size_t streams = trace.streams.size() - first_stream;
  const Ref count = trace.streams[first_stream].root;
  if (streams < 2 || count.kind != Kind::Int || static_cast<std::uint64_t>(count.u.i) < streams - 1) return nullptr;
  const Ref item = trace.streams.back().root;
  return item.kind == Kind::Tuple ? &trace.values.node(item).items : nullptr;
}

std::string text_of(Ref r) { return r.kind == Kind::Str ? std::string(r.str()) : std::string(); }

StorageRef parse(const ValueStore& values, const Event& e, std::size_t stream, StorageIdForm form) {
  StorageRef s;
  s.stream = stream;
  s.offset = e.offset;
  const Ref pid = values.node(e.subject).a;
  if (pid.kind != Kind::Tuple) {
    s.problem = "persistent id is not a tuple";
    return s;
  }
  const auto& t = values.node(pid).items;
  const std::string kind = t.empty() ? std::string() : text_of(t[0]);
  if (form != StorageIdForm::Zip && kind == "module") return s;  // source-code check of a pickled nn.Module; no storage
  const bool legacy = form == StorageIdForm::Legacy || (form == StorageIdForm::Either && t.size() == 6);
  const std::size_t want = legacy ? 6 : 5;
  if (kind != "storage" || t.size() != want) {
    s.problem = "persistent id is not ('storage', type, key, location, numel" + std::string(legacy ? ", view)" : ")");
    return s;
  }
  if (t[1].kind == Kind::Global) {
    const Node& g = values.node(t[1]);
    if (g.a.kind == Kind::Str && g.a.str().starts_with("torch")) s.type_name = text_of(g.b);
  }
  s.element_size = element_size(s.type_name);
  s.key = text_of(t[2]);
  if (s.element_size == 0) s.problem = "storage type is not a torch storage class";
  if (t[2].kind != Kind::Str || t[3].kind != Kind::Str) s.problem = "storage key or location is not a str";
  if (t[4].kind != Kind::Int || t[4].u.i < 0) {
    s.problem = "storage size is not a count";
  } else {
    s.numel = static_cast<std::uint64_t>(t[4].u.i);
  }
  return s;
}

}  // namespace

std::vector<StorageRef> torch_storage_refs(const FileTrace& trace, std::size_t from, std::size_t to,
                                           StorageIdForm form) {
  std::vector<StorageRef> out;
  for (std::size_t i = from; i < to && i < trace.streams.size(); ++i) {
    for (const auto& e : trace.streams[i].events) {
      if (e.kind == EventKind::PersistentLoad) out.push_back(parse(trace.values, e, i, form));
    }
  }
  return out;
}

std::uint64_t legacy_torch_storage_gap(const FileTrace& trace, std::size_t first_stream, std::string_view data,
                                       std::uint64_t pos) {
  if (trace.streams.size() != first_stream + 5) return 0;
  const Ref keys = trace.streams[first_stream + 4].root;
  if (keys.kind != Kind::List) return 0;
  std::unordered_map<std::string, std::uint64_t> sizes;
  for (const auto& s : torch_storage_refs(trace, first_stream + 3, first_stream + 4, StorageIdForm::Legacy)) {
    if (s.problem.empty() && !s.key.empty()) sizes.emplace(s.key, s.element_size);
  }
  std::uint64_t p = pos;
  for (const Ref key : trace.values.node(keys).items) {
    const auto it = key.kind == Kind::Str ? sizes.find(std::string(key.str())) : sizes.end();
    if (it == sizes.end() || !fits(data.size(), p, 8)) return 0;
    const std::uint64_t numel = read_le(data, p, 8);
    p += 8;
    if (numel > (data.size() - p) / it->second) return 0;
    p += numel * it->second;
  }
  return p - pos;
}

std::uint64_t legacy_tar_storages_gap(const FileTrace& trace, std::size_t first_stream, std::string_view data,
                                      std::uint64_t pos) {
  const RefArray* item = tar_item(trace, first_stream);
  if (item == nullptr || item->size() != 3 || (*item)[2].kind != Kind::Global) return 0;
  const Node& type = trace.values.node((*item)[2]);
  const std::uint64_t size = element_size(text_of(type.b));
  if (size == 0 || !fits(data.size(), pos, 8)) return 0;
  const std::uint64_t numel = read_le(data, pos, 8);
  if (numel > (data.size() - pos - 8) / size) return 0;
  return 8 + numel * size;
}

std::uint64_t legacy_tar_tensors_gap(const FileTrace& trace, std::size_t first_stream, std::string_view data,
                                     std::uint64_t pos) {
  const RefArray* item = tar_item(trace, first_stream);
  if (item == nullptr || item->size() != 3 || !fits(data.size(), pos, 8)) return 0;
  const std::uint64_t ndim = read_le(data, pos, 4);
  const std::uint64_t length = 8 + 16 * ndim + 8;
  return ndim <= 64 && fits(data.size(), pos, length) ? length : 0;
}

}  // namespace sentinel::pickle
