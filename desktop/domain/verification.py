"""Verification sample design, blind-capture matching and rental checks (issue 5 §1–3): pure rules.

* :func:`propose_size` — addresses to sample from a target margin: n = z²p(1−p)/e² persons, finite-population
  correction, × design effect, turned into addresses by the mean number of people per address.
* :func:`allocate` — proportional allocation over strata (largest remainder, at least one per stratum when
  the total allows), editable afterwards.
* :func:`draw` — a seeded draw within each stratum (strata and units in sorted order, so the seed alone
  reproduces the sample) and assignment of each address to a verifier who registered nobody there.
* :func:`match_found` — match what the verifier found to the registrations: ID number first, then
  name + birth date (+ address: every candidate is at the sampled address).
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.rates import sample_size

HOUSING_TYPES = ("rental", "group_rental", "ordinary", "dormitory")
#: Key fields a verifier marks for each matched registration (DESIGN §6), in display order.
CHECK_FIELDS = ("name", "id_number", "address", "phone", "employer", "living_here")
#: Rental verification outcomes (出租房屋核验): 已核验 / 需整改 / 有隐患.
RENTAL_OUTCOMES = ("verified", "needs_fix", "hazard")
#: Safety items checked on a rental round.
SAFETY_ITEMS = ("pledge", "fire_exit", "extinguisher", "ebike_charging", "three_in_one", "occupancy")


@dataclass(frozen=True)
class FrameUnit:
    """One address of the sampling frame (a cluster of rooms).

    Attributes:
        address_id: the cluster's standard address; stratum: "community|housing type".
        registrars: users who registered anyone there (they may not verify it).
        persons: registrations there (for the size proposal).
    """

    address_id: str
    stratum: str
    registrars: frozenset[str] = frozenset()
    persons: int = 0


@dataclass(frozen=True)
class SampleDraw:
    """A drawn sample: the design (strata sizes, seed) and the assignments (address → verifier)."""

    seed: int
    sizes: dict[str, int]
    population: dict[str, int]
    assignments: list[tuple[str, str, str]]  # (address_id, stratum, verifier or "")
    unassigned: list[str] = field(default_factory=list)

    def design(self, **extra: Any) -> dict[str, Any]:
        """The design as stored in ``verification_sample.design`` (what a report needs to recompute)."""
        return {
            "unit": "address (cluster of rooms)", "strata_by": "community×housing_type",
            "allocation": "proportional, largest remainder, ≥1 per stratum", "seed": self.seed,
            "strata": {k: {"population": self.population[k], "sampled": self.sizes.get(k, 0)}
                       for k in sorted(self.population)},
            **extra,
        }


def propose_size(
    addresses: int, persons: int, *, p: float = 0.95, margin: float = 0.02, design_effect: float = 1.5,
) -> int:
    """Addresses to sample for a ±``margin`` estimate of a rate near ``p`` (domain.md §4.4).

    n persons = sample_size(p, margin, N = persons, deff) → addresses = ⌈n / (persons per address)⌉,
    at most ``addresses``; 0 when the frame is empty.
    """
    if addresses <= 0:
        return 0
    per_address = max(1.0, persons / addresses)
    n = sample_size(p=p, margin=margin, population=max(1, persons), design_effect=design_effect)
    return min(addresses, max(1, math.ceil(n / per_address)))


def allocate(population: Mapping[str, int], total: int) -> dict[str, int]:
    """Proportional allocation of ``total`` addresses over strata of the given sizes.

    Largest remainder; every non-empty stratum gets at least one when ``total`` ≥ their number (so no
    stratum drops out of the weighted estimate); never more than a stratum holds.
    """
    keys = sorted(k for k, v in population.items() if v > 0)
    size = sum(population[k] for k in keys)
    if size == 0 or total <= 0:
        return dict.fromkeys(keys, 0)
    total = min(total, size)
    floor_one = total >= len(keys)
    exact = {k: total * population[k] / size for k in keys}
    out = {k: min(population[k], max(1 if floor_one else 0, int(exact[k]))) for k in keys}
    order = sorted(keys, key=lambda k: (-(exact[k] - int(exact[k])), k))
    while sum(out.values()) < total:
        grown = False
        for k in order:
            if sum(out.values()) >= total:
                break
            if out[k] < population[k]:
                out[k] += 1
                grown = True
        if not grown:
            break
    while sum(out.values()) > total:  # the floor of one overshot: take back from the largest
        k = max(keys, key=lambda key: (out[key] - exact[key], key))
        if out[k] <= 1:
            break
        out[k] -= 1
    return out


def draw(frame: Sequence[FrameUnit], sizes: Mapping[str, int], seed: int, verifiers: Sequence[str]) -> SampleDraw:
    """Draw ``sizes[stratum]`` addresses per stratum with ``random.Random(seed)`` and assign verifiers.

    Strata and their units are visited in sorted order, so the same frame and seed give the same sample.
    Each address goes to the eligible verifier (one who registered nobody there) with the fewest
    addresses so far (ties: the order given); an address no verifier may take is ``unassigned``.
    """
    rng = random.Random(seed)
    by_stratum: dict[str, list[FrameUnit]] = {}
    for unit in frame:
        by_stratum.setdefault(unit.stratum, []).append(unit)
    population = {k: len(v) for k, v in by_stratum.items()}
    load = dict.fromkeys(verifiers, 0)
    assignments: list[tuple[str, str, str]] = []
    unassigned: list[str] = []
    taken: dict[str, int] = {}
    for stratum in sorted(by_stratum):
        units = sorted(by_stratum[stratum], key=lambda u: u.address_id)
        k = max(0, min(int(sizes.get(stratum, 0)), len(units)))
        taken[stratum] = k
        for unit in rng.sample(units, k):
            eligible = [v for v in verifiers if v not in unit.registrars]
            if not eligible:
                unassigned.append(unit.address_id)
                assignments.append((unit.address_id, stratum, ""))
                continue
            verifier = min(eligible, key=lambda v: load[v])
            load[verifier] += 1
            assignments.append((unit.address_id, stratum, verifier))
    return SampleDraw(seed=seed, sizes=taken, population=population, assignments=assignments,
                      unassigned=unassigned)


# ---- matching -----------------------------------------------------------------------------------


def _norm_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def _norm_id(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").replace(" ", "").upper()


@dataclass(frozen=True)
class FoundPerson:
    """A person the verifier found living at the address (captured before seeing the register)."""

    key: str
    name: str = ""
    id_number: str = ""
    birth_date: str = ""
    exempt: bool = False


@dataclass(frozen=True)
class Match:
    """Result of matching: pairs (found key, registration id, how), omissions and stale registrations."""

    pairs: list[tuple[str, str, str]]  # (found key, registration id, "id_number" | "name_birth")
    omissions: list[str]  # found keys without a registration (漏登)
    stale: list[str]  # registration ids of people not there (未注销)


def match_found(found: Iterable[FoundPerson], registrations: Iterable[Mapping[str, Any]]) -> Match:
    """Match found persons to the registrations at the sampled address.

    Registrations are mappings with ``id`` (registration id), ``id_number``, ``name``, ``birth_date``.
    ID number first (exact, normalised); then name + birth date among the still unmatched ones (the
    address is the sampled address for all of them). Each registration matches at most one person.
    """
    regs = list(registrations)
    free = {str(r["id"]): r for r in regs}
    people = list(found)
    pairs: list[tuple[str, str, str]] = []
    done: set[str] = set()
    by_id: dict[str, str] = {}
    for r in regs:
        idn = _norm_id(str(r.get("id_number") or ""))
        if idn:
            by_id.setdefault(idn, str(r["id"]))
    for person in people:
        idn = _norm_id(person.id_number)
        rid = by_id.get(idn) if idn else None
        if rid is not None and rid in free:
            pairs.append((person.key, rid, "id_number"))
            done.add(person.key)
            del free[rid]
    for person in people:
        if person.key in done or not person.name or not person.birth_date:
            continue
        for rid, r in list(free.items()):
            if (_norm_name(str(r.get("name") or "")) == _norm_name(person.name)
                    and str(r.get("birth_date") or "") == person.birth_date):
                pairs.append((person.key, rid, "name_birth"))
                done.add(person.key)
                del free[rid]
                break
    omissions = [p.key for p in people if p.key not in done]
    return Match(pairs=pairs, omissions=omissions, stale=sorted(free))


def all_correct(checks: Mapping[str, Mapping[str, Any] | bool]) -> bool:
    """True when every key field in ``checks`` is marked correct (and all six were marked)."""
    def ok(value: Mapping[str, Any] | bool) -> bool:
        return bool(value.get("ok")) if isinstance(value, Mapping) else bool(value)

    return all(name in checks and ok(checks[name]) for name in CHECK_FIELDS)


def rental_reopens(outcome: str) -> bool:
    """需整改 and 有隐患 go back to the grid officer's task list."""
    return outcome in ("needs_fix", "hazard")
