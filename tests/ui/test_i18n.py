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
from tests.ui.conftest import EN_TS, TS

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
        element = message.find("translation")
        assert element is not None, (context, source)
        # a numerus message (%n) has one <numerusform> per plural form (one for Chinese)
        forms = [f.text or "" for f in element.iter("numerusform")] or [element.text or ""]
        for translation in forms:
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


def test_english_plural_forms_are_current_and_complete(tmp_path: Path) -> None:
    """app_en.ts (lupdate -pluralonly) holds every %n message with its singular and plural filled."""
    fresh = tmp_path / "app_en.ts"
    shutil.copy(EN_TS, fresh)
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    sources = sorted(str(p) for p in (ROOT / "desktop" / "ui").glob("*.py"))
    subprocess.run([str(lupdate), "-silent", "-pluralonly", *sources, "-ts", str(fresh)], check=True, cwd=ROOT)
    committed, updated = _messages(EN_TS), _messages(fresh)
    assert set(updated) == set(committed), "run pyside6-lupdate -pluralonly … -ts resources/i18n/app_en.ts"
    assert committed, "no numerus message at all"
    for key, message in updated.items():
        assert message.get("numerus") == "yes", key
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, f"unfinished: {key}"
        forms = [f.text or "" for f in translation.iter("numerusform")]
        assert len(forms) == 2 and all(f.strip() for f in forms), (key, forms)
        for form in forms:
            assert sorted(_PLACEHOLDERS.findall(form)) == sorted(_PLACEHOLDERS.findall(key[1])), (key, form)


def test_english_catalogue_gives_singular_and_plural(qapp: QApplication, zh_qm: Path) -> None:
    installed = install_translators(qapp, "en")
    assert len(installed) == 1  # app_en.qm: the plural forms
    assert QCoreApplication.translate("MainWindow", "Waiting to sync: %n record(s)", "", 1) == (
        "Waiting to sync: 1 record")
    assert QCoreApplication.translate("MainWindow", "Waiting to sync: %n record(s)", "", 3) == (
        "Waiting to sync: 3 records")
    install_translators(qapp, "zh_CN")
    try:
        assert QCoreApplication.translate("SyncPanel", "Waiting to send: %n record(s)", "", 2) == "待发送：2"
    finally:
        install_translators(qapp, "en")
