#!/usr/bin/env python3
"""Re-mints every token of ../tokens.json with the official Java implementation and compares.

The Java sources are not committed here (their repository has no licence file). Get them from
volcengine/VolcEngineRTC, `Android/APIExample/app/src/main/java/rtc/volcengine/apiexample/common/accesstoken/`
(AccessToken.java, ByteBuf.java, Utils.java), then:

    python3 auth/vectors/java_crosscheck/crosscheck.py /path/to/that/accesstoken/folder

Needs javac/java (17 was used). Harness.java sets the nonce and issue time as the Node script does.
Expected: every vector MATCH except `raw_privilege_numbers`, where Java orders privilege 65535 first
(its TreeMap is keyed by a signed short, -1 < 4); Node and Go order it last.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
src = sys.argv[1]
work = tempfile.mkdtemp()
pkg = os.path.join(work, "rtc", "volcengine", "apiexample", "common", "accesstoken")
os.makedirs(pkg)
for f in ("AccessToken.java", "ByteBuf.java", "Utils.java"):
    shutil.copy(os.path.join(src, f), pkg)
shutil.copy(os.path.join(here, "Harness.java"), work)
subprocess.run(["javac", "-encoding", "UTF-8", "-d", work, os.path.join(work, "Harness.java")]
               + [os.path.join(pkg, f) for f in os.listdir(pkg)], check=True)
doc = json.load(open(os.path.join(here, "..", "tokens.json"), encoding="utf-8"))
for v in doc["vectors"]:
    args = [v["app_id"], v["app_key"], v["room"], v["user"], str(v["nonce"]), str(v["issued_at"]),
            str(v["expire_at"])]
    for p, e in v["calls"]:
        args += [str(p), str(e)]
    out = subprocess.run(["java", "-Dfile.encoding=UTF-8", "-cp", work, "Harness"] + args,
                         capture_output=True, text=True, check=True).stdout.strip()
    print(v["name"], "MATCH" if out == v["token"] else "DIFFER " + out)
