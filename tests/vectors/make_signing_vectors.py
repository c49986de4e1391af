#!/usr/bin/env python3
"""Generate tests/vectors/signing.json with the OFFICIAL Volcengine Python SDK.

Run from the repository root:

    pip install volcengine==1.0.229 && python3 tests/vectors/make_signing_vectors.py

signing.json in this directory was produced with volcengine 1.0.229 (volc-sdk-python,
`volcengine/auth/SignerV4.py` + `volcengine/util/Util.py`) on CPython 3.11.

Nothing about the algorithm is reimplemented here. For every case the script builds a
`volcengine.base.Request.Request`, pins the SDK's clock (the `datetime` module as seen by
`volcengine.auth.SignerV4`) to a fixed instant, and calls `SignerV4.sign(request, credentials)`.
The intermediate values are captured while the SDK runs, by wrapping (and delegating to) the
SDK's own helpers:
  * canonical request : the string that `SignerV4.hashed_canonical_request_v4` passes to
                        `Util.sha256` (the call whose result ends the string to sign);
  * content_sha256    : the `X-Content-Sha256` header the signer set (= `Util.sha256(body)`);
  * string to sign    : the content of the last `Util.hmac_sha256` call made by `SignerV4.sign`;
  * signed headers,
    signature         : the `meta.signed_headers` / `signature` arguments that `SignerV4.sign`
                        hands to `SignerV4.build_auth_header_v4`;
  * authorization,
    headers           : read back from `request.headers` after signing.
Each case is then cross-checked with `SignerV4.signature_v4(SignerV4.get_signing_secret_key_v4(...))`.

Like the SDK's `Service.prepare_request` (which sets `Host` = service host before calling the
signer), every case passes a `Host` header in its input headers: `SignerV4.sign` itself does not
add one and signs `Host` only because it is present.
"""
import datetime as _real_datetime
import json
import os
import types
from importlib.metadata import version as _dist_version

import volcengine.auth.SignerV4 as signer_module
from volcengine.Credentials import Credentials
from volcengine.auth.SignerV4 import SignerV4
from volcengine.base.Request import Request
from volcengine.util.Util import Util

SDK_VERSION = _dist_version("volcengine")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "signing.json")

AK = "AKLTtestaccesskey"
SK = "TWpBeE9HVXlZV0UzTkdJM05EQmpOamd4WW1NMllXVTNZMk0zTlRZMk5HUQ=="
UTC = _real_datetime.timezone.utc

SEND_MESSAGE_BODY = json.dumps(
    {
        "AppId": 123456,
        "Sender": 10001,
        "ConversationShortId": 7221856821303362000,
        "MsgType": 10001,
        "Content": json.dumps({"text": "hello"}, separators=(",", ":")),
        "ClientMsgId": "c1",
    },
    separators=(",", ":"),
)
AV = [["Action", "SendMessage"], ["Version", "2020-12-01"]]
RTC = "rtc.volcengineapi.com"


def at(y, mo, d, h, mi, s):
    return _real_datetime.datetime(y, mo, d, h, mi, s, tzinfo=UTC)


def case(name, description, method, host, query, headers, body, clock, session_token=None,
         region="cn-north-1", service="rtc", path="/", ak=AK, sk=SK):
    return dict(name=name, description=description, method=method, host=host, path=path,
                query=query, headers=[["Host", host]] + headers, body=body, access_key=ak,
                secret_key=sk, session_token=session_token, region=region, service=service,
                clock=clock)


JSON_CT = [["Content-Type", "application/json"]]

CASES = [
    case("json_post_send_message",
         "POST SendMessage with a realistic compact JSON body; Content-Type application/json. "
         "Signed headers are content-type;host;x-content-sha256;x-date.",
         "POST", RTC, AV, JSON_CT, SEND_MESSAGE_BODY, at(2020, 12, 30, 8, 18, 5)),
    case("empty_body_post",
         "POST with an empty body: X-Content-Sha256 is the SHA-256 of the empty string.",
         "POST", RTC, [["Action", "StartRecord"], ["Version", "2022-06-01"]], JSON_CT, "",
         at(2021, 6, 15, 12, 0, 0)),
    case("session_token",
         "JSON POST with STS credentials: the signer adds X-Security-Token and signs it like any X- header.",
         "POST", RTC, [["Action", "StartRecord"], ["Version", "2022-06-01"]], JSON_CT,
         '{"AppId":"661e271f8d7a5b0132a5ab7a","RoomId":"room1","TaskId":"task1"}',
         at(2022, 3, 1, 9, 30, 15),
         session_token="STS2eyJMVEFjY2Vzc0tleUlkIjoiQUtMVHRlc3QiLCJBY2Nlc3NLZXlJZCI6IkFLVFBURVNUIn0="),
    case("singapore_host",
         "JSON POST to open-ap-singapore-1.volcengineapi.com with region ap-southeast-1 in the credential scope.",
         "POST", "open-ap-singapore-1.volcengineapi.com", [["Action", "StopRecord"], ["Version", "2022-06-01"]],
         JSON_CT, '{"AppId":"661e271f8d7a5b0132a5ab7a","RoomId":"room1","TaskId":"task1"}',
         at(2023, 7, 4, 16, 45, 30), region="ap-southeast-1"),
    case("get_awkward_query",
         "GET, empty body, at 23:59:59 on a leap day. Query keys in mixed case (AppId/appid/Zeta/alpha/page) sort by "
         "byte order; values with space, * ~ / + = &, ! ' ( ), non-ASCII (中文, é) and an empty value are "
         "percent-encoded RFC 3986 style (Util.norm_query: quote(safe='-_.~'), space -> %20, empty value -> 'key='). "
         "No Content-Type: SignerV4 only adds a default Content-Type for non-GET requests.",
         "GET", RTC,
         [["Action", "ListRooms"], ["Version", "2020-12-01"], ["page", ""], ["appid", "lower key"],
          ["AppId", "123456"], ["Zeta", "a*b~c/d"], ["alpha", "x+y=z&w"], ["Name", "中文 é"],
          ["Mark", "!'()"], ["_under", "tilde~dot.dash-"]],
         [], "", at(2024, 2, 29, 23, 59, 59)),
    case("extra_x_headers",
         "JSON POST with extra X- headers (signed) plus Accept and User-Agent, which are not signed "
         "(only Content-Type, Content-Md5, Host and X-* are).",
         "POST", RTC, AV,
         JSON_CT + [["Accept", "application/json"], ["User-Agent", "volc-rtc-rust/0.1.0"],
                    ["X-Custom-Trace", "abc"], ["X-Top-Request-Id", "req-0001"]],
         SEND_MESSAGE_BODY, at(2020, 12, 30, 8, 18, 5)),
    case("non_default_port",
         "Host 127.0.0.1:8443: a non-default port stays in the signed host value.",
         "POST", "127.0.0.1:8443", AV, JSON_CT, SEND_MESSAGE_BODY, at(2021, 1, 2, 3, 4, 5)),
    case("default_port_443_dropped",
         "Host rtc.volcengineapi.com:443: the SDK drops :443 from the SIGNED host value (canonical request has "
         "host:rtc.volcengineapi.com) but leaves the Host header on the request unchanged (with :443).",
         "POST", RTC + ":443", AV, JSON_CT, SEND_MESSAGE_BODY, at(2021, 1, 2, 3, 4, 5)),
    case("default_port_80_dropped",
         "Host rtc.volcengineapi.com:80: the SDK drops :80 from the SIGNED host value but leaves the Host header "
         "on the request unchanged (with :80).",
         "GET", RTC + ":80", [["Action", "GetRecordTask"], ["Version", "2022-06-01"], ["RoomId", "r1"]],
         [], "", at(2021, 1, 2, 3, 4, 5)),
    case("unicode_body",
         "JSON POST whose body holds Chinese text and an emoji as raw UTF-8 (not \\u escapes); the content hash "
         "is over the UTF-8 bytes.",
         "POST", RTC, AV, JSON_CT,
         '{"AppId":123456,"Sender":10001,"ConversationShortId":7221856821303362000,"MsgType":10001,'
         '"Content":"{\\"text\\":\\"你好，世界 🎉🚀\\"}","ClientMsgId":"c2"}',
         at(2025, 10, 1, 0, 0, 1)),
    case("get_minimal_query",
         "GET with only Action and Version in the query, no body, no Content-Type.",
         "GET", RTC, [["Action", "ListApps"], ["Version", "2020-12-01"]], [], "",
         at(2019, 11, 11, 11, 11, 11)),
    case("midnight_new_year",
         "JSON POST at exactly 00:00:00 UTC on 2026-01-01: short date 20260101 in the scope and the signing key.",
         "POST", RTC, AV, JSON_CT, SEND_MESSAGE_BODY, at(2026, 1, 1, 0, 0, 0)),
    case("post_without_content_type_sdk_default",
         "POST given no Content-Type: SignerV4.sign itself adds 'Content-Type: application/x-www-form-urlencoded; "
         "charset=utf-8' (any non-GET method) and signs it. Not covered by signing.md; the Rust SDK always sends JSON.",
         "POST", RTC, [["Action", "Legacy"], ["Version", "2020-12-01"]], [], "a=1&b=2",
         at(2022, 8, 8, 8, 8, 8)),
    case("sdk_quirk_header_name_case_and_untrimmed_value",
         "SDK QUIRK, differs from signing.md: header names are matched case-sensitively ('X-' prefix, exact "
         "'Content-Type'/'Content-Md5'/'Host'), so lowercase 'x-lower-case' and 'Content-MD5' are NOT signed; "
         "header values are NOT trimmed (X-Padded keeps its spaces in the canonical request). A signer that "
         "lowercases names / trims values will not reproduce this signature.",
         "POST", RTC, AV,
         JSON_CT + [["X-Padded", "  padded value  "], ["x-lower-case", "v"],
                    ["Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="]],
         "", at(2024, 5, 20, 13, 14, 15)),
]


class _Capture(object):
    """Wraps SDK helpers, delegating to the originals and recording their inputs/outputs."""

    def __init__(self):
        self.sha256_calls = []
        self.hmac_calls = []
        self.auth_calls = []
        self._orig = {}

    def __enter__(self):
        o = self._orig
        o["sha256"] = Util.__dict__["sha256"]
        o["hmac_sha256"] = Util.__dict__["hmac_sha256"]
        o["build_auth"] = SignerV4.__dict__["build_auth_header_v4"]
        sha256_fn, hmac_fn, auth_fn = Util.sha256, Util.hmac_sha256, SignerV4.build_auth_header_v4

        def sha256(content):
            out = sha256_fn(content)
            self.sha256_calls.append((content, out))
            return out

        def hmac_sha256(key, content):
            out = hmac_fn(key, content)
            self.hmac_calls.append((key, content, out))
            return out

        def build_auth(signature, meta, credentials):
            out = auth_fn(signature, meta, credentials)
            self.auth_calls.append((signature, meta.signed_headers, meta.credential_scope, out))
            return out

        Util.sha256 = staticmethod(sha256)
        Util.hmac_sha256 = staticmethod(hmac_sha256)
        SignerV4.build_auth_header_v4 = staticmethod(build_auth)
        return self

    def __exit__(self, *exc):
        Util.sha256 = self._orig["sha256"]
        Util.hmac_sha256 = self._orig["hmac_sha256"]
        SignerV4.build_auth_header_v4 = self._orig["build_auth"]
        return False


def _frozen_datetime_module(instant):
    class FrozenDateTime(_real_datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz is not None else instant.replace(tzinfo=None)

    return types.SimpleNamespace(datetime=FrozenDateTime)


def run_case(c):
    req = Request()
    req.set_method(c["method"])
    req.set_host(c["host"])
    req.set_path(c["path"])
    req.set_query(dict((k, v) for k, v in c["query"]))  # Request.query is an ordered dict of str -> str
    assert len(req.query) == len(c["query"]), "repeated query keys are not allowed"
    req.set_headers(dict((k, v) for k, v in c["headers"]))
    assert len(req.headers) == len(c["headers"]), "repeated header names are not allowed"
    req.set_body(c["body"])
    creds = Credentials(c["access_key"], c["secret_key"], c["service"], c["region"],
                        c["session_token"] if c["session_token"] is not None else "")

    saved_dt = signer_module.datetime
    signer_module.datetime = _frozen_datetime_module(c["clock"])
    try:
        with _Capture() as cap:
            SignerV4.sign(req, creds)
    finally:
        signer_module.datetime = saved_dt

    assert len(cap.auth_calls) == 1
    signature, signed_headers, scope, authorization = cap.auth_calls[0]
    string_to_sign = cap.hmac_calls[-1][1]
    hashed_canon = string_to_sign.split("\n")[-1]
    canon = [inp for inp, out in cap.sha256_calls if out == hashed_canon]
    assert len(canon) == 1
    canonical_request = canon[0]
    x_date = req.headers["X-Date"]

    # Cross-checks, all with SDK functions.
    assert authorization == req.headers["Authorization"]
    assert req.headers["X-Content-Sha256"] == Util.sha256(c["body"])
    assert Util.sha256(canonical_request) == hashed_canon
    key = SignerV4.get_signing_secret_key_v4(c["secret_key"], x_date[:8], c["region"], c["service"])
    assert SignerV4.signature_v4(key, string_to_sign) == signature
    assert scope == "/".join([x_date[:8], c["region"], c["service"], "request"])

    out = {k: v for k, v in c.items() if k != "clock"}
    out["x_date"] = x_date
    out["expected"] = {
        "content_sha256": req.headers["X-Content-Sha256"],
        "canonical_request": canonical_request,
        "signed_headers": signed_headers,
        "string_to_sign": string_to_sign,
        "signature": signature,
        "authorization": authorization,
        "headers": dict(req.headers),
    }
    return out


def main():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))
    doc = {
        "generator": "volcengine %s (volc-sdk-python) SignerV4, via tests/vectors/make_signing_vectors.py"
                     % SDK_VERSION,
        "cases": [run_case(c) for c in CASES],
    }
    text = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %d cases to %s" % (len(CASES), OUT))


if __name__ == "__main__":
    main()
