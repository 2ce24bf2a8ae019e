#!/usr/bin/env python3
"""After a full test run: fail if any secret value the tests used appears in any log they captured.

The tests append captured log lines and CLI output to logs-*.txt, and the secret values they use to
secrets-*.txt, in $OBC_TEST_RUN_DIR (see Tests/OBCTestSupport/TestRunRecorder.swift)."""
import glob
import os
import sys

directory = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("OBC_TEST_RUN_DIR", "")
secrets = set()
for path in glob.glob(os.path.join(directory, "secrets-*.txt")):
    with open(path, encoding="utf-8", errors="replace") as handle:
        secrets.update(line.strip() for line in handle if len(line.strip()) >= 16)
logs = ""
for path in glob.glob(os.path.join(directory, "logs-*.txt")):
    with open(path, encoding="utf-8", errors="replace") as handle:
        logs += handle.read()
if not secrets or not logs:
    print(f"scan-test-logs: nothing recorded in {directory!r} (secrets: {len(secrets)}, log bytes: {len(logs)})")
    sys.exit(1)
leaked = sorted(secret for secret in secrets if secret in logs)
print(f"scan-test-logs: {len(secrets)} secret values checked against {len(logs)} bytes of test logs; {len(leaked)} found")
for secret in leaked:
    print(f"  leaked: {secret[:6]}... ({len(secret)} characters)")
sys.exit(1 if leaked else 0)
