// What the symbolic machine observed: for each pickle stream in a file, the
// side effects the unpickler would perform (imports, calls, state writes,
// persistent loads, extension lookups) at the opcode that performs them, and
// every structural anomaly. Rules read only this.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pickle/unpickler_dialect.hpp"
#include "pickle/value.hpp"

namespace sentinel::pickle {

enum class EventKind : std::uint8_t {
  Import,          // subject: Global node
  Call,            // subject: Call node
  Build,           // subject: BUILD target, detail: state
  Mutate,          // APPEND(S)/SETITEM(S)/ADDITEMS on something that is not a plain container
  PersistentLoad,  // subject: Persistent node
  Extension,       // subject: Extension node
  Anomaly,
};

enum class Anomaly : std::uint8_t {
  UnknownOpcode,
  Truncated,
  StackUnderflow,
  MarkMissing,
  LeftoverStack,
  MemoMissing,
  BadArgument,
  BadOperandType,      // e.g. STACK_GLOBAL on bytes; the unpickler raises here
  UnresolvedOperand,   // an operand known only at load time (e.g. computed names)
  FrameLie,
  TrailingData,
  MultipleStreams,
  ReducerChain,
  PersistentId,
  ExtensionCode,
  UnsupportedProtocol,
  OutOfBandBuffer,
  LimitReached,
  InlineData,  // a loader reads raw data here whose extent cannot be determined
  TrailingNewline,  // one '\n' after STOP, as numpy writes: not tampering on its own
  ReadingsDiffer,   // _pickle.c and pickle.py read the bytes here differently
};

[[nodiscard]] std::string_view anomaly_name(Anomaly a);

struct Event {
  EventKind kind;
  Opcode op;
  Anomaly anomaly = Anomaly::UnknownOpcode;  // when kind == Anomaly
  std::uint64_t offset;
  Ref subject;
  Ref detail;
  std::string message;  // anomalies: what happened, lower-case, no final period
};

struct StreamTrace {
  std::uint64_t start = 0;
  std::uint64_t end = 0;          // one past the last byte the stream consumed
  int protocol = -1;              // the first PROTO argument, -1 without one
  bool stopped = false;           // reached STOP with a value
  bool broken = false;            // the unpickler would raise before STOP
  bool file_reader_view = false;  // decoded as a file-object unpickler reads frames
  // Decoded as plain pickle.load reads it, over data the format's loader steps
  // over (joblib arrays, legacy torch storages): only its effects matter, as
  // that data is not meant to be opcodes.
  bool plain_view = false;
  // Which unpickler's reading this is: Python where the two differ.
  Unpickler unpickler = Unpickler::C;
  std::uint64_t opcodes = 0;
  Ref root;
  std::vector<Event> events;

  // Something the unpickler would do that matters: an import or a call.
  [[nodiscard]] bool has_effects() const;
};

struct FileTrace {
  ValueStore values;
  std::vector<StreamTrace> streams;
  bool is_pickle = false;  // byte 0 starts a stream the unpickler would act on
  bool limit_reached = false;
};

}  // namespace sentinel::pickle
