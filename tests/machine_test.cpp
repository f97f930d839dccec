// The symbolic machine, opcode by opcode, and name resolution as find_class
// does it. Expectations are what CPython's C unpickler builds or raises.
#include <gtest/gtest.h>

#include "rules/callable_resolution.hpp"
#include "support.hpp"

namespace sentinel::pickle {
namespace {

using test::pasm;

// The root of the first stream, rendered like Python's repr.
std::string root(const std::string& source) {
  const auto traced = test::trace(pasm(source));
  const auto& t = traced.trace;
  if (t.streams.empty() || !t.streams[0].stopped) return "<no root>";
  return rules::render_value(t.values, t.streams[0].root, 400);
}

std::vector<Anomaly> anomalies(const FileTrace& t) {
  std::vector<Anomaly> out;
  for (const auto& s : t.streams) {
    for (const auto& e : s.events) {
      if (e.kind == EventKind::Anomaly) out.push_back(e.anomaly);
    }
  }
  return out;
}

// Streams without a PROTO that break at once are "not a pickle"; the PROTO
// prefix keeps such one-opcode samples in scope.
bool has_anomaly(const std::string& source, Anomaly a) {
  const auto v = anomalies(test::trace(pasm("PROTO 2\n" + source)).trace);
  return std::find(v.begin(), v.end(), a) != v.end();
}

std::vector<std::string> imports(const std::string& source) {
  const auto traced = test::trace(pasm(source));
  const auto& t = traced.trace;
  std::vector<std::string> out;
  for (const auto& s : t.streams) {
    for (const auto& e : s.events) {
      if (e.kind == EventKind::Import) out.push_back(rules::render_value(t.values, e.subject));
    }
  }
  return out;
}

TEST(Machine, Constants) {
  EXPECT_EQ(root("NONE\nSTOP"), "None");
  EXPECT_EQ(root("NEWTRUE\nSTOP"), "True");
  EXPECT_EQ(root("NEWFALSE\nSTOP"), "False");
  EXPECT_EQ(root("BININT1 200\nSTOP"), "200");
  EXPECT_EQ(root("BININT2 65535\nSTOP"), "65535");
  EXPECT_EQ(root("BININT -5\nSTOP"), "-5");
  EXPECT_EQ(root("LONG1 -129\nSTOP"), "-129");
  EXPECT_EQ(root("LONG4 340282366920938463463374607431768211456\nSTOP"), "340282366920938463463374607431768211456");
  EXPECT_EQ(root("INT \"12\"\nSTOP"), "12");
  EXPECT_EQ(root("INT \"01\"\nSTOP"), "True");
  EXPECT_EQ(root("LONG \"5L\"\nSTOP"), "5");
  EXPECT_EQ(root("FLOAT \"2.5\"\nSTOP"), "2.5");
  EXPECT_EQ(root("BINFLOAT -0.5\nSTOP"), "-0.5");
}

TEST(Machine, Strings) {
  EXPECT_EQ(root("STRING \"'ab'\"\nSTOP"), "'ab'");
  EXPECT_EQ(root("BINSTRING \"ab\"\nSTOP"), "'ab'");
  EXPECT_EQ(root("SHORT_BINSTRING \"ab\"\nSTOP"), "'ab'");
  EXPECT_EQ(root("UNICODE \"\\\\u0061b\"\nSTOP"), "'ab'");
  EXPECT_EQ(root("BINUNICODE \"ab\"\nSTOP"), "'ab'");
  EXPECT_EQ(root("SHORT_BINUNICODE \"ab\"\nSTOP"), "'ab'");
  EXPECT_EQ(root("BINUNICODE8 \"ab\"\nSTOP"), "'ab'");
  EXPECT_EQ(root("BINBYTES \"ab\"\nSTOP"), "b'ab'");
  EXPECT_EQ(root("SHORT_BINBYTES \"a\\x00\"\nSTOP"), "b'a\\x00'");
  EXPECT_EQ(root("BINBYTES8 \"ab\"\nSTOP"), "b'ab'");
  EXPECT_EQ(root("BYTEARRAY8 \"ab\"\nSTOP"), "bytearray(b'ab')");
  EXPECT_TRUE(has_anomaly("SHORT_BINUNICODE \"\\xff\"\nSTOP", Anomaly::BadArgument));
  EXPECT_TRUE(has_anomaly("BINSTRING len=0x80000000 \"\"\nSTOP", Anomaly::BadArgument));
  EXPECT_TRUE(has_anomaly("BINBYTES len=100 \"ab\"\nSTOP", Anomaly::Truncated));
}

TEST(Machine, Containers) {
  EXPECT_EQ(root("EMPTY_LIST\nMARK\nBININT1 1\nBININT1 2\nAPPENDS\nBININT1 3\nAPPEND\nSTOP"), "[1, 2, 3]");
  EXPECT_EQ(root("MARK\nBININT1 1\nLIST\nSTOP"), "[1]");
  EXPECT_EQ(root("EMPTY_TUPLE\nSTOP"), "()");
  EXPECT_EQ(root("BININT1 1\nTUPLE1\nSTOP"), "(1,)");
  EXPECT_EQ(root("BININT1 1\nBININT1 2\nTUPLE2\nSTOP"), "(1, 2)");
  EXPECT_EQ(root("BININT1 1\nBININT1 2\nBININT1 3\nTUPLE3\nSTOP"), "(1, 2, 3)");
  EXPECT_EQ(root("MARK\nBININT1 1\nBININT1 2\nTUPLE\nSTOP"), "(1, 2)");
  EXPECT_EQ(root("EMPTY_DICT\nSHORT_BINUNICODE \"a\"\nBININT1 1\nSETITEM\nSTOP"), "{'a': 1}");
  EXPECT_EQ(root("EMPTY_DICT\nMARK\nBININT1 1\nBININT1 2\nSETITEMS\nSTOP"), "{1: 2}");
  EXPECT_EQ(root("MARK\nBININT1 1\nBININT1 2\nDICT\nSTOP"), "{1: 2}");
  EXPECT_EQ(root("EMPTY_SET\nMARK\nBININT1 1\nADDITEMS\nSTOP"), "{1}");
  EXPECT_EQ(root("MARK\nBININT1 1\nFROZENSET\nSTOP"), "frozenset({1})");
  EXPECT_TRUE(has_anomaly("MARK\nBININT1 1\nDICT\nSTOP", Anomaly::BadArgument));
  EXPECT_TRUE(has_anomaly("EMPTY_DICT\nMARK\nBININT1 1\nSETITEMS\nSTOP", Anomaly::BadArgument));
  EXPECT_TRUE(has_anomaly("EMPTY_TUPLE\nBININT1 1\nAPPEND\nSTOP", Anomaly::BadOperandType));
}

TEST(Machine, StackAndMarks) {
  EXPECT_EQ(root("BININT1 1\nBININT1 2\nPOP\nSTOP"), "1");
  EXPECT_EQ(root("BININT1 1\nDUP\nTUPLE2\nSTOP"), "(1, 1)");
  EXPECT_EQ(root("BININT1 1\nMARK\nBININT1 2\nBININT1 3\nPOP_MARK\nSTOP"), "1");
  // load_pop pops a MARK that sits on top of the stack.
  EXPECT_EQ(root("BININT1 1\nMARK\nPOP\nSTOP"), "1");
  EXPECT_TRUE(has_anomaly("POP\nSTOP", Anomaly::StackUnderflow));
  EXPECT_TRUE(has_anomaly("BININT1 1\nMARK\nDUP\nSTOP", Anomaly::StackUnderflow));  // DUP may not cross the mark
  EXPECT_TRUE(has_anomaly("BININT1 1\nTUPLE\nSTOP", Anomaly::MarkMissing));
  EXPECT_TRUE(has_anomaly("BININT1 1\nBININT1 2\nSTOP", Anomaly::LeftoverStack));
  EXPECT_TRUE(has_anomaly("STOP", Anomaly::StackUnderflow));
}

TEST(Machine, Memo) {
  EXPECT_EQ(root("BININT1 7\nBINPUT 3\nPOP\nBINGET 3\nSTOP"), "7");
  EXPECT_EQ(root("BININT1 7\nLONG_BINPUT 70000\nPOP\nLONG_BINGET 70000\nSTOP"), "7");
  EXPECT_EQ(root("BININT1 7\nPUT \"5\"\nPOP\nGET \"5\"\nSTOP"), "7");
  EXPECT_EQ(root("BININT1 7\nMEMOIZE\nBININT1 8\nMEMOIZE\nPOP\nPOP\nBINGET 1\nSTOP"), "8");
  EXPECT_EQ(root("BININT1 7\nLONG_BINPUT 4294967295\nPOP\nLONG_BINGET 4294967295\nSTOP"), "7");
  EXPECT_TRUE(has_anomaly("BINGET 3\nSTOP", Anomaly::MemoMissing));
  EXPECT_TRUE(has_anomaly("MEMOIZE\nSTOP", Anomaly::StackUnderflow));
  EXPECT_TRUE(has_anomaly("NONE\nPUT \"-1\"\nSTOP", Anomaly::BadArgument));
}

TEST(Machine, Calls) {
  EXPECT_EQ(root("GLOBAL \"collections\" \"OrderedDict\"\nEMPTY_TUPLE\nREDUCE\nSTOP"), "collections.OrderedDict()");
  EXPECT_EQ(root("PROTO 2\nGLOBAL \"m\" \"C\"\nEMPTY_TUPLE\nNEWOBJ\nSTOP"), "m.C()");
  EXPECT_EQ(root("PROTO 4\nGLOBAL \"m\" \"C\"\nEMPTY_TUPLE\nEMPTY_DICT\nNEWOBJ_EX\nSTOP"), "m.C()");
  EXPECT_EQ(root("MARK\nGLOBAL \"m\" \"C\"\nBININT1 1\nOBJ\nSTOP"), "m.C(1,)");
  EXPECT_EQ(root("MARK\nBININT1 1\nINST \"m\" \"C\"\nSTOP"), "m.C(1,)");
  EXPECT_TRUE(has_anomaly("GLOBAL \"m\" \"f\"\nEMPTY_LIST\nREDUCE\nSTOP", Anomaly::BadOperandType));
  EXPECT_TRUE(has_anomaly("BININT1 1\nEMPTY_TUPLE\nNEWOBJ\nSTOP", Anomaly::BadOperandType));
}

TEST(Machine, BuildRecordsState) {
  const auto traced = test::trace(pasm("GLOBAL \"m\" \"C\"\nEMPTY_TUPLE\nREDUCE\nEMPTY_DICT\nBUILD\nSTOP"));
  const auto& t = traced.trace;
  ASSERT_EQ(t.streams.size(), 1U);
  EXPECT_EQ(t.values.states(t.streams[0].root).size(), 1U);
}

TEST(Machine, CallsAreRecordedEvenWhenPopped) {
  // fickling GHSA-mxhj-88fx-4pcv: an OBJ whose result is popped still ran.
  const auto traced = test::trace(pasm("PROTO 4\nMARK\nSHORT_BINUNICODE \"smtplib\"\nSHORT_BINUNICODE \"SMTP\"\nSTACK_GLOBAL\n"
                                  "SHORT_BINUNICODE \"127.0.0.1\"\nOBJ\nPOP\nNONE\nSTOP"));
  const auto& t = traced.trace;
  int calls = 0;
  for (const auto& e : t.streams[0].events) calls += e.kind == EventKind::Call ? 1 : 0;
  EXPECT_EQ(calls, 1);
}

TEST(Machine, PersistentAndExtension) {
  EXPECT_EQ(root("PERSID \"k\"\nSTOP"), "persistent_load('k')");
  EXPECT_EQ(root("SHORT_BINUNICODE \"k\"\nBINPERSID\nSTOP"), "persistent_load('k')");
  EXPECT_EQ(root("PROTO 2\nEXT1 7\nSTOP"), "extension(7)");
  EXPECT_EQ(root("PROTO 2\nEXT2 300\nSTOP"), "extension(300)");
  EXPECT_EQ(root("PROTO 2\nEXT4 70000\nSTOP"), "extension(70000)");
  EXPECT_TRUE(has_anomaly("PROTO 2\nEXT4 -1\nSTOP", Anomaly::BadArgument));
  EXPECT_TRUE(has_anomaly("PERSID \"\\xe9\"\nSTOP", Anomaly::BadArgument));
}

TEST(Machine, BuffersProtocolAndUnknownOpcodes) {
  EXPECT_TRUE(has_anomaly("PROTO 5\nNEXT_BUFFER\nREADONLY_BUFFER\nSTOP", Anomaly::OutOfBandBuffer));
  EXPECT_TRUE(has_anomaly("PROTO 6\nNONE\nSTOP", Anomaly::UnsupportedProtocol));
  EXPECT_TRUE(has_anomaly("NONE\nRAW hex\"ff\"", Anomaly::UnknownOpcode));
  EXPECT_TRUE(has_anomaly("NONE", Anomaly::Truncated));
}

TEST(Machine, FrameHonouredLinearly) {
  EXPECT_EQ(root("PROTO 4\nFRAME 3\nBININT1 5\nSTOP"), "5");
  EXPECT_TRUE(has_anomaly("PROTO 4\nFRAME 100\nNONE\nSTOP", Anomaly::FrameLie));
  // An opcode that starts inside the frame and ends past it is a lie.
  EXPECT_TRUE(has_anomaly("PROTO 4\nFRAME 3\nSHORT_BINUNICODE \"abc\"\nSTOP", Anomaly::FrameLie));
  EXPECT_TRUE(has_anomaly("PROTO 4\nFRAME 2\nSHORT_BINUNICODE \"abc\"\nSTOP", Anomaly::FrameLie));
  EXPECT_FALSE(has_anomaly("PROTO 4\nFRAME 5\nSHORT_BINUNICODE \"abc\"\nSTOP", Anomaly::FrameLie));
}

TEST(Machine, ResolutionMapsPython2NamesBelowProtocol3) {
  EXPECT_EQ(imports("GLOBAL \"__builtin__\" \"eval\"\nSTOP"), std::vector<std::string>{"builtins.eval"});
  EXPECT_EQ(imports("PROTO 2\nGLOBAL \"copy_reg\" \"_reconstructor\"\nSTOP"),
            std::vector<std::string>{"copyreg._reconstructor"});
  EXPECT_EQ(imports("PROTO 2\nGLOBAL \"__builtin__\" \"xrange\"\nSTOP"), std::vector<std::string>{"builtins.range"});
  // Protocol 3 and later do not map.
  EXPECT_EQ(imports("PROTO 3\nGLOBAL \"__builtin__\" \"eval\"\nSTOP"), std::vector<std::string>{"__builtin__.eval"});
}

TEST(Machine, StackGlobalOperandsFromAnyStringSource) {
  const std::vector<std::string> want{"os.system"};
  EXPECT_EQ(imports("PROTO 4\nSHORT_BINUNICODE \"os\"\nSHORT_BINUNICODE \"system\"\nSTACK_GLOBAL\nSTOP"), want);
  EXPECT_EQ(imports("STRING \"'os'\"\nSHORT_BINSTRING \"system\"\nSTACK_GLOBAL\nSTOP"), want);
  EXPECT_EQ(imports("PROTO 4\nSHORT_BINUNICODE \"os\"\nBINPUT 1\nPOP\nSHORT_BINUNICODE \"system\"\nBINPUT 0\nPOP\n"
                    "BINGET 1\nBINGET 0\nSTACK_GLOBAL\nSTOP"),
            want);
  // MEMOIZE writes at the count of memo entries, as _pickle.c's memo_len.
  EXPECT_EQ(imports("PROTO 4\nSHORT_BINUNICODE \"os\"\nMEMOIZE\nPOP\nSHORT_BINUNICODE \"system\"\nMEMOIZE\nPOP\n"
                    "BINGET 0\nBINGET 1\nSTACK_GLOBAL\nSTOP"),
            want);
  EXPECT_EQ(imports("PROTO 4\nSHORT_BINUNICODE \"os\"\nDUP\nPOP\nUNICODE \"system\"\nSTACK_GLOBAL\nSTOP"), want);
}

TEST(Machine, StackGlobalRejectsNonStrings) {
  EXPECT_TRUE(has_anomaly("PROTO 4\nSHORT_BINBYTES \"os\"\nSHORT_BINUNICODE \"system\"\nSTACK_GLOBAL\nSTOP",
                          Anomaly::BadOperandType));
  EXPECT_TRUE(has_anomaly("PROTO 4\nBININT1 1\nSHORT_BINUNICODE \"system\"\nSTACK_GLOBAL\nSTOP", Anomaly::BadOperandType));
  EXPECT_TRUE(has_anomaly("PROTO 4\nGLOBAL \"m\" \"f\"\nEMPTY_TUPLE\nREDUCE\nSHORT_BINUNICODE \"x\"\nSTACK_GLOBAL\nSTOP",
                          Anomaly::UnresolvedOperand));
}

TEST(Machine, BuildOnGlobalShadowsLaterImports) {
  // modelscan#85: BUILD writes numpy.prod.a = 'os'; GLOBAL numpy prod.a then yields 'os'.
  const auto traced = test::trace(pasm(R"(PROTO 5
GLOBAL "numpy" "prod"
NONE
MARK
UNICODE "a"
UNICODE "os"
DICT
TUPLE2
BUILD
POP
GLOBAL "numpy" "prod.a"
SHORT_BINUNICODE "system"
STACK_GLOBAL
STOP)"));
  const auto& t = traced.trace;
  std::vector<std::string> got;
  for (const auto& e : t.streams[0].events) {
    if (e.kind == EventKind::Import) got.push_back(rules::render_value(t.values, e.subject));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"numpy.prod", "numpy.prod.a", "os.system"}));
}

TEST(Machine, SeveralStreamsAndJunk) {
  const auto traced = test::trace(pasm("PROTO 2\nNONE\nSTOP\nPROTO 2\nBININT1 1\nSTOP\nRAW hex\"00 00\"\nPROTO 2\nNEWTRUE\nSTOP"));
  const auto& t = traced.trace;
  ASSERT_EQ(t.streams.size(), 3U);
  EXPECT_EQ(rules::render_value(t.values, t.streams[2].root), "True");
  const auto a = anomalies(t);
  EXPECT_NE(std::find(a.begin(), a.end(), Anomaly::TrailingData), a.end());
  EXPECT_NE(std::find(a.begin(), a.end(), Anomaly::MultipleStreams), a.end());
}

TEST(Machine, NotAPickle) {
  EXPECT_FALSE(test::trace("hello world\n").trace.is_pickle);
  EXPECT_FALSE(test::trace("").trace.is_pickle);
  EXPECT_FALSE(test::trace("import os\n").trace.is_pickle);
  EXPECT_TRUE(test::trace(pasm("PROTO 4\nRAW hex\"ff\"")).trace.is_pickle);
}

TEST(Machine, LimitsAreFindingsNotTruncation) {
  Limits limits;
  limits.max_opcodes = 3;
  const std::string five = pasm("NONE\nNONE\nNONE\nNONE\nTUPLE3\nSTOP");
  const auto t = trace_pickles(five, limits);
  EXPECT_TRUE(t.limit_reached);
  limits = Limits{};
  limits.max_mark_depth = 2;
  EXPECT_TRUE(trace_pickles(pasm("MARK\nMARK\nMARK\nSTOP"), limits).limit_reached);
  limits = Limits{};
  limits.max_memo_entries = 1;
  EXPECT_TRUE(trace_pickles(pasm("NONE\nMEMOIZE\nMEMOIZE\nBINPUT 5\nSTOP"), limits).limit_reached);
  limits = Limits{};
  limits.max_string_size = 2;
  EXPECT_TRUE(trace_pickles(pasm("SHORT_BINUNICODE \"abc\"\nSTOP"), limits).limit_reached);
  limits = Limits{};
  limits.max_container_items = 2;
  EXPECT_TRUE(trace_pickles(pasm("MARK\nNONE\nNONE\nNONE\nLIST\nSTOP"), limits).limit_reached);
  limits = Limits{};
  limits.max_stack_depth = 2;
  EXPECT_TRUE(trace_pickles(pasm("NONE\nNONE\nNONE\nTUPLE3\nSTOP"), limits).limit_reached);
}

TEST(Machine, LargeListsKeepStructureButNotEveryScalar) {
  std::string src = "PROTO 4\nEMPTY_LIST\nMARK\n";
  for (int i = 0; i < 5000; ++i) src += "BININT1 1\n";
  src += "APPENDS\nSTOP\n";
  const auto traced = test::trace(pasm(src));
  const auto& t = traced.trace;
  const auto& list = t.values.node(t.streams[0].root);
  EXPECT_EQ(list.items.size() + list.dropped, 5000U);
  EXPECT_EQ(list.items.size(), ValueStore::kRetainedScalars);
}

TEST(Machine, InertContainersBeyondRetentionAreRecycled) {
  // 6000 small inert lists in one list: past kRetainedScalars they are counted,
  // and their nodes reused, so memory does not follow the file size.
  std::string src = "PROTO 4\nEMPTY_LIST\nMARK\n";
  for (int i = 0; i < 6000; ++i) src += "EMPTY_LIST\nMARK\nBININT1 1\nBININT1 2\nAPPENDS\n";
  src += "APPENDS\nSTOP\n";
  const auto traced = test::trace(pasm(src));
  const auto& t = traced.trace;
  const auto& root_list = t.values.node(t.streams[0].root);
  EXPECT_EQ(root_list.items.size() + root_list.dropped, 6000U);
  EXPECT_LT(t.values.size(), 4200U);
}

TEST(Machine, ReferencedContainersSurviveDropping) {
  // The 5000th inner list is memoized; it must stay intact although its parent
  // dropped it, and a later GET sees its items.
  std::string src = "PROTO 4\nEMPTY_LIST\nMARK\n";
  for (int i = 0; i < 5000; ++i) {
    src += "EMPTY_LIST\n";
    if (i == 4999) src += "BINPUT 7\n";
    src += "MARK\nBININT1 " + std::to_string(i % 200) + "\nAPPENDS\n";
  }
  src += "APPENDS\nPOP\n";
  for (int i = 0; i < 50; ++i) src += "EMPTY_LIST\nMARK\nBININT1 9\nAPPENDS\nPOP\n";  // reuse freed nodes
  src += "BINGET 7\nSTOP\n";
  EXPECT_EQ(root(src), "[199]");
}

}  // namespace
}  // namespace sentinel::pickle

namespace sentinel::pickle {
namespace {

// torch.load's find_class answers a name containing "Storage" before it
// looks at the module (container harness divergence): the stream reads on
// whatever the module text, and the import after it is traced. Any other
// name with such a module still ends the stream, as __import__ raises.
TEST(Machine, StorageNameReadsOnWhateverTheModuleText) {
  for (const std::string module : {"tor\\x05h", "not a module"}) {
    const auto storage = test::scan(test::pasm("PROTO 2\nRAW \"c" + module +
                                               "\\nFloatStorage\\n\"\nPOP\nGLOBAL \"os\" \"system\"\n"
                                               "SHORT_BINUNICODE \"true\"\nTUPLE1\nREDUCE\nSTOP"));
    EXPECT_TRUE(test::has_rule(storage, "PICKLE-EXEC", "os.system")) << module << "\n" << test::describe(storage);
    const auto other = test::trace(test::pasm("PROTO 2\nRAW \"c" + module + "\\nFloatTensor\\n\"\nSTOP"));
    EXPECT_TRUE(other.trace.streams[0].broken) << module;
  }
}

}  // namespace
}  // namespace sentinel::pickle
