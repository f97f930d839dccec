// Issue 14: memory follows what must be judged. Memoised containers with no
// behaviour, once more than ValueStore::kMemoRetained are held, are dropped
// with their parent and the memo keeps their kind and size; a later use where
// their content matters is a limit finding, never a silent guess.
#include <gtest/gtest.h>

#include <string>

#include "pickle/machine.hpp"
#include "support.hpp"

namespace sentinel::pickle {
namespace {

using namespace std::string_literals;

std::string le32(std::uint32_t v) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}

// PROTO 4, a memoised list (memo 0) of `n` memoised 2-tuples (memo 1..n),
// appended in batches as the C Pickler writes them, then `tail`.
std::string list_of_memoised_tuples(std::size_t n, const std::string& tail) {
  std::string out = "\x80\x04]\x94"s;
  for (std::size_t i = 0; i < n; i += 1000) {
    out += "(";
    for (std::size_t j = i; j < std::min(n, i + 1000); ++j) out += "K\x01K\x02\x86\x94"s;
    out += "e";
  }
  return out + tail;
}

bool has_anomaly(const FileTrace& t, Anomaly a, const std::string& text) {
  for (const auto& s : t.streams) {
    for (const auto& e : s.events) {
      if (e.kind == EventKind::Anomaly && e.anomaly == a && e.message.find(text) != std::string::npos) return true;
    }
  }
  return false;
}

constexpr std::size_t kMany = ValueStore::kMemoRetained * 3;

TEST(MemoSummary, ManyMemoisedRecordsCostBoundedNodes) {
  const std::string data = list_of_memoised_tuples(kMany, "0N.");
  const auto t = trace_pickles(data, Limits{});
  ASSERT_EQ(t.streams.size(), 1U);
  EXPECT_TRUE(t.streams[0].stopped);
  EXPECT_LT(t.values.size(), ValueStore::kMemoRetained + ValueStore::kRetainedScalars + 16);
  EXPECT_FALSE(has_anomaly(t, Anomaly::LimitReached, "")) << "nothing used a summary";
}

TEST(MemoSummary, UsingASummarisedContainerIsALimitFindingAndTheCallStillCounts) {
  // GET of the last tuple (dropped with its parent past the budget) as the
  // arguments of os.system.
  const std::string tail = "cos\nsystem\nj"s + le32(static_cast<std::uint32_t>(kMany)) + "R.";
  const auto t = trace_pickles(list_of_memoised_tuples(kMany, tail), Limits{});
  EXPECT_TRUE(has_anomaly(t, Anomaly::LimitReached, "kept only as its kind and size"));
  bool called = false;
  for (const auto& e : t.streams[0].events) called = called || e.kind == EventKind::Call;
  EXPECT_TRUE(called);
  EXPECT_TRUE(t.streams[0].stopped) << "a summarised tuple is still a tuple to REDUCE";
  const auto findings = test::scan(list_of_memoised_tuples(kMany, tail));
  EXPECT_TRUE(test::has_rule(findings, "PICKLE-EXEC", "os.system")) << test::describe(findings);
  EXPECT_TRUE(test::has_rule(findings, "PICKLE-STRUCT", "kept only as its kind and size")) << test::describe(findings);
}

TEST(MemoSummary, RetainedContainersKeepTheirContent) {
  // GET of an early tuple: still held, so no summary and no limit.
  const std::string tail = "cos\nsystem\nj"s + le32(1) + "R.";
  const auto t = trace_pickles(list_of_memoised_tuples(kMany, tail), Limits{});
  EXPECT_FALSE(has_anomaly(t, Anomaly::LimitReached, ""));
}

TEST(MemoSummary, AMemoisedDictFilledLaterStillHasItsImportJudged) {
  // Past the budget, a memoised dict is filled through the memo with an
  // imported name after its parent took it: the import is still judged.
  std::string data = list_of_memoised_tuples(kMany, "");
  const std::uint32_t dict_index = static_cast<std::uint32_t>(kMany) + 1;
  data += "(}\x94"s + "e" + "j"s + le32(dict_index) + "X\x01\x00\x00\x00kcos\nsystem\ns0N."s;
  const auto findings = test::scan(data);
  EXPECT_TRUE(test::has_rule(findings, "PICKLE-EXEC", "os.system")) << test::describe(findings);
}

}  // namespace
}  // namespace sentinel::pickle
