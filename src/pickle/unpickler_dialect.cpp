// The table of differences between _pickle.c and pickle.py (CPython 3.11 to
// 3.13 read alike here); machine.cpp implements each row.
#include "pickle/unpickler_dialect.hpp"

namespace sentinel::pickle {
namespace {

constexpr ReadingDifference kDifferences[] = {
    {"INT line",
     "strtol(base 0) up to '\\n' or NUL, else int(text, 0) of the text before the first NUL; '010' is 8",
     "exactly b'00\\n'/b'01\\n' are bools, else int(line, 0): no NUL, no leading zeros"},
    {"LONG line", "int(text, 0) of the text before the first NUL, one 'L' before the newline dropped",
     "int(line[:-1], 0) after dropping one trailing 'L'; no NUL"},
    {"FLOAT line",
     "PyOS_string_to_double up to '\\n' or NUL: no whitespace, no underscores, overflow raises",
     "float(line[:-1]): surrounding whitespace, underscores between digits, overflow gives inf; no NUL"},
    {"PUT and GET lines", "int(text, 10) of the text before the first NUL", "int(line[:-1]); no NUL"},
    {"a line at the end of the data without '\\n'", "raises: pickle data was truncated",
     "readline() returns the partial line and [:-1] drops its last byte: GLOBAL and INST still import"},
    {"FRAME longer than the data left", "raises: the frame must be readable whole",
     "reads the frame as far as the data goes"},
    {"REDUCE, NEWOBJ and NEWOBJ_EX arguments", "must be a tuple (kwargs an exact dict)",
     "func(*args) / cls.__new__(cls, *args, **kwargs): any iterable (str, bytes, list, dict, set) and any mapping"},
    {"SETITEMS with an odd number of items", "raises before setting anything",
     "sets every complete pair, calling __setitem__ on the target, then raises"},
    {"INST without a MARK", "raises before reading the names",
     "reads the names and imports them through find_class, then raises"},
};

}  // namespace

std::span<const ReadingDifference> reading_differences() { return kDifferences; }

std::string_view unpickler_name(Unpickler u) {
  return u == Unpickler::C ? "the C unpickler (_pickle.c)" : "pickle._Unpickler (pickle.py)";
}

}  // namespace sentinel::pickle
