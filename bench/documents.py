"""Figures, charts and documents (`make bench`): each time printed next to a floor measured in the same run.

- charts: every kind drawn cold (cache emptied) and then from the cache, against the floor of an empty
  matplotlib Figure of the same size saved as PNG;
- the live panel's figures (``cohort_results.live_status``) for a cohort of the demo, against a floor of
  one SELECT through the same database;
- the centre's quarterly report and the national report built and rendered in every format, against
  the floor of a one-line PDF (fpdf2 with the same font) and an empty XLSX; the peak Python memory of
  the national report (tracemalloc).
Runs on a throwaway SQLite database filled with the small demo (today 2023-03-15).
"""
from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))


def _best(fn, repeat: int = REPEAT) -> float:
    """Median wall time of fn() in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _line(name: str, ms: float, floor_name: str, floor_ms: float) -> None:
    print(f"{name:<46} {ms:>9.1f} ms   floor ({floor_name}) {floor_ms:>8.1f} ms   ratio {ms / floor_ms:>7.1f}")


def _chart_floor() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(16 / 2.54, 9 / 2.54), dpi=150)
    FigureCanvasAgg(fig)
    fig.savefig(io.BytesIO(), format="png")


CHART_DATA = {
    "participation": {"title": "การมีส่วนร่วมของสมาชิก", "x_label": "ปีบัญชี", "y_label": "ร้อยละ", "threshold": 65,
                      "series": [{"label": "อัตราทางการ", "points": [{"x": str(y), "rate": 50 + i * 4.5}
                                                                      for i, y in enumerate(range(2562, 2567))]},
                                 {"label": "จากแบบสำรวจ", "points": [{"x": str(y), "rate": 55 + i * 3.1}
                                                                     for i, y in enumerate(range(2562, 2567))]}]},
    "score_distribution": {"title": "คะแนนก่อนและหลังอบรม", "max_score": 20,
                           "pre": [8, 9, 10, 10, 11, 12, 7, 9, 13, 10] * 2, "post": [14, 15, 16, 15, 17, 18, 12, 14, 19, 16] * 2},
    "satisfaction_items": {"title": "ความพึงพอใจรายข้อ", "scheme": "0.8",
                           "items": [{"label": f"ข้อที่ {i} ความเหมาะสมของเนื้อหา", "mean": 3.5 + i / 10, "n": 20}
                                     for i in range(1, 13)]},
    "kpi_bars": {"title": "ร้อยละของเป้าหมาย", "rows": [{"label": f"ตัวชี้วัดที่ {i}", "target": 80, "result": 60 + i * 5,
                                                          "percent": (60 + i * 5) / 80 * 100} for i in range(1, 10)]},
}


def bench_charts() -> None:
    from portal import charts

    floor = _best(_chart_floor)
    for kind, data in CHART_DATA.items():
        def cold(kind=kind, data=data):
            charts.clear_cache()
            charts.render_png(kind, data)

        _line(f"chart {kind}, drawn", _best(cold), "empty figure", floor)
        charts.render_png(kind, data)
        _line(f"chart {kind}, from the cache", _best(lambda kind=kind, data=data: charts.render_png(kind, data)),
              "empty figure", floor)


def _demo_database(tmp: str) -> dict:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench-docs.sqlite3", "SECRET_KEY": "bench",
           "PORTAL_ENV": "development", "PORTAL_TODAY": "2023-03-15"}
    for args in (["db", "upgrade"], ["demo", "--size", "small"]):
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    return env


def bench_figures_and_documents(env: dict) -> None:
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", "PORTAL_ENV", "PORTAL_TODAY")})
    sys.path.insert(0, str(ROOT))
    from wsgi import app

    with app.app_context():
        from fpdf import FPDF
        from openpyxl import Workbook

        from portal.db import database
        from portal.documents.fonts import sarabun_files
        from portal.documents.render import FORMATS, render
        from portal.models import Centre, Cohort
        from portal.services import report_documents
        from portal.services.cohort_results import live_status

        cohort = Cohort.select().where(Cohort.status == "training").first() or Cohort.select().first()
        select_floor = _best(lambda: database.execute_sql("SELECT 1").fetchall(), 20)
        _line(f"live panel figures (cohort of {cohort.trainees.count()})", _best(lambda: live_status(cohort)),
              "SELECT 1", select_floor)

        def pdf_floor():
            pdf = FPDF(format="A4")
            pdf.add_font("Sarabun", "", str(sarabun_files()[""]))
            pdf.set_text_shaping(True)
            pdf.add_page()
            pdf.set_font("Sarabun", size=14)
            pdf.cell(text="ข้อมูล ณ วันที่ 15 มีนาคม 2566")
            pdf.output()

        def xlsx_floor():
            Workbook().save(io.BytesIO())

        floors = {"pdf": ("one-line PDF", _best(pdf_floor)), "docx": ("one-line PDF", None),
                  "xlsx": ("empty XLSX", _best(xlsx_floor)), "csv": ("empty XLSX", None)}
        floors["docx"] = (floors["pdf"][0], floors["pdf"][1])
        floors["csv"] = (floors["xlsx"][0], floors["xlsx"][1])
        centre = Centre.get(Centre.number == 1)
        builders = {
            "quarterly report, centre 1, Q2 2566": lambda: report_documents.quarterly_document(centre, 2566, 2),
            "national report 2566": lambda: report_documents.national_document(2566),
        }
        for name, build in builders.items():
            doc = build()
            _line(f"{name}: figures and tables", _best(build, 3), "SELECT 1", select_floor)
            for fmt in FORMATS:
                floor_name, floor_ms = floors[fmt]
                _line(f"{name}: {fmt}", _best(lambda fmt=fmt, doc=doc: render(doc, fmt), 3), floor_name, floor_ms)
        tracemalloc.start()
        for fmt in FORMATS:
            render(report_documents.national_document(2566), fmt)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{'national report, all formats: peak Python memory':<46} {peak / 2**20:>9.1f} MiB")


def main() -> None:
    print(f"# figures, charts and documents: median of {REPEAT} runs (3 for documents), small demo, "
          f"{dt.date.today().isoformat()}")
    bench_charts()
    with tempfile.TemporaryDirectory() as tmp:
        bench_figures_and_documents(_demo_database(tmp))


if __name__ == "__main__":
    main()
