// Google Benchmark timings of the machine's parts on in-memory inputs built
// here, so a regression can be pinned to one kind of opcode or one parser:
//   sentinel_micro_bench [--benchmark_filter=REGEX]
// The big-integer cases report their complexity (Complexity()), which is how
// super-linear argument parsing shows up before a fuzzer's timeout does.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "pickle/assembler.hpp"
#include "pickle/machine.hpp"
#include "pickle/text_forms.hpp"
#include "rules/analyzer.hpp"

namespace {

using sentinel::Limits;

void append_u64(std::string& s, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// PROTO 4 | FRAME | EMPTY_LIST | (MARK <items> APPENDS)* | STOP, 1000 items a
// batch like the C Pickler writes; `item` is the bytes of one item.
std::string list_pickle(const std::string& item, std::size_t items) {
  std::string body = "]";
  for (std::size_t done = 0; done < items;) {
    body += '(';
    for (std::size_t k = 0; k < 1000 && done < items; ++k, ++done) body += item;
    body += 'e';
  }
  std::string out = "\x80\x04\x95";
  append_u64(out, body.size());
  return out + body + ".";
}

void run_trace(benchmark::State& state, const std::string& bytes) {
  const Limits limits;
  std::uint64_t opcodes = 0;
  for (auto _ : state) {
    const auto t = sentinel::pickle::trace_pickles(bytes, limits);
    opcodes = t.streams.empty() ? 0 : t.streams.front().opcodes;
    benchmark::DoNotOptimize(t.streams.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  state.counters["opcodes/s"] =
      benchmark::Counter(static_cast<double>(opcodes), benchmark::Counter::kIsIterationInvariantRate);
}

// Scalars only: opcode dispatch and the stack, no node per item.
void BM_TraceListOfSmallInts(benchmark::State& state) {
  run_trace(state, list_pickle(std::string("K\x07", 2), 1'000'000));
}
BENCHMARK(BM_TraceListOfSmallInts)->Unit(benchmark::kMillisecond);

void BM_TraceListOfFloats(benchmark::State& state) {
  run_trace(state, list_pickle(std::string("G\x3f\xf0\x00\x00\x00\x00\x00\x00", 9), 1'000'000));
}
BENCHMARK(BM_TraceListOfFloats)->Unit(benchmark::kMillisecond);

void BM_TraceListOfShortStrs(benchmark::State& state) {
  run_trace(state, list_pickle(std::string("\x8c\x04name", 6), 1'000'000));
}
BENCHMARK(BM_TraceListOfShortStrs)->Unit(benchmark::kMillisecond);

// One node per item: (int, str) tuples, [int, None, bool] lists, {str: int} dicts.
void BM_TraceListOfTuple2(benchmark::State& state) {
  run_trace(state, list_pickle(std::string("K\x01\x8c\x01x\x86", 6), 1'000'000));
}
BENCHMARK(BM_TraceListOfTuple2)->Unit(benchmark::kMillisecond);

void BM_TraceListOfSmallLists(benchmark::State& state) {
  run_trace(state, list_pickle(std::string("](K\x01N\x88" "e", 7), 1'000'000));
}
BENCHMARK(BM_TraceListOfSmallLists)->Unit(benchmark::kMillisecond);

void BM_TraceListOfSmallDicts(benchmark::State& state) {
  run_trace(state, list_pickle(std::string("}\x8c\x01kK\x01s", 7), 1'000'000));
}
BENCHMARK(BM_TraceListOfSmallDicts)->Unit(benchmark::kMillisecond);

// The whole scan (machine + rules) of a small malicious stream: per-file
// fixed costs.
void BM_ScanSmallPayload(benchmark::State& state) {
  const std::string bytes("\x80\x04\x8c\x02os\x8c\x06system\x93\x8c\x02id\x85R.", 25);
  sentinel::rules::ArtifactContext ctx;
  ctx.path = ctx.retest_target = "payload.pkl";
  for (auto _ : state) {
    bool is_pickle = false;
    auto findings = sentinel::rules::scan_pickle_bytes(bytes, ctx, is_pickle);
    benchmark::DoNotOptimize(findings.data());
  }
}
BENCHMARK(BM_ScanSmallPayload);

// LONG1/LONG4 payloads of N bytes and INT/LONG lines of N digits.
void BM_DecodeLongBytes(benchmark::State& state) {
  const std::string bytes(static_cast<std::size_t>(state.range(0)), '\x7f');
  for (auto _ : state) benchmark::DoNotOptimize(sentinel::pickle::decode_long_bytes(bytes));
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_DecodeLongBytes)->RangeMultiplier(4)->Range(16, 16 << 10)->Complexity();

void BM_ParseDecimalInt(benchmark::State& state) {
  const std::string text(static_cast<std::size_t>(state.range(0)), '7');
  for (auto _ : state) benchmark::DoNotOptimize(sentinel::pickle::parse_python_int(text, 10));
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_ParseDecimalInt)->RangeMultiplier(4)->Range(16, 16 << 10)->Complexity();

void BM_ParseFloatLine(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(sentinel::pickle::parse_float_line("-1.2345678901234567e-300"));
}
BENCHMARK(BM_ParseFloatLine);

void BM_ValidUtf8(benchmark::State& state) {
  std::string text;
  while (text.size() < 4096) text += "na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac ";
  for (auto _ : state) benchmark::DoNotOptimize(sentinel::pickle::valid_utf8_surrogatepass(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ValidUtf8);

void BM_AssembleCanonicalPayload(benchmark::State& state) {
  const std::string source =
      "PROTO 4\nSHORT_BINUNICODE \"os\"\nSHORT_BINUNICODE \"system\"\nSTACK_GLOBAL\n"
      "SHORT_BINUNICODE \"id\"\nTUPLE1\nREDUCE\nSTOP\n";
  for (auto _ : state) {
    auto a = sentinel::pickle::assemble(source);
    benchmark::DoNotOptimize(a.has_value());
  }
}
BENCHMARK(BM_AssembleCanonicalPayload);

}  // namespace

BENCHMARK_MAIN();
