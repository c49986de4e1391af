#!/usr/bin/env node
// Writes tokens.json: AccessToken "001" vectors minted by the OFFICIAL Node implementation,
// volcengine/rtc-aigc-demo `Server/token.js` at commit 46cbe05283bb35b1d5ed95def4d128b3cae62f46
// (BSD-3-Clause; not part of this repository: fetch it from there and pass its path), with the nonce and
// the issue time fixed (the official constructor takes them from Math.random and the clock; both are
// plain fields, set here after construction, before `serialize`).
//
// Run: `node auth/vectors/make_token_vectors.js PATH/TO/token.js` (or set OFFICIAL_TOKEN_JS; Node >= 14,
// no packages). The output
// is deterministic; the Rust tests (auth/tests/token_vectors.rs) read only the JSON.
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const officialPath = process.argv[2] || process.env.OFFICIAL_TOKEN_JS;
if (!officialPath) {
  console.error('usage: node make_token_vectors.js PATH/TO/token.js (volcengine/rtc-aigc-demo Server/token.js)');
  process.exit(2);
}
const official = require(path.resolve(officialPath));

const P = official.privileges; // { PrivPublishStream: 0, ..., PrivSubscribeStream: 4 }

const APP_ID = '123456781234567812345678'; // the official AccessTokenTest's AppId
const APP_ID_2 = '5f3c8a2e9b1d4c6a7e0f2b4d';
const KEY = 'app key'; // the official AccessTokenTest's AppKey
const KEY_2 = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const T0 = 1750000000; // 2025-06-15T15:06:40Z

// Each case: the inputs, and `calls`, the addPrivilege calls in order ([privilege, expireAt]).
// room_kind says which named choice of the Rust API the room is: "id", "any" ("*"), or
// "messaging_login" (""). allow_any_ids: the ids fall outside ^[a-zA-Z0-9@._-]{1,128}$, which the
// official code does not check; the Rust builder needs `.allow_any_ids()` to mint them.
const cases = [
  {
    name: 'publish_and_subscribe',
    about: 'the official AccessTokenTest shape: token expires in an hour, subscribe 0 (bounded by the token), publish for an hour',
    app_id: APP_ID, app_key: KEY, room_kind: 'id', room: 'new_room', user: 'new_user_id',
    nonce: 0x12345678, issued_at: T0, expire_at: T0 + 3600,
    calls: [[P.PrivSubscribeStream, 0], [P.PrivPublishStream, T0 + 3600]],
  },
  {
    name: 'subscribe_only_never_expires',
    about: 'no token expiry, subscribe with no expiry of its own',
    app_id: APP_ID_2, app_key: KEY_2, room_kind: 'id', room: 'room-1', user: 'viewer.42',
    nonce: 1, issued_at: T0, expire_at: 0,
    calls: [[P.PrivSubscribeStream, 0]],
  },
  {
    name: 'wildcard_room',
    about: 'RoomId "*": valid in any room',
    app_id: APP_ID_2, app_key: KEY_2, room_kind: 'any', room: '*', user: 'ops@example.com',
    nonce: 0xffffffff, issued_at: T0, expire_at: T0 + 86400,
    calls: [[P.PrivPublishStream, 0], [P.PrivSubscribeStream, 0]],
  },
  {
    name: 'messaging_login',
    about: 'RoomId "": the token for logging in to the real-time messaging service, no privileges',
    app_id: APP_ID_2, app_key: KEY_2, room_kind: 'messaging_login', room: '', user: 'agent_7',
    nonce: 99999999, issued_at: T0, expire_at: T0 + 7 * 86400,
    calls: [],
  },
  {
    name: 'non_ascii_ids',
    about: 'CJK and emoji ids (UTF-8, lengths in bytes), outside the client-side id pattern',
    app_id: APP_ID, app_key: KEY_2, room_kind: 'id', room: '会议室-1', user: '用户😀', allow_any_ids: true,
    nonce: 424242, issued_at: T0, expire_at: 4000000000,
    calls: [[P.PrivPublishStream, 4000000000], [P.PrivSubscribeStream, 0]],
  },
  {
    name: 'different_expiries',
    about: 'publish for 10 minutes, then video publishing overridden to 5 minutes, subscribe for an hour, token for a day',
    app_id: APP_ID, app_key: KEY, room_kind: 'id', room: 'class_2025', user: 'teacher-01',
    nonce: 7, issued_at: T0, expire_at: T0 + 86400,
    calls: [[P.PrivPublishStream, T0 + 600], [2, T0 + 300], [P.PrivSubscribeStream, T0 + 3600]],
  },
  {
    name: 'raw_privilege_numbers',
    about: 'privileges 7 and 65535 (not named by the official code) beside subscribe, added out of order',
    app_id: APP_ID_2, app_key: 'k', room_kind: 'id', room: 'r', user: 'u',
    nonce: 0, issued_at: 0, expire_at: 0,
    calls: [[65535, T0], [7, 0], [P.PrivSubscribeStream, T0 + 60]],
  },
  {
    name: 'longest_ids',
    about: '128-character ids of every allowed character class, a non-ASCII AppKey',
    app_id: APP_ID_2, app_key: 'clé-秘密', room_kind: 'id',
    room: ('aZ09@._-'.repeat(16)), user: ('x'.repeat(127) + '9'),
    nonce: 2147483648, issued_at: 4294967295, expire_at: 4294967295,
    calls: [[P.PrivPublishStream, 4294967295]],
  },
  {
    name: 'publish_only_token_never_expires',
    about: 'token expireAt 0 while publishing expires: the privilege expiry alone bounds it',
    app_id: APP_ID, app_key: KEY_2, room_kind: 'id', room: 'live', user: 'host',
    nonce: 31337, issued_at: T0, expire_at: 0,
    calls: [[P.PrivPublishStream, T0 + 1800]],
  },
];

// The expiry rule (official Verify: a token is invalid when expireAt > 0 and now > expireAt; the
// same rule for each privilege's own expiry, under the token's).
function tokenValid(c, now) {
  return !(c.expire_at > 0 && now > c.expire_at);
}
function allowed(privs, c, now, p) {
  if (!tokenValid(c, now) || !(p in privs)) return false;
  const e = privs[p];
  return !(e > 0 && now > e);
}

const out = [];
for (const c of cases) {
  const t = new official.AccessToken(c.app_id, c.app_key, c.room, c.user);
  t.nonce = c.nonce;
  t.issuedAt = c.issued_at;
  t.expireTime(c.expire_at);
  for (const [p, e] of c.calls) t.addPrivilege(p, e);
  const token = t.serialize();

  // Read it back with the official Parse, and check the signature the way official Verify does
  // (its clock check aside): HMAC-SHA256(AppKey, packMsg()).
  const parsed = official.Parse(token);
  if (!parsed) throw new Error(c.name + ': official Parse failed');
  if (parsed.appID !== c.app_id || parsed.roomID !== c.room || parsed.userID !== c.user ||
      parsed.nonce !== c.nonce || parsed.issuedAt !== c.issued_at || parsed.expireAt !== c.expire_at) {
    throw new Error(c.name + ': official Parse disagrees');
  }
  parsed.appKey = c.app_key;
  const resigned = crypto.createHmac('sha256', c.app_key).update(parsed.packMsg()).digest();
  const content = Buffer.from(token.slice(27), 'base64');
  const msgLen = content.readUInt16LE(0);
  const msg = content.subarray(2, 2 + msgLen);
  const sig = content.subarray(2 + msgLen + 2);
  if (!resigned.equals(sig)) throw new Error(c.name + ': signature does not re-verify');

  const privs = {};
  for (const [p, e] of c.calls) {
    privs[p] = e;
    if (p === P.PrivPublishStream) { privs[1] = e; privs[2] = e; privs[3] = e; }
  }
  const privileges = Object.keys(privs).map(Number).sort((a, b) => a - b).map((p) => [p, privs[p]]);
  const parsedPrivs = Object.keys(parsed.privileges).map(Number).sort((a, b) => a - b)
    .map((p) => [p, parsed.privileges[p]]);
  if (JSON.stringify(parsedPrivs) !== JSON.stringify(privileges)) throw new Error(c.name + ': privileges');

  const clocks = [0, c.issued_at, c.expire_at, c.expire_at + 1]
    .concat(privileges.map(([, e]) => e), privileges.map(([, e]) => e + 1))
    .filter((n) => n <= 0xffffffff + 1);
  const checks = [...new Set(clocks)].sort((a, b) => a - b).map((now) => ({
    now,
    token_valid: tokenValid(c, now),
    allowed: [0, 1, 2, 3, 4, 7, 65535].filter((p) => allowed(privs, c, now, p)),
  }));

  out.push({
    name: c.name,
    about: c.about,
    app_id: c.app_id,
    app_key: c.app_key,
    room_kind: c.room_kind,
    room: c.room,
    user: c.user,
    allow_any_ids: !!c.allow_any_ids,
    nonce: c.nonce,
    issued_at: c.issued_at,
    expire_at: c.expire_at,
    calls: c.calls,
    token,
    privileges,
    msg_hex: msg.toString('hex'),
    signature_hex: sig.toString('hex'),
    checks,
  });
}

const doc = {
  generator: 'auth/vectors/make_token_vectors.js with official/token.js (volcengine/rtc-aigc-demo Server/token.js @ 46cbe05283bb35b1d5ed95def4d128b3cae62f46)',
  vectors: out,
};
const file = path.join(__dirname, 'tokens.json');
fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
console.log(`wrote ${out.length} vectors to ${file}`);
