// TorchScript code is code: torch.load hands a TorchScript archive to
// torch.jit.load, which compiles the archive's `<prefix>/code/` records and
// runs some of them while loading (__setstate__ of every restored object).
// This reads those records as the TorchScript importer resolves names
// (data/torchscript.txt says how) and reports every operation that reaches
// files, processes, libraries or loaders, and every operator or class from a
// namespace outside in-process tensor math, as PICKLE-EXEC at the record.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/analyzer.hpp"
#include "sentinel/finding.hpp"

namespace sentinel::code {

// One operation a code record names.
struct TorchScriptOperation {
  std::uint32_t line = 0, column = 0;  // 1-based, where the expression starts
  std::string spelling;                // as written: "s", "ops.aten.save", "getattr(torch, \"save\")"
  std::string target;                  // what it resolves to: "aten::save", "ops.c10d", "os.system"
  std::string module, name;            // target split for policies: ("aten", "save"), ("os", "system")
  std::string why;                     // what makes it a finding
  std::string function;                // the enclosing def ("__setstate__"), empty at class level
  std::string source_line;             // the line, shortened
};

// The catalogue (data/torchscript.txt), parsed.
struct TorchScriptCatalogue {
  std::vector<std::string> op_namespaces;
  std::vector<std::string> class_namespaces;
  std::vector<std::string> ops;    // "aten::save"
  std::vector<std::string> names;  // "os", "torch.jit"
};
[[nodiscard]] const TorchScriptCatalogue& torchscript_catalogue();
// Parses catalogue text; malformed lines go to `errors`.
[[nodiscard]] TorchScriptCatalogue parse_torchscript_catalogue(std::string_view text, std::vector<std::string>& errors);

// The operations of one code record, in source order: at most `max`, the
// number of the others in `*more`.
[[nodiscard]] std::vector<TorchScriptOperation> torchscript_operations(std::string_view source,
                                                                       std::size_t max = SIZE_MAX,
                                                                       std::size_t* more = nullptr);

// The folder of code records torch.jit.load reads, lower-cased
// ("<prefix>/code/"), when the zip is a torch archive: its first entry's
// folder holds data.pkl or constants.pkl. torch's reader (miniz, flags 0)
// finds records whatever their case, so names are compared lower-cased.
[[nodiscard]] std::optional<std::string> torchscript_code_folder(std::span<const std::string_view> entry_names);
// Whether an entry is a code record of that folder: any name under it but the
// `.debug_pkl` source maps, which are pickles (scanned as such), never compiled.
[[nodiscard]] bool is_torchscript_code_record(std::string_view folder, std::string_view entry_name);

// PICKLE-EXEC findings for one code record (located at `context.chain`, with
// line and column); a record larger than the nested_size limit, or more
// operations than findings_per_rule, is a PICKLE-STRUCT limit-reached finding.
[[nodiscard]] std::vector<Finding> torchscript_code_findings(std::string_view record, const rules::ArtifactContext& context);

}  // namespace sentinel::code
