"""Production settings: `check --deploy` is clean under the environment docs/operators.md gives."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def documented_environment() -> dict[str, str]:
    """The variables of the first shell block of docs/operators.md, "Configure"."""
    text = (ROOT / "docs" / "operators.md").read_text()
    section = text.split("## Configure", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    variables = {}
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            name, value = line.split("=", 1)
            variables[name.strip()] = value.strip()
    return variables


def run_check(extra: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    variables = documented_environment()
    variables["SECRET_KEY"] = "k" * 10 + "Q8z!mV3#pL0@xR7$wN2^bT5&hJ9*cF4(gD6)sA1-eY" * 2
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("UNHEARD_", "DJANGO_")) and key not in variables
    }
    env.update(variables)
    env.update(extra)
    env["DJANGO_SETTINGS_MODULE"] = "unheard.config.settings.prod"
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "unheard",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            *arguments,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path):
    documented = documented_environment()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "UNHEARD_TRUSTED_PROXIES"} <= documented.keys()
    result = run_check({"UNHEARD_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_staff_protections_are_off(tmp_path):
    result = run_check(
        {
            "UNHEARD_DATA_DIR": str(tmp_path),
            "UNHEARD_STAFF_2FA": "false",
            "UNHEARD_LOGIN_THROTTLING": "false",
            "UNHEARD_SSL_REDIRECT": "false",
        }
    )
    assert result.returncode != 0
    for warning in ("unheard.accounts.W001", "unheard.accounts.W002", "security.W008"):
        assert warning in result.stderr + result.stdout
