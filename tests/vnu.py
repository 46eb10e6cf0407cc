"""The W3C Nu HTML Checker (npm's vnu-jar, run with java): many documents in one process.

`bin/install --dev` installs the pinned jar into node_modules/; `bin/services` installs Java.
"""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

VNU_JAR = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist"
VNU_JAR = VNU_JAR / "vnu.jar"
# htmx's hx-* attributes are not HTML's; the checker's other findings all count. Python's re
# syntax, anchored at both ends the way vnu's --filterpattern (a Java regex) matches a message.
HTMX_ATTRIBUTE = r"Attribute “hx-[^”]*” (not allowed|is not serializable).*"


def vnu_command(paths: list[Path]) -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java not found: run bin/services (or bin/test)")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} not found: run bin/install --dev (or bin/test)")
    return [
        java,
        "-jar",
        str(VNU_JAR),
        "--format",
        "json",
        "--errors-only",
        "--stdout",
        "--filterpattern",
        HTMX_ATTRIBUTE,
        *map(str, paths),
    ]


def html_errors(documents: dict[str, str]) -> list[str]:
    """Every error in `documents` ({label: html}) as "label, line N: message", in one java run."""
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="vnu-") as directory:
        labels = {}
        for number, (label, html) in enumerate(documents.items()):
            path = Path(directory) / f"{number:04d}.html"
            path.write_text(html, encoding="utf-8")
            labels[path.name] = label
        result = subprocess.run(
            vnu_command(sorted(Path(directory).iterdir())),
            capture_output=True,
            text=True,
            timeout=240,
        )
    # vnu exits 1 when it found errors; its JSON report is the answer either way.
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu failed (exit {result.returncode}): {result.stderr or result.stdout}")
    errors = []
    for message in messages:
        if message.get("type") == "info":
            continue
        label = labels.get(Path(message.get("url", "")).name, message.get("url", "?"))
        line = message.get("lastLine", message.get("firstLine", "?"))
        extract = " ".join(message.get("extract", "").split())
        errors.append(f"{label}, line {line}: {message['message']} [{extract}]")
    return errors
