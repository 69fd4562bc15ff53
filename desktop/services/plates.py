"""QR door plates (门牌二维码): assign codes, find addresses by code, render and print, decode photos.

- A plate code (:mod:`desktop.domain.plate`) is random and carries no personal data; it is stored
  in ``standard_address.plate_code`` (indexed, ``ix_address_plate``). A rental unit's plate is
  the plate of its address (the unit is shown on that address's page), marked "rental unit".
- A code is never given to two addresses: assigning checks every address, live, retired or
  deleted (a code once printed stays bound to its place: a *reused* plate is refused), and
  :meth:`PlateService.conflicts` lists codes that reached two addresses anyway (two devices
  attaching the same pre-printed plate offline; they meet after sync).
- Rendering uses qrcode + Pillow with a CJK font found through fontconfig
  (``fc-match 'sans-serif:lang=zh-cn'``, checked against ``fc-list :lang=zh-cn``), then the
  ``DOORSTEP_PLATE_FONT`` file, then well-known font paths on Windows, macOS and Linux; with none
  found, Pillow's built-in font is used and Chinese prints as boxes (logged as a warning).
- A building's sheet is an A4 PDF (300 dpi pages, 2 × 5 plates of 90 × 55 mm) written by Pillow.
- A photo of a plate is decoded with zxing-cpp; the QR text gives the code, the code the address.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, or_, select

from desktop.domain.plate import (
    check_plate_code,
    display_code,
    is_plate_code,
    new_plate_code,
    normalize_plate_text,
    qr_payload,
)
from desktop.errors import Invalid, NotFound, PlateConflict, PlateUnknown, PlateUnreadable
from desktop.services.residency import ResidencyService
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import write_record

logger = logging.getLogger(__name__)

DPI = 300
PLATE_MM = (90, 55)
A4_MM = (210, 297)
SHEET_GRID = (2, 5)  # columns, rows per A4 page
_KNOWN_FONTS = (
    "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simhei.ttf", "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Medium.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


def _px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


@dataclass(frozen=True)
class PlateTexts:
    """The words printed on a plate (the UI passes them translated)."""

    title: str = "Door plate"
    grid: str = "Grid"
    rental: str = "Rental unit"
    code: str = "Plate code"


@dataclass(frozen=True)
class PlateInfo:
    """What one plate shows: the code, the address and its grid (never anything about people)."""

    code: str
    address_id: str
    address_text: str
    grid_name: str
    is_rental: bool = False


@dataclass(frozen=True)
class PlateConflictGroup:
    """One code found on more than one address."""

    code: str
    address_ids: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """Return a font file with Chinese glyphs (see module doc for the search order), or None."""
    fc_match, fc_list = shutil.which("fc-match"), shutil.which("fc-list")
    if fc_match and fc_list:
        try:
            chinese = set(subprocess.run([fc_list, "-f", "%{file}\n", ":lang=zh-cn"], capture_output=True,
                                         text=True, timeout=10, check=False).stdout.split("\n")) - {""}
            preferred = subprocess.run([fc_match, "-f", "%{file}", "sans-serif:lang=zh-cn"], capture_output=True,
                                       text=True, timeout=10, check=False).stdout.strip()
            if preferred in chinese:
                return preferred
            sans = sorted(f for f in chinese if "Sans" in f or "Hei" in f or "hei" in f)
            if sans or chinese:
                return (sans or sorted(chinese))[0]
        except (OSError, subprocess.SubprocessError):
            logger.warning("fontconfig failed; trying known font paths", exc_info=True)
    env = os.environ.get("DOORSTEP_PLATE_FONT")
    for candidate in ([env] if env else []) + list(_KNOWN_FONTS):
        if Path(candidate).is_file():
            return candidate
    logger.warning("no CJK font found: plates will print Chinese as boxes")
    return None


def _font(size: int) -> Any:
    from PIL import ImageFont

    path = find_cjk_font()
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size)


def _wrap(draw: Any, text: str, font: Any, width: int, max_lines: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if draw.textlength(line + ch, font=font) > width and line:
            lines.append(line)
            line = ch
        else:
            line += ch
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def render_plate(info: PlateInfo, texts: PlateTexts = PlateTexts()) -> Any:  # noqa: B008 - frozen default
    """Return the plate as a Pillow RGB image (90 × 55 mm at 300 dpi)."""
    import qrcode
    from PIL import Image, ImageDraw

    width, height = _px(PLATE_MM[0]), _px(PLATE_MM[1])
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    band = 110
    draw.rectangle([0, 0, width, band], fill=(0, 82, 155))
    title = texts.title + (f" · {texts.rental}" if info.is_rental else "")
    draw.text((40, band // 2), title, font=_font(58), fill="white", anchor="lm")
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=2)
    qr.add_data(qr_payload(info.code))
    qr.make(fit=True)
    side = height - band - 40
    qr_img = qr.make_image(fill_color="black", back_color="white").convert("RGB").resize(
        (side, side), Image.Resampling.NEAREST)
    img.paste(qr_img, (20, band + 20))
    left, right = side + 50, width - 40
    address_font = _font(54)
    y = band + 40
    for line in _wrap(draw, info.address_text, address_font, right - left, 4):
        draw.text((left, y), line, font=address_font, fill="black")
        y += 68
    small = _font(40)
    draw.text((left, height - 150), f"{texts.grid}: {info.grid_name}", font=small, fill=(60, 60, 60))
    draw.text((left, height - 90), f"{texts.code}: {display_code(info.code)}", font=small, fill="black")
    draw.rectangle([0, 0, width - 1, height - 1], outline=(0, 82, 155), width=6)
    return img


def write_sheet_pdf(plates: Sequence[PlateInfo], path: Path, texts: PlateTexts = PlateTexts()) -> int:  # noqa: B008
    """Write plates on A4 pages (2 × 5 per page, cut marks by the plate borders); return the page count."""
    from PIL import Image

    page_w, page_h = _px(A4_MM[0]), _px(A4_MM[1])
    plate_w, plate_h = _px(PLATE_MM[0]), _px(PLATE_MM[1])
    cols, rows = SHEET_GRID
    gap_x = (page_w - cols * plate_w) // (cols + 1)
    gap_y = (page_h - rows * plate_h) // (rows + 1)
    pages = []
    per_page = cols * rows
    for start in range(0, max(len(plates), 1), per_page):
        page = Image.new("RGB", (page_w, page_h), "white")
        for i, info in enumerate(plates[start:start + per_page]):
            c, r = i % cols, i // cols
            page.paste(render_plate(info, texts), (gap_x + c * (plate_w + gap_x), gap_y + r * (plate_h + gap_y)))
        pages.append(page)
    from desktop.services.export_files import export_to

    with export_to(path) as staged:  # written beside the target, renamed into place (issue 7)
        pages[0].save(staged.path, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return len(pages)


def decode_plate_image(path: Path) -> str:
    """Return the plate code in a photo or scan of a plate.

    Raises:
        PlateUnreadable: no QR code holding a plate code was found.
    """
    import zxingcpp
    from PIL import Image

    try:
        with Image.open(path) as img:
            barcodes = zxingcpp.read_barcodes(img.convert("RGB"))
    except OSError as exc:
        raise PlateUnreadable(str(path)) from exc
    for barcode in barcodes:
        if is_plate_code(barcode.text):
            return normalize_plate_text(barcode.text)
    raise PlateUnreadable(str(path))


class PlateService:
    """Door-plate use cases for one signed-in user (DB thread; no Qt)."""

    def __init__(self, store: Store, user: str) -> None:
        self.store = store
        self.user = user

    # -- codes -------------------------------------------------------------------------------------

    def assign(self, address_id: str, code: str | None = None, *, replace: bool = False) -> str:
        """Give an address a plate code and return it (its existing code unless ``replace`` or ``code``).

        Args:
            code: a pre-printed code to attach (validated); None draws a fresh random one.

        Raises:
            Invalid: ``code`` is not a plate code.  PlateConflict: ``code`` is (or was) on another
            address.  NotFound: no such address.
        """
        sa = t.standard_address
        if code is not None:
            code, problems = check_plate_code(code)
            if problems:
                raise Invalid(problems)
        with self.store.write() as conn:
            row = conn.execute(select(sa.c.plate_code).where(sa.c.id == address_id, sa.c.deleted == 0)).first()
            if row is None:
                raise NotFound(address_id)
            if code is None and row.plate_code and not replace:
                return str(row.plate_code)
            if code is not None:
                if code == row.plate_code:
                    return code
                self._refuse_if_used(conn, code, address_id)
            else:
                code = new_plate_code()
                while self._holders(conn, code):
                    code = new_plate_code()
            write_record(conn, "standard_address", address_id, {"plate_code": code}, user=self.user,
                         device_id=self.store.device_id)
        return code

    @staticmethod
    def _holders(conn: Connection, code: str) -> list[Any]:
        sa = t.standard_address
        return list(conn.execute(select(sa.c.id, sa.c.full_text).where(sa.c.plate_code == code)))

    def _refuse_if_used(self, conn: Connection, code: str, address_id: str) -> None:
        for holder in self._holders(conn, code):
            if holder.id != address_id:
                raise PlateConflict(code, {"code": display_code(code), "address": holder.full_text})

    def assign_building(self, building_id: str) -> list[PlateInfo]:
        """Give every room-level (leaf) address below a building a plate; return the plates in order."""
        with self.store.read() as conn:
            ids = ResidencyService.subtree(conn, building_id)
            sa = t.standard_address
            leaves = [r.id for r in conn.execute(
                select(sa.c.id, sa.c.full_text).where(sa.c.id.in_(ids), sa.c.is_leaf == 1, sa.c.deleted == 0)
                .order_by(func.length(sa.c.full_text), sa.c.full_text))]
        if not leaves:
            leaves = [building_id]
        for address_id in leaves:
            self.assign(address_id)
        return [self.info(a) for a in leaves]

    def info(self, address_id: str) -> PlateInfo:
        """Return what the address's plate shows (assigns a code if it has none)."""
        sa, ru, a = t.standard_address, t.rental_unit, t.area
        code = self.assign(address_id)
        with self.store.read() as conn:
            row = conn.execute(
                select(sa.c.full_text, a.c.name.label("grid_name"))
                .join(a, a.c.id == sa.c.grid_id, isouter=True).where(sa.c.id == address_id)
            ).first()
            rental = conn.execute(select(ru.c.id).where(ru.c.address_id == address_id, ru.c.deleted == 0,
                                                        ru.c.status != "cancelled").limit(1)).first()
        assert row is not None
        return PlateInfo(code, address_id, row.full_text, row.grid_name or "", rental is not None)

    def info_for_rental_unit(self, rental_unit_id: str) -> PlateInfo:
        """Return the plate of a rental unit (its address's plate, marked as a rental unit)."""
        with self.store.read() as conn:
            address_id = conn.execute(select(t.rental_unit.c.address_id)
                                      .where(t.rental_unit.c.id == rental_unit_id)).scalar()
        if address_id is None:
            raise NotFound(rental_unit_id)
        info = self.info(str(address_id))
        return PlateInfo(info.code, info.address_id, info.address_text, info.grid_name, True)

    def find(self, text: str, today: date | None = None) -> PlateInfo | None:
        """Return the live address whose plate is ``text`` (a scan or typed code), or None.

        None when the text is not a plate code or no live address carries it; a retired address's
        plate finds nothing (the place no longer exists).

        Raises:
            PlateConflict: two live addresses carry the code (shown to the officer to resolve).
        """
        if not is_plate_code(text):
            return None
        code = normalize_plate_text(text)
        sa = t.standard_address
        day = (today or date.today()).isoformat()
        with self.store.read() as conn:
            rows = conn.execute(
                select(sa.c.id, sa.c.full_text).where(
                    sa.c.plate_code == code, sa.c.deleted == 0,
                    or_(sa.c.valid_to.is_(None), sa.c.valid_to == "", sa.c.valid_to > day))
            ).all()
        if len(rows) > 1:
            raise PlateConflict(code, {"code": display_code(code), "address": rows[1].full_text})
        if not rows:
            return None
        return self.info(rows[0].id)

    def open_photo(self, path: Path) -> PlateInfo:
        """Decode a plate photo and return its address.

        Raises:
            PlateUnreadable: no plate QR code in the picture.  PlateUnknown: no address has the code.
        """
        code = decode_plate_image(path)
        found = self.find(code)
        if found is None:
            raise PlateUnknown(code, {"code": display_code(code)})
        return found

    def conflicts(self) -> list[PlateConflictGroup]:
        """Return codes carried by more than one live address (indexed group-by)."""
        sa = t.standard_address
        with self.store.read() as conn:
            rows = conn.execute(
                select(sa.c.plate_code, func.group_concat(sa.c.id))
                .where(sa.c.plate_code.is_not(None), sa.c.plate_code != "", sa.c.deleted == 0)
                .group_by(sa.c.plate_code).having(func.count() > 1)
            ).all()
        return [PlateConflictGroup(code, tuple(sorted(ids.split(",")))) for code, ids in rows]

    # -- files ---------------------------------------------------------------------------------------

    def write_plate_png(self, address_id: str, path: Path, texts: PlateTexts = PlateTexts()) -> PlateInfo:  # noqa: B008
        """Render the address's plate to a PNG file; return what it shows."""
        info = self.info(address_id)
        from desktop.services.export_files import export_to

        with export_to(path) as staged:
            render_plate(info, texts).save(staged.path, "PNG", dpi=(DPI, DPI))
        return info

    def write_building_sheet(self, building_id: str, path: Path,
                             texts: PlateTexts = PlateTexts()) -> tuple[int, int]:  # noqa: B008
        """Plate every room of a building and write the A4 PDF sheet; return (plates, pages)."""
        plates = self.assign_building(building_id)
        pages = write_sheet_pdf(plates, path, texts)
        return len(plates), pages
