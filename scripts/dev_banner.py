"""Print where everything is once the local stack answers, then wait.

Run by Procfile.dev as its own process: honcho stops every process as soon as one exits, so after
printing this one stays up until honcho tells it to stop (Ctrl-C)."""
from __future__ import annotations

import os
import signal
import sys
import time
import urllib.error
import urllib.request

WEB = f"http://127.0.0.1:{os.environ.get('WEB_PORT', '5000')}"
WECHAT = os.environ.get("WECHAT_API_BASE", "http://127.0.0.1:8765")
WAIT_SECONDS = 60


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status < 500
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except OSError:
        return False


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    deadline = time.monotonic() + WAIT_SECONDS
    while not _answers(f"{WEB}/healthz") and time.monotonic() < deadline:
        time.sleep(0.5)
    ready = _answers(f"{WEB}/healthz")
    lines = [
        "Timebank is up" if ready else f"Timebank did not answer {WEB}/healthz within {WAIT_SECONDS}s",
        f"  Console       {WEB}/console/   (demo accounts: README)",
        f"  Website       {WEB}/site/",
        f"  API           {WEB}/api/v1",
        f"  API docs      {WEB}/api/v1/docs",
        f"  OpenAPI       {WEB}/api/v1/openapi.json",
        f"  Health        {WEB}/healthz",
        f"  Fake WeChat   {WECHAT}" + ("" if _answers(WECHAT) else "  (not answering yet)"),
        "  Ctrl-C stops everything.",
    ]
    width = max(len(line) for line in lines)
    print("=" * width, *lines, "=" * width, sep="\n", flush=True)
    try:
        while True:
            signal.pause()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
