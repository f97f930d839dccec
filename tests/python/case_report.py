"""One JSON line per case for the guarded subprocess scripts (guarded_cases.py,
guarded_bypasses.py): refused (UnsafeFileError), loaded, or error."""

import json


def report(case, load, after=None):
    try:
        load()
        outcome, detail = "loaded", ""
    except Exception as e:  # noqa: BLE001 - every outcome is reported to the parent
        import sentinel

        outcome = "refused" if isinstance(e, sentinel.UnsafeFileError) else "error"
        detail = f"{getattr(e, 'rule_id', type(e).__name__)}: {e}"
    extra = {} if after is None else {"after": after()}
    print(json.dumps({"case": case, "outcome": outcome, "detail": detail, **extra}), flush=True)
