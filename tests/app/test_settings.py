"""desktop/settings.py: typed settings in JSON with a schema_version, and the profile the app opens (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.app import choose_profile
from desktop.paths import default_profiles_dir
from desktop.settings import SCHEMA_VERSION, Settings, load_settings, save_settings, settings_path


def test_round_trip_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert load_settings(path) == Settings(language="zh_CN", theme="light", last_profile="")  # no file yet
    save_settings(Settings(language="en", theme="dark", last_profile="/p/x"), path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["schema_version"] == SCHEMA_VERSION
    assert load_settings(path) == Settings(language="en", theme="dark", last_profile="/p/x")


def test_the_config_dir_comes_from_the_environment(_own_config_dir: Path) -> None:
    """Tests (and portable installs) never write into the user's own config folder."""
    assert settings_path() == _own_config_dir / "settings.json"


def test_older_damaged_and_foreign_files_fall_back_safely(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"locale": "en", "theme": "dark"}), encoding="utf-8")  # version 0
    assert load_settings(path) == Settings(language="en", theme="dark")
    path.write_text('{"schema_version": 1, "language": "fr", "theme": 3, "extra": "x"}', encoding="utf-8")
    assert load_settings(path) == Settings()  # invalid values and unknown keys dropped
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    path.write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1, "language": "en"}), encoding="utf-8")
    assert load_settings(path) == Settings()  # written by a newer app: not guessed at


def test_the_last_profile_is_opened_when_none_is_given(tmp_path: Path) -> None:
    last = tmp_path / "wang"
    last.mkdir()
    remembered = Settings(last_profile=str(last))
    assert choose_profile(None, demo=False, settings=remembered) == last
    assert choose_profile(tmp_path / "other", demo=False, settings=remembered) == tmp_path / "other"
    assert choose_profile(None, demo=True, settings=remembered) == default_profiles_dir() / "yinzhou-demo"
    gone = Settings(last_profile=str(tmp_path / "deleted"))
    assert choose_profile(None, demo=False, settings=gone) == default_profiles_dir() / "default"
