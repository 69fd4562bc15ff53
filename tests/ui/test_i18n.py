"""The i18n gate: the committed .ts is current and complete, the .qm works, placeholders match."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication

from desktop.ui.i18n import install_translators
from tests.ui.conftest import TS

ROOT = Path(__file__).resolve().parents[2]
_PLACEHOLDERS = re.compile(r"\{\w+\}|%\d+|%n")


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    out = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def test_lupdate_leaves_the_ts_complete(tmp_path: Path) -> None:
    fresh = tmp_path / "app_zh_CN.ts"
    shutil.copy(TS, fresh)
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    sources = sorted(str(p) for p in (ROOT / "desktop" / "ui").glob("*.py"))
    subprocess.run([str(lupdate), "-silent", *sources, "-ts", str(fresh)], check=True, cwd=ROOT)
    committed, updated = _messages(TS), _messages(fresh)
    assert set(updated) == set(committed), "run pyside6-lupdate and translate (see resources/i18n)"
    bad = [key for key, m in updated.items() if m.find("translation").get("type") is not None]
    assert bad == [], f"unfinished, vanished or obsolete: {bad}"


def test_every_translation_is_filled_and_keeps_placeholders() -> None:
    for (context, source), message in _messages(TS).items():
        translation = message.findtext("translation") or ""
        assert translation.strip(), (context, source)
        assert sorted(_PLACEHOLDERS.findall(translation)) == sorted(_PLACEHOLDERS.findall(source)), (
            context, source, translation)


def test_qm_translates_real_strings(qapp: QApplication, zh_qm: Path) -> None:
    translator = QTranslator()
    assert translator.load(str(zh_qm))
    assert translator.translate("MainWindow", "Sync") == "同步"
    assert translator.translate("RateCard", "No data") == "暂无数据"
    installed = install_translators(qapp, "zh_CN")
    try:
        assert len(installed) == 2  # qtbase_zh_CN and ours
        assert QCoreApplication.translate("ResidentDialog", "Register resident") == "登记人员"
        assert QCoreApplication.translate("QDialogButtonBox", "Cancel") != ""
    finally:
        install_translators(qapp, "en")
    assert QCoreApplication.translate("ResidentDialog", "Register resident") == "Register resident"
