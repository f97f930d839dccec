"""Runs one test module of tests/python the way `python3 -m unittest -v MODULE`
does (verbose output on stderr) and appends one line per test to RESULTS:
`OUTCOME<TAB>test id<TAB>detail`, OUTCOME one of OK, FAIL, ERROR, SKIP; a test
with a failing subtest is FAIL, with each failing subtest named in the detail.
Tracebacks go to RESULTS.tracebacks. Used by scripts/chroot/guard_tests.sh;
run from tests/python with the sentinel package on PYTHONPATH.

    python3 guard_tests_run.py MODULE RESULTS
"""

import os
import sys
import unittest


class Recording(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {}  # test id -> [outcome, [details]]
        self.tracebacks = []

    def _record(self, test, outcome, detail="", err=None, label=None):
        entry = self.outcomes.setdefault(test.id(), ["OK", []])
        rank = ["OK", "SKIP", "FAIL", "ERROR"]
        if rank.index(outcome) > rank.index(entry[0]):
            entry[0] = outcome
        if detail:
            entry[1].append(detail)
        if err is not None:
            lines = self._exc_info_to_string(err, test).rstrip().splitlines()
            if len(lines) > 50:  # the end says what failed
                lines = lines[:8] + [f"    ... {len(lines) - 48} lines ..."] + lines[-40:]
            self.tracebacks.append(f"{outcome}: {label or test.id()}\n" + "\n".join(lines))

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "OK")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "FAIL", f"{err[0].__name__}: {str(err[1]).splitlines()[0] if str(err[1]) else ''}", err)

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "ERROR", f"{err[0].__name__}: {str(err[1]).splitlines()[0] if str(err[1]) else ''}", err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "SKIP", reason)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            outcome = "FAIL" if issubclass(err[0], test.failureException) else "ERROR"
            message = str(err[1]).splitlines()[0] if str(err[1]) else ""
            self._record(test, outcome, f"{subtest._subDescription()}: {message}"[:400], err, label=str(subtest))


def main():
    module, results = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.getcwd())  # as `python3 -m unittest` does: the modules are in tests/python
    suite = unittest.defaultTestLoader.loadTestsFromName(module)
    runner = unittest.TextTestRunner(verbosity=2, resultclass=Recording)
    result = runner.run(suite)
    with open(results, "a") as out:
        for test_id, (outcome, details) in result.outcomes.items():
            detail = "; ".join(dict.fromkeys(details))
            out.write(f"{outcome}\t{test_id}\t{detail[:1500]}\n")
    with open(results + ".tracebacks", "a") as out:
        for block in result.tracebacks:
            out.write(block.rstrip() + "\n\n")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
