"""The entry the app calls: :func:`build_main_window` (defined beside the window it builds)."""

from __future__ import annotations

from desktop.ui.main_window import build_main_window

__all__ = ["build_main_window"]
