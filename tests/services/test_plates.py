"""Door plates: codes assigned and unique, reuse refused, conflicts found, PNG decoded back, A4 PDF sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from desktop.domain.plate import display_code, is_plate_code, new_plate_code
from desktop.errors import Invalid, PlateConflict, PlateUnknown, PlateUnreadable
from desktop.services.plates import PlateService, PlateTexts, decode_plate_image, find_cjk_font
from desktop.services.registry import RegistryService
from desktop.store.db import Store
from desktop.store.records import write_record
from tests.services.officer_place import build

TEXTS = PlateTexts(title="鄞州区门牌", grid="网格", rental="出租房屋", code="门牌码")


def test_assign_is_stable_and_codes_are_unique(store: Store) -> None:
    place = build(store)
    plates = PlateService(store, "officer1")
    first = plates.assign(place.rooms["101室"])
    assert is_plate_code(first) and plates.assign(place.rooms["101室"]) == first
    codes = {plates.assign(r) for r in place.rooms.values()}
    assert len(codes) == 4
    replaced = plates.assign(place.rooms["101室"], replace=True)
    assert replaced != first


def test_reused_or_conflicting_codes_are_detected(store: Store) -> None:
    place = build(store)
    plates = PlateService(store, "officer1")
    code = plates.assign(place.rooms["101室"])
    with pytest.raises(PlateConflict) as caught:
        plates.assign(place.rooms["102室"], display_code(code))
    assert caught.value.params["address"].endswith("3幢101室")
    with pytest.raises(Invalid):
        plates.assign(place.rooms["102室"], "ABC")
    # a retired address keeps its code: a plate taken off it cannot be put on another door
    RegistryService(store, "o")
    with store.write() as conn:
        write_record(conn, "standard_address", place.rooms["201室"], {"valid_to": "2025-01-01"}, user="o",
                     device_id="d")
    retired = plates.assign(place.rooms["201室"])
    assert plates.find(retired) is None
    with pytest.raises(PlateConflict):
        plates.assign(place.rooms["202室"], retired)
    # two devices attached the same pre-printed plate offline: found after sync
    shared = new_plate_code()
    with store.write() as conn:
        for room in ("102室", "202室"):
            write_record(conn, "standard_address", place.rooms[room], {"plate_code": shared}, user="o",
                         device_id="d")
    assert [c.code for c in plates.conflicts()] == [shared]
    with pytest.raises(PlateConflict):
        plates.find(shared)


def test_plate_png_decodes_back_to_its_address(store: Store, tmp_path: Path) -> None:
    place = build(store)
    plates = PlateService(store, "officer1")
    info = plates.write_plate_png(place.rooms["102室"], tmp_path / "plate.png", TEXTS)
    assert info.grid_name == "金山第一网格" and info.address_text.endswith("3幢102室")
    assert decode_plate_image(tmp_path / "plate.png") == info.code
    # a photo: smaller, rotated a little, grey background
    photo = Image.new("RGB", (1400, 1000), (180, 180, 170))
    plate = Image.open(tmp_path / "plate.png").convert("RGB").resize((900, 550)).rotate(7, expand=True,
                                                                                       fillcolor=(180, 180, 170))
    photo.paste(plate, (150, 120))
    photo.save(tmp_path / "photo.jpg", quality=85)
    found = plates.open_photo(tmp_path / "photo.jpg")
    assert found.address_id == place.rooms["102室"]
    assert plates.find(display_code(info.code).lower()) == found

    Image.new("RGB", (300, 300), "white").save(tmp_path / "blank.png")
    with pytest.raises(PlateUnreadable):
        plates.open_photo(tmp_path / "blank.png")
    with store.write() as conn:
        write_record(conn, "standard_address", place.rooms["102室"], {"plate_code": None}, user="o", device_id="d")
    with pytest.raises(PlateUnknown):
        plates.open_photo(tmp_path / "plate.png")


def test_building_sheet_pdf(store: Store, tmp_path: Path) -> None:
    place = build(store)
    plates = PlateService(store, "officer1")
    count, pages = plates.write_building_sheet(place.building, tmp_path / "sheet.pdf", TEXTS)
    assert (count, pages) == (4, 1)
    data = (tmp_path / "sheet.pdf").read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 1
    assert find_cjk_font() is not None
