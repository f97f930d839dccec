// Names for trace enums and small trace queries.
#include "pickle/trace.hpp"

namespace sentinel::pickle {

std::string_view anomaly_name(Anomaly a) {
  switch (a) {
    case Anomaly::UnknownOpcode: return "unknown-opcode";
    case Anomaly::Truncated: return "truncated";
    case Anomaly::StackUnderflow: return "stack-underflow";
    case Anomaly::MarkMissing: return "mark-missing";
    case Anomaly::LeftoverStack: return "leftover-stack";
    case Anomaly::MemoMissing: return "memo-missing";
    case Anomaly::BadArgument: return "bad-argument";
    case Anomaly::BadOperandType: return "bad-operand-type";
    case Anomaly::UnresolvedOperand: return "unresolved-operand";
    case Anomaly::FrameLie: return "frame-lie";
    case Anomaly::TrailingData: return "trailing-data";
    case Anomaly::MultipleStreams: return "multiple-streams";
    case Anomaly::ReducerChain: return "reducer-chain";
    case Anomaly::PersistentId: return "persistent-id";
    case Anomaly::ExtensionCode: return "extension-code";
    case Anomaly::UnsupportedProtocol: return "unsupported-protocol";
    case Anomaly::OutOfBandBuffer: return "out-of-band-buffer";
    case Anomaly::LimitReached: return "limit-reached";
    case Anomaly::InlineData: return "inline-data";
    case Anomaly::TrailingNewline: return "trailing-newline";
    case Anomaly::ReadingsDiffer: return "readings-differ";
  }
  return "anomaly";
}

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::Unset: return "unset";
    case Kind::None: return "None";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::BigInt:
    case Kind::LongBytes: return "int";
    case Kind::Float: return "float";
    case Kind::Str: return "str";
    case Kind::Bytes: return "bytes";
    case Kind::ByteArray: return "bytearray";
    case Kind::Buffer: return "buffer";
    case Kind::Summary: return "summarised container";
    case Kind::Tuple: return "tuple";
    case Kind::List: return "list";
    case Kind::Dict: return "dict";
    case Kind::Set: return "set";
    case Kind::FrozenSet: return "frozenset";
    case Kind::Global: return "global";
    case Kind::Call: return "call result";
    case Kind::Persistent: return "persistent object";
    case Kind::Extension: return "extension object";
  }
  return "value";
}

bool StreamTrace::has_effects() const {
  for (const auto& e : events) {
    if (e.kind != EventKind::Anomaly) return true;
  }
  return false;
}

}  // namespace sentinel::pickle
