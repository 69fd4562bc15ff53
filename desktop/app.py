"""Composition root: parses the command line, opens the profile's store, starts what is needed.

``doorstep [--profile DIR] [--central URL]`` opens the app on a profile.
``doorstep demo [--headless] [--residents N] [--seed S] [--json] [--profile DIR] [--central URL]``
builds the Yinzhou demo district; with ``--headless`` it runs the whole main job without a screen
(build → embedded central on 127.0.0.1 → sync → rates on both sides) and prints one JSON object.
This is the only module that wires the layers together (and the only one that may start central).
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import time
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop.errors import AppError
from desktop.log import setup_logging
from desktop.paths import default_profiles_dir
from desktop.settings import Settings, load_settings, save_settings

logger = logging.getLogger(__name__)

STORE_FILE = "doorstep.sqlite"
CENTRAL_FILE = "central.sqlite"
DEMO_USER = "demo-officer"
#: The demo's embedded central creates DEMO_USER with this password (a supervisor, to show every view).
DEMO_PASSWORD = "demo-password"
#: The demo profiles' store passphrase (README): synthetic data, opened without a prompt.
DEMO_PASSPHRASE = "doorstep-demo"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="doorstep", description="Doorstep 入户登记",
        epilog="other commands: doorstep import-ledger FILE [--profile DIR] [--json] (see --help there); "
               "doorstep export-ledger --help; doorstep-central --help")
    parser.add_argument("command", nargs="?", choices=("demo",), help="demo: the Yinzhou demo district")
    parser.add_argument("--profile", type=Path, help="profile folder (holds the local store)")
    parser.add_argument("--central", help="central endpoint URL (default: embedded on 127.0.0.1 for the demo)")
    parser.add_argument("--headless", action="store_true", help="demo: run the main job without a screen")
    parser.add_argument("--residents", type=int, default=None, help="demo: residents to generate")
    parser.add_argument("--seed", type=int, default=1, help="demo: random seed")
    parser.add_argument("--json", action="store_true", help="demo: print the result as JSON")
    parser.add_argument("--user", default=DEMO_USER, help="signed-in user name")
    parser.add_argument("--self-check", action="store_true",
                        help="open a temporary store, run the validators, load zh_CN, exit 0 when all work")
    return parser


def run(argv: list[str]) -> int:
    """Run the command line ``argv`` (without the program name); return the exit code."""
    args = _parser().parse_args(argv)
    if args.self_check:
        return self_check()
    settings = load_settings()
    profile = choose_profile(args.profile, demo=args.command == "demo", settings=settings,
                             headless=args.headless)
    if profile.exists() and not profile.is_dir():
        sys.stderr.write(f"doorstep: --profile {profile} is a file; give a folder\n")
        return 2
    setup_logging(profile / "logs", to_stderr=not args.json)
    try:
        if args.command == "demo" and args.headless:
            result = run_headless_demo(profile, residents=args.residents or 20000, seed=args.seed,
                                       central_url=args.central)
            if args.json:
                sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
            else:
                _print_summary(result)
            return 0
        return run_gui(profile, demo=args.command == "demo", residents=args.residents or 5000, seed=args.seed,
                       central_url=args.central, user=args.user, settings=settings)
    except AppError as exc:
        logger.error("failed: %s", exc)
        sys.stderr.write(f"doorstep: {exc}\n")
        return 2


def choose_profile(given: Path | None, *, demo: bool, settings: Settings, headless: bool = False) -> Path:
    """Return the profile to open: ``--profile``, else the demo's, else the last one used (if it still
    exists), else ``default`` in the platform's profiles folder.

    The headless demo rebuilds its profile on every run, so it has its own default folder and never
    touches the demo profile an officer may be working in through ``make run``."""
    if given is not None:
        return given
    if demo:
        return default_profiles_dir() / ("yinzhou-demo-headless" if headless else "yinzhou-demo")
    last = Path(settings.last_profile) if settings.last_profile else None
    if last is not None and last.is_dir():
        return last
    return default_profiles_dir() / "default"


def _prepare_demo_profile(profile: Path, residents: int, seed: int) -> tuple[Any, Any]:
    """Create a fresh demo store in ``profile`` (an earlier demo store there is replaced).

    The demo store is encrypted like a real one, with the documented :data:`DEMO_PASSPHRASE`."""
    from desktop.errors import WrongPassphrase
    from desktop.services.demo import build_demo
    from desktop.services.privacy import KEY_FILE, THROTTLE_FILE, open_profile_store
    from desktop.store.db import set_state

    store_path = profile / STORE_FILE
    if store_path.exists():
        try:
            existing = open_profile_store(profile, DEMO_PASSPHRASE, demo=True)
        except WrongPassphrase as exc:
            raise AppError(f"{store_path} holds a real profile, not a demo; choose another --profile") from exc
        is_demo = existing.state("demo_seed") is not None
        unsent = _unsent_after_demo(existing) if is_demo else 0
        existing.close()
        if not is_demo:
            raise AppError(f"{store_path} holds a real profile, not a demo; choose another --profile")
        if unsent:
            raise AppError(f"{store_path} holds {unsent} unsent edits made after the demo was built; "
                           "sync them or choose another --profile (nothing was deleted)")
        for suffix in ("", "-wal", "-shm"):
            Path(str(store_path) + suffix).unlink(missing_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(profile / CENTRAL_FILE) + suffix).unlink(missing_ok=True)
        for name in (KEY_FILE, THROTTLE_FILE):
            (profile / name).unlink(missing_ok=True)
    store = open_profile_store(profile, DEMO_PASSPHRASE, demo=True)
    truth = build_demo(store, residents=residents, seed=seed, user=DEMO_USER)
    with store.write() as conn:
        last = conn.exec_driver_sql("SELECT coalesce(max(mutation_no), 0) FROM outbox").scalar()
        set_state(conn, "demo_last_mutation", str(last))
    return store, truth


def _unsent_after_demo(store: Any) -> int:
    """Count pending outbox entries written after the demo generator finished (the officer's own work)."""
    last = int(store.state("demo_last_mutation") or 0)
    if last == 0:  # a demo profile from before this marker: its generated rows are all it can hold
        return 0
    with store.read() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM outbox WHERE status = 'pending' "
                                        "AND mutation_no > ?", (last,)).scalar() or 0)


def run_headless_demo(profile: Path, *, residents: int, seed: int, central_url: str | None) -> dict[str, Any]:
    """Build the demo profile, sync it to central and compute the three rates on both sides.

    Returns:
        ``{registration_rate|accuracy_rate|rental_registration_rate: {estimate, ci_low, ci_high, n,
        status, truth, central: {...}}, residents_local, residents_central, seconds, ...}``.
    """
    from central.embedded import start_embedded
    from desktop.services.rates_service import local_rates
    from desktop.services.sync_service import SyncService

    started = time.perf_counter()
    profile.mkdir(parents=True, exist_ok=True)
    store, truth = _prepare_demo_profile(profile, residents, seed)
    with ExitStack() as stack:
        if central_url is None:
            server = stack.enter_context(start_embedded(f"sqlite:///{profile / CENTRAL_FILE}",
                                                        users=[(DEMO_USER, DEMO_PASSWORD, "supervisor", "330212")]))
            central_url = server.url
        service = SyncService(store, central_url)
        service.login(DEMO_USER, DEMO_PASSWORD)
        held = int(service.client.counts().get("resident", 0))
        if held:
            store.close()
            raise AppError(f"the central endpoint at {central_url} already holds {held} residents; the demo "
                           "compares its own district with central's copy and needs an empty central "
                           "(or leave out --central to use an embedded one)")
        report = service.sync()
        local = local_rates(store)
        remote = service.client.rates("330212")
        counts = service.client.counts()
    with store.read() as conn:
        residents_local = int(conn.exec_driver_sql("SELECT count(*) FROM resident WHERE deleted = 0").scalar() or 0)
    store.close()
    out: dict[str, Any] = {}
    for name in ("registration_rate", "accuracy_rate", "rental_registration_rate"):
        est = local[name]
        server_est = getattr(remote, name)
        out[name] = {
            "estimate": est.estimate, "ci_low": est.ci_low, "ci_high": est.ci_high, "n": est.n,
            "status": str(est.status), "truth": getattr(truth, name),
            "clusters": est.clusters, "design_effect": est.design_effect,
            "central": {"estimate": server_est.estimate, "ci_low": server_est.ci_low,
                        "ci_high": server_est.ci_high, "n": server_est.n, "status": server_est.status},
        }
    out.update({
        "residents_local": residents_local,
        "residents_central": int(counts.get("resident", 0)),
        "sync": {"pushed": report.pushed, "applied": report.applied, "duplicate": report.duplicate,
                 "conflict": report.conflict, "rejected": report.rejected, "pulled": report.pulled},
        "truth_params": truth.params,
        "sampled_buildings": truth.sampled_buildings,
        "profile": str(profile),
        "central_url": central_url,
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 2),
    })
    return out


def _print_summary(result: dict[str, Any]) -> None:
    for name in ("registration_rate", "accuracy_rate", "rental_registration_rate"):
        r = result[name]
        sys.stdout.write(f"{name}: {r['estimate']:.2%} [{r['ci_low']:.2%}, {r['ci_high']:.2%}] n={r['n']} "
                         f"{r['status']} (truth {r['truth']:.2%})\n")
    sys.stdout.write(f"residents local/central: {result['residents_local']}/{result['residents_central']}, "
                     f"{result['seconds']} s\n")


def run_gui(profile: Path, *, demo: bool, residents: int, seed: int, central_url: str | None, user: str,
            settings: Settings | None = None) -> int:
    """Open the main window on ``profile`` (building the demo district first when asked).

    Before anything else: translators and style, the crash hook (logs to ``profile/logs``), and the
    profile lock; a profile another Doorstep process holds gets a message and exit status 3.
    """
    from PySide6.QtWidgets import QApplication

    from desktop.ui.crash import install_excepthook
    from desktop.ui.i18n import install_translators
    from desktop.ui.main_window import build_main_window
    from desktop.ui.startup import acquire_profile_lock, already_running_box
    from desktop.ui.style import apply_style

    settings = settings or load_settings()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Doorstep")
    install_translators(app, settings.language)
    apply_style(app, settings.theme)
    install_excepthook(profile / "logs" / "doorstep.log")
    profile.mkdir(parents=True, exist_ok=True)
    lock = acquire_profile_lock(profile)
    if lock is None:
        already_running_box(profile).exec()
        return 3
    if not demo:  # remembered for the next plain `doorstep`; the demo has its own folder
        try:
            save_settings(replace(settings, last_profile=str(profile.resolve())))
        except OSError as exc:
            logger.warning("settings not saved: %s", type(exc).__name__)
    with ExitStack() as stack:
        stack.callback(lock.unlock)
        if demo and not (profile / STORE_FILE).exists():
            store, _truth = _prepare_demo_profile(profile, residents, seed)
            store.close()
        if demo:  # the demo opens with its documented passphrase, without a prompt (README)
            from desktop.services.privacy import open_profile_store

            store = open_profile_store(profile, DEMO_PASSPHRASE, user=user, demo=True)
        else:  # first run: choose a passphrase; later: unlock (issue 7)
            from desktop.ui.lock import open_profile_interactively

            opened = open_profile_interactively(profile, user)
            if opened is None:
                return 0
            store = opened
        stack.callback(store.close)
        if central_url is None and demo:
            from central.embedded import start_embedded

            server = stack.enter_context(start_embedded(f"sqlite:///{profile / CENTRAL_FILE}",
                                                        users=[(user, DEMO_PASSWORD, "supervisor", "330212")]))
            central_url = server.url
            logger.info("embedded central endpoint at %s", central_url)
            from desktop.errors import SyncError
            from desktop.services.sync_service import SyncService

            try:  # the demo signs its officer in; a real profile signs in from the sync panel
                SyncService(store, central_url).login(user, DEMO_PASSWORD)
            except (SyncError, AppError) as exc:
                logger.warning("demo sign-in failed: %s", exc.code)
        window = build_main_window(store, user, central_url or "http://127.0.0.1:8765")
        from desktop.ui.lock import install_auto_lock

        window.auto_lock = install_auto_lock(window, store, profile, user,  # type: ignore[attr-defined]
                                             minutes=settings.lock_minutes)
        window.show()
        return int(app.exec())


def self_check() -> int:
    """Smoke test of an installed or frozen app: store, validators, translations. Returns 0 when all work."""
    import tempfile

    from desktop.domain.idnumber import check_id_number
    from desktop.domain.resident import ResidentInput, validate_resident
    from desktop.paths import resource_dir
    from desktop.store.db import open_store
    from desktop.store.records import write_record

    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="doorstep-self-check-") as tmp:
        store = open_store(Path(tmp) / STORE_FILE, passphrase="self-check")
        with store.write() as conn:
            write_record(conn, "area", "self-check", {"level": "district", "name": "鄞州区", "code": "330212"},
                         user="self-check", device_id=store.device_id)
        with store.read() as conn:
            if conn.exec_driver_sql("SELECT count(*) FROM outbox").scalar() != 1:
                failures.append("store: outbox entry missing")
        store.close()
    if not check_id_number("11010519491231002X").ok or check_id_number("110105194912310021").ok:
        failures.append("validators: ID number check digit")
    if validate_resident(ResidentInput(id_number="11010519491231002X", name="王芳")).problems:
        failures.append("validators: resident")
    for needed in (resource_dir() / "styles" / "app.qss", resource_dir() / "icons" / "doorstep.png"):
        if not needed.is_file():
            failures.append(f"resources: {needed} missing")
    qm = resource_dir() / "i18n" / "app_zh_CN.qm"
    try:
        from PySide6.QtCore import QTranslator

        translator = QTranslator()
        if not translator.load(str(qm)) or translator.translate("MainWindow", "Sync") != "同步":
            failures.append(f"i18n: {qm} does not translate")
    except ImportError as exc:
        failures.append(f"Qt: {exc}")
    for failure in failures:
        sys.stderr.write(f"self-check: {failure}\n")
    sys.stdout.write("self-check: ok\n" if not failures else "self-check: FAILED\n")
    return 0 if not failures else 1


def clean_profile(profile: Path) -> None:
    """Remove a demo profile folder (used by tests)."""
    shutil.rmtree(profile, ignore_errors=True)
