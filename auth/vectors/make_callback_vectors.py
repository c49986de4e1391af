#!/usr/bin/env python3
"""Writes callbacks.json: server-callback and VoiceChat server-message vectors, computed here
independently of the Rust code (Python's json, hashlib and base64 only).

Callback signature (Volcengine docs 6348/69820 and 6348/293101, as summarised in
/work/shared/reference/volcengine/token-and-callbacks.md): take the values of EventType, EventData,
EventTime, EventId, AppId, Version, Nonce and the callback SecretKey; sort the eight strings
byte-wise; concatenate them with no separator; SHA-256; lowercase hex.

VoiceChat server message: {"message": base64(magic(4) + u32_be(len(json)) + json),
"signature": <the static ServerMessageSignature>}.

Run: `python3 auth/vectors/make_callback_vectors.py` (deterministic; no packages). The Rust tests
(auth/tests/callback_vectors.rs, auth/tests/voice_chat.rs) read only the JSON.
"""
import base64
import hashlib
import json
import os
import struct

FIELDS = ["EventType", "EventData", "EventTime", "EventId", "AppId", "Version", "Nonce", "Signature"]


def sign(values, secret):
    parts = [values[f].encode("utf-8") for f in FIELDS[:7]] + [secret.encode("utf-8")]
    parts.sort()  # bytes compare byte-wise
    return hashlib.sha256(b"".join(parts)).hexdigest()


def compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def envelope(event_type, data_text, event_id, secret, time="2025-06-15T15:06:40+08:00",
             app_id="5f3c8a2e9b1d4c6a7e0f2b4d", version="2020-12-01", nonce="8a1b2c3d"):
    values = {
        "EventType": event_type,
        "EventData": data_text,
        "EventTime": time,
        "EventId": event_id,
        "AppId": app_id,
        "Version": version,
        "Nonce": nonce,
    }
    values["Signature"] = sign(values, secret)
    return values


SECRET = "cb-secret-0123456789"

valid = []


def add(name, about, secret, values, body=None, event=None):
    if body is None:
        body = compact(values)
    # Re-read the body as a receiver would, and check the signature from what was read.
    read = json.loads(body)
    assert {f: read[f] for f in FIELDS} == values, name
    assert sign(read, secret) == read["Signature"], name
    valid.append({
        "name": name,
        "about": about,
        "secret": secret,
        "body": body,
        "fields": values,
        "event": event,
    })


leave = {"RoomId": "room-1", "UserId": "alice", "DeviceType": "android", "Reason": "userLeave",
         "Timestamp": 1750000000123}
add("user_leave_room", "UserLeaveRoom, the user left", SECRET,
    envelope("UserLeaveRoom", compact(leave), "evt-0001", SECRET),
    event={"kind": "UserLeaveRoom", "RoomId": "room-1", "UserId": "alice", "DeviceType": "android",
           "Reason": "userLeave", "Timestamp": 1750000000123})

lost = {"RoomId": "room-1", "UserId": "bob", "DeviceType": "ios", "Reason": "connectionLost",
        "Timestamp": 1750000001000}
add("user_leave_room_connection_lost", "UserLeaveRoom, connection lost", SECRET,
    envelope("UserLeaveRoom", compact(lost), "evt-0002", SECRET),
    event={"kind": "UserLeaveRoom", "RoomId": "room-1", "UserId": "bob", "DeviceType": "ios",
           "Reason": "connectionLost", "Timestamp": 1750000001000})

other_reason = {"RoomId": "r", "UserId": "u", "DeviceType": "web", "Reason": "kickedByAdmin",
                "Timestamp": 0, "Extra": {"x": [1, 2]}}
add("user_leave_room_unknown_reason", "UserLeaveRoom with an undocumented Reason and an extra field",
    SECRET, envelope("UserLeaveRoom", compact(other_reason), "evt-0003", SECRET),
    event={"kind": "UserLeaveRoom", "RoomId": "r", "UserId": "u", "DeviceType": "web",
           "Reason": "kickedByAdmin", "Timestamp": 0})

untyped = {"RoomId": "room-9", "TaskId": "t-1", "Nested": {"List": [1, "two", None, True]}}
add("untyped_event", "an event type this crate has no type for: EventData as raw JSON", SECRET,
    envelope("ExampleUntypedEvent", compact(untyped), "evt-0004", SECRET),
    event={"kind": "Other", "data": untyped})

cjk = {"RoomId": "会议室", "UserId": "用户😀", "DeviceType": "pc", "Reason": "userLeave",
       "Timestamp": 1, "Note": "quote \" backslash \\ newline \n tab \t"}
add("non_ascii_and_escapes", "CJK, emoji and JSON escapes inside EventData; a non-ASCII secret",
    "密钥-clé", envelope("UserLeaveRoom", compact(cjk), "evt-😀-5", "密钥-clé", nonce="ñ"),
    event={"kind": "UserLeaveRoom", "RoomId": "会议室", "UserId": "用户😀", "DeviceType": "pc",
           "Reason": "userLeave", "Timestamp": 1})

# The same envelope written differently: other key order, whitespace, \u escapes in values and in a
# key, an unknown field. The signature covers the decoded strings, so it still verifies.
v = envelope("UserLeaveRoom", compact(leave), "evt-0006", SECRET)
pieces = [
    '  "Signature" : "%s"' % v["Signature"],
    '"Extra": {"ignored": [1, 2, {"deep": null}]}',
    '"Even\\u0074Type": "User\\u004ceaveRoom"',
    '"EventData": %s' % json.dumps(v["EventData"]),
    '"EventTime":"%s"' % v["EventTime"],
    '"EventId":"%s"' % v["EventId"],
    '"AppId":"%s"' % v["AppId"],
    '"Version":"%s"' % v["Version"],
    '"Nonce":"%s"' % v["Nonce"],
]
add("reordered_and_escaped", "keys reordered, whitespace, \\u escapes (also in a key), an unknown field",
    SECRET, v, body="{\n" + ",\n".join(pieces) + "\n}\n",
    event={"kind": "UserLeaveRoom", "RoomId": "room-1", "UserId": "alice", "DeviceType": "android",
           "Reason": "userLeave", "Timestamp": 1750000000123})

add("empty_event_data", "EventData empty: the envelope verifies, the event does not decode", SECRET,
    envelope("UserLeaveRoom", "", "evt-0007", SECRET), event={"kind": "NotJson"})

add("wrong_shape", "UserLeaveRoom without RoomId: the envelope verifies, the event is the wrong shape",
    SECRET, envelope("UserLeaveRoom", compact({"UserId": "u"}), "evt-0008", SECRET),
    event={"kind": "WrongShape"})

# Bodies that are not envelopes, each with the error expected.
base = envelope("UserLeaveRoom", compact(leave), "evt-bad", SECRET)
bad = []
for f in FIELDS:
    body = {k: base[k] for k in FIELDS if k != f}
    bad.append({"name": "missing_" + f, "body": compact(body),
                "error": {"kind": "MissingField", "field": f}})
    for value, found in [(1, "number"), (-2.5, "number"), (None, "null"), (True, "boolean"),
                         ({"a": "b"}, "object"), (["x"], "array")]:
        body = dict(base)
        body[f] = value
        bad.append({"name": "%s_is_%s_%s" % (f, found, compact(value)), "body": compact(body),
                    "error": {"kind": "NotAString", "field": f, "found": found}})
dup = compact(base)[:-1] + ',"EventId":"evt-other"}'
bad.append({"name": "duplicate_EventId", "body": dup, "error": {"kind": "DuplicateField", "field": "EventId"}})
for text, found in [("[]", "array"), ('"x"', "string"), ("1", "number"), ("null", "null"), ("true", "boolean")]:
    bad.append({"name": "top_level_" + found, "body": text, "error": {"kind": "NotAnObject", "found": found}})
for name, text in [("empty", ""), ("not_json", "EventType=UserLeaveRoom"), ("trailing", compact(base) + "x"),
                   ("two_objects", compact(base) + compact(base)), ("single_quotes", "{'EventType':'x'}"),
                   ("unterminated", compact(base)[:-1])]:
    bad.append({"name": name, "body": text, "error": {"kind": "Json"}})

# VoiceChat server messages.
SIG = "static-signature-Ω"


def frame(magic, payload_bytes, declared=None):
    n = len(payload_bytes) if declared is None else declared
    return magic + struct.pack(">I", n) + payload_bytes


def server_message(binary, signature=SIG, pad=True):
    m = base64.b64encode(binary).decode("ascii")
    if not pad:
        m = m.rstrip("=")
    return compact({"message": m, "signature": signature})


subtitle = {"type": "subtitle", "data": [{"text": "你好，世界", "definite": True, "userId": "user_1",
                                          "paragraph": False, "language": "zh", "sequence": 3}]}
sub_json = compact(subtitle).encode("utf-8")
# Trailing spaces (still the same JSON) until the padded encoding of the frame needs padding.
sub_json_padded = sub_json
while not base64.b64encode(frame(b"subv", sub_json_padded)).endswith(b"="):
    sub_json_padded += b" "
messages = [
    {"name": "subtitle", "about": "a subv frame (payload shape illustrative: not in the stored docs)",
     "body": server_message(frame(b"subv", sub_json)), "magic": "subv", "payload": subtitle},
    {"name": "subtitle_unpadded_base64", "about": "the same, base64 without padding",
     "body": server_message(frame(b"subv", sub_json_padded), pad=False), "magic": "subv", "payload": subtitle},
    {"name": "other_magic", "about": "another magic is kept as it comes",
     "body": server_message(frame(b"conv", b'{"Stage":{"Code":2,"Description":"thinking"}}')),
     "magic": "conv", "payload": {"Stage": {"Code": 2, "Description": "thinking"}}},
    {"name": "empty_json_object", "about": "the smallest frame",
     "body": server_message(frame(b"subv", b"{}")), "magic": "subv", "payload": {}},
]
bad_messages = [
    {"name": "wrong_signature", "body": server_message(frame(b"subv", sub_json), signature="static-signature-O"),
     "error": {"kind": "BadSignature"}},
    {"name": "signature_prefix", "body": server_message(frame(b"subv", sub_json), signature=SIG[:-1]),
     "error": {"kind": "BadSignature"}},
    {"name": "empty_signature", "body": server_message(frame(b"subv", sub_json), signature=""),
     "error": {"kind": "BadSignature"}},
    {"name": "bad_base64", "body": compact({"message": "not*base64!", "signature": SIG}),
     "error": {"kind": "BadBase64"}},
    {"name": "short_frame", "body": server_message(b"subv\x00\x00"), "error": {"kind": "TooShort", "len": 6}},
    {"name": "empty_frame", "body": server_message(b""), "error": {"kind": "TooShort", "len": 0}},
    {"name": "length_too_big", "body": server_message(frame(b"subv", b"{}", declared=3)),
     "error": {"kind": "LengthMismatch", "declared": 3, "actual": 2}},
    {"name": "length_too_small", "body": server_message(frame(b"subv", b'{"a":1}', declared=2)),
     "error": {"kind": "LengthMismatch", "declared": 2, "actual": 7}},
    {"name": "length_huge", "body": server_message(frame(b"subv", b"{}", declared=0xFFFFFFFF)),
     "error": {"kind": "LengthMismatch", "declared": 4294967295, "actual": 2}},
    {"name": "payload_not_json", "body": server_message(frame(b"subv", b"{not json}")),
     "error": {"kind": "BadJson"}},
    {"name": "payload_not_utf8", "body": server_message(frame(b"subv", b'"\xff"')),
     "error": {"kind": "BadJson"}},
    {"name": "message_missing", "body": compact({"signature": SIG}),
     "error": {"kind": "MissingField", "field": "message"}},
    {"name": "signature_missing", "body": compact({"message": "AAAA"}),
     "error": {"kind": "MissingField", "field": "signature"}},
    {"name": "message_not_a_string", "body": compact({"message": 5, "signature": SIG}),
     "error": {"kind": "NotAString", "field": "message", "found": "number"}},
    {"name": "body_not_json", "body": "message=AAAA", "error": {"kind": "Json"}},
]

doc = {
    "generator": "auth/vectors/make_callback_vectors.py (Python json/hashlib/base64, independent of the Rust code)",
    "signature_rule": "sha256_hex(concat(sorted_bytewise([EventType, EventData, EventTime, EventId, AppId, Version, Nonce, secret])))",
    "callbacks": valid,
    "bad_callbacks": bad,
    "server_message_signature": SIG,
    "server_messages": messages,
    "bad_server_messages": bad_messages,
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "callbacks.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote %d callbacks, %d bad callbacks, %d server messages, %d bad server messages to %s"
      % (len(valid), len(bad), len(messages), len(bad_messages), out))
