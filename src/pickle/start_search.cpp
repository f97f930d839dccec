// See start_search.hpp.
#include "pickle/start_search.hpp"

#include <algorithm>

#include "pickle/opcode_chain.hpp"

namespace sentinel::pickle {
namespace {

// Chains followed at once; more only costs skips, never a start.
constexpr std::size_t kMaxChains = 64;

// Where a run stopped reading alive: a broken run broke at its last anomaly's
// opcode, a run that stopped or ran out of budget at its end.
std::uint64_t death_of(const StreamTrace& run) {
  if (run.broken && !run.events.empty() && run.events.back().kind == EventKind::Anomaly) {
    return run.events.back().offset;
  }
  return run.stopped ? run.end : run.start;
}

}  // namespace

StartSearch::StartSearch(std::string_view data, std::uint64_t searched, WorkBudget& budget, bool linear,
                         bool build_steps)
    : data_(data),
      budget_(budget),
      chains_on_(linear),
      build_steps_(build_steps),
      bound_(kBaseOpcodes + std::min<std::uint64_t>(searched, UINT64_MAX / 16) * kOpcodesPerByte),
      left_(bound_) {}

bool StartSearch::charge(std::uint64_t work) {
  if (work >= left_) {
    left_ = 0;
    exhausted_ = true;
    return false;
  }
  left_ -= work;
  return true;
}

bool StartSearch::worth_running(std::uint64_t start) {
  if (exhausted_ || budget_.opcodes() == 0) {
    exhausted_ = true;
    return false;
  }
  bool covered = false;
  std::uint64_t steps = 0;
  for (auto& chain : chains_) {
    while (chain.at < start && chain.at < chain.death) {
      if (build_steps_ && data_[chain.at] == static_cast<char>(Opcode::BUILD)) {
        chain.death = chain.at;
        break;
      }
      const auto next = opcode_end(data_, chain.at);
      ++steps;
      chain.at = next.value_or(chain.death);
    }
    covered = covered || (chain.at == start && start < chain.death);
  }
  // Chains that have reached their death, or met another chain (the same
  // boundaries from here on), are done.
  std::erase_if(chains_, [&](const Chain& c) { return c.at >= c.death; });
  std::sort(chains_.begin(), chains_.end(), [](const Chain& a, const Chain& b) {
    return a.at != b.at ? a.at < b.at : a.death > b.death;
  });
  chains_.erase(std::unique(chains_.begin(), chains_.end(), [](const Chain& a, const Chain& b) { return a.at == b.at; }),
                chains_.end());
  return charge(steps) && !covered;
}

StreamTrace StartSearch::run(Machine& machine, std::uint64_t start) {
  // The run may spend no more than what is left of the search's bound.
  std::uint64_t& opcodes = budget_.opcodes();
  const std::uint64_t file_left = opcodes;
  const std::uint64_t allowed = std::min(file_left, left_);
  opcodes = allowed;
  StreamTrace s = machine.run(data_, start);
  const std::uint64_t used = allowed - opcodes;
  opcodes = file_left - used;
  charge(used);
  if (exhausted_ && allowed < file_left && !s.events.empty() && s.events.back().anomaly == Anomaly::LimitReached) {
    s.events.back().message = "the search for further streams reached its bound of " + std::to_string(bound_) +
                              " opcodes (linear in the bytes searched); the rest of the stream was not examined";
  }
  read_through(s);
  return s;
}

void StartSearch::read_through(const StreamTrace& run) {
  if (!chains_on_) return;
  const std::uint64_t death = death_of(run);
  if (death <= run.start) return;
  if (chains_.size() >= kMaxChains) chains_.erase(chains_.begin());
  chains_.push_back({run.start, death});
}

}  // namespace sentinel::pickle
