// The findings model every reporter reads: one record per finding with every
// field of the rule catalogue (../shared/spec/rules.md), grouped per file.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sentinel {

enum class Severity : std::uint8_t { Critical, High, Medium, Low, Info };

[[nodiscard]] const char* severity_name(Severity s);

struct Location {
  std::string path;                 // the file as reached from the command-line argument
  std::vector<std::string> chain;   // entries inside it, outermost first
  std::optional<std::uint64_t> offset;  // byte offset of the opcode in the decoded stream
  std::optional<std::uint32_t> stream;  // which pickle stream in the file (0-based)
  std::string origin;               // where the file came from, e.g. "hf:acme/tiny@<revision>"
  std::optional<std::uint32_t> line;    // source findings: 1-based line
  std::optional<std::uint32_t> column;  // source findings: 1-based column

  // `path!entry!entry` with `@offset` when known, or `path:line:column` for source.
  [[nodiscard]] std::string display() const;
};

// A policy `allow` entry that accepted a finding (see docs/policy.md).
struct Acceptance {
  // The entry's number in the policy's allow list, from 1: the number every
  // report and `sentinel policy check` give it.
  std::size_t entry = 0;
  std::string reason;
  std::string accepted_by;
  std::string expires;       // YYYY-MM-DD, empty when it never expires
  bool expired = false;      // an expired acceptance no longer stops the finding from failing
};

// What the release gate does with a finding (report::decide sets it).
enum class Verdict : std::uint8_t {
  Pass,      // reported, below fail_on and ticket_on
  Fail,      // at or above fail_on: the run fails
  Ticket,    // in ticket_on: listed as a ticket for its owner
  Accepted,  // accepted by an unexpired policy entry: reported, does not fail
};

[[nodiscard]] const char* verdict_name(Verdict v);

struct Finding {
  std::string rule_id;
  std::string category;
  Severity severity = Severity::Info;
  std::string title;
  std::vector<std::string> cwe;
  std::string owasp_llm;
  std::string owner;
  std::string release_decision;
  std::string retest;
  std::string help_uri;
  std::string fix;
  std::string fp_risk;
  Location location;
  std::string evidence;
  // What the evidence is about, for policies and baselines: the opcode and the
  // resolved global (empty when not applicable).
  std::string opcode;
  std::string module;
  std::string name;
  // Stable across runs and across offset shifts: identifies the finding for
  // baselines and code scanning (see fingerprint()).
  std::string fingerprint;
  std::optional<Acceptance> acceptance;
  Verdict verdict = Verdict::Pass;
  // The same finding elsewhere in the file: identical bytes under other names
  // are scanned once and reported once (docs/json-report.md). At most
  // kMaxAlsoAt are listed; also_at_more counts the rest.
  std::vector<Location> also_at{};
  std::uint64_t also_at_more = 0;
  static constexpr std::size_t kMaxAlsoAt = 20;
};

// A hex digest of what identifies a finding: rule, path, entry chain, opcode,
// global and evidence with every number masked (offsets move when a file is
// re-exported; the finding is the same).
[[nodiscard]] std::string fingerprint(const Finding& f);

enum class FileStatus : std::uint8_t { Clean, Findings, Error, Skipped };

[[nodiscard]] const char* file_status_name(FileStatus s);

struct FileReport {
  std::string path;
  std::string format;  // "pickle", "not-pickle", ...
  FileStatus status = FileStatus::Clean;
  std::string error;   // for Error and Skipped
  std::uint64_t size = 0;
  std::vector<Finding> findings;
  // Pickle streams a loader reading the file itself runs (repeated dumps to
  // one file are not tampering; each stream is judged on its own).
  std::uint32_t streams = 0;
  // Findings found but not listed, by rule: cut by findings_per_rule while a
  // stream was analysed, or by the per-file caps when the report was written.
  std::map<std::string, std::uint64_t> omitted{};
  // Where the file came from (Location::origin): a Hugging Face cache revision.
  std::string origin{};
};

// The policy file a gate applied, so that a report says what judged it: the
// path and the sha256 of the bytes read; both empty for the built-in defaults.
struct AppliedPolicy {
  std::string path;
  std::string sha256;
};

struct ScanReport {
  std::vector<FileReport> files;
  std::size_t baseline_matched = 0;  // findings dropped because a baseline report already had them
  AppliedPolicy policy{};
  // The Hugging Face cache revisions scanned (FileReport::origin) and the
  // refs/ names pointing at each ("main", "pr/1"); verdicts are given per revision.
  std::map<std::string, std::vector<std::string>> revision_refs{};
};

}  // namespace sentinel
