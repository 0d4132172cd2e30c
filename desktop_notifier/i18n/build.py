"""Regenerate the widget translations: `python -m desktop_notifier.i18n.build [--check]`.

1. `lupdate` (shipped inside the PySide6 package) collects every `tr()`/`translate()` string of
   `desktop_notifier/ui/` into `calls_notifier_pt_BR.ts` and `calls_notifier_en.ts`, keeping the
   translations already there and dropping strings that no longer exist.
2. The English catalog is filled in automatically: sources are English, and plural forms follow
   the `call(s)` convention ("1 active call" / "3 active calls").
3. `lrelease` compiles both into the `.qm` files the app loads.

With `--check` nothing is written; it exits 1 if a string lacks a translation in either catalog
or a `.qm` does not match its `.ts`. Portuguese translations are edited in the `.ts` file
(by hand or with `pyside6-linguist`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop_notifier.common.languages import LANGUAGES

HERE = Path(__file__).resolve().parent
SOURCES = HERE.parent / "ui"
CATALOG = "calls_notifier"
_HEADER = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'


def tool(name: str) -> str:
    """Path of a Qt Linguist tool: the one inside PySide6, else `pyside6-<name>` on PATH."""
    import PySide6

    suffix = ".exe" if sys.platform == "win32" else ""
    bundled = Path(PySide6.__file__).parent / f"{name}{suffix}"
    if bundled.is_file():
        return str(bundled)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found is None:
        raise SystemExit(f"cannot find Qt's {name}; install PySide6 (it ships the tool)")
    return found


def ts_path(language: str) -> Path:
    return HERE / f"{CATALOG}_{language}.ts"


def english_plurals(source: str) -> tuple[str, str]:
    """("1 active call", "%n active calls") from "%n active call(s)"."""
    return re.sub(r"\(s\)", "", source), re.sub(r"\(s\)", "s", source)


def fill_english(root: ET.Element) -> None:
    for message in root.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") != "unfinished":
            continue
        if message.get("numerus") == "yes":
            forms = translation.findall("numerusform")
            for form, text in zip(forms, english_plurals(source), strict=False):
                form.text = text
        else:
            translation.text = source
        del translation.attrib["type"]


def missing(root: ET.Element) -> list[str]:
    """Messages without a complete translation."""
    problems = []
    for context in root.iter("context"):
        name = context.findtext("name") or "?"
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source") or ""
            if translation is None or translation.get("type") in {"unfinished", "vanished"}:
                problems.append(f"{name}: {source!r} is not translated")
            elif message.get("numerus") == "yes":
                if not all((f.text or "").strip() for f in translation.findall("numerusform")):
                    problems.append(f"{name}: {source!r} lacks a plural form")
            elif not (translation.text or "").strip():
                problems.append(f"{name}: {source!r} has an empty translation")
    return problems


def write_ts(path: Path, root: ET.Element) -> None:
    ET.indent(root, space="    ")
    path.write_text(_HEADER + ET.tostring(root, encoding="unicode") + "\n", encoding="utf-8")


def update(ts: Path, language: str) -> None:
    files = sorted(str(p) for p in SOURCES.glob("*.py"))
    subprocess.run(
        [
            tool("lupdate"),
            *("-silent", "-no-obsolete", "-locations", "none"),
            *("-source-language", "en", "-target-language", language),
            *files,
            *("-ts", str(ts)),
        ],
        check=True,
    )


def release(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def check() -> int:
    """Compare against a fresh extraction without touching the committed files."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            committed = ts_path(language)
            fresh = Path(tmp, committed.name)
            shutil.copy(committed, fresh)
            update(fresh, language)
            root = ET.parse(fresh).getroot()
            if language == "en":
                fill_english(root)
            problems += [f"{language}: {p}" for p in missing(root)]
            qm, fresh_qm = committed.with_suffix(".qm"), fresh.with_suffix(".qm")
            release(committed, fresh_qm)
            if not qm.is_file() or qm.read_bytes() != fresh_qm.read_bytes():
                problems.append(f"{language}: {qm.name} is out of date; run the build")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def build() -> int:
    status = 0
    for language in LANGUAGES:
        ts = ts_path(language)
        update(ts, language)
        root = ET.parse(ts).getroot()
        if language == "en":
            fill_english(root)
        write_ts(ts, root)
        for problem in missing(root):
            print(f"{language}: {problem}", file=sys.stderr)
            status = 1
        release(ts, ts.with_suffix(".qm"))
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="verify only; write nothing")
    args = parser.parse_args(argv)
    return check() if args.check else build()


if __name__ == "__main__":
    sys.exit(main())
