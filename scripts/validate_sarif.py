#!/usr/bin/python3
"""Validates a SARIF log against the official SARIF 2.1.0 JSON schema.

Usage: validate_sarif.py SCHEMA SARIF_FILE
Exit status: 0 valid, 1 invalid (one line per violation on stderr),
2 when the schema or the log cannot be read. Uses Debian's python3-jsonschema;
the validator class follows the schema's own `$schema` (draft-04 for SARIF),
and formats such as `uri` are checked where jsonschema can check them.
"""
import json
import sys

import jsonschema


def main(argv):
    if len(argv) != 3:
        print("usage: validate_sarif.py SCHEMA SARIF_FILE", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        with open(argv[2], encoding="utf-8") as f:
            log = json.load(f)
    except (OSError, ValueError) as e:
        print(f"validate_sarif: {e}", file=sys.stderr)
        return 2
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(map(str, e.absolute_path)))
    for e in errors:
        where = "/".join(map(str, e.absolute_path)) or "(root)"
        print(f"{argv[2]}: {where}: {e.message}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
