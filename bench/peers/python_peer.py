"""Benchmark peer: the official Python SDK (PyPI `volcengine`) calling SendMessage.

Run by the runtime bench's `peers` section (bench/benches/runtime.rs), inside a venv it installs:

    python python_peer.py URL CALLS CONCURRENCY WARMUP

It uses the SDK the way its own services do (volcengine/sms/SmsService.py and the others): a
`Service` subclass with a `ServiceInfo` (host, credentials for service `rtc`, region `cn-north-1`)
and an `ApiInfo` per action, called through `Service.json`, which signs with the SDK's `SignerV4`
and posts with the service's `requests.Session` (which keeps connections alive: urllib3's pool,
10 connections per host by default). The answer comes back as JSON text, which is decoded and its
`Result` checked, as a caller would.

With CONCURRENCY > 1 the calls run on a thread pool of that many threads sharing the one service
(the SDK's services are singletons). The GIL lets one thread run Python at a time, so the pool
overlaps waiting on the network, not the SDK's own work; and beyond urllib3's 10 pooled
connections, connections are opened per call and discarded.

Prints one line for the bench to parse:

    PEER_RESULT peer=python calls=N warmup=W concurrency=C wall_s=S cpu_s=S sdk=... http=...

cpu_s is this process's CPU time (user + system, all threads; time.process_time) over the measured
calls only: interpreter start-up, imports and warm-up are outside it.
"""

import itertools
import json
import logging
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests
import urllib3
from volcengine import VERSION
from volcengine.ApiInfo import ApiInfo
from volcengine.Credentials import Credentials
from volcengine.ServiceInfo import ServiceInfo
from volcengine.base.Service import Service

ACCESS_KEY = "AKLTbench-access-key"
SECRET_KEY = "bench-secret-key"


class ImService(Service):
    """The IM actions' service: `rtc`, region cn-north-1, as the SDK's own services are written."""

    def __init__(self, scheme, host):
        service_info = ServiceInfo(
            host,
            {"Accept": "application/json"},
            Credentials(ACCESS_KEY, SECRET_KEY, "rtc", "cn-north-1"),
            5,
            5,
            scheme=scheme,
        )
        api_info = {
            "SendMessage": ApiInfo(
                "POST", "/", {"Action": "SendMessage", "Version": "2020-12-01"}, {}, {}
            ),
        }
        super().__init__(service_info, api_info)
        # Service.init may have read keys from VOLC_ACCESSKEY or ~/.volc: the bench's keys win.
        self.set_ak(ACCESS_KEY)
        self.set_sk(SECRET_KEY)

    def send_message(self, body):
        return json.loads(self.json("SendMessage", {}, json.dumps(body)))


def message(i):
    # The same fields as the Rust side's request; ClientMsgId is drawn per call as the Rust client
    # does when the caller gives none.
    return {
        "AppId": 123456,
        "Sender": 10001,
        "ConversationShortId": 7221856821303362000,
        "MsgType": 10001,
        "Content": json.dumps({"text": "hello from the benchmark, message %d" % i}),
        "ClientMsgId": str(uuid.uuid4()),
    }


def main():
    url, calls, concurrency, warmup = (
        sys.argv[1],
        int(sys.argv[2]),
        int(sys.argv[3]),
        int(sys.argv[4]),
    )
    scheme, host = url.split("://", 1)
    # urllib3 logs a warning each time a connection beyond its pool of 10 is discarded.
    logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)
    svc = ImService(scheme, host.rstrip("/"))

    def call(i):
        answer = svc.send_message(message(i))
        assert answer["Result"]["MessageId"], answer

    def run(n):
        if concurrency <= 1:
            for i in range(n):
                call(i)
            return
        counter = itertools.count()  # next() on it is atomic under the GIL

        def worker():
            while True:
                i = next(counter)
                if i >= n:
                    return
                call(i)

        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            for f in [pool.submit(worker) for _ in range(concurrency)]:
                f.result()

    run(warmup)
    cpu0, t0 = time.process_time(), time.perf_counter()
    run(calls)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    print(
        "PEER_RESULT peer=python calls=%d warmup=%d concurrency=%d wall_s=%.6f cpu_s=%.6f "
        "sdk=volcengine/%s http=requests/%s,urllib3/%s python=%s"
        % (
            calls,
            warmup,
            concurrency,
            wall,
            cpu,
            VERSION.lstrip("v"),
            requests.__version__,
            urllib3.__version__,
            sys.version.split()[0],
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
