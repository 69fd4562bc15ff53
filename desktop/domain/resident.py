"""Resident (人员) input: normalisation and validation, including cross-field checks.

DESIGN §3 (resident fields; texts stored NFC; ID numbers upper-case half-width) and
domain.md §1.2 / §2 (code tables).  Pure: no storage, no UI.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from desktop.domain.codes import CodeTables, IdType, ResidenceReason, Sex, load_code_tables
from desktop.domain.idnumber import check_id_number
from desktop.domain.phone import check_phone
from desktop.domain.problems import Problem, Severity, error, warning
from desktop.domain.uscc import check_uscc

MIDDLE_DOT = "\u00b7"
# Look-alikes of the separator "·" in transliterated minority names (e.g. 买买提·艾力): bullet,
# hyphenation point, katakana middle dot, full-width full stop, half-width katakana middle dot,
# Greek ano teleia, dot operator, bullet operator, word-separator middle dot (and "·" itself).
_DOTS = "\u2022\u2027\u30fb\uff0e\uff65\u0387\u22c5\u2219\u2e31\u00b7"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RE_DOTS = re.compile(rf"\s*[{_DOTS}]\s*")
_RE_ASCII_DOT = re.compile(rf"(?<=[{_CJK}])\s*\.\s*(?=[{_CJK}])")
_RE_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_RE_CJK_SPACE = re.compile(rf"(?<=[{_CJK}{MIDDLE_DOT}])\s+|\s+(?=[{_CJK}{MIDDLE_DOT}])")
_RE_SPACES = re.compile(r"\s+")
#: A name :func:`normalize_name` leaves as it is (once NFC): no whitespace, no dot of any kind (ASCII "." included),
#: no zero-width character, and not empty.
_RE_NAME_PLAIN = re.compile(rf"[^\s.{_DOTS}\u200b\u200c\u200d\u2060\ufeff]+")
_RE_DIGIT = re.compile(r"\d")
_RE_LATIN = re.compile(r"[A-Za-z]")

_CODE_FIELDS = ("ethnicity", "education", "marital_status", "political_status")
#: The text fields of :class:`ResidentInput`, in the order :func:`validate_resident` checks them.
_INPUT_TEXTS = ("id_number", "name", "sex", "ethnicity", "hukou_code", "hukou_address", "phone", "education",
                "marital_status", "political_status", "employer_name", "employer_uscc", "occupation")

#: Longest text accepted per field, in characters (after normalisation).  Name: 50, the length
#: of the 姓名 element in public-security population data (as the issue 6 trial cites it; a
#: transliterated minority name is far shorter).  The others are ours, well above any real value
#: and below what breaks a form, a list or a printed ledger: addresses 200, employer 100,
#: occupation 50, document numbers 32 (the column), notes 500.  ERROR ``text.too_long``.
TEXT_LIMITS: dict[str, int] = {
    "name": 50,
    "id_number": 32,
    "hukou_address": 200,
    "address": 200,
    "employer_name": 100,
    "occupation": 50,
    "landlord_name": 50,
    "note": 500,
}


def check_length(field_name: str, value: str) -> Problem | None:
    """Return ERROR ``text.too_long`` (params length, limit) when ``value`` exceeds
    :data:`TEXT_LIMITS` for ``field_name``; None when it fits or the field has no limit."""
    limit = TEXT_LIMITS.get(field_name)
    if limit is not None and len(value) > limit:
        return error(field_name, "text.too_long", length=len(value), limit=limit)
    return None


#: Text no database can store, NUL and lone UTF-16 surrogates (central refuses them: ``central.merge``
#: ``_UNSTORABLE_TEXT``), and the other C0 control characters but tab, newline and carriage return: they are
#: never part of a name, an address or a phone, and come from broken exports.  ERROR ``text.invalid``.
_RE_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def check_text(field_name: str, value: str) -> Problem | None:
    """Return ERROR ``text.invalid`` (params position: 1-based, character: ``U+0000``) for the first
    character of ``value`` that must not be stored (see :data:`_RE_UNSTORABLE`); None when there is none.

    One regex search: cheap enough for every field of every row of a large import.
    """
    found = _RE_UNSTORABLE.search(value)
    if found is None:
        return None
    return error(field_name, "text.invalid", position=found.start() + 1, character=f"U+{ord(found.group()):04X}")


def normalize_name(raw: str) -> str:
    """Normalise a person's name.

    NFC; zero-width characters removed; look-alike middle dots (U+2022 U+2027 U+30FB U+FF0E U+FF65
    U+0387 U+22C5 U+2219 U+2E31) and an ASCII "." between two CJK characters become U+00B7, with
    no spaces around; whitespace next to a CJK character is removed ("张 三" → "张三"); other runs
    of whitespace (Latin names on passports) collapse to one space; the ends are stripped.
    """
    if _RE_NAME_PLAIN.fullmatch(raw) and unicodedata.is_normalized("NFC", raw):
        return raw  # nothing :func:`_normalize_name_fully` does would change it (most names: CJK only)
    return _normalize_name_fully(raw)


def _normalize_name_fully(raw: str) -> str:
    text = _RE_ZERO_WIDTH.sub("", unicodedata.normalize("NFC", raw))
    text = _RE_DOTS.sub(MIDDLE_DOT, text)
    text = _RE_ASCII_DOT.sub(MIDDLE_DOT, text)
    text = _RE_CJK_SPACE.sub("", text)
    return _RE_SPACES.sub(" ", text).strip()


def _normalize_text(raw: str) -> str:
    if not raw:
        return raw
    return _RE_SPACES.sub(" ", _RE_ZERO_WIDTH.sub("", unicodedata.normalize("NFC", raw))).strip()


def _normalize_document(raw: str) -> str:
    return _RE_SPACES.sub("", unicodedata.normalize("NFKC", raw)).upper()


@dataclass
class ResidentInput:
    """Raw resident fields as typed or imported (strings unless noted; "" = not given).

    Code fields hold GB codes (sex GB/T 2261.1, ethnicity GB 3304, education GB/T 4658, marital
    status GB/T 2261.2, political status GB/T 4762); official names and common short forms are
    also accepted and mapped via :meth:`CodeTable.lookup`.
    """

    id_type: IdType = IdType.RESIDENT_ID
    id_number: str = ""
    name: str = ""
    sex: str = ""
    birth_date: date | None = None
    ethnicity: str = ""
    hukou_code: str = ""
    hukou_address: str = ""
    phone: str = ""
    education: str = ""
    marital_status: str = ""
    political_status: str = ""
    employer_name: str = ""
    employer_uscc: str = ""
    occupation: str = ""
    arrival_date: date | None = None
    reason: ResidenceReason | None = None


@dataclass(frozen=True)
class ValidatedResident:
    """Result of :func:`validate_resident`.

    Attributes:
        values: field name → normalised value ready to store; the keys are the
            :class:`ResidentInput` field names.  Strings are NFC; ``id_number`` is normalised
            (18-digit after a 15-digit upgrade); ``sex`` is a :class:`Sex` when known (else the
            raw text or ""); ``birth_date``/``arrival_date`` are ``date | None``; ``id_type`` an
            :class:`IdType`; ``reason`` a :class:`ResidenceReason` or None.
        problems: all problems found, field names as in ``values``.
    """

    values: dict[str, object]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when no problem is an ERROR."""
        return not any(p.severity is Severity.ERROR for p in self.problems)


def validate_resident(
    inp: ResidentInput, *, today: date | None = None, tables: CodeTables | None = None
) -> ValidatedResident:
    """Normalise and validate one resident.

    Per field: ID number via :func:`check_id_number` (resident IDs only; other document types are
    only required to be non-empty: ERROR ``resident.id_number_required``); name required
    (``resident.name_required``), digits — or Latin letters on a resident ID — give WARNING
    ``resident.name_unusual``; phone via :func:`check_phone`; employer USCC via
    :func:`check_uscc`; code fields not in their table → WARNING ``code.unknown`` (params
    table/value).  Derived: sex, birth date and hukou_code (first 6 digits) from the ID number
    when not declared.  Cross-field: declared sex/birth date ≠ ID → WARNING
    ``resident.sex_mismatch`` / ``resident.birth_date_mismatch`` (declared value kept); birth date
    in the future → ERROR ``resident.birth_date_future``; arrival before birth → ERROR
    ``resident.arrival_before_birth``; arrival after ``today`` → ERROR ``resident.arrival_future``.
    Texts longer than :data:`TEXT_LIMITS` → ERROR ``text.too_long``; a text field holding a control
    character or a lone surrogate (as given, before normalisation) → ERROR ``text.invalid``
    (:func:`check_text`).  Never raises.
    """
    today = today or date.today()
    tables = tables or load_code_tables()
    problems: list[Problem] = []
    values: dict[str, object] = {"id_type": inp.id_type}

    id_sex: Sex | None = None
    id_birth: date | None = None
    id_region: str | None = None
    if inp.id_type is IdType.RESIDENT_ID:
        check = check_id_number(inp.id_number, today=today, field="id_number")
        problems.extend(check.problems)
        values["id_number"] = check.normalized
        if check.ok:
            id_sex, id_birth, id_region = check.sex, check.birth_date, check.region_code
    else:
        values["id_number"] = _normalize_document(inp.id_number)
        if not values["id_number"]:
            problems.append(error("id_number", "resident.id_number_required"))

    name = normalize_name(inp.name)
    values["name"] = name
    if not name:
        problems.append(error("name", "resident.name_required"))
    elif _RE_DIGIT.search(name) or (inp.id_type is IdType.RESIDENT_ID and _RE_LATIN.search(name)):
        problems.append(warning("name", "resident.name_unusual", value=name))

    # sex: declared wins; the ID's sex fills the gap; a mismatch is only a warning.
    sex_text = inp.sex.strip()
    sex_value: object = ""
    if sex_text:
        code = tables.sex.lookup(sex_text)
        if code is None:
            problems.append(warning("sex", "code.unknown", table="sex", value=sex_text))
            sex_value = sex_text
        else:
            sex_value = Sex(code)
            if id_sex is not None and code in (Sex.MALE, Sex.FEMALE) and code != id_sex:
                problems.append(warning("sex", "resident.sex_mismatch", declared=code, from_id=id_sex.value))
    elif id_sex is not None:
        sex_value = id_sex
    values["sex"] = sex_value

    birth = inp.birth_date
    if birth is None:
        birth = id_birth
    else:
        if id_birth is not None and birth != id_birth:
            problems.append(warning("birth_date", "resident.birth_date_mismatch",
                                    declared=birth.isoformat(), from_id=id_birth.isoformat()))
        if birth > today:
            problems.append(error("birth_date", "resident.birth_date_future", value=birth.isoformat()))
    values["birth_date"] = birth

    for field_name in _CODE_FIELDS:
        values[field_name] = _code_field(tables, field_name, getattr(inp, field_name), problems)

    hukou_code = _normalize_document(inp.hukou_code)
    values["hukou_code"] = hukou_code or (id_region or "")
    values["hukou_address"] = _normalize_text(inp.hukou_address)

    phone, phone_problems = check_phone(inp.phone, field="phone")
    values["phone"] = phone
    problems.extend(phone_problems)
    uscc, uscc_problems = check_uscc(inp.employer_uscc, field="employer_uscc")
    values["employer_uscc"] = uscc
    problems.extend(uscc_problems)
    values["employer_name"] = _normalize_text(inp.employer_name)
    values["occupation"] = _normalize_text(inp.occupation)

    arrival = inp.arrival_date
    if arrival is not None:
        if birth is not None and arrival < birth:
            problems.append(error("arrival_date", "resident.arrival_before_birth",
                                  arrival=arrival.isoformat(), birth=birth.isoformat()))
        if arrival > today:
            problems.append(error("arrival_date", "resident.arrival_future", value=arrival.isoformat()))
    values["arrival_date"] = arrival
    values["reason"] = inp.reason
    for field_name in ("name", "id_number", "hukou_address", "employer_name", "occupation"):
        too_long = check_length(field_name, str(values[field_name]))
        if too_long is not None:
            problems.append(too_long)
    given = (inp.id_number, inp.name, inp.sex, inp.ethnicity, inp.hukou_code, inp.hukou_address, inp.phone,
             inp.education, inp.marital_status, inp.political_status, inp.employer_name, inp.employer_uscc,
             inp.occupation)
    if check_text("", "".join(given)) is not None:  # one search for all of them; per field only on a hit
        for field_name, text in zip(_INPUT_TEXTS, given, strict=True):
            invalid = check_text(field_name, text)
            if invalid is not None:
                problems.append(invalid)
    return ValidatedResident(values, tuple(problems))


def _code_field(tables: CodeTables, table: str, raw: str, problems: list[Problem]) -> str:
    if not raw:
        return ""
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return ""
    code = tables.by_name(table).lookup(text)
    if code is None:
        problems.append(warning(table, "code.unknown", table=table, value=text))
        return text
    return code
