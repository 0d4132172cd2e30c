"""The GitHub Actions workflow, checked here because it cannot run here: it is a valid workflow
(SchemaStore's schema, as vendored by check-jsonschema, offline), every test it runs on Windows and
macOS exists and is one that the Linux run already passes under those platforms' names
(tests/test_foreign_platforms.py collects the same files), and every build script it calls exists.
What only a real run shows is listed in installer/README.md."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.support.standin import REPO

WORKFLOW = REPO / ".github" / "workflows" / "build.yml"


def workflow() -> dict[str, Any]:
    loaded: dict[str, Any] = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def steps(job: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = workflow()["jobs"][job]["steps"]
    return found


def pytest_paths(job: str) -> list[str]:
    (run,) = [s["run"] for s in steps(job) if "python -m pytest" in str(s.get("run", ""))]
    return [word for word in run.split() if word.startswith("tests")]


def test_the_workflow_is_valid_for_github_actions() -> None:
    checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert checker, "check-jsonschema comes with the dev extras"
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("job", ["windows", "macos"])
def test_the_foreign_jobs_run_tests_that_exist_and_skip_the_desktop_ones(job: str) -> None:
    paths = pytest_paths(job)
    assert len(paths) >= 10
    for path in paths:
        assert (REPO / path).exists(), f"{job} runs {path}, which is not in the repository"
    (run,) = [s["run"] for s in steps(job) if "python -m pytest" in str(s.get("run", ""))]
    assert '-m "not desktop"' in run


def test_both_foreign_jobs_run_the_same_tests() -> None:
    assert pytest_paths("windows") == pytest_paths("macos")


def test_every_build_script_the_workflow_calls_exists() -> None:
    runs = " ".join(str(s.get("run", "")) for job in workflow()["jobs"] for s in steps(job))
    scripts = re.findall(r"installer[\\/][\w\\/.-]+\.(?:ps1|sh)", runs)
    assert len(scripts) == 2, scripts
    for script in scripts:
        assert (REPO / script.replace("\\", "/")).is_file(), script
    assert "make test" in runs and "make package" in runs


def test_the_linux_job_runs_exactly_what_ci_runs() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "exec make test" in ci
    (run,) = [s["run"] for s in steps("linux") if "make test" in str(s.get("run", ""))]
    assert run.endswith("make test")
