"""Ledger import benchmark (DESIGN §7: ≥ 5,000 rows/s with validation).

``write_ledger(path, rows, seed)`` writes a community ledger in the layout offices use (a merged
title row, the header on row 2, one person a row, people sharing a room on consecutive rows) with
the usual dirt in a few per cent of the rows (Excel dates and text dates, phones with spaces and
+86, short code values, lower-case check letters, a wrong check digit now and then), using
openpyxl's write-only mode. ``measure_import(rows, seed)`` imports it into a fresh store (encrypted,
as the app opens it) and returns rows/s; ``measure_read(path)`` is reading alone (ours and openpyxl's).
``python -m bench.ledger_bench N`` prints both, with and without the writer thread.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.domain.idnumber import compute_check_digit
from desktop.services.demo import EMPLOYERS, GIVEN, ROADS, SURNAMES

HEADER = (
    "序号", "姓名", "性别", "民族", "公民身份号码", "出生日期", "户籍地址", "镇街", "社区", "居住地址", "联系电话",
    "工作单位", "文化程度", "居住事由", "来鄞日期", "房东姓名", "房东电话", "居住证到期日", "备注",
)
_REGIONS = ("341221", "411422", "430523", "513701", "420921", "522125", "360781", "450981", "411527")
_TOWNS = ("钟公庙街道", "下应街道", "首南街道", "中河街道", "潘火街道")
_ETHNIC = ("汉", "汉族", "汉族", "汉族", "土家族", "苗族", "彝族")
_EDU = ("初中", "高中", "大专", "本科", "小学", "中专")
_REASON = ("务工", "务工", "经商", "随迁", "投亲靠友")


def _person(rng: random.Random) -> dict[str, Any]:
    male = rng.random() < 0.55
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
    seq = rng.randrange(0, 99) * 10 + (rng.choice((1, 3, 5, 7, 9)) if male else rng.choice((0, 2, 4, 6, 8)))
    first17 = f"{rng.choice(_REGIONS)}{birth:%Y%m%d}{seq:03d}"
    return {
        "name": rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
        "sex": "男" if male else "女",
        "id": first17 + compute_check_digit(first17),
        "birth": birth,
        "phone": "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9)),
    }


def ledger_rows(rows: int, seed: int) -> list[tuple[object, ...]]:
    """Return ``rows`` data rows (cells in :data:`HEADER` order) with a little dirt."""
    rng = random.Random(seed)
    out: list[tuple[object, ...]] = []
    room_left = 0
    room = landlord = town = ""
    landlord_phone = ""
    while len(out) < rows:
        if room_left == 0:
            room_left = rng.choice((1, 1, 2, 2, 3, 4))
            town = rng.choice(_TOWNS)
            room = (f"{rng.choice(ROADS)}{rng.randrange(1, 900)}号{rng.randrange(1, 40)}幢"
                    f"{rng.randrange(1, 4)}单元{rng.randrange(1, 30)}{rng.randrange(1, 5):02d}室")
            landlord = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            landlord_phone = "13" + "".join(rng.choice("0123456789") for _ in range(9))
        room_left -= 1
        p = _person(rng)
        dirt = rng.random()
        id_cell: object = p["id"]
        birth: object = datetime(p["birth"].year, p["birth"].month, p["birth"].day)
        phone: object = p["phone"]
        if dirt < 0.02:
            id_cell = p["id"].lower()
        elif dirt < 0.03:
            id_cell = p["id"][:-1] + ("0" if p["id"][-1] != "0" else "1")  # wrong check digit
        elif dirt < 0.05:
            birth = f"{p['birth'].year}.{p['birth'].month}.{p['birth'].day}"
        elif dirt < 0.07:
            phone = f"+86 {p['phone'][:3]} {p['phone'][3:7]} {p['phone'][7:]}"
        arrival = datetime(2015, 1, 1) + timedelta(days=rng.randrange(0, 3000))
        out.append((
            len(out) + 1, p["name"], p["sex"], rng.choice(_ETHNIC), id_cell, birth, "安徽省临泉县西湾村11组",
            town, "测试社区", room, phone, rng.choice(EMPLOYERS), rng.choice(_EDU), rng.choice(_REASON), arrival,
            landlord, landlord_phone, None, None,
        ))
    return out


def write_ledger(path: Path, rows: int, seed: int = 1) -> Path:
    """Write a ``rows``-row ledger workbook to ``path`` (openpyxl write-only) and return ``path``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(["鄞州区流动人口居住登记台账（基准测试）"])
    ws.append(list(HEADER))
    for r in ledger_rows(rows, seed):
        cells: list[object] = []
        for value in r:
            if isinstance(value, datetime):
                c = WriteOnlyCell(ws, value=value)
                c.number_format = "yyyy-mm-dd"
                cells.append(c)
            else:
                cells.append(value)
        ws.append(cells)
    wb.save(path)
    return path


def _open_bench_store(workdir: Path, encrypted: bool) -> Any:
    """A fresh store as the app opens it: encrypted through the profile setup (issue 7) or plain."""
    from desktop.store.db import open_store

    if encrypted:
        from desktop.services.privacy import setup_profile

        return setup_profile(workdir / "profile", "bench passphrase 7 words long", user="bench")
    return open_store(workdir / "doorstep.sqlite")


def measure_import(rows: int, seed: int = 1, *, encrypted: bool = True, writer_thread: bool | None = None,
                   path: Path | None = None) -> dict[str, float]:
    """Write a ledger of ``rows`` rows (or use ``path``), import it into a fresh store; return rows/s.

    ``encrypted``: the SQLCipher store the app uses (default) or a plain file.  ``writer_thread``:
    force :data:`desktop.services.ledger_import.WRITER_THREAD` on or off (None: as shipped).
    Returns rows, seconds (wall), cpu_seconds (this process, all threads), main_thread_cpu_seconds (reading,
    validating, planning: with the writer thread on another core, the wall time's lower bound), rows_per_s,
    rows_per_cpu_s (what one free core would give with no writer thread; comparable on a busy machine), accepted.
    """
    from desktop.services import ledger_import

    workdir = Path(tempfile.mkdtemp(prefix="doorstep-ledger-bench-"))
    shipped = ledger_import.WRITER_THREAD
    try:
        if path is None:
            path = write_ledger(workdir / "ledger.xlsx", rows, seed)
        store = _open_bench_store(workdir, encrypted)
        if writer_thread is not None:
            ledger_import.WRITER_THREAD = writer_thread
        try:
            c0, m0, t0 = time.process_time(), time.thread_time(), time.perf_counter()
            report = ledger_import.import_ledger(store, path, user="bench", today=date(2024, 6, 1))
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            main_cpu = time.thread_time() - m0
        finally:
            ledger_import.WRITER_THREAD = shipped
            store.close()
        accepted = sum(1 for v in report.rows if v.status in ledger_import.ACCEPTED)
        return {"rows": float(rows), "seconds": seconds, "cpu_seconds": cpu, "main_thread_cpu_seconds": main_cpu,
                "rows_per_s": rows / seconds, "rows_per_cpu_s": rows / cpu, "accepted": float(accepted)}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def measure_read(path: Path) -> dict[str, float]:
    """Reading alone, rows/s: our streaming reader (``read_ledger``: header, mapping, cells) and
    openpyxl's read-only mode touching every cell value (the library floor a reader would start from)."""
    import openpyxl

    from desktop.services.ledger_parse import read_ledger

    t0 = time.perf_counter()
    n = len(read_ledger(path).rows)
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = 0
    for row in wb.active.iter_rows(values_only=True):  # type: ignore[union-attr]
        count += sum(1 for v in row if v is not None) >= 0
    wb.close()
    lib = time.perf_counter() - t0
    return {"rows": float(n), "read_rows_per_s": n / ours, "openpyxl_rows_per_s": count / lib}


def bench_rows(rows: int, seed: int = 1) -> list[dict[str, Any]]:
    """``make bench`` lines: import rows/s (DESIGN §7 target 5,000) and, beside it, reading alone."""
    workdir = Path(tempfile.mkdtemp(prefix="doorstep-ledger-read-"))
    try:
        path = write_ledger(workdir / "ledger.xlsx", rows, seed)
        read = measure_read(path)
        result = measure_import(rows, seed, path=path)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    rate, read_rate = result["rows_per_s"], read["read_rows_per_s"]
    return [
        {"name": f"ledger import with validation ({rows:,} rows .xlsx, encrypted store)", "value": round(rate, 1),
         "unit": "rows/s", "target": 5000.0, "floor": round(read_rate, 1), "ratio": round(read_rate / rate, 2),
         "met": rate >= 5000.0, "residents": rows},
        {"name": "ledger read only (streaming xlsx, the floor above)", "value": round(read_rate, 1),
         "unit": "rows/s", "target": None, "floor": round(read["openpyxl_rows_per_s"], 1), "ratio": None,
         "met": None, "residents": rows},
    ]


if __name__ == "__main__":
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    work = Path(tempfile.mkdtemp(prefix="doorstep-ledger-main-"))
    try:
        ledger = write_ledger(work / "ledger.xlsx", n)
        print({"read": measure_read(ledger)})
        for threaded in (True, False):
            print({"writer_thread": threaded, **measure_import(n, path=ledger, writer_thread=threaded)})
        print({"plain_store": True, **measure_import(n, path=ledger, encrypted=False)})
    finally:
        shutil.rmtree(work, ignore_errors=True)
