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
