"""schemathesis over the whole API, against the real server (``make test-api``; docs/api.md).

Like the browser suite (tests/browser/conftest.py): a temporary FAZHI_VAR_DIR with its own SQLite database, the
small demo bureau, ``fazhi serve`` (gunicorn, production settings) on a free local port. Two bearer tokens are
issued: 局长 ``juzhang`` (负责人, who may do most things) and 执法队员 ``duiyuan1`` (who may do little). For each,
``schemathesis run`` goes over every operation of ``/api/openapi.json`` in the coverage, fuzzing and stateful
phases, with a fixed seed and ``--max-examples`` so that a run is reproducible, and checks that no answer is a
5xx, that every answer conforms to its documented schema, status code and content type.

Exits non-zero when schemathesis found anything; its reports (JUnit XML and the failures as pytest code) are left in
``var/schemathesis/<principal>/``. Offline: nothing but 127.0.0.1 is reached.

The 负责人 runs every phase; the 执法队员, who is refused most writes with 403/404 whatever the body, runs fuzzing
and stateful only, which keeps the step near ten minutes on two cores (the coverage phase alone takes about five).

Environment: SCHEMATHESIS_MAX_EXAMPLES (default 5), SCHEMATHESIS_SEED (default 20261202), SCHEMATHESIS_PHASES_HEAD
(default coverage,fuzzing,stateful), SCHEMATHESIS_PHASES_OFFICER (default fuzzing,stateful), SCHEMATHESIS_WHO
(default "head,officer"), SCHEMATHESIS_EXTRA (more CLI arguments, e.g. ``--include-path-regex /api/cases``).
The server's log goes to ``var/schemathesis/server.log``.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "var" / "schemathesis"
PRINCIPALS = {"head": "juzhang", "officer": "duiyuan1"}
PHASES = {"head": "coverage,fuzzing,stateful", "officer": "fuzzing,stateful"}
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    )
)
# Revoking a token by id would revoke the run's own token half-way and leave the rest of the run at 401.
EXCLUDED = ("--exclude-path-regex", r"^/api/accounts/tokens/\{token_id\}/revoke$")

ISSUE_TOKENS = """
import json, django
django.setup()
from fazhi.accounts.models import User
from fazhi.accounts.services import api_token_issue
out = {}
for who, username in json.loads(__import__("sys").argv[1]).items():
    user = User.objects.get(username=username)
    out[who] = api_token_issue(actor=user, user=user, name="schemathesis")[1]
print(json.dumps(out))
"""


def _say(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def _fazhi(*args: str) -> list[str]:
    return [sys.executable, "-m", "fazhi.cli", *args]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"fazhi serve 退出（{proc.returncode}）")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"fazhi serve 未在 {seconds} 秒内就绪：{url}")


def _environment(var: Path) -> dict[str, str]:
    (var / "secret_key").write_text(secrets.token_urlsafe(50), encoding="utf-8")
    (var / "audit_key").write_text("k1:" + secrets.token_urlsafe(48), encoding="utf-8")
    env = {**os.environ, "FAZHI_VAR_DIR": str(var), "FAZHI_DEMO_SCALE": "small", "FAZHI_OTP_REQUIRED": "0"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    for name in ("FAZHI_DATABASE_URL", "FAZHI_DEBUG", "FAZHI_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    return env


def _schemathesis(base: str, who: str, token: str) -> int:
    report = REPORTS / who
    shutil.rmtree(report, ignore_errors=True)  # only this principal's last reports are kept
    report.mkdir(parents=True)
    document = report / "openapi.json"  # fetched here: under load the first build can outlast schemathesis's 10 s
    request = urllib.request.Request(f"{base}/api/openapi.json", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=300) as answer:
        document.write_bytes(answer.read())
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        str(document),
        "--url",
        base,
        "-H",
        f"Authorization: Bearer {token}",
        "--phases",
        os.environ.get(f"SCHEMATHESIS_PHASES_{who.upper()}", PHASES[who]),
        "--checks",
        CHECKS,
        "--max-examples",
        os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "5"),
        "--seed",
        os.environ.get("SCHEMATHESIS_SEED", "20261202"),
        "--generation-database",
        "none",
        "--workers",
        "2",
        "--request-timeout",
        "60",
        "--no-color",
        "--report",
        "junit,pytest",
        "--report-dir",
        str(report),
        "--continue-on-failure",
        *EXCLUDED,
        *shlex.split(os.environ.get("SCHEMATHESIS_EXTRA", "")),
    ]
    _say(f"== schemathesis 以{'负责人' if who == 'head' else '执法队员'}（{PRINCIPALS[who]}）的令牌运行")
    started = time.monotonic()
    code = subprocess.run(command, cwd=report, check=False).returncode  # its .schemathesis/ cache stays in var/
    _say(f"== {who}: 退出码 {code}，用时 {time.monotonic() - started:.0f} 秒；报告在 {report}")
    return code


def main() -> int:
    var = Path(tempfile.mkdtemp(prefix="fazhi-schemathesis-"))
    env = _environment(var)
    serve = None
    try:
        started = time.monotonic()
        for step in (("migrate", "--noinput"), ("demo", "--scale", "small")):
            subprocess.run(_fazhi(*step), cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        who = [w.strip() for w in os.environ.get("SCHEMATHESIS_WHO", "head,officer").split(",") if w.strip()]
        issued = subprocess.run(
            [sys.executable, "-c", ISSUE_TOKENS, json.dumps({w: PRINCIPALS[w] for w in who})],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        tokens = json.loads(issued.stdout.strip().splitlines()[-1])
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        REPORTS.mkdir(parents=True, exist_ok=True)
        log = (REPORTS / "server.log").open("wb")
        serve = subprocess.Popen(
            _fazhi("serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-collectstatic"),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _wait_up(f"{base}/healthz", serve)
        _say(f"== 示范数据与服务就绪（{time.monotonic() - started:.0f} 秒）：{base}")
        codes = {w: _schemathesis(base, w, tokens[w]) for w in who}
    finally:
        if serve is not None:
            serve.terminate()
            try:
                serve.wait(timeout=15)
            except subprocess.TimeoutExpired:
                serve.kill()
        shutil.rmtree(var, ignore_errors=True)
    failed = [w for w, code in codes.items() if code != 0]
    if failed:
        _say(f"schemathesis 发现问题（{', '.join(failed)}）：见上方输出与 {REPORTS}")
        return 1
    _say("schemathesis：0 个服务器错误，0 个不符合接口定义的应答")
    return 0


if __name__ == "__main__":
    sys.exit(main())
