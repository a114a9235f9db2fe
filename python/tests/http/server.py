"""Starting and stopping `warden serve` for the HTTP tests: a temp data dir, a free port, the bootstrap package."""
import json
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "Tests/Fixtures/packages/valid/model_20241201_143022_deployment.zip"
MODEL = "wifi-anomaly"
VERSION = "20241201_143022"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url, timeout=60.0, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"warden serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/v2/health/ready", timeout=2) as r:
                if json.load(r).get("ready"):
                    return
        except Exception:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"warden serve at {url} was not ready within {timeout} s")


class Server:
    """One `warden serve` process on a fresh data dir; `url` is its base URL."""

    def __init__(self, binary, log_path=None, extra_args=(), env_extra=None, data_dir=None, keep_data=False,
                 auth=False, package=PACKAGE):
        """auth=False serves with --no-auth (loopback); auth=True sets a signing secret, creates an admin key
        (`self.api_key`) with `warden keys create` before starting, and lifts the rate limit for the fuzzer."""
        self.keep_data = keep_data or data_dir is not None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="warden-http-")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path or os.path.join(self.data_dir, "serve.log"), "w")
        # warden refuses unknown WARDEN_* variables: hand it a clean environment of those.
        env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}
        self.api_key = None
        if auth:
            env["WARDEN_SECRET_KEY"] = "http-tests-signing-secret-0123456789abcdefghij"
            env["WARDEN_RATE_LIMIT_MAX_REQUESTS"] = "100000000"
            out = subprocess.run(
                [str(binary), "keys", "create", "--data-dir", self.data_dir, "--name", "tests", "--role", "admin",
                 "--json"], capture_output=True, text=True, env=env, check=True).stdout
            self.api_key = json.loads(out)["key"]
        else:
            extra_args = ("--no-auth", *extra_args)
        env.update(env_extra or {})
        self.proc = subprocess.Popen(
            [str(binary), "serve", "--data-dir", self.data_dir, "--port", str(self.port), "--bootstrap", str(package),
             *extra_args],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        try:
            wait_ready(self.url, proc=self.proc)
        except Exception:
            self.stop()
            raise

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        if not self.keep_data:
            shutil.rmtree(self.data_dir, ignore_errors=True)
