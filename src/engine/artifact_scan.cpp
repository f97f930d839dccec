// See artifact_scan.hpp. No container fails open: an entry that cannot be
// read, a check that fails, or a limit that is reached becomes a PICKLE-STRUCT
// finding at that entry, and everything readable around it is still scanned.
#include "engine/artifact_scan.hpp"

#include <zlib.h>

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>

#include "code/torchscript_code.hpp"
#include "engine/formats.hpp"
#include "engine/lfs_pointer.hpp"
#include "engine/member_cache.hpp"
#include "input/decompress.hpp"
#include "input/numpy_header.hpp"
#include "input/safetensors_header.hpp"
#include "input/sevenzip_reader.hpp"
#include "input/tar_reader.hpp"
#include "input/zip_reader.hpp"
#include "pickle/format_hooks.hpp"
#include "pickle/machine.hpp"
#include "pickle/torch_storages.hpp"
#include "rules/analyzer.hpp"
#include "rules/catalogue.hpp"

namespace sentinel::engine {
namespace {

using pickle::Kind;

// Where the scan is: the entries above and what the enclosing format defines.
struct Level {
  std::vector<std::string> chain;
  unsigned depth = 0;         // containers and codecs opened above
  bool torch_member = false;  // inside a torch zip: persistent ids are storage ids
  bool torchscript = false;   // inside a TorchScript archive: __torch__ names are TorchScript types
};

Level enter(const Level& at, std::string entry) {
  Level inner = at;
  inner.chain.push_back(std::move(entry));
  inner.depth += 1;
  return inner;
}

// Names a loader or an extraction would resolve outside the archive.
bool traversal_name(std::string_view name) {
  if (name.starts_with('/') || name.find('\\') != std::string_view::npos) return true;
  if (name.size() >= 2 && name[1] == ':') return true;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    if (name.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

bool is_legacy_torch(const pickle::FileTrace& t) {
  constexpr std::string_view kMagic = "\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19";
  if (t.streams.empty()) return false;
  const pickle::Ref magic = t.streams[0].root;
  if (magic.kind == Kind::LongBytes && magic.str() == kMagic) return true;
  // The magic may be computed (evasion catalogue 9); the protocol number 1001 follows.
  return t.streams.size() > 1 && t.streams[1].root.kind == Kind::Int && t.streams[1].root.u.i == 1001;
}

// How a pickle is read at one level.
struct Reading {
  pickle::GapProbe gap = pickle::kFormatHooks.gap;
  bool per_item_streams = false;  // members of the torch tar format: a pickle per item
  bool polyglot = false;          // the level is another format: only effects count
};

// Whether plain pickle.load would import or call anything (a persistent id
// alone only makes it raise without a persistent_load).
// An extension code names nothing itself (the loading process's copyreg
// registry does): it makes bytes of another format a pickle only in a stream
// the unpickler would finish. Raw tensor bytes start with EXT1/EXT2/EXT4
// (0x82-0x84) about once in 85 records, followed by bytes no unpickler reads.
bool imports_or_calls(const pickle::FileTrace& trace) {
  for (const auto& s : trace.streams) {
    for (const auto& e : s.events) {
      using pickle::EventKind;
      if (e.kind == EventKind::Import || e.kind == EventKind::Call || (e.kind == EventKind::Extension && !s.broken)) {
        return true;
      }
    }
  }
  return false;
}

class ArtifactScan {
 public:
  ArtifactScan(const Limits& limits, FileReport& report, const PickleVisitor* visitor = nullptr)
      : limits_(limits), report_(report), budget_(limits), visitor_(visitor) {}

  // Bytes met again below the top, read the same way, are not scanned again:
  // their findings gain this place (member_cache.hpp).
  void scan(std::string_view bytes, const Level& at) {
    if (budget_spent(at)) return;
    // Bytes past the in-memory size are not hashed: hashing would read every
    // page of a spilled entry, and such entries are rarely repeated.
    // A visitor sees every place, so nothing is skipped as seen before.
    if (at.depth == 0 || visitor_ != nullptr || bytes.size() > input::DecodedBytes::kInMemory) {
      scan_level(bytes, at);
      return;
    }
    const auto key = MemberCache::key(bytes, {at.depth, at.torch_member, at.torchscript});
    if (cache_.found_again(key, report_.findings, at.chain)) return;
    const std::size_t begin = report_.findings.size();
    scan_level(bytes, at);
    cache_.remember(key, report_.findings, begin, at.chain);
  }

  [[nodiscard]] bool saw_pickle() const { return saw_pickle_; }

 private:
  // Once the file's budget is spent nothing more is read, and one finding
  // says where the reading stopped.
  bool budget_spent(const Level& at) {
    const std::string limit = budget_.spent();
    if (limit.empty()) return false;
    if (!budget_reported_) {
      budget_reported_ = true;
      structural(at, "limit-reached",
                 "the work budget for this file (" + limit +
                     ") is spent; this entry and everything after it were not examined");
    }
    return true;
  }

  void scan_level(std::string_view bytes, const Level& at) {
    if (at.depth > limits_.max_archive_depth) {
      structural(at, "limit-reached",
                 "containers nested deeper than archive_depth=" + std::to_string(limits_.max_archive_depth) +
                     "; this entry was not opened");
      return;
    }
    const FormatInfo& format = detect_format(bytes);
    name_format(at, format.name);
    switch (format.handling) {
      case Handling::Zip: scan_zip(bytes, at); break;
      case Handling::Npy: scan_npy(bytes, at); return;
      case Handling::SevenZip: scan_7z(bytes, at); break;
      case Handling::Tar: scan_tar(bytes, at); break;
      case Handling::Compressed: scan_compressed(bytes, at); break;
      case Handling::Safetensors: scan_safetensors(bytes, at); break;
      // A magic number never excuses a file from the pickle reading below:
      // "\x89PNG" and a safetensors length are opcodes to pickle.load too.
      case Handling::Inert:
      case Handling::Pickle: break;
    }
    // Every level is also what pickle.load would make of it: a container
    // whose first bytes import or call something is a polyglot, and both
    // readings count.
    const bool primary = format.handling == Handling::Pickle;
    if (scan_pickle(bytes, at, 0, nullptr, {.polyglot = !primary}) || !primary) return;
    if (scan_after_header(bytes, at)) return;
    if (at.depth == 0) report_.format = "not-pickle";
  }

  void name_format(const Level& at, std::string_view name) {
    if (at.depth == 0 && report_.format.empty()) report_.format = std::string(name);
  }

  void structural(const Level& at, std::string_view kind, const std::string& what) {
    const rules::RuleInfo* rule = rules::find_rule("PICKLE-STRUCT");
    Location loc;
    loc.path = report_.path;
    loc.chain = at.chain;
    report_.findings.push_back(rules::make_finding(*rule, std::move(loc), std::string(kind) + ": " + what, report_.path));
  }

  // Traces `bytes` from `start` as the loaders of its format read it; returns
  // whether it is a pickle. Torch storage ids are returned through `refs`.
  bool scan_pickle(std::string_view bytes, const Level& at, std::uint64_t start,
                   std::vector<pickle::StorageRef>* refs, const Reading& how = {}) {
    const pickle::TraceHooks hooks{pickle::kFormatHooks.inline_data, how.gap};
    const pickle::FileTrace trace = pickle::trace_pickles(bytes, budget_, hooks, start);
    if (!trace.is_pickle) return false;
    if (how.polyglot && !imports_or_calls(trace)) return false;
    saw_pickle_ = true;
    if (visitor_ != nullptr) (*visitor_)(at.chain, start, trace);
    if (at.depth == 0 && !how.polyglot) {
      report_.streams = 0;
      for (const auto& s : trace.streams) report_.streams += !s.plain_view && !s.file_reader_view;
    }
    const bool legacy = how.gap == pickle::legacy_torch_storage_gap && is_legacy_torch(trace);
    rules::ArtifactContext ctx;
    ctx.path = report_.path;
    ctx.chain = at.chain;
    ctx.retest_target = report_.path;
    ctx.limits = limits_;
    ctx.persistent_ids_expected = at.torch_member || legacy;
    ctx.multiple_streams_expected = legacy || how.per_item_streams;
    ctx.torchscript_types = at.torchscript;
    ctx.budget = &budget_;
    ctx.omitted = &report_.omitted;
    for (auto& f : rules::analyze(trace, ctx)) report_.findings.push_back(std::move(f));
    if (legacy || refs != nullptr) {
      auto found = pickle::torch_storage_refs(
          trace, 0, trace.streams.size(), legacy ? pickle::StorageIdForm::Legacy : pickle::StorageIdForm::Zip);
      for (const auto& r : found) {
        if (!r.problem.empty()) {
          structural(at, "torch-storage-id", r.problem + " (persistent load at offset " + std::to_string(r.offset) + ")");
        }
      }
      if (refs != nullptr) *refs = std::move(found);
    }
    return true;
  }

  // Data of no known format that is not a pickle from its first byte may
  // still carry one behind a fixed-size header that its loader seeks past.
  bool scan_after_header(std::string_view bytes, const Level& at) {
    const auto search = pickle::find_stream_after_header(bytes, budget_);
    if (search.exhausted) {
      structural(at, "limit-reached",
                 "the search for a pickle behind a header stopped at its bound (linear in the bytes searched) "
                 "or the file's budget; the rest of these bytes were not searched");
    }
    const auto start = search.start;
    if (!start) return search.exhausted;
    structural(at, "pickle-after-header",
               "a pickle stream that imports and calls starts at offset " + std::to_string(*start) +
                   ", behind " + std::to_string(*start) +
                   " byte(s) no loader reads as a pickle; a loader that seeks past a header runs it");
    scan_pickle(bytes, at, *start, nullptr);
    return true;
  }

  // How much one encoded entry of `encoded` bytes may decode to, and which
  // limit that is, for the finding if it is reached.
  struct Budget {
    std::uint64_t max = 0;
    std::string limit;
  };
  Budget budget(std::uint64_t encoded) const {
    Budget b{limits_.max_entry_size, "entry_size=" + std::to_string(limits_.max_entry_size)};
    const std::uint64_t left = budget_.decoded_left();
    if (left < b.max) b = {left, "expanded_size=" + std::to_string(limits_.max_expanded_size)};
    const std::uint64_t by_ratio =
        encoded > UINT64_MAX / limits_.max_expansion_ratio ? UINT64_MAX : encoded * limits_.max_expansion_ratio;
    const std::uint64_t ratio_cap = std::max(Limits::kRatioFloor, by_ratio);
    if (ratio_cap < b.max) b = {ratio_cap, "expansion_ratio=" + std::to_string(limits_.max_expansion_ratio)};
    return b;
  }

  // Reports what decoding said, then hands on what was decoded.
  void decoded(const Level& at, std::string_view what, const input::DecodeResult& r, std::uint64_t encoded,
               const Budget& b) {
    budget_.charge_decoded(r.output.size());
    switch (r.status) {
      case input::DecodeStatus::Ok: return;
      case input::DecodeStatus::OverLimit:
        structural(at, "limit-reached",
                   std::string(what) + " of " + std::to_string(encoded) + " byte(s) decodes past " +
                       std::to_string(b.max) + " byte(s) (limit " + b.limit +
                       "); only the first " + std::to_string(r.output.size()) + " byte(s) were examined");
        return;
      case input::DecodeStatus::Corrupt:
      case input::DecodeStatus::Truncated:
        structural(at, "corrupt-data",
                   std::string(what) + " fails after " + std::to_string(r.output.size()) +
                       " decoded byte(s): " + r.message + "; what came before was examined");
        return;
    }
  }

  void scan_compressed(std::string_view bytes, const Level& at) {
    const auto codec = input::detect_codec(bytes);
    const std::string name(input::codec_name(*codec));
    // Bytes laid out as safetensors keep that name when also decoded.
    if (at.depth == 0 && report_.format == "compressed") report_.format = name;
    const Budget b = budget(bytes.size());
    const auto r = input::decompress(*codec, bytes, b.max);
    decoded(at, name + " data", r, bytes.size(), b);
    Level inner = at;
    inner.depth += 1;
    scan(r.output, inner);
    // Bytes that happen to start like a codec (a zlib header is two bytes)
    // may be followed by archives a loader reads from their own byte ranges
    // (.distcp shards): both readings count.
    if (input::looks_like_zip(bytes)) scan_zip(bytes, at);
  }

  // A header safetensors' reader refuses is reported. Bytes laid out like
  // safetensors that are not may be what their first bytes also spell (a
  // codec header that happens to give a fitting length): that reading counts.
  void scan_safetensors(std::string_view bytes, const Level& at) {
    const std::string problem = input::safetensors_header_problem(bytes);
    if (problem.empty()) return;
    structural(at, "safetensors-header", problem + "; safetensors refuses the file");
    if (input::detect_codec(bytes)) scan_compressed(bytes, at);
  }

  void scan_npy(std::string_view bytes, const Level& at) {
    const auto header = input::parse_npy_header(bytes);
    if (!header) {
      // numpy parses the dict with ast.literal_eval and numpy.dtype(), which
      // take spellings this parser does not; whatever follows a header
      // numpy might accept is read as the pickle an object array holds.
      const auto offset = input::npy_data_offset(bytes);
      const bool pickle = offset && scan_pickle(bytes, at, *offset, nullptr);
      structural(at, "npy-header",
                 header.error().message +
                     (pickle ? "; numpy.load may still accept it, and the pickle after it was examined"
                             : "; numpy.load refuses it, and no pickle follows it"));
      return;
    }
    if (!header->dtype.has_object) return;
    // np.load(allow_pickle=True) unpickles whatever follows the header.
    if (!scan_pickle(bytes, at, header->data_offset, nullptr)) {
      structural(at, "npy-object-data",
                 "object array (descr " + header->descr + ") whose data at offset " +
                     std::to_string(header->data_offset) + " is not a pickle");
    }
  }

  bool count_entries(const Level& at, std::uint64_t n) {
    entries_ += n;
    if (entries_ <= limits_.max_archive_entries) return true;
    structural(at, "limit-reached",
               "more than archive_entries=" + std::to_string(limits_.max_archive_entries) +
                   " entries in this file; the rest were not examined");
    return false;
  }
  std::uint64_t entries_left() const {
    return limits_.max_archive_entries - std::min(entries_, limits_.max_archive_entries);
  }

  void scan_zip(std::string_view bytes, const Level& at, bool whole_input = true) {
    // Several archives side by side (.distcp shards: torch.save archives
    // back to back, each torch.load-ed from its own byte range): each is
    // read on its own, offsets relative to its start, and none as the prefix
    // of another. One that lies inside a stored member of another is read
    // as that member; any other is read on its own, even inside another's
    // extent: that extent comes from offsets an attacker writes (a zip64
    // locator can point into an earlier archive), and what lies between an
    // archive's members is read by no one else.
    const auto listing = input::read_zip(bytes, entries_left() + 1);
    // The archive the last end record closes is read over the whole input
    // (prefix data and all) unless it is one of several side by side.
    bool main_read_as_span = false;
    if (whole_input) {
      const auto spans = input::find_archives(bytes, entries_left() + 1);
      std::vector<input::ZipListing> listings;
      for (const auto& span : spans) {
        listings.push_back(input::read_zip(bytes.substr(span.start, span.end - span.start), entries_left() + 1));
      }
      const auto in_stored_member = [&](const input::ArchiveSpan& inner, std::size_t o) {
        const auto& span = spans[o];
        if (span.end_record == inner.end_record || inner.start < span.start || inner.end > span.end) return false;
        return std::any_of(listings[o].entries.begin(), listings[o].entries.end(), [&](const input::ZipEntry& e) {
          const std::uint64_t from = span.start + e.data_offset;
          return e.method == 0 && from <= inner.start && inner.end - from <= e.compressed_size;
        });
      };
      std::vector<input::ArchiveSpan> outer;
      for (const auto& span : spans) {
        bool member = false;
        for (std::size_t o = 0; o < spans.size() && !member; ++o) member = in_stored_member(span, o);
        const bool seen = std::any_of(outer.begin(), outer.end(),
                                      [&](const auto& x) { return x.start == span.start && x.end == span.end; });
        if (!member && !seen) outer.push_back(span);
      }
      const bool main_is_span = std::any_of(outer.begin(), outer.end(), [&](const auto& span) {
        return span.end_record == listing.end_record;
      });
      if (outer.size() > 1 || (outer.size() == 1 && !main_is_span)) {
        main_read_as_span = main_is_span;
        for (const auto& span : outer) {
          if (!count_entries(at, 1)) return;
          const Level inner = enter(at, "<zip at offset " + std::to_string(span.start) + ">");
          scan_zip(bytes.substr(span.start, span.end - span.start), inner, false);
        }
      }
    }
    if (main_read_as_span) return;
    if (!count_entries(at, listing.entries.size())) return;
    for (const auto& p : listing.problems) {
      const Level where = p.entry.empty() ? at : enter(at, p.entry);
      structural(where, "zip-" + std::string(input::zip_tamper_name(p.kind)), p.message);
    }
    scan_torch_zip(bytes, at, listing);
  }

  // torch.load reads a zip through PyTorchStreamReader
  // (caffe2/serialize/inline_container.cc): the archive prefix is the first
  // central-directory name up to its first '/', and every record is looked
  // up as "<prefix>/<name>" with mz_zip_reader_locate_file(..., flags 0):
  // ASCII case-insensitive, and among duplicates, whichever the binary search
  // over miniz's sorted index lands on. So every entry that matches
  // <prefix>/data.pkl ignoring case is read as data.pkl, and every match of
  // <prefix>/data/<key> as that storage record. TorchScript (torch.jit.load)
  // adds constants.pkl and code/; torch.load hands such archives to it
  // (serialization.py _is_torchscript_zip: 'constants.pkl' in
  // get_all_records(), an exact comparison; getAllRecords throws when an
  // entry is outside "<prefix>/", compared case-sensitively). Which reader
  // takes an archive decides only how __torch__ names are judged; every
  // pickle in it is scanned either way.
  void scan_torch_zip(std::string_view bytes, const Level& at, const input::ZipListing& listing) {
    std::string prefix;
    if (!listing.entries.empty()) prefix = listing.entries[0].name.substr(0, listing.entries[0].name.find('/'));
    const std::string data_pkl = prefix + "/data.pkl";
    const auto is = [](const input::ZipEntry& e, std::string_view record) {
      return e.in_central_directory && input::same_name_ignoring_case(e.name, record);
    };
    const auto named = [&](const std::string& n) {
      return std::any_of(listing.entries.begin(), listing.entries.end(), [&](const auto& e) { return is(e, n); });
    };
    const bool torch = named(data_pkl);
    const bool torchscript = torch && named(prefix + "/constants.pkl");
    if (at.depth == 0 && torch) report_.format = torchscript ? "torchscript" : "torch-zip";

    // TorchScript code records, which torch.jit.load compiles and runs (code/torchscript_code.hpp).
    std::vector<std::string_view> entry_names;
    for (const auto& e : listing.entries) entry_names.push_back(e.name);
    const auto code_folder = code::torchscript_code_folder(entry_names);

    std::vector<std::size_t> order(listing.entries.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_partition(order.begin(), order.end(), [&](std::size_t i) { return is(listing.entries[i], data_pkl); });

    // storage record (lower-case) -> bytes torch reads, from every data.pkl
    std::unordered_map<std::string, std::uint64_t> needed;
    std::unordered_map<std::string, std::string> record_names;  // lower-case -> as data.pkl names it
    const auto lower = [](std::string s) {
      for (auto& c : s) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      return s;
    };
    for (const std::size_t i : order) {
      const auto& entry = listing.entries[i];
      if (entry.is_directory) continue;
      Level inner = enter(at, entry.name);
      inner.torch_member = torch;
      inner.torchscript = torchscript;
      if (torch && entry.in_central_directory) {
        const auto it = needed.find(lower(entry.name));
        if (it != needed.end()) {
          check_storage_record(inner, entry, it->second);
          sniff_storage_record(bytes, entry, inner);
          continue;
        }
      }
      input::DecodedBytes owned;
      const auto content = member_bytes(bytes, entry, inner, owned);
      if (!content) continue;
      if (code_folder && code::is_torchscript_code_record(*code_folder, entry.name)) scan_torchscript_code(*content, inner);
      if (torch && is(entry, data_pkl)) {
        std::vector<pickle::StorageRef> refs;
        if (!scan_pickle(*content, inner, 0, &refs)) {
          structural(inner, "torch-data-pkl", "the checkpoint's data.pkl is not a pickle");
          scan(*content, inner);
        }
        for (const auto& r : refs) {
          if (!r.problem.empty()) continue;
          const std::string record = prefix + "/data/" + r.key;
          const std::uint64_t bytes_needed = r.numel * r.element_size;
          auto [slot, inserted] = needed.emplace(lower(record), bytes_needed);
          if (!inserted) slot->second = std::max(slot->second, bytes_needed);
          record_names.emplace(lower(record), record);
        }
        continue;
      }
      scan(*content, inner);
    }
    for (const auto& [record, size] : needed) {
      if (!named(record)) {
        structural(enter(at, data_pkl), "torch-storage-missing",
                   "data.pkl loads storage record '" + record_names[record] + "' (" + std::to_string(size) +
                       " byte(s)) that the archive does not have");
      }
    }
  }

  void scan_torchscript_code(std::string_view text, const Level& at) {
    rules::ArtifactContext ctx;
    ctx.path = report_.path;
    ctx.chain = at.chain;
    ctx.retest_target = report_.path;
    ctx.limits = limits_;
    for (auto& f : code::torchscript_code_findings(text, ctx)) report_.findings.push_back(std::move(f));
  }

  // A storage record is raw tensor bytes, never read: only its size is checked
  // (torch reads numel x element size bytes from it).
  void check_storage_record(const Level& at, const input::ZipEntry& entry, std::uint64_t needed) {
    if (entry.uncompressed_size < needed) {
      structural(at, "torch-storage-size",
                 "storage record holds " + std::to_string(entry.uncompressed_size) + " byte(s); data.pkl reads " +
                     std::to_string(needed));
    }
  }

  // torch never unpickles a storage record, but torch.load(pickle_file=...)
  // could: its first bytes are read as a pickle would be, and count only if
  // they would import or call something. Tensor bytes are not read further.
  void sniff_storage_record(std::string_view bytes, const input::ZipEntry& entry, const Level& at) {
    constexpr std::uint64_t kHead = 64 * 1024;
    if (entry.method == 0) {
      const std::string_view view = input::stored_member_view(bytes, entry);
      scan_pickle(view.substr(0, kHead), at, 0, nullptr, {.polyglot = true});
      return;
    }
    const auto head = input::read_zip_member(bytes, entry, kHead);
    scan_pickle(head.decoded.output, at, 0, nullptr, {.polyglot = true});
  }

  // The member's bytes: a view for stored members, decoded otherwise, CRC
  // checked either way (torch does not check; zipfile does).
  std::optional<std::string_view> member_bytes(std::string_view bytes, const input::ZipEntry& entry, const Level& at,
                                               input::DecodedBytes& owned) {
    if (entry.method == 0) {
      const std::string_view view = input::stored_member_view(bytes, entry);
      if (view.size() == entry.compressed_size && crc(view) != entry.crc32) bad_crc(at, entry, crc(view));
      return view;
    }
    const Budget b = budget(entry.compressed_size);
    auto m = input::read_zip_member(bytes, entry, b.max);
    if (!m.method_supported) {
      structural(at, "zip-method", m.decoded.message + "; the entry was not examined");
      return std::nullopt;
    }
    decoded(at, "compressed entry", m.decoded, entry.compressed_size, b);
    if (m.crc_checked && !m.crc_ok) bad_crc(at, entry, m.decoded.output.crc32());
    owned = std::move(m.decoded.output);
    return std::string_view(owned);
  }

  static std::uint32_t crc(std::string_view data) {
    uLong c = crc32(0L, Z_NULL, 0);
    while (!data.empty()) {
      const auto n = static_cast<uInt>(std::min<std::size_t>(data.size(), 1U << 30));
      c = crc32(c, reinterpret_cast<const Bytef*>(data.data()), n);
      data.remove_prefix(n);
    }
    return static_cast<std::uint32_t>(c);
  }

  void bad_crc(const Level& at, const input::ZipEntry& entry, std::uint32_t actual) {
    char text[64];
    std::snprintf(text, sizeof text, "declared %08x, data has %08x", entry.crc32, actual);
    structural(at, "zip-bad-crc",
               std::string("CRC-32 mismatch (") + text + "); zipfile refuses the entry, torch.load reads it");
  }

  void scan_tar(std::string_view bytes, const Level& at) {
    const auto listing = input::read_tar(bytes, entries_left() + 1);
    if (!count_entries(at, listing.members.size())) return;
    for (const auto& p : listing.problems) {
      structural(at, "tar-format", p.message + " (header at offset " + std::to_string(p.offset) + ")");
    }
    // The pre-0.4 torch format: members storages, tensors and pickle.
    const auto has = [&](std::string_view n) {
      return std::any_of(listing.members.begin(), listing.members.end(), [&](const auto& m) { return m.name == n; });
    };
    const bool torch = has("storages") && has("tensors") && has("pickle");
    if (at.depth == 0 && torch) report_.format = "torch-tar";
    for (const auto& m : listing.members) {
      Level inner = enter(at, m.name);
      inner.torch_member = torch;
      if (!member_is_safe(inner, m.name, m.type == input::TarMemberType::Symlink ||
                                             m.type == input::TarMemberType::Hardlink, m.link_target)) {
        continue;
      }
      switch (m.type) {
        case input::TarMemberType::Device:
        case input::TarMemberType::Fifo:
          structural(inner, "tar-special-member", "device or fifo member; never extracted or opened");
          continue;
        case input::TarMemberType::Regular: break;
        default: continue;
      }
      if (torch && (m.name == "storages" || m.name == "tensors")) {
        scan_pickle(m.data, inner, 0, nullptr,
                    {.gap = m.name == "storages" ? pickle::legacy_tar_storages_gap : pickle::legacy_tar_tensors_gap,
                     .per_item_streams = true});
        continue;
      }
      scan(m.data, inner);
    }
  }

  // Reports names that escape the archive and links that point out of it;
  // returns false for links (never followed).
  bool member_is_safe(const Level& at, std::string_view name, bool link, std::string_view target) {
    if (traversal_name(name)) {
      structural(at, "traversal-name", "entry name escapes the extraction folder (absolute or '..')");
    }
    if (!link) return true;
    if (traversal_name(target)) {
      structural(at, "link-outside", "link to '" + std::string(target.substr(0, 200)) +
                                         "' points outside the archive; never followed");
    }
    return false;
  }

  void scan_7z(std::string_view bytes, const Level& at) {
    const std::uint64_t left = budget_.decoded_left();
    const input::SevenZipLimits lim{std::min(limits_.max_entry_size, left), left, entries_left()};
    const auto result = input::read_7z(bytes, lim, [&](const input::SevenZipEntry& e) {
      const Level inner = enter(at, e.name);
      if (!e.complete) structural(inner, "7z-entry", e.problem + "; only the bytes before were examined");
      if (!member_is_safe(inner, e.name, !e.link_target.empty(), e.link_target)) return;
      // Whatever the mode bits say (py7zr leaves out the file type), an
      // entry that stores data is extracted as a file.
      if (!e.regular && e.data.empty()) return;
      scan(e.data, inner);
    });
    entries_ += result.entries;
    budget_.charge_decoded(result.total_extracted);
    if (!result.error.empty()) structural(at, "7z-archive", result.error + "; entries after it were not examined");
    if (result.limit_reached) {
      structural(at, "limit-reached",
                 "7z archive exceeds entry_size, expanded_size or archive_entries; the rest was not examined");
    }
  }

  const Limits& limits_;
  FileReport& report_;
  WorkBudget budget_;
  bool budget_reported_ = false;
  std::uint64_t entries_ = 0;
  bool saw_pickle_ = false;
  MemberCache cache_;
  const PickleVisitor* visitor_;
};

// Formats whose content cannot carry an executable pickle.
bool inert(Handling h) { return h == Handling::Inert || h == Handling::Safetensors; }

// The file opened at every depth; `saw_pickle` says whether any reading was one.
FileReport read_artifact(std::string_view bytes, const std::string& display_path, const Limits& limits,
                         const PickleVisitor* visitor, bool& saw_pickle) {
  FileReport r;
  r.path = display_path;
  r.size = bytes.size();
  if (const auto pointer = lfs_pointer(bytes)) {
    r.format = "git-lfs-pointer";
    r.status = FileStatus::Error;
    r.error = lfs_pointer_error(*pointer);
    return r;
  }
  ArtifactScan scan(limits, r, visitor);
  scan.scan(bytes, Level{});
  saw_pickle = scan.saw_pickle();
  return r;
}

}  // namespace

FileReport scan_artifact(std::string_view bytes, const std::string& display_path, const ScanOptions& options,
                         const std::string& origin) {
  bool saw_pickle = false;
  FileReport r = read_artifact(bytes, display_path, options.limits, nullptr, saw_pickle);
  for (auto& f : r.findings) {
    f.location.origin = origin;
    for (auto& place : f.also_at) place.origin = origin;
  }
  if (r.status != FileStatus::Error && r.findings.empty() && !saw_pickle && (r.format == "not-pickle" || inert(detect_format(bytes).handling))) {
    r.status = FileStatus::Skipped;
    r.error = r.format == "not-pickle" ? "not a pickle stream" : "not a pickle-bearing format";
  }
  return r;
}

void trace_artifact(std::string_view bytes, const std::string& display_path, const ScanOptions& options,
                    const PickleVisitor& visit) {
  bool saw_pickle = false;
  (void)read_artifact(bytes, display_path, options.limits, &visit, saw_pickle);
}

}  // namespace sentinel::engine
