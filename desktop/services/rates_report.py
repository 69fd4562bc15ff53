"""The report that defends the figures (issue 5 §7): Excel here, PDF from the same content in the UI.

For each rate: estimate, n, successes, clusters, design effect, 95% interval, status, the formula; the
sample design (strata with their sizes, seed, allocation), the date range of the verification visits and
who verified — everything needed to recompute the figures by hand. :func:`build_report` gathers the
content (a :class:`ReportContent` of titled tables), :func:`export_excel` writes it, :func:`report_html`
renders it as HTML for ``QTextDocument`` → PDF (the UI layer prints it). DB thread; no Qt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from desktop.domain.entities import YINZHOU_DISTRICT_CODE
from desktop.domain.rates import RateEstimate
from desktop.domain.rates_engine import RatesReport
from desktop.domain.survey import RATE_NAMES
from desktop.services.rates_service import local_figures
from desktop.store import tables as t
from desktop.store.db import Store

if TYPE_CHECKING:
    from desktop.services.export_files import ExportAudit

RATE_TITLES = {"registration_rate": "流动人口居住登记率", "accuracy_rate": "登记信息准确率",
               "rental_registration_rate": "居住出租房屋登记率", "stale_rate": "未注销率"}
FIELD_TITLES = {"name": "姓名", "id_number": "公民身份号码", "address": "居住地址(到室)", "phone": "联系电话",
                "employer": "服务处所", "living_here": "在住状态"}
STATUS_TITLES = {"green": "达标", "amber": "接近达标", "red": "未达标", "no_data": "无数据"}
FORMULAS = {
    "registration_rate": "p = Σw·x / Σw·n over sampled addresses; x = floating residents found there holding a "
                         "current registration there, n = floating residents found (exempt stays excluded)",
    "accuracy_rate": "p = Σw·x / Σw·n; x = verified registrations with all six key fields correct and the "
                     "person living there, n = registrations verified",
    "rental_registration_rate": "p = Σw·x / Σw·n; x = rental units found let that are registered, "
                                "n = rental units found let",
    "interval": "v = H/(H−1)·Σ(w_k(x_k − p·n_k))² / (Σw_k·n_k)²; deff = v/(p(1−p)/n); Wilson interval on "
                "n_eff = n/deff with critical value t(0.975, H−1) (z = 1.96 when H = n); w_k = N_h/n_h",
    "chapman": "N̂_s = (n1+1)(n2+1)/(m+1) − 1; N̂ = C·N̂_s/E; interval from the linearised cluster variance of "
               "N̂_s/E with t(H−1)",
}


@dataclass
class ReportContent:
    """Titled tables (header row + rows) and the engine's figures they came from."""

    title: str
    generated_at: str
    area: str
    figures: RatesReport
    tables: list[tuple[str, list[str], list[list[Any]]]] = field(default_factory=list)


def _pct(value: float | None) -> str:
    return "无数据" if value is None else f"{value * 100:.2f}%"


def _rate_row(title: str, r: RateEstimate) -> list[Any]:
    return [title, _pct(r.estimate), r.successes, r.n, r.clusters, round(r.design_effect, 4),
            _pct(r.ci_low), _pct(r.ci_high), STATUS_TITLES[r.status.value],
            r.estimate, r.ci_low, r.ci_high]


RATE_HEADER = ["指标", "估计值", "x", "n", "抽样地址数 H", "设计效应 deff", "95%下限", "95%上限", "状态",
               "估计值(原值)", "下限(原值)", "上限(原值)"]


def build_report(store: Store, area: str = YINZHOU_DISTRICT_CODE, *, figures: RatesReport | None = None,
                 source: str = "本机数据") -> ReportContent:
    """Gather every table of the report for ``area`` (figures from the engine unless given)."""
    rep = figures or local_figures(store, area)
    f = rep.figures
    content = ReportContent(title=f"核查指标报告 — {area}", generated_at=datetime.now().isoformat(timespec="seconds"),
                            area=area, figures=rep)
    rates = [_rate_row(RATE_TITLES[n], f.rates[n]) for n in RATE_NAMES]
    rates.append(_rate_row(RATE_TITLES["stale_rate"], f.stale))
    content.tables.append(("三率 (目标 95%) — " + source, RATE_HEADER, rates))
    content.tables.append(("分项准确率", RATE_HEADER,
                           [_rate_row(FIELD_TITLES.get(k, k), v) for k, v in f.field_accuracy.items()]))
    c = f.chapman
    dse_header = ["C 在册登记", "n1 核实在住登记", "n2 核查发现", "m 匹配", "E 核查登记", "H", "估计 N̂", "95%下限",
                  "95%上限"]
    content.tables.append(("双系统估计 (Chapman) 实有流动人口", dse_header,
                           [[c.register, c.n1, c.n2, c.m, c.verified_registrations, c.clusters,
                             None if c.estimate is None else round(c.estimate, 1),
                             None if c.ci_low is None else round(c.ci_low, 1),
                             None if c.ci_high is None else round(c.ci_high, 1)]]))
    cov = f.coverage
    content.tables.append(("走访覆盖率", ["地址数", "已走访", "覆盖率"],
                           [[cov.addresses, cov.visited, _pct(cov.share)]]))
    content.tables.append(("公式", ["项目", "公式"], [[k, v] for k, v in FORMULAS.items()]))
    # sample design, date range, verifiers
    vs, vr = t.verification_sample, t.verification_result
    with store.read() as conn:
        samples = conn.execute(select(vs).where(vs.c.deleted == 0, vs.c.id.in_(rep.samples))).all()
        span = conn.execute(select(func.min(vr.c.verified_at), func.max(vr.c.verified_at))
                            .where(vr.c.deleted == 0, vr.c.sample_id.in_(rep.samples))).first()
        who = conn.execute(select(vr.c.verifier, func.count(func.distinct(vr.c.address_id)), func.count())
                           .where(vr.c.deleted == 0, vr.c.sample_id.in_(rep.samples))
                           .group_by(vr.c.verifier).order_by(vr.c.verifier)).all()
    design_rows: list[list[Any]] = []
    strata_rows: list[list[Any]] = []
    for s in samples:
        try:
            design = json.loads(s.design or "{}")
        except ValueError:
            design = {}
        design_rows.append([s.name, s.id, s.seed, s.created_by, s.created_at,
                            design.get("allocation", ""), design.get("margin", ""), design.get("design_effect", "")])
        names = design.get("strata_names", {})
        for key, info in sorted((design.get("strata") or {}).items()):
            if isinstance(info, dict):
                weight = round(info["population"] / info["sampled"], 4) if info.get("sampled") else None
                strata_rows.append([s.name, names.get(key, key), info.get("population"), info.get("sampled"), weight])
    content.tables.append(("抽样设计", ["样本", "样本ID", "随机种子", "抽样人", "抽样时间", "分配", "误差限",
                                     "设计效应"], design_rows))
    content.tables.append(("分层 (社区×房屋类型)", ["样本", "层", "地址总数 N_h", "抽中 n_h", "权数 N_h/n_h"],
                           strata_rows))
    content.tables.append(("核查时间范围", ["最早", "最晚"], [[span[0] if span else "", span[1] if span else ""]]))
    content.tables.append(("核查人", ["核查人", "地址数", "记录数"], [[w or "—", a, n] for w, a, n in who]))
    content.tables.append(("分层三率", ["层", *[RATE_TITLES[n] for n in RATE_NAMES], "n"],
                           [[k, *[_pct(v[n].estimate) for n in RATE_NAMES], v["registration_rate"].n]
                            for k, v in rep.by_stratum.items()]))
    content.tables.append(("按登记人准确率", RATE_HEADER,
                           [_rate_row(k or "—", v) for k, v in rep.by_officer.items()]))
    content.tables.append(("按月趋势", ["月份", *[RATE_TITLES[n] for n in RATE_NAMES]],
                           [[k, *[_pct(v[n].estimate) for n in RATE_NAMES]] for k, v in rep.by_month.items()]))
    content.tables.append(("按区域", ["区域", "层级", *[RATE_TITLES[n] for n in RATE_NAMES], "覆盖率", "N̂"],
                           [[k, a.level, *[_pct(a.rates[n].estimate) for n in RATE_NAMES], _pct(a.coverage.share),
                             None if a.chapman.estimate is None else round(a.chapman.estimate)]
                            for k, a in rep.areas.items()]))
    return content


def export_excel(content: ReportContent, path: Path, audit_event: ExportAudit | None = None) -> Path:
    """Write the report as one workbook: a sheet "三率" with every table, and the raw figures as JSON.

    Written beside ``path`` and renamed into place (nothing in the system temp folder), after the
    ``audit_event`` when given (:mod:`desktop.services.export_files`).
    """
    from desktop.services.export_files import export_to, put, xlsx_workbook

    with export_to(path, audit_event) as staged:
        wb = xlsx_workbook(staged.path, staged.folder)
        bold, title_fmt = wb.add_format({"bold": True}), wb.add_format({"bold": True, "font_size": 14})
        ws = wb.add_worksheet("三率")
        ws.write_string(0, 0, content.title, title_fmt)
        for c, v in enumerate(["生成时间", content.generated_at, "区域", content.area]):
            put(ws, 1, c, v)
        r = 1
        for title, header, rows in content.tables:
            r += 2  # an empty row, then the table's title
            put(ws, r, 0, title, bold)
            r += 1
            for c, v in enumerate(header):
                put(ws, r, c, v)
            for row in rows:
                r += 1
                for c, v in enumerate(row):
                    put(ws, r, c, v)
        raw = wb.add_worksheet("figures_json")
        text = json.dumps(content.figures.to_dict(), ensure_ascii=False)
        for i in range(0, len(text), 30000):  # a cell holds at most 32,767 characters
            raw.write_string(i // 30000, 0, text[i:i + 30000])
        wb.close()
        staged.count = len(content.tables)
    return path


def report_html(content: ReportContent) -> str:
    """The report as simple HTML (tables), for the UI to print to PDF."""
    from html import escape

    parts = [f"<h2>{escape(content.title)}</h2><p>生成时间 {escape(content.generated_at)}</p>"]
    for title, header, rows in content.tables:
        parts.append(f"<h3>{escape(title)}</h3><table border='1' cellspacing='0' cellpadding='3'><tr>")
        parts.extend(f"<th>{escape(str(h))}</th>" for h in header if not h.endswith("(原值)"))
        parts.append("</tr>")
        keep = [i for i, h in enumerate(header) if not h.endswith("(原值)")]
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{escape('' if row[i] is None else str(row[i]))}</td>"
                                          for i in keep if i < len(row)) + "</tr>")
        parts.append("</table>")
    return "".join(parts)
