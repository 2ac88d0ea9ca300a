"""Time and peak memory of reading 20 business plans of 40 pages each, end to end.

The plans are PDFs made with WeasyPrint from the source documents' text (each
plan a different stretch of it, about 2,500 characters a page, a heading per
page); making them is not timed. Timed: `lika.textanalysis.actions.store_plans`
on all 20 at once, as a batch upload does it: extraction with pypdf,
lemmatising, compound splitting, matching against the default vocabulary and
storing plans, passages and scores in the database (SQLite in a temporary
folder), with two worker processes. Printed: seconds, and the peak resident
memory of the main process and of the largest worker.
Target on 2 cores: under 20 s and under 1 GB.

    .venv/bin/python bench/textanalysis_speed.py [--plans N] [--pages N] [--workers N]
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = ROOT.parent / "shared" / "seeds"


def source_text() -> str:
    parts = []
    for name in ("000_ef4b5461cf544704.txt", "001_6d8f81e6f3691aa7.txt", "003_810384989a85dbee.txt", "004_cbe7c24fd5c6f08e.txt"):
        path = SEEDS / name
        if path.exists():
            parts.append(" ".join(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()))
    if not parts:  # without the seeds, the labelled passages will do
        import yaml

        data = yaml.safe_load((ROOT / "bench" / "data" / "textanalysis_eval.yaml").read_text(encoding="utf-8"))
        parts = [" ".join(p["text"] for p in data["passages"])] * 20
    return " ".join(parts)


def make_plans(count: int, pages: int) -> list[tuple[str, bytes]]:
    import html

    import weasyprint

    text = source_text()
    per_page = 2500
    plans = []
    for number in range(count):
        start = (number * 17_000) % max(1, len(text) - per_page * pages)
        body = []
        for page in range(pages):
            chunk = text[start + page * per_page : start + (page + 1) * per_page]
            body.append(f"<section style='page-break-after:always'><h2>Avsnitt {page + 1}</h2><p>{html.escape(chunk)}</p></section>")
        pdf = weasyprint.HTML(string="<html lang='sv'><body>" + "".join(body) + "</body></html>").write_pdf()
        plans.append((f"plan-{number + 1:02d}.pdf", pdf))
    return plans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=20)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="lika-bench-")
    os.environ["LIKA_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lika.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from lika.organisations.models import Municipality, OrganisationUnit
    from lika.textanalysis.actions import store_plans
    from lika.textanalysis.models import BusinessPlan, ThemeScore

    call_command("migrate", verbosity=0)
    print(f"making {args.plans} PDFs of {args.pages} pages (not timed) ...", flush=True)
    started = time.perf_counter()
    plans = make_plans(args.plans, args.pages)
    print(f"  made in {time.perf_counter() - started:.1f} s, {sum(len(d) for _n, d in plans) / 1e6:.1f} MB in all")
    municipality = Municipality.objects.create(code="9999", slug="bench", name="Bench")
    units = [OrganisationUnit.objects.create(municipality=municipality, key=f"unit-{i}", kind="department", name_sv=f"Enhet {i}") for i in range(args.plans)]
    files = [(name, data, unit) for (name, data), unit in zip(plans, units, strict=True)]
    started = time.perf_counter()
    outcomes = store_plans(municipality, 2025, files, access=None, workers=args.workers)
    seconds = time.perf_counter() - started
    errors = [o for o in outcomes if o.error]
    pages = sum(p.page_count for p in BusinessPlan.objects.all())
    passages = sum(len(p.passages) for p in BusinessPlan.objects.all())
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{len(outcomes) - len(errors)} plans stored, {len(errors)} refused; {pages} pages, {passages} passages, {ThemeScore.objects.count()} theme scores")
    print(f"end to end: {seconds:.1f} s ({seconds / max(1, pages) * 1000:.0f} ms a page) with {args.workers} workers on {os.cpu_count()} cores")
    print(f"peak memory: main process {main_mb:.0f} MB, largest worker {child_mb:.0f} MB")
    target = seconds < 20 and main_mb + args.workers * child_mb < 1024
    print("target (< 20 s, < 1 GB): " + ("met" if target else "NOT met"))
    return 0 if target and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
