"""Statistics of the floating population (work points item 十九) and the two situations of item 十.

Pure computation over plain rows, by every area of the "/"-joined area path (district, town, community,
grid): counts and shares by origin province (first two digits of the hukou division code; historical
county codes such as 330227 鄞县 keep their province digits, and the pre-1988/1997 splits are mapped: a
code is read by its own digits, so 46/50 are Hainan/Chongqing and older 44/51 codes stay Guangdong/Sichuan),
an age pyramid by sex, education, housing type, employment and trade, social insurance, school-age
children (6–15) and their schooling, residence-permit holding.

* 人口倒挂: a community whose floating population exceeds its registered local population (entered by the
  supervisor as ``area.local_population``).
* 同籍同业: at least ``cluster_min`` people from one origin county in one trade at one address (building)
  or one employer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

PROVINCES: dict[str, str] = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁", "22": "吉林",
    "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西",
    "37": "山东", "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃",
    "63": "青海", "64": "宁夏", "65": "新疆", "71": "台湾", "81": "香港", "82": "澳门",
}
AGE_BANDS = tuple(range(0, 80, 5))
DIMENSIONS = ("province", "age_male", "age_female", "education", "housing", "employment", "trade",
              "social_insurance", "school_age", "permit")


def province_of(hukou_code: str) -> str:
    """Province name from a (possibly historical) division code; "" when unreadable."""
    return PROVINCES.get((hukou_code or "")[:2], "")


def age_band(birth_date: str | None, today: date) -> str | None:
    """"20-24" style 5-year band ("80+" at the top); None without a readable birth date."""
    try:
        born = date.fromisoformat(str(birth_date))
    except ValueError:
        return None
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age >= 80:
        return "80+"
    low = max(0, age) // 5 * 5
    return f"{low}-{low + 4}"


def school_age(birth_date: str | None, today: date) -> bool:
    """6 to 15 years old (compulsory schooling)."""
    band = age_band(birth_date, today)
    if band is None:
        return False
    born = date.fromisoformat(str(birth_date))
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return 6 <= age <= 15


@dataclass
class AreaStats:
    """Counts of one area; ``dims[dimension][category] = count``."""

    area: str
    total: int = 0
    dims: dict[str, Counter[str]] = field(default_factory=lambda: {d: Counter() for d in DIMENSIONS})
    local_population: int | None = None

    @property
    def inverted(self) -> bool:
        """人口倒挂: floating population above the registered local population."""
        return self.local_population is not None and self.total > self.local_population

    def shares(self, dimension: str) -> dict[str, float]:
        """{category: count / total} of a dimension (empty without people)."""
        if not self.total:
            return {}
        return {k: v / self.total for k, v in self.dims[dimension].items()}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"area": self.area, "total": self.total, "local_population": self.local_population,
                "inverted": self.inverted, "dims": {k: dict(v) for k, v in self.dims.items()}}


@dataclass(frozen=True)
class Cluster:
    """同籍同业: ``count`` people from ``county`` in ``trade`` at ``place`` (an address or an employer)."""

    county: str
    trade: str
    place_kind: str  # "address" / "employer"
    place: str
    count: int
    area_path: str


@dataclass
class StatsReport:
    """Statistics of every area found, the 人口倒挂 communities and the 同籍同业 clusters."""

    areas: dict[str, AreaStats]
    inverted: list[str]
    clusters: list[Cluster]


def population_stats(
    people: Iterable[Mapping[str, Any]],
    *,
    local_population: Mapping[str, int] | None = None,
    today: date | None = None,
    cluster_min: int = 10,
) -> StatsReport:
    """Compute the statistics.

    Args:
        people: one row per floating resident living in the area (active registration), with
            ``area_path``, ``cluster`` (the building/address id), ``hukou_code``, ``sex`` ("1"/"2"),
            ``birth_date``, ``education``, ``housing_type``, ``employer_name``, ``occupation``,
            ``social_insurance``, ``reason`` and ``has_permit``.
        local_population: {area id: registered local population} entered by the supervisor.
        cluster_min: smallest group reported as 同籍同业.
    """
    today = today or date.today()
    locals_ = dict(local_population or {})
    areas: dict[str, AreaStats] = {}
    groups: Counter[tuple[str, str, str, str, str]] = Counter()
    for p in people:
        segs = [s for s in str(p.get("area_path") or "").split("/") if s]
        band = age_band(p.get("birth_date"), today)
        employer = str(p.get("employer_name") or "").strip()
        trade = str(p.get("occupation") or "").strip() or employer or ""
        values = {
            "province": province_of(str(p.get("hukou_code") or "")) or "未知",
            "education": str(p.get("education") or "") or "未知",
            "housing": str(p.get("housing_type") or "") or "ordinary",
            "employment": "employed" if employer else "not_employed",
            "trade": trade or "未知",
            "social_insurance": "insured" if str(p.get("social_insurance") or "0") in ("1", "True") else "uninsured",
            "permit": "holds" if p.get("has_permit") else "none",
        }
        for seg in segs:
            st = areas.get(seg)
            if st is None:
                st = areas[seg] = AreaStats(seg, local_population=locals_.get(seg))
            st.total += 1
            for dim, value in values.items():
                st.dims[dim][value] += 1
            if band is not None:
                st.dims["age_male" if str(p.get("sex")) == "1" else "age_female"][band] += 1
            if school_age(p.get("birth_date"), today):
                st.dims["school_age"]["in_school" if p.get("reason") == "study" else "schooling_unknown"] += 1
        county = str(p.get("hukou_code") or "")
        if county and trade:
            path = "/".join(segs)
            groups[(county, trade, "address", str(p.get("cluster") or ""), path)] += 1
            if employer:
                groups[(county, trade, "employer", employer, path.rsplit("/", 1)[0] if "/" in path else path)] += 1
    clusters = [Cluster(c, t, k, pl, n, path) for (c, t, k, pl, path), n in groups.items()
                if n >= cluster_min and pl]
    clusters.sort(key=lambda c: (-c.count, c.county, c.trade))
    inverted = sorted(a for a, st in areas.items() if st.inverted)
    return StatsReport(areas=areas, inverted=inverted, clusters=clusters)


# ---- the same report from counts aggregated in SQL (issue 8: a district of 1,000,000 people) -------------
#: Raw dimensions the store aggregates per grid, and how a raw value becomes the category
#: :func:`population_stats` uses (``age`` is ``"<1 if male else 0>:<band low>"``, ``school_age`` is 1/0
#: for "reason is study", the flags are 1/0).
RAW_DIMENSIONS = ("total", "province", "education", "housing", "employment", "trade", "social_insurance",
                  "permit", "age", "school_age")


def _label(dim: str, raw: Any) -> tuple[str, str]:
    """``(dimension, category)`` of :data:`DIMENSIONS` for one raw SQL group value."""
    value = "" if raw is None else str(raw)
    if dim == "province":
        return dim, PROVINCES.get(value, "") or "未知"
    if dim == "education":
        return dim, value or "未知"
    if dim == "housing":
        return dim, value or "ordinary"
    if dim == "employment":
        return dim, "employed" if value == "1" else "not_employed"
    if dim == "trade":
        return dim, value or "未知"
    if dim == "social_insurance":
        return dim, "insured" if value == "1" else "uninsured"
    if dim == "permit":
        return dim, "holds" if value == "1" else "none"
    if dim == "age":
        male, low = value.split(":")
        band = "80+" if int(low) >= 80 else f"{low}-{int(low) + 4}"
        return ("age_male" if male == "1" else "age_female"), band
    if dim == "school_age":
        return dim, "in_school" if value == "1" else "schooling_unknown"
    raise ValueError(f"unknown dimension {dim!r}")


def employer_area(path: str) -> str:
    """The area path a 同籍同业 employer group of people living in ``path`` is reported at (one level up)."""
    path = "/".join(s for s in str(path or "").split("/") if s)
    return path.rsplit("/", 1)[0] if "/" in path else path


def stats_from_counts(
    cells: Iterable[tuple[str, str, Any, int]],
    address_groups: Iterable[tuple[str, str, str, str, int]],
    employer_groups: Iterable[tuple[str, str, str, str, int]],
    *,
    local_population: Mapping[str, int] | None = None,
    cluster_min: int = 10,
) -> StatsReport:
    """The report of :func:`population_stats` from counts grouped per area path (equal figures; a test
    compares the two on the same people).

    Args:
        cells: ``(area_path, raw dimension, raw value, count)`` with the raw dimensions of
            :data:`RAW_DIMENSIONS` (``total`` with any value), one row per group of the people whose own
            (smallest) area has that path.
        address_groups: ``(county, trade, address id, area_path, count)`` groups of people; groups of one key
            that arrive in several rows are added up before ``cluster_min`` applies.
        employer_groups: ``(county, trade, employer, area_path, count)``: ``area_path`` is the path the
            group is reported at (:func:`employer_area` of the people's own area).
        local_population, cluster_min: as :func:`population_stats`.
    """
    return report_from_nodes(rollup_cells(cells), address_groups, employer_groups,
                             local_population=local_population, cluster_min=cluster_min)


def _normal(path: Any) -> str:
    return "/".join(s for s in str(path or "").split("/") if s)


def rollup_cells(cells: Iterable[tuple[str, str, Any, int]]) -> dict[str, AreaStats]:
    """``{area path: AreaStats}`` from the cells of :func:`stats_from_counts`, every path counting everyone
    below it (its own cells and all its descendants')."""
    nodes: dict[str, AreaStats] = {}
    # issue 8: 100,000+ cells at district scale — labels and paths are cached, counters filled with plain
    # dict operations (Counter.update checks its argument's type on every call)
    labels: dict[tuple[str, Any], tuple[str, str]] = {}
    normal: dict[str, str] = {}
    for path, dim, raw, count in cells:
        key = normal.get(path)
        if key is None:
            key = normal[path] = _normal(path)
        if not key:
            continue
        node = nodes.get(key)
        if node is None:
            node = nodes[key] = AreaStats(key)
        if dim == "total":
            node.total += int(count)
            continue
        label = labels.get((dim, raw))
        if label is None:
            label = labels[(dim, raw)] = _label(dim, raw)
        counter = node.dims[label[0]]
        counter[label[1]] = counter.get(label[1], 0) + int(count)
    # roll every path up into its parent, deepest first: each area counts everyone below it
    by_depth: dict[int, list[str]] = {}
    for path in nodes:
        by_depth.setdefault(path.count("/"), []).append(path)
    for depth in range(max(by_depth, default=0), 0, -1):
        for path in by_depth.get(depth, ()):
            parent_path = path.rsplit("/", 1)[0]
            parent = nodes.get(parent_path)
            if parent is None:
                parent = nodes[parent_path] = AreaStats(parent_path)
                by_depth.setdefault(depth - 1, []).append(parent_path)
            _add(parent, nodes[path])
    return nodes


def apply_cell_changes(nodes: Mapping[str, AreaStats],
                       changes: Iterable[tuple[str, str, Any, int]]) -> dict[str, AreaStats]:
    """:func:`rollup_cells` of the cells after ``changes`` — ``(area_path, raw dimension, raw value, ±count)``
    — given the nodes before them, without re-reading every cell (issue 8: a save changes one grid).

    Copy on write: ``nodes`` and its :class:`AreaStats` are left unchanged (an earlier report keeps showing
    what it showed); a node nobody is counted in any more is dropped, zero counts are removed.
    """
    out = dict(nodes)
    copied: set[str] = set()
    labels: dict[tuple[str, Any], tuple[str, str]] = {}
    for path, dim, raw, delta in changes:
        key = _normal(path)
        if not key or not delta:
            continue
        label = None
        if dim != "total":
            label = labels.get((dim, raw))
            if label is None:
                label = labels[(dim, raw)] = _label(dim, raw)
        segs = key.split("/")
        for depth in range(len(segs), 0, -1):
            at = "/".join(segs[:depth])
            if at not in copied:
                old = out.get(at)
                node = AreaStats(at) if old is None else AreaStats(
                    old.area, old.total, {d: Counter(c) for d, c in old.dims.items()}, old.local_population)
                out[at] = node
                copied.add(at)
            node = out[at]
            if label is None:
                node.total += int(delta)
                continue
            counter = node.dims[label[0]]
            value = counter.get(label[1], 0) + int(delta)
            if value:
                counter[label[1]] = value
            else:
                counter.pop(label[1], None)
    for at in copied:
        if out[at].total <= 0 and not any(out[at].dims.values()):
            del out[at]
    return out


def report_from_nodes(
    nodes: Mapping[str, AreaStats],
    address_groups: Iterable[tuple[str, str, str, str, int]],
    employer_groups: Iterable[tuple[str, str, str, str, int]],
    *,
    local_population: Mapping[str, int] | None = None,
    cluster_min: int = 10,
) -> StatsReport:
    """The :class:`StatsReport` of :func:`stats_from_counts` from :func:`rollup_cells`' nodes (which become the
    report's areas, keyed by their last path segment: callers must not change them)."""
    locals_ = dict(local_population or {})
    areas: dict[str, AreaStats] = {}
    for path, node in nodes.items():
        seg = path.rsplit("/", 1)[-1]
        st = areas.get(seg)
        if st is None:  # the node itself becomes the area's figures (no copy)
            node.area, node.local_population = seg, locals_.get(seg)
            areas[seg] = node
        else:  # one id under two paths: a merged copy (the nodes stay as they are)
            merged = AreaStats(seg, local_population=locals_.get(seg))
            _add(merged, st)
            _add(merged, node)
            areas[seg] = merged
    groups: Counter[tuple[str, str, str, str, str]] = Counter()
    for county, trade, place, path, count in address_groups:
        groups[(county, trade, "address", place, _normal(path))] += int(count)
    for county, trade, employer, path, count in employer_groups:
        groups[(county, trade, "employer", employer, _normal(path))] += int(count)
    clusters = [Cluster(c, t, k, pl, n, path) for (c, t, k, pl, path), n in groups.items()
                if n >= cluster_min and pl and c and t]
    clusters.sort(key=lambda c: (-c.count, c.county, c.trade, c.place_kind, c.place, c.area_path))
    inverted = sorted(a for a, st in areas.items() if st.inverted)
    return StatsReport(areas=areas, inverted=inverted, clusters=clusters)


def _add(into: AreaStats, other: AreaStats) -> None:
    into.total += other.total
    for dim, counter in other.dims.items():
        if counter:
            target = into.dims[dim]
            get = target.get
            for category, count in counter.items():
                target[category] = get(category, 0) + count
