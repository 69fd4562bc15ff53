"""``doorstep-central``: run the central endpoint.

    doorstep-central --db postgresql+psycopg://postgres@127.0.0.1/test --port 8765 --workers 2
    doorstep-central --db URL --host 127.0.0.1 --forwarded-allow-ips 127.0.0.1   (behind nginx/Caddy)
    doorstep-central create-user --db URL --username wang --password '…(10+ chars)' --role supervisor --area 330212
    doorstep-central migrate --db postgresql+psycopg://doorstep@127.0.0.1/doorstep [--revision head]
    doorstep-central after-restore --db URL      (after restoring a backup: devices pull everything again)

Defaults come from the ``DOORSTEP_CENTRAL_*`` variables (:mod:`central.config`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

import uvicorn
from sqlalchemy.exc import OperationalError

from central.config import Settings
from central.db import SchemaError, bump_epoch, init_db, make_engine, migrate
from central.logs import FORMATS, log_config, setup_logging

#: Shortest password ``create-user`` accepts (NIST SP 800-63B asks for at least 8; ours is 10).
MIN_PASSWORD_LENGTH = 10
#: The subcommands, listed by ``doorstep-central --help``.
SUBCOMMANDS = """subcommands (each has its own --help):
  create-user    add or reset a user who may sign in (a supervisor needs --area)
  migrate        bring a PostgreSQL database to the newest schema
  after-restore  after restoring a backup: every device pulls everything again
"""


def create_user_command(argv: list[str]) -> int:
    """``create-user``: add (or with ``--replace`` reset) a user who may sign in; return the exit status."""
    from central.auth import create_user
    from central.models import ROLES

    env = Settings.from_env()
    parser = argparse.ArgumentParser(prog="doorstep-central create-user")
    parser.add_argument("--db", default=env.db_url, help="database URL (default %(default)s)")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True,
                        help=f"at least {MIN_PASSWORD_LENGTH} characters (docs/security.md)")
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--area", default="",
                        help="supervisor: the area code (or area id) it oversees, required; 330212 = the whole "
                             "district. Officers and police assistants get their grids and samples from "
                             "synced records, not from this")
    parser.add_argument("--replace", action="store_true", help="reset an existing user")
    args = parser.parse_args(argv)
    if args.role == "supervisor" and not args.area.strip():
        parser.error("a supervisor needs --area (e.g. --area 330212 for the whole district): "
                     "with no area it reaches no grid and every push is refused")
    if len(args.password) < MIN_PASSWORD_LENGTH:
        parser.error(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    engine = make_engine(args.db)
    try:
        init_db(engine)
        create_user(engine, args.username, args.password, args.role, args.area.strip(), replace=args.replace)
    except ValueError as exc:
        parser.error(str(exc))
    finally:
        engine.dispose()
    sys.stdout.write(f"user {args.username} saved: role {args.role}, area {args.area.strip() or '(none)'}\n")
    return 0


def migrate_command(argv: list[str]) -> int:
    """``migrate``: bring a PostgreSQL database to the newest (or given) schema revision; return the status."""
    env = Settings.from_env()
    parser = argparse.ArgumentParser(prog="doorstep-central migrate")
    parser.add_argument("--db", default=env.db_url, help="PostgreSQL URL (default %(default)s)")
    parser.add_argument("--revision", default="head", help="target revision (default %(default)s)")
    args = parser.parse_args(argv)
    setup_logging(env.log_level, env.log_format if env.log_format in FORMATS else "text")
    engine = make_engine(args.db)
    try:
        revision = migrate(engine, args.revision)
    except SchemaError as exc:
        sys.stderr.write(f"doorstep-central migrate: {exc}\n")
        return 2
    finally:
        engine.dispose()
    sys.stdout.write(f"database at revision {revision}\n")
    return 0


def after_restore_command(argv: list[str]) -> int:
    """``after-restore``: start a new epoch so every device pulls everything again; return the status."""
    env = Settings.from_env()
    parser = argparse.ArgumentParser(prog="doorstep-central after-restore")
    parser.add_argument("--db", default=env.db_url, help="database URL (default %(default)s)")
    args = parser.parse_args(argv)
    setup_logging(env.log_level, env.log_format if env.log_format in FORMATS else "text")
    engine = make_engine(args.db)
    try:
        init_db(engine)
        epoch = bump_epoch(engine)
    finally:
        engine.dispose()
    sys.stdout.write(f"epoch {epoch}: devices pull everything again at their next sync\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run a subcommand or serve until interrupted; return the exit status
    (2 when the database cannot be reached or used: the reason on stderr, no traceback)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"create-user": create_user_command, "migrate": migrate_command, "after-restore": after_restore_command}
    command = commands.get(argv[0]) if argv else None
    try:
        return command(argv[1:]) if command is not None else serve(argv)
    except OperationalError as exc:  # cannot connect: no server, no such role or database, wrong password, …
        reason = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
        sys.stderr.write(f"doorstep-central: cannot use the database: {reason[0] if reason else exc}\n"
                         "Check the --db URL (or DOORSTEP_CENTRAL_DB): the server must be running and the role and "
                         "database must exist (docs/deploy.md, 'PostgreSQL').\n")
        return 2


def serve(argv: list[str]) -> int:
    """Serve the API until interrupted (``argv``: the server's options); return the exit status."""
    env = Settings.from_env()
    parser = argparse.ArgumentParser(prog="doorstep-central", description="Doorstep central endpoint",
                                     usage="%(prog)s [create-user | migrate | after-restore] [options]",
                                     epilog=SUBCOMMANDS, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=env.db_url, help="database URL (default %(default)s)")
    parser.add_argument("--host", default=env.host, help="interface (default %(default)s)")
    parser.add_argument("--port", type=int, default=env.port, help="TCP port (default %(default)s)")
    parser.add_argument("--workers", type=int, default=env.workers,
                        help="worker processes (default %(default)s)")
    parser.add_argument("--log-level", default=env.log_level, help="log level (default %(default)s)")
    parser.add_argument("--log-format", default=env.log_format, choices=FORMATS,
                        help="text, or json: one JSON object per line (default %(default)s)")
    parser.add_argument("--forwarded-allow-ips", default=env.forwarded_allow_ips,
                        help="reverse proxies whose X-Forwarded-For/-Proto are believed, comma-separated "
                             "(default %(default)s; docs/deploy.md)")
    args = parser.parse_args(argv)
    setup_logging(args.log_level, args.log_format)
    engine = make_engine(args.db)
    try:
        init_db(engine)  # once, before any worker starts (PostgreSQL: migrations to head)
    except SchemaError as exc:
        logging.getLogger(__name__).error("cannot start: %s", exc)
        return 2
    finally:
        engine.dispose()
    os.environ["DOORSTEP_CENTRAL_DB"] = args.db
    os.environ["DOORSTEP_CENTRAL_MAX_BODY"] = str(env.max_body_bytes)
    uvicorn.run("central.main:app_from_env", factory=True, host=args.host, port=args.port,
                workers=max(1, args.workers), log_level=args.log_level.lower(), access_log=False,
                log_config=log_config(args.log_level, args.log_format), server_header=False,
                proxy_headers=True, forwarded_allow_ips=args.forwarded_allow_ips)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
