// The opcode table equals CPython's pickletools.opcodes (names, codes,
// protocols), as the house style asks: checked against the machine's Python.
#include <gtest/gtest.h>

#include <sstream>

#include "pickle/opcodes.hpp"
#include "support.hpp"

namespace sentinel::pickle {
namespace {

TEST(OpcodeTable, HasAllSixtyEightOpcodes) { EXPECT_EQ(opcode_table().size(), 68U); }

TEST(OpcodeTable, MatchesPickletools) {
  int status = 0;
  const std::string out = test::run_command(
      "/usr/bin/python3 -c \"import pickletools\nfor o in pickletools.opcodes: print(o.name, o.code.encode('latin-1')[0], o.proto)\"",
      status);
  ASSERT_EQ(status, 0);
  std::istringstream in(out);
  std::string name;
  int code = 0;
  int proto = 0;
  std::size_t i = 0;
  const auto table = opcode_table();
  while (in >> name >> code >> proto) {
    ASSERT_LT(i, table.size());
    EXPECT_EQ(table[i].name, name);
    EXPECT_EQ(static_cast<int>(table[i].code), code) << name;
    EXPECT_EQ(table[i].protocol, proto) << name;
    EXPECT_EQ(opcode_info(static_cast<std::uint8_t>(code)), &table[i]);
    ++i;
  }
  EXPECT_EQ(i, table.size());
}

TEST(OpcodeTable, LookupByName) {
  EXPECT_EQ(opcode_by_name("STACK_GLOBAL")->code, Opcode::STACK_GLOBAL);
  EXPECT_EQ(opcode_by_name("NOPE"), nullptr);
  EXPECT_EQ(opcode_info(0xff), nullptr);
}

}  // namespace
}  // namespace sentinel::pickle
