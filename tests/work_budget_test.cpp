// Issue 14: one budget per top-level file, shared by every member, stream and
// nested payload; reaching any bound is a finding, never "clean"; the search
// for stream starts after junk or behind a header is linear in the data.
#include <archive.h>
#include <gtest/gtest.h>

#include <string>

#include "archive_writer.hpp"
#include "engine/artifact_scan.hpp"
#include "pickle/machine.hpp"
#include "pickle/start_search.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

using namespace std::string_literals;

const std::string kPayload = "\x80\x02" "cos\nsystem\n" "X\x04\x00\x00\x00true\x85R."s;

// A benign protocol-2 pickle of about `n` opcodes: a list of n Nones.
std::string list_of_nones(std::size_t n) { return "\x80\x02(" + std::string(n, 'N') + "l."; }

// Bytes that keep a machine busy from nearly every offset without ever
// ending in a stream that acts: PROTO headers on the opcode chain and hidden
// in bytes arguments, EMPTY_LIST/POP between them, no STOP.
std::string pickle_like_junk(std::size_t size) {
  std::string unit;
  for (int i = 0; i < 8; ++i) unit += std::string("C\x02\x80\x02", 4) + "]0]0]0" + "\x80\x02]0";
  std::string out;
  while (out.size() < size) out += unit;
  out.resize(size);
  return out;
}

FileReport scan_bytes(const std::string& bytes, const Limits& limits = {}) {
  ScanOptions options;
  options.limits = limits;
  return engine::scan_artifact(bytes, "sample", options, "");
}

std::string evidence(const FileReport& r) {
  std::string out;
  for (const auto& f : r.findings) out += f.rule_id + " " + f.location.display() + ": " + f.evidence + "\n";
  return out;
}

bool mentions(const FileReport& r, const std::string& rule, const std::string& text) {
  for (const auto& f : r.findings) {
    if (f.rule_id == rule && f.evidence.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(WorkBudget, IsSharedByEveryMemberOfAFile) {
  // Ten members of ~1000 opcodes each, then the payload: with 3000 opcodes
  // for the whole file the payload is never reached, and the report says so.
  std::vector<test::ArchiveEntry> entries;
  // Distinct members: identical bytes would be scanned once.
  for (std::size_t i = 0; i < 10; ++i) entries.emplace_back("m" + std::to_string(i) + ".pkl", list_of_nones(1000 + i));
  entries.emplace_back("z_payload.pkl", kPayload);
  const std::string zip = test::write_archive(ARCHIVE_FORMAT_ZIP, entries, "zip:compression=store");

  const FileReport unlimited = scan_bytes(zip);
  EXPECT_TRUE(mentions(unlimited, "PICKLE-EXEC", "os.system")) << evidence(unlimited);

  Limits limits;
  limits.max_opcodes = 3000;
  const FileReport limited = scan_bytes(zip, limits);
  EXPECT_TRUE(mentions(limited, "PICKLE-STRUCT", "work budget for this file (opcodes=3000) is spent")) << evidence(limited);
  EXPECT_FALSE(mentions(limited, "PICKLE-EXEC", "os.system")) << evidence(limited);
  EXPECT_NE(limited.status, FileStatus::Skipped);
}

TEST(WorkBudget, FindingsMadeBeforeTheLimitAreKept) {
  std::vector<test::ArchiveEntry> entries{{"a_payload.pkl", kPayload}};
  // Distinct members: identical bytes would be scanned once.
  for (std::size_t i = 0; i < 10; ++i) entries.emplace_back("m" + std::to_string(i) + ".pkl", list_of_nones(1000 + i));
  const std::string zip = test::write_archive(ARCHIVE_FORMAT_ZIP, entries, "zip:compression=store");
  Limits limits;
  limits.max_opcodes = 3000;
  const FileReport r = scan_bytes(zip, limits);
  EXPECT_TRUE(mentions(r, "PICKLE-EXEC", "os.system")) << evidence(r);
  EXPECT_TRUE(mentions(r, "PICKLE-STRUCT", "opcodes=3000")) << evidence(r);
}

TEST(WorkBudget, SpentTimeIsAFindingNotClean) {
  Limits limits;
  limits.max_seconds = 0;
  const FileReport r = scan_bytes(list_of_nones(10), limits);
  EXPECT_TRUE(mentions(r, "PICKLE-STRUCT", "(seconds=0) is spent")) << evidence(r);
  EXPECT_NE(r.status, FileStatus::Skipped);
}

TEST(WorkBudget, NestedPayloadsSpendTheFileBudget) {
  // A pickle that pickle.loads() a second pickle held as bytes: the inner
  // trace is charged to the same budget as the outer one.
  const std::string inner = list_of_nones(5000);
  ASSERT_LT(inner.size(), 65536U);
  const std::string outer = "\x80\x02" "cpickle\nloads\n" "B"s + std::string(1, static_cast<char>(inner.size() & 0xff)) +
          std::string(1, static_cast<char>((inner.size() >> 8) & 0xff)) + std::string(2, '\0') + inner + "\x85R.";
  Limits limits;
  WorkBudget budget(limits);
  rules::ArtifactContext ctx;
  ctx.limits = limits;
  ctx.budget = &budget;
  const auto trace = pickle::trace_pickles(outer, budget);
  (void)rules::analyze(trace, ctx);
  EXPECT_GE(limits.max_opcodes - budget.opcodes(), 5000U) << "the nested payload's opcodes were not charged";
}

// The resynchronisation after junk costs opcodes linear in the junk, not
// (window size) x (junk size).
TEST(StartSearch, JunkAfterAStreamCostsLinearWork) {
  const std::string junk = pickle_like_junk(std::size_t{1} << 20);
  const std::string data = list_of_nones(3) + junk;
  Limits limits;
  WorkBudget budget(limits);
  const auto trace = pickle::trace_pickles(data, budget);
  const std::uint64_t spent = limits.max_opcodes - budget.opcodes();
  EXPECT_LE(spent, pickle::StartSearch::kBaseOpcodes + 9 * data.size());
  bool trailing = false;
  for (const auto& e : trace.streams[0].events) trailing = trailing || e.anomaly == pickle::Anomaly::TrailingData;
  EXPECT_TRUE(trailing);
}

TEST(StartSearch, AStartOffTheJunksOpcodeChainIsStillRun) {
  // BININT1 at the junk takes the payload's first byte as its argument, so
  // the run from the junk never reads the payload's opcodes: the payload's
  // start must get a run of its own.
  const std::string data = list_of_nones(3) + "K" + kPayload;
  const auto r = scan_bytes(data);
  EXPECT_TRUE(mentions(r, "PICKLE-EXEC", "os.system")) << evidence(r);
}

TEST(StartSearch, PayloadAfterLongJunkBehindAProtoHeaderIsFound) {
  const std::string data = list_of_nones(3) + std::string(100000, '\xff') + kPayload;
  const auto r = scan_bytes(data);
  EXPECT_TRUE(mentions(r, "PICKLE-EXEC", "os.system")) << evidence(r);
}

TEST(StartSearch, HeaderSearchOverHostileBytesEndsInAFinding) {
  const std::string data = "\x00"s + pickle_like_junk(std::size_t{1} << 20);
  const auto r = scan_bytes(data);
  EXPECT_TRUE(mentions(r, "PICKLE-STRUCT", "search for a pickle behind a header stopped")) << evidence(r);
  EXPECT_NE(r.status, FileStatus::Skipped);
}

TEST(StartSearch, LongTextLinesAreChargedToTheSearch) {
  // Every byte starts a GLOBAL whose two lines run 200 KB each: reading them
  // from each of 64 KiB starts would scan gigabytes; charged by their length,
  // the search ends at its bound with a finding instead.
  const std::string line(200000, 'c');
  const auto r = scan_bytes("\x00"s + line + "\n" + line + "\n");
  EXPECT_TRUE(mentions(r, "PICKLE-STRUCT", "search for a pickle behind a header stopped")) << evidence(r);
}

TEST(StartSearch, AJsonDocumentIsNoUnknownData) {
  // A minified JSON document with long lines (tokenizer.json) can hold no
  // pickle that imports, so it is not searched behind a header and stays
  // clean; with a pickle after it, it is no JSON document and is searched.
  std::string json = "{\"blob\": \"";
  for (int i = 0; i < 50000; ++i) json += "cIgpLFSV";
  json += "\"}\n";
  const auto r = scan_bytes(json);
  EXPECT_TRUE(r.findings.empty()) << evidence(r);
  EXPECT_EQ(r.status, FileStatus::Skipped);
  EXPECT_EQ(r.format, "json");
  const auto after = scan_bytes(json + kPayload);
  EXPECT_TRUE(mentions(after, "PICKLE-EXEC", "os.system")) << evidence(after);
}

TEST(StartSearch, TextWithoutNewlinesIsAnsweredOnce) {
  // Every byte starts a GLOBAL and no line ever ends: each start fails at
  // once (the line search is cached), no bound is reached, nothing is found.
  const auto r = scan_bytes("\x00"s + std::string(std::size_t{1} << 20, 'c'));
  EXPECT_TRUE(r.findings.empty()) << evidence(r);
}

TEST(StartSearch, HeaderSearchStillFindsAPickleBehindAHeader) {
  const std::string data = std::string(1000, '\x01') + kPayload;
  const auto r = scan_bytes(data);
  EXPECT_TRUE(mentions(r, "PICKLE-EXEC", "os.system")) << evidence(r);
  EXPECT_TRUE(mentions(r, "PICKLE-STRUCT", "pickle-after-header")) << evidence(r);
}

}  // namespace
}  // namespace sentinel
