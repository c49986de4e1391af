#!/usr/bin/env python3
"""An independent check of a Volcengine RTC callback signature, written from the documented
algorithm only (docs/6348/69820, BytePlus docs/75124): sort the values of EventType, EventData,
EventTime, EventId, AppId, Version, Nonce (BytePlus: Noce) and the SecretKey byte-wise, concatenate
them, SHA-256, lowercase hex; compare with Signature.

Reads the body on stdin, the secret from VOLC_RTC_CALLBACK_SECRET. Exit 0 and "ok" when the
signature matches, 1 otherwise. Standard library only.
"""
import hashlib
import json
import os
import sys


def main() -> int:
    secret = os.environ.get("VOLC_RTC_CALLBACK_SECRET", "")
    body = json.loads(sys.stdin.buffer.read())
    nonce = body["Nonce"] if "Nonce" in body else body["Noce"]
    parts = [body[k] for k in ("EventType", "EventData", "EventTime", "EventId", "AppId", "Version")]
    parts += [nonce, secret]
    parts = sorted(p.encode("utf-8") for p in parts)
    digest = hashlib.sha256(b"".join(parts)).hexdigest()
    if digest == body["Signature"]:
        print("ok")
        return 0
    print(f"mismatch: expected {digest}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
