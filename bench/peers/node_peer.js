// Benchmark peer: the official Node SDK (npm `@volcengine/openapi`) calling SendMessage.
//
// Run by the runtime bench's `peers` section (bench/benches/runtime.rs), with NODE_PATH pointing
// at the node_modules it installs:
//
//     node node_peer.js URL CALLS CONCURRENCY WARMUP
//
// It uses the SDK the way its own services do: the SDK's `RtcService` (a `Service` with
// serviceName `rtc`), pointed at the loopback host, and `createJSONAPI("SendMessage", { Version:
// "2020-12-01" })`, which signs with the SDK's `Signer` (HMAC-SHA256) and posts with axios (the
// version the SDK pins). axios uses Node's global http agent, which keeps connections alive since
// Node 19 (printed as keepalive=). The answer is decoded by axios and its `Result` checked.
//
// With CONCURRENCY > 1, that many async workers share the one service, each awaiting one call at
// a time: CONCURRENCY calls in flight on Node's single JavaScript thread.
//
// Prints one line for the bench to parse:
//
//     PEER_RESULT peer=node calls=N warmup=W concurrency=C wall_s=S cpu_s=S sdk=... http=...
//
// cpu_s is this process's CPU time (user + system, all threads: process.cpuUsage) over the
// measured calls only: start-up, module loading and warm-up are outside it.
"use strict";

const http = require("http");
const crypto = require("crypto");
const { rtcOpenapi } = require("@volcengine/openapi");
const sdkVersion = require("@volcengine/openapi/package.json").version;
const axiosVersion = require("axios/package.json").version;

const [url, calls, concurrency, warmup] = [
  process.argv[2],
  Number(process.argv[3]),
  Number(process.argv[4]),
  Number(process.argv[5]),
];
const parsed = new URL(url);

const rtc = new rtcOpenapi.RtcService({
  host: parsed.host,
  protocol: parsed.protocol,
  region: "cn-north-1",
  accessKeyId: "AKLTbench-access-key",
  secretKey: "bench-secret-key",
});
const sendMessage = rtc.createJSONAPI("SendMessage", { Version: "2020-12-01" });

// The same fields as the Rust side's request; ClientMsgId is drawn per call as the Rust client does
// when the caller gives none. (ConversationShortId is beyond 2^53: a JavaScript number rounds it,
// as it would for any caller of this SDK.)
function message(i) {
  return {
    AppId: 123456,
    Sender: 10001,
    ConversationShortId: 7221856821303362000,
    MsgType: 10001,
    Content: JSON.stringify({ text: `hello from the benchmark, message ${i}` }),
    ClientMsgId: crypto.randomUUID(),
  };
}

async function call(i) {
  const answer = await sendMessage(message(i));
  if (!answer || !answer.Result || !answer.Result.MessageId) {
    throw new Error(`no Result in the answer: ${JSON.stringify(answer)}`);
  }
}

async function run(n) {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      await call(next++);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

async function main() {
  await run(warmup);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await run(calls);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(
    `PEER_RESULT peer=node calls=${calls} warmup=${warmup} concurrency=${concurrency} ` +
      `wall_s=${wall.toFixed(6)} cpu_s=${cpuS.toFixed(6)} sdk=@volcengine/openapi/${sdkVersion} ` +
      `http=axios/${axiosVersion} node=${process.versions.node} keepalive=${http.globalAgent.keepAlive}`,
  );
}

main().catch((e) => {
  console.error(`node peer failed: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
