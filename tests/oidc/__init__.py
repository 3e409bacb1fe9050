"""A real OpenID Connect provider for the tests of sso/: panva's oidc-provider (package.json),
run by Node.js on a free port of 127.0.0.1 (tests/oidc/provider.mjs)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from time_machine import escape_hatch

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "mensenwerk"
CLIENT_SECRET = "provider-test-secret"
SECRET_ENV = "SSO_TEST_CLIENT_SECRET"


class OIDCProvider:
    """The provider process and the state file it reads its accounts from."""

    def __init__(self, process: subprocess.Popen, issuer: str, state_path: Path, state: dict):
        self.process, self.issuer, self.state_path, self.state = process, issuer, state_path, state

    def configure(self, *, accounts: dict | None = None, tamper: str | None = None) -> None:
        """Accounts by login name: {"claims": {...}, "amr": [...]}; tamper: None,
        "audience" (an ID token for another application) or "signature" (signed with a
        key the provider does not publish)."""
        if accounts is not None:
            self.state["accounts"] = accounts
        self.state["tamper"] = tamper
        self.state_path.write_text(json.dumps(self.state))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def _clock_offset_ms() -> int:
    if not escape_hatch.is_travelling():
        return 0
    return int((time.time() - escape_hatch.time.time()) * 1000)


def start_provider(tmp_dir: Path, *, redirect_base: str) -> OIDCProvider:
    """Start the provider with one client whose redirect URIs are under `redirect_base`.
    Without Node.js or the package the SSO tests fail, as without Chromium: `make install`
    (which `make test` runs) puts the package in node_modules."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.fail(
            "Node.js and oidc-provider are needed for the SSO tests: run `make install` "
            "(npm ci installs the package from package-lock.json)."
        )
    state = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{redirect_base}/accounts/sso/terug/"],
                "post_logout_redirect_uris": [f"{redirect_base}/accounts/login/"],
            }
        ],
        "accounts": {},
        "tamper": None,
        # The provider's clock follows the tests' clock (pytest --clock moves it).
        "clock_offset_ms": _clock_offset_ms(),
    }
    state_path = tmp_dir / "oidc-state.json"
    state_path.write_text(json.dumps(state))
    process = subprocess.Popen(
        [node, str(SCRIPT), str(state_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline()
    if not line.startswith("issuer "):
        process.kill()
        pytest.fail(f"The OIDC provider did not start: {line!r}")
    return OIDCProvider(process, line.split()[1], state_path, state)


def log_in_at_provider(authorization_url: str, login: str, *, stop_at: str) -> str:
    """Go through the provider's own login page as a browser without JavaScript would,
    and return the address it sends the browser back to (which starts with `stop_at`)."""
    browser = requests.Session()
    url = authorization_url
    for _step in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith(stop_at):
                return url
            continue
        form = re.search(r'<form[^>]*action="([^"]+)"', response.text)
        assert form, f"No login form at {url}: {response.status_code}"
        response = browser.post(
            urljoin(url, unescape(form.group(1))),
            data={"prompt": "login", "login": login, "password": "any password"},
            allow_redirects=False,
            timeout=10,
        )
        url = urljoin(url, response.headers["Location"])
        if url.startswith(stop_at):
            return url
    raise AssertionError(f"The provider never sent the browser back: {url}")
