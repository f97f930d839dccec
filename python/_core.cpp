// sentinel._core: thin pybind11 bindings over the C++ core for the Python
// package (python/sentinel): the scanner's findings, policies, and the two
// checks the runtime guard makes (one import, one load). Exceptions stop here.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <sstream>
#include <string_view>

#include "engine/load_scan.hpp"
#include "policy/global_gate.hpp"
#include "policy/judgement.hpp"
#include "policy/policy.hpp"
#include "report/reporters.hpp"
#include "rules/global_lists.hpp"
#include "sentinel/scan.hpp"

namespace py = pybind11;
using namespace sentinel;

namespace {

// Bytes of any contiguous buffer (bytes, bytearray, memoryview, mmap), held
// for as long as the view is in use.
struct Bytes {
  explicit Bytes(const py::buffer& b) : info(b.request()) {
    if (info.ndim != 1 || info.strides[0] != info.itemsize) throw py::type_error("a contiguous bytes-like object is required");
  }
  [[nodiscard]] std::string_view view() const {
    return {static_cast<const char*>(info.ptr), static_cast<std::size_t>(info.size * info.itemsize)};
  }
  py::buffer_info info;
};

policy::Policy checked(Expected<policy::Policy> parsed) {
  if (!parsed) throw py::value_error(parsed.error().message);
  return std::move(*parsed);
}

std::vector<std::string> severity_names(const std::set<Severity>& severities) {
  std::vector<std::string> out;
  for (const Severity s : severities) out.emplace_back(severity_name(s));
  return out;
}

// A scan judged exactly as `sentinel artifact` judges it (policy::judge), so
// the API's verdicts, summary and exit code are the command line's.
struct Judged {
  ScanReport report;
  report::Summary summary;
};

// The command line's defaults: no baseline, the default listing caps.
policy::JudgementOptions judgement(bool fail_on_skip) {
  const Limits limits;
  return {.today = policy::today(),
          .fail_on_skip = fail_on_skip,
          .baseline = nullptr,
          .findings_per_rule = limits.max_findings_per_rule,
          .findings_per_file = limits.max_findings_per_file};
}

Judged judged_scan(const std::vector<std::string>& paths, const policy::Policy& p, bool fail_on_skip) {
  const py::gil_scoped_release unlocked;
  Judged j{scan_artifacts(paths, {}), {}};
  j.summary = policy::judge(p, j.report, judgement(fail_on_skip));
  return j;
}

std::vector<Finding> findings_of(ScanReport& report) {
  std::vector<Finding> out;
  for (auto& file : report.files) {
    if (file.status == FileStatus::Error) throw py::value_error(file.path + ": " + file.error);
    for (auto& f : file.findings) out.push_back(std::move(f));
  }
  return out;
}

std::vector<Finding> judged_buffer(std::string_view bytes, const std::string& path, const policy::Policy& p) {
  ScanReport report;
  {
    const py::gil_scoped_release unlocked;
    report.files.push_back(scan_buffer(bytes, path, {}));
    static_cast<void>(policy::judge(p, report, judgement(false)));
  }
  return std::move(report.files.front().findings);
}

// The runtime guard scans a whole file on every joblib or TorchScript load.
// Read into memory this thread keeps between scans, a file costs no page
// faults after the first load; mapping a 2 MB joblib file afresh each time
// cost twice the scan itself. Larger files are scanned as the CLI scans them.
constexpr std::uint64_t kReusedReadLimit = std::uint64_t{16} << 20;

std::optional<std::string_view> read_reusing(const std::string& path) {
  thread_local std::unique_ptr<char[]> buffer;
  thread_local std::size_t capacity = 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::optional<std::string_view> out;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) <= kReusedReadLimit) {
    const auto size = static_cast<std::size_t>(st.st_size);
    if (capacity < size) {
      buffer = std::make_unique_for_overwrite<char[]>(size);
      capacity = size;
    }
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::read(fd, buffer.get() + done, size - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    if (done == size) out = std::string_view(buffer.get(), size);
  }
  ::close(fd);
  return out;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "Sentinel's C++ core: the pickle scanner and the runtime guard's checks";

  py::class_<Finding>(m, "Finding", "One finding of the scanner (fields as in docs/json-report.md)")
      .def_readonly("rule_id", &Finding::rule_id)
      .def_readonly("category", &Finding::category)
      .def_property_readonly("severity", [](const Finding& f) { return severity_name(f.severity); })
      .def_readonly("title", &Finding::title)
      .def_readonly("cwe", &Finding::cwe)
      .def_readonly("owasp_llm", &Finding::owasp_llm)
      .def_readonly("owner", &Finding::owner)
      .def_readonly("release_decision", &Finding::release_decision)
      .def_readonly("retest", &Finding::retest)
      .def_readonly("help_uri", &Finding::help_uri)
      .def_readonly("fix", &Finding::fix)
      .def_readonly("fp_risk", &Finding::fp_risk)
      .def_property_readonly("location", [](const Finding& f) { return f.location.display(); })
      .def_property_readonly("path", [](const Finding& f) { return f.location.path; })
      .def_property_readonly("chain", [](const Finding& f) { return f.location.chain; })
      .def_property_readonly("offset", [](const Finding& f) { return f.location.offset; })
      .def_property_readonly("stream", [](const Finding& f) { return f.location.stream; })
      .def_readonly("evidence", &Finding::evidence)
      .def_readonly("opcode", &Finding::opcode)
      .def_readonly("module", &Finding::module)
      .def_readonly("name", &Finding::name)
      .def_readonly("fingerprint", &Finding::fingerprint)
      .def_property_readonly("also_at", [](const Finding& f) {
        std::vector<std::string> places;
        for (const auto& place : f.also_at) places.push_back(place.display());
        return places;
      })
      .def_readonly("also_at_more", &Finding::also_at_more)
      .def_property_readonly("verdict", [](const Finding& f) { return verdict_name(f.verdict); })
      .def("__repr__", [](const Finding& f) {
        return "<Finding " + f.rule_id + " " + severity_name(f.severity) + " at " + f.location.display() + ": " +
               f.evidence + ">";
      });

  py::class_<policy::Policy>(m, "Policy", "A validated sentinel-policy.yml (docs/policy.md); Policy() is the defaults")
      .def(py::init<>())
      .def_static("load", [](const std::string& path) { return checked(policy::load_policy(path)); }, py::arg("path"),
                  "reads and validates a policy file; ValueError names every problem by line and column")
      .def_static("parse", [](const std::string& text, const std::string& source) {
                    return checked(policy::parse_policy(text, source));
                  }, py::arg("text"), py::arg("source") = "<policy>")
      .def_readonly("source", &policy::Policy::source)
      .def_property_readonly("fail_on", [](const policy::Policy& p) { return severity_names(p.fail_on); })
      .def_readonly("trusted_globals", &policy::Policy::trusted_globals)
      .def("trusting", [](policy::Policy p, const std::map<std::string, std::set<std::string>>& extra) {
             for (const auto& [module, names] : extra) p.trusted_globals[module].insert(names.begin(), names.end());
             return p;
           }, py::arg("globals"), "a copy with these module -> names added to trusted_globals");

  m.def("scan_bytes", [](const py::buffer& data, const std::string& path, const policy::Policy& p) {
          const Bytes bytes(data);
          return judged_buffer(bytes.view(), path, p);
        }, py::arg("data"), py::arg("path"), py::arg("policy"),
        "scans an in-memory artifact (any format the scanner reads) and returns its findings, judged by the policy");
  m.def("scan_load_file", [](const std::string& path, const policy::Policy& p) {
          if (const auto bytes = read_reusing(path)) return judged_buffer(*bytes, path, p);
          Judged j = judged_scan({path}, p, false);
          return findings_of(j.report);
        }, py::arg("path"), py::arg("policy"),
        "scan_file for the runtime guard's loads: a small file is read into memory the thread reuses");
  m.def("scan_file", [](const std::string& path, const policy::Policy& p) {
          Judged j = judged_scan({path}, p, false);
          return findings_of(j.report);
        }, py::arg("path"), py::arg("policy"),
        "scans a file or folder (recursively) and returns the findings, judged by the policy; ValueError when a "
        "file cannot be scanned");
  m.def("scan_report", [](const std::vector<std::string>& paths, const policy::Policy& p, bool fail_on_skip) {
          const Judged j = judged_scan(paths, p, fail_on_skip);
          std::ostringstream out;
          report::write_json(out, j.report, j.summary, {"sentinel", SENTINEL_VERSION, {}});
          return out.str();
        }, py::arg("paths"), py::arg("policy"), py::arg("fail_on_skip"),
        "scans files and folders and returns the JSON report `sentinel artifact --format json` writes");
  m.def("allowlisted", [](const std::string& module, const std::string& name) {
          return rules::GlobalLists::builtin().allowed(module, name);
        }, py::arg("module"), py::arg("name"), "whether the pair is on the built-in trusted allowlist");
  m.def("judge_global", [](const policy::Policy& p, const std::string& module, const std::string& name,
                           bool scanning) {
          const auto v = policy::judge_global(p, module, name, scanning);
          return py::make_tuple(v.allowed, v.rule_id, v.reason);
        }, py::arg("policy"), py::arg("module"), py::arg("name"), py::arg("scanning") = false,
        "(allowed, rule_id, reason) for an import find_class is asked for");
  m.def("finding_fails", [](const policy::Policy& p, const std::string& rule_id, const std::string& module,
                            const std::string& name) { return policy::finding_fails(p, rule_id, module, name); },
        py::arg("policy"), py::arg("rule_id"), py::arg("module") = "", py::arg("name") = "",
        "whether a finding of the rule about module.name fails the policy, as the scanner's gate judges it");
  m.def("scan_load", [](const policy::Policy& p, const py::buffer& data, bool torch_persistent_ids,
                        bool out_of_band_buffers, bool partial, const std::string& path) {
          const Bytes bytes(data);
          engine::LoadScanOptions options;
          options.torch_persistent_ids = torch_persistent_ids;
          options.out_of_band_buffers = out_of_band_buffers;
          options.partial = partial;
          options.display_path = path;
          engine::LoadScan scan;
          {
            const py::gil_scoped_release unlocked;
            scan = engine::scan_load(bytes.view(), p, options);
          }
          if (!scan.complete) return py::object(py::none());
          return py::object(py::make_tuple(scan.consumed, std::move(scan.findings)));
        }, py::arg("policy"), py::arg("data"), py::arg("torch_persistent_ids"), py::arg("out_of_band_buffers"),
        py::arg("partial"), py::arg("path"),
        "(bytes the first pickle stream spans, its findings after the policy); None when `partial` data ends "
        "inside the stream");
}
