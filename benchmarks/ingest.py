"""Wall time and peak memory of ingesting a sales file: parse + recognise + cleanse.

Inputs: the real Online Retail file (541,909 rows, from the shared data folder, decompressed
into a temporary CSV first) and a synthetic Korean sales CSV of 1,000,000 rows with realistic
dirt, generated deterministically into a temporary folder. Each measurement runs in a fresh
subprocess, so its peak RSS (VmHWM, imports included) is that of the run alone; times are
the median of --runs runs and exclude interpreter start-up and imports.

Ours: smartstock.ingest (read_table → recognise → cleanse). Baseline, side by side: pandas
read_csv (C engine, dtype=str) plus the same rules in plain pandas
(benchmarks/ingest_baseline_pandas.py). Both must agree on every rule count and on the total
daily quantity; the comparison is printed and stored.

With --apply, the synthetic file is also applied to a fresh SQLite database by the command line
(`smartstock db upgrade`, a tenant made through the ORM, then `smartstock ingest FILE --tenant ID`),
timed with its peak memory from /usr/bin/time -v.

    .venv/bin/python benchmarks/ingest.py [--runs 3] [--rows 1000000] [--inputs online_retail,synthetic] [--apply]

Writes benchmarks/results/ingest.json and .md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from proc_status import machine_basics, status_mb  # benchmarks/ is the script's own folder on sys.path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
SEED = 20241
SYNTHETIC_SKUS = 500
TARGETS = {"cleanse_s": 5.0, "apply_s": 30.0, "peak_mb": 1536.0}  # for the 1M-row file
RULE_ORDER = ["exact_duplicates", "missing_required", "unparseable_date", "mixed_date_formats", "future_date",
              "non_numeric_quantity", "cancellations", "negative_quantity", "non_product", "sku_variants",
              "unknown_sku", "outliers", "missing_customer", "already_applied"]
TOTALS = ["rows_read", "rows_kept", "daily_rows", "products", "quantity", "revenue", "first_date", "last_date"]


# ---------------------------------------------------------------- inputs

def online_retail_csv(tmp: Path) -> Path:
    """The shared Online Retail file, decompressed (we time reading a CSV, not gunzip)."""
    sys.path.insert(0, str(ROOT / "src"))
    from smartstock.settings import get_settings

    shared = get_settings().shared_data_dir
    if not shared.is_absolute():
        shared = (ROOT / shared).resolve()
    source = shared / "online_retail" / "online_retail.csv.gz"
    if not source.exists():
        raise SystemExit(f"{source} not found (set SMARTSTOCK_SHARED_DATA)")
    target = tmp / "online_retail.csv"
    with gzip.open(source, "rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    return target


def synthetic_csv(tmp: Path, rows: int, seed: int = SEED) -> Path:
    """A Korean multi-channel sales export: 주문일,상품코드,상품명,수량,판매채널,결제금액,주문상태 over two
    years (2024-2025) for 500 SKUs, one line per order line, sorted by order time, with dirt injected
    at small rates. 주문일 carries the time of day ("2024-01-05 14:23:11"): without an order number,
    date-only lines of the same product, quantity and channel would be legitimately identical and
    count as exact duplicates."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(seed)
    # 500 products: codes like HB0012, Korean names, prices, Zipf-like popularity
    brands = np.array(["HB", "GL", "MK", "SN", "TR", "DW", "PC", "YL"])
    kinds = ["텀블러", "머그컵", "수건", "양말", "에코백", "볼펜", "노트", "마스크팩", "핸드크림", "키링", "담요", "파우치"]
    colours = ["블랙", "화이트", "네이비", "베이지", "핑크", "그린"]
    codes = np.array([f"{brands[i % len(brands)]}{1000 + i * 7:04d}" for i in range(SYNTHETIC_SKUS)], dtype=object)
    names = np.array([f"{kinds[i % len(kinds)]} {colours[(i // len(kinds)) % len(colours)]} {i + 1}호"
                      for i in range(SYNTHETIC_SKUS)], dtype=object)
    prices = rng.integers(30, 500, SYNTHETIC_SKUS) * 100
    popularity = 1 / np.arange(1, SYNTHETIC_SKUS + 1) ** 0.8
    popularity = rng.permutation(popularity / popularity.sum())

    n_dup = rows // 200  # 0.5 % exact duplicate rows
    base = rows - n_dup
    sku_i = rng.choice(SYNTHETIC_SKUS, size=base, p=popularity)
    day = rng.integers(0, 731, size=base)  # 2024-01-01 … 2025-12-31
    qty = rng.geometric(0.55, size=base).astype(np.int64)
    channel = rng.choice(np.array(["쿠팡", "스마트스토어", "자사몰"], dtype=object), size=base, p=[0.5, 0.3, 0.2])
    status = rng.choice(np.array(["결제완료", "배송중", "배송완료", "구매확정"], dtype=object), size=base,
                        p=[0.05, 0.05, 0.3, 0.6])

    def pick(rate: float) -> np.ndarray:
        return rng.choice(base, size=max(1, int(base * rate)), replace=False)

    outlier_rows = pick(0.0002)
    qty[outlier_rows] *= rng.integers(30, 100, size=outlier_rows.size)
    negative_rows = pick(0.002)  # returns booked as negative lines, not as cancellations
    qty[negative_rows] = -qty[negative_rows]
    revenue = prices[sku_i] * qty

    seconds = np.sort(day * 86_400 + rng.integers(0, 86_400, size=base))  # order time (no order number column)
    stamps = np.datetime64("2024-01-01T00:00:00") + seconds.astype("timedelta64[s]")
    dates = np.char.replace(np.datetime_as_string(stamps, unit="s"), "T", " ").astype(object)
    qty_text = qty.astype(str).astype(object)
    revenue = np.array([str(v) for v in revenue], dtype=object)
    sku = codes[sku_i]
    name = names[sku_i]

    comma = pick(0.1)  # 12,900
    revenue[comma] = [f"{int(v):,}" for v in revenue[comma]]
    status[pick(0.01)] = "취소"
    for i in pick(0.003):  # 3개
        qty_text[i] = f"{abs(qty[i])}개"
    qty_text[pick(0.0002)] = "1.5"
    unreadable = pick(0.0001)
    qty_text[unreadable] = rng.choice(np.array(["두 개", "한 박스", "?"], dtype=object), size=unreadable.size)
    lower, spaced, mixed_case = pick(0.0025), pick(0.0015), pick(0.001)
    sku[lower] = [s.lower() for s in sku[lower]]
    sku[spaced] = [s[:2] + " " + s[2:] for s in sku[spaced]]
    sku[mixed_case] = [s[0] + s[1].lower() + s[2:] for s in sku[mixed_case]]
    for i in pick(0.005):  # 2024. 1. 5. (Korean Excel)
        y, m, d = dates[i][:10].split("-")
        dates[i] = f"{y}. {int(m)}. {int(d)}."
    for i in pick(0.002):  # 2024/01/05
        dates[i] = dates[i].replace("-", "/")
    bad = pick(0.0003)
    dates[bad] = rng.choice(np.array(["미정", "2024-02-30", "0000-00-00", "-"], dtype=object), size=bad.size)
    future = pick(0.0002)
    dates[future] = np.char.replace(np.datetime_as_string(np.datetime64("2030-01-01T00:00:00") + rng.integers(
        0, 730 * 86_400, size=future.size).astype("timedelta64[s]"), unit="s"), "T", " ")
    postage = pick(0.003)
    sku[postage], name[postage], qty_text[postage], revenue[postage] = "배송비", "배송비", "1", "3000"
    remote = pick(0.0005)
    sku[remote], name[remote], qty_text[remote], revenue[remote] = "SHIP-EXTRA", "추가 배송비(도서산간)", "1", "5000"
    qty_text[pick(0.0001)] = None
    sku[pick(0.0001)] = None

    frame = pl.DataFrame({"주문일": dates, "상품코드": sku, "상품명": name, "수량": qty_text, "판매채널": channel,
                          "결제금액": revenue, "주문상태": status}, schema={c: pl.String for c in (
                              "주문일", "상품코드", "상품명", "수량", "판매채널", "결제금액", "주문상태")})
    copies = np.sort(rng.choice(base, size=n_dup, replace=False))  # each repeated right after itself
    order = np.sort(np.concatenate([np.arange(base), copies]), kind="stable")
    frame = frame.select(pl.all().gather(order))
    path = tmp / f"synthetic_{rows}.csv"
    frame.write_csv(path)
    return path


# ---------------------------------------------------------------- one measurement (child process)

def _peak_mb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec, so a child
    would report at least the RSS its parent had when it was spawned."""
    import resource

    hwm = status_mb("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(impl: str, path: str, input_name: str, today: dt.date) -> dict:
    if impl == "ours":
        from smartstock.ingest.cleanse import Context, cleanse
        from smartstock.ingest.reader import read_table
        from smartstock.ingest.recognize import recognise

        rss_imports = status_mb("VmRSS")
        t0 = time.perf_counter()
        table = read_table(Path(path).read_bytes(), Path(path).name)
        t1 = time.perf_counter()
        recognition = recognise(table)
        t2 = time.perf_counter()
        cleansed = cleanse(table, recognition.mapping, recognition.kind, Context(today=today))
        t3 = time.perf_counter()
        sales = cleansed.sales
        counts = {r.id: r.count for r in cleansed.rules}
        result = {
            "rows_read": cleansed.rows_read, "rows_kept": cleansed.rows_kept, "rules": counts,
            "details": {r.id: r.detail for r in cleansed.rules if r.detail},
            "daily_rows": sales.height, "products": cleansed.summary["products"],
            "quantity": cleansed.summary["quantity"], "revenue": round(float(sales.get_column("revenue").sum()), 2),
            "first_date": cleansed.summary["first_date"], "last_date": cleansed.summary["last_date"],
            "kind": str(recognition.kind), "mapping": recognition.mapping,
            "phases_s": {"read": t1 - t0, "recognise": t2 - t1, "cleanse": t3 - t2},
        }
    else:
        sys.path.insert(0, str(HERE))
        from ingest_baseline_pandas import MAPPINGS, cleanse_file

        rss_imports = status_mb("VmRSS")
        t0 = time.perf_counter()
        result = cleanse_file(path, MAPPINGS[input_name], today)
        t3 = time.perf_counter()
    result["seconds"] = t3 - t0
    result["rss_after_imports_mb"] = round(rss_imports, 1)
    result["peak_rss_mb"] = round(_peak_mb(), 1)
    return result


def measure(impl: str, path: Path, input_name: str, today: dt.date, runs: int) -> dict:
    results = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, __file__, "--child", impl, str(path), "--input-name", input_name,
             "--today", today.isoformat()], capture_output=True, text=True, cwd=ROOT,
        )
        if proc.returncode != 0:
            raise SystemExit(f"{impl} on {input_name} failed:\n{proc.stderr}")
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    out = {k: v for k, v in results[0].items() if k not in ("seconds", "phases_s", "peak_rss_mb",
                                                             "rss_after_imports_mb")}
    out["runs_s"] = [round(r["seconds"], 3) for r in results]
    out["median_s"] = round(statistics.median(r["seconds"] for r in results), 3)
    out["peak_rss_mb"] = max(r["peak_rss_mb"] for r in results)
    out["rss_after_imports_mb"] = max(r["rss_after_imports_mb"] for r in results)
    if "phases_s" in results[0]:
        out["phases_median_s"] = {p: round(statistics.median(r["phases_s"][p] for r in results), 3)
                                  for p in results[0]["phases_s"]}
    for r in results[1:]:  # every run gives the same answer
        if r["rules"] != results[0]["rules"] or r["quantity"] != results[0]["quantity"]:
            raise SystemExit(f"{impl} on {input_name}: runs disagree")
    return out


def compare(ours: dict, base: dict) -> list[dict]:
    rows = []
    for rule in RULE_ORDER:
        a, b = ours["rules"].get(rule), base["rules"].get(rule)
        if a is None and b is None:
            continue
        rows.append({"item": rule, "ours": a, "baseline": b, "match": a == b})
    for total in TOTALS:
        rows.append({"item": total, "ours": ours[total], "baseline": base[total], "match": ours[total] == base[total]})
    return rows


# ---------------------------------------------------------------- applying to the database (--apply)

def ingest_cli_available(smartstock: Path) -> bool:
    proc = subprocess.run([str(smartstock), "ingest", "--help"], capture_output=True, text=True)
    return proc.returncode == 0


def apply_to_sqlite(path: Path, tmp: Path, smartstock: Path) -> dict:
    db_dir = Path(tempfile.mkdtemp(prefix="apply-", dir=tmp))
    url = f"sqlite:///{db_dir / 'bench.db'}"
    env = {**os.environ, "DATABASE_URL": url, "DATA_DIR": str(db_dir)}
    subprocess.run([str(smartstock), "db", "upgrade"], env=env, check=True, capture_output=True, cwd=db_dir)

    sys.path.insert(0, str(ROOT / "src"))
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from smartstock.db import make_engine
    from smartstock.db.models import Role, Tenant, User
    from smartstock.kit.passwords import hash_password

    engine = make_engine(url)
    with Session(engine) as s:
        tenant = Tenant(name="bench")
        s.add(tenant)
        s.flush()
        s.add(User(tenant_id=tenant.id, email="bench@bench.example", name="bench",
                   password_hash=hash_password("bench-password-1"), role=Role.owner))
        s.commit()
        tenant_id = tenant.id
    command = [str(smartstock), "ingest", str(path), "--tenant", str(tenant_id)]
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    t0 = time.perf_counter()
    proc = subprocess.run(timer + command, env=env, capture_output=True, text=True, cwd=db_dir)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"smartstock ingest failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*), coalesce(sum(quantity), 0) FROM daily_sales WHERE tenant_id = :t"),
                              {"t": tenant_id}).one()
        products = conn.scalar(text("SELECT count(*) FROM products WHERE tenant_id = :t"), {"t": tenant_id})
    engine.dispose()
    return {"command": " ".join(["smartstock", "ingest", path.name, "--tenant", str(tenant_id)]),
            "seconds": round(seconds, 3), "peak_rss_mb": round(int(peak.group(1)) / 1024, 1) if peak else None,
            "daily_sales_rows": stored[0], "daily_sales_quantity": int(stored[1]), "products": products,
            "output_tail": proc.stdout.strip().splitlines()[-5:]}


# ---------------------------------------------------------------- report

def machine() -> dict:
    import numpy
    import pandas
    import polars

    return {**machine_basics(), "polars": polars.__version__, "pandas": pandas.__version__,
            "numpy": numpy.__version__}


def _verdict(value: float | None, target: float) -> str:
    if value is None:
        return "not measured"
    return "✅ met" if value <= target else "❌ missed"


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [
        "# Ingest — parse + recognise + cleanse", "",
        f"Machine: {m['arch']}, {m['cores']} cores, {m['cpu']}, {m['memory_mb']:,} MB RAM; Python {m['python']}, "
        f"polars {m['polars']}, pandas {m['pandas']}, numpy {m['numpy']}; {report['date']}.", "",
        f"Each measurement is a fresh subprocess; time is the median of {report['runs']} runs (file read from disk "
        "included, interpreter start-up and imports excluded); peak memory is the child's peak RSS (VmHWM from "
        "/proc/self/status, imports included), the largest of the runs. Baseline: pandas `read_csv` (C engine, "
        "`dtype=str`) plus the same rules in plain pandas (`benchmarks/ingest_baseline_pandas.py`), given the "
        f"column mapping. Context: today = {report['today']}, no product master, empty sales history.", "",
        "Inputs: `online_retail` is the shared Online Retail CSV (decompressed first); `synthetic` is generated "
        f"(seed {report['seed']}): 주문일 (with time of day),상품코드,상품명,수량,판매채널,결제금액,주문상태, 500 SKUs, "
        "2024–2025, with 0.5 % exact duplicate rows, 1 % '취소', 0.2 % negative quantities, 0.3 % '3개', "
        "0.02 % '1.5', 0.01 % unreadable quantities, 0.5 % SKU case/space variants, 0.5 % '2024. 1. 5.' and "
        "0.2 % '2024/01/05' dates, 0.03 % unreadable and 0.02 % future dates, 0.35 % postage lines, "
        "0.02 % missing values, 0.02 % outsized quantities.", "",
        "| input | rows | ours: median (min–max) | pandas baseline | time ours/baseline | ours peak RSS | baseline peak RSS "
        "| memory ours/baseline |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in report["inputs"].items():
        o, b = r["ours"], r["baseline"]
        span = lambda r: f"{r['median_s']:.2f} s ({min(r['runs_s']):.2f}–{max(r['runs_s']):.2f})"  # noqa: E731
        lines.append(f"| {name} | {o['rows_read']:,} | {span(o)} | {span(b)} | "
                     f"{o['median_s'] / b['median_s']:.2f} | {o['peak_rss_mb']:,.0f} MB | {b['peak_rss_mb']:,.0f} MB | "
                     f"{o['peak_rss_mb'] / b['peak_rss_mb']:.2f} |")
    lines += ["", "Ours by phase (median seconds) and memory right after imports:", "",
              "| input | read | recognise | cleanse | RSS after imports (ours / baseline) |", "|---|---|---|---|---|"]
    for name, r in report["inputs"].items():
        p = r["ours"]["phases_median_s"]
        lines.append(f"| {name} | {p['read']:.2f} s | {p['recognise']:.2f} s | {p['cleanse']:.2f} s | "
                     f"{r['ours']['rss_after_imports_mb']:.0f} MB / {r['baseline']['rss_after_imports_mb']:.0f} MB |")
    t = report["targets"]
    lines += ["", f"## Targets (the {report['synthetic_rows']:,}-row synthetic file)", "",
              "| target | measured | verdict |", "|---|---|---|"]
    for row in t:
        measured = "—" if row["measured"] is None else f"{row['measured']:,.2f} {row['unit']}"
        lines.append(f"| {row['what']} ≤ {row['target']:,g} {row['unit']} | {measured} | {row['verdict']} |")
    if report.get("apply"):
        a = report["apply"]
        lines += ["", f"Apply: `{a['command']}` on a fresh SQLite database (after `smartstock db upgrade` and a "
                      f"tenant made through the ORM): {a['seconds']:.2f} s wall time of the whole command, start-up "
                      f"included; peak RSS {a['peak_rss_mb']} MB (/usr/bin/time -v). It stored "
                      f"{a['daily_sales_rows']:,} daily-sales rows, quantity {a['daily_sales_quantity']:,}, "
                      f"{a['products']:,} products (cleanse found {a['expected_daily_rows']:,} days and quantity "
                      f"{a['expected_quantity']:,})."]
    else:
        lines += ["", "Apply to SQLite: not run (`--apply`)."]
    lines += ["", "## Ours vs baseline: rule counts and totals", ""]
    for name, r in report["inputs"].items():
        lines += [f"### {name}", "", "| rule / total | ours | baseline | same |", "|---|---|---|---|"]
        for row in r["comparison"]:
            cell = lambda v: f"{v:,}" if isinstance(v, int) else str(v)  # noqa: E731
            lines.append(f"| {row['item']} | {cell(row['ours'])} | {cell(row['baseline'])} | "
                         f"{'yes' if row['match'] else '**no**'} |")
        if r.get("notes"):
            lines += [""] + [f"- {n}" for n in r["notes"]]
        lines.append("")
    lines += [f"Command: `{report['command']}`"]
    return "\n".join(lines) + "\n"


def outlier_note(ours: dict, base: dict, path: Path, input_name: str, today: dt.date) -> str | None:
    """When only the outlier counts differ, check whether it is the 99th percentile's interpolation."""
    if ours["rules"].get("outliers") == base["rules"].get("outliers"):
        return None
    sys.path.insert(0, str(HERE))
    from ingest_baseline_pandas import MAPPINGS, cleanse_file

    nearest = cleanse_file(str(path), MAPPINGS[input_name], today, quantile="nearest")["rules"]["outliers"]
    return (f"outliers: ours {ours['rules']['outliers']:,}, baseline {base['rules']['outliers']:,} with pandas' "
            f"default linear 99th percentile; with interpolation='nearest' (polars' default, which the core uses) "
            f"the baseline finds {nearest:,}. With 'nearest' the 99th percentile of a product with 20-50 positive "
            "lines is its largest line, so none of its lines can ever be flagged, although the rule says products "
            "with at least 20 lines qualify: the baseline's count is the one that follows the rule.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the synthetic file")
    parser.add_argument("--inputs", default="online_retail,synthetic")
    parser.add_argument("--apply", action="store_true", help="also apply the synthetic file to SQLite via the CLI")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--child", nargs=2, metavar=("IMPL", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--input-name", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], args.input_name, args.today), ensure_ascii=False))
        return

    smartstock = Path(sys.executable).absolute().parent / "smartstock"
    if args.apply and not ingest_cli_available(smartstock):
        raise SystemExit(f"--apply: `{smartstock} ingest` does not exist yet")
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    report = {"machine": machine(), "date": dt.date.today().isoformat(), "today": args.today.isoformat(),
              "runs": args.runs, "synthetic_rows": args.rows, "seed": SEED, "inputs": {}, "apply": None,
              "command": " ".join([".venv/bin/python benchmarks/ingest.py", *sys.argv[1:]])}
    try:
        files = {}
        for name in args.inputs.split(","):
            t0 = time.perf_counter()
            if name == "online_retail":
                files[name] = online_retail_csv(tmp)
            elif name == "synthetic":
                files[name] = synthetic_csv(tmp, args.rows)
            else:
                raise SystemExit(f"unknown input {name}")
            print(f"{name}: {files[name].stat().st_size / 1e6:.1f} MB CSV prepared in {time.perf_counter() - t0:.1f} s")
        for name, path in files.items():
            entry = {"file_mb": round(path.stat().st_size / 1e6, 1)}
            for impl in ("ours", "baseline"):
                entry[impl] = measure(impl, path, name, args.today, args.runs)
                print(f"  {name:14s} {impl:8s} median {entry[impl]['median_s']:6.2f} s  runs {entry[impl]['runs_s']}  "
                      f"peak RSS {entry[impl]['peak_rss_mb']:7.0f} MB")
            entry["comparison"] = compare(entry["ours"], entry["baseline"])
            note = outlier_note(entry["ours"], entry["baseline"], path, name, args.today)
            entry["notes"] = [note] if note else []
            report["inputs"][name] = entry
            print(f"\n  {name}: ours vs baseline")
            print(f"  {'rule / total':24s} {'ours':>14s} {'baseline':>14s}  same")
            for row in entry["comparison"]:
                print(f"  {row['item']:24s} {row['ours']!s:>14s} {row['baseline']!s:>14s}  "
                      f"{'yes' if row['match'] else 'NO'}")
            for n in entry["notes"]:
                print(f"  note: {n}")
            print()
        if args.apply and "synthetic" in files:
            print("applying the synthetic file to SQLite …")
            report["apply"] = apply_to_sqlite(files["synthetic"], tmp, smartstock)
            ours = report["inputs"]["synthetic"]["ours"]
            report["apply"]["expected_daily_rows"] = ours["daily_rows"]
            report["apply"]["expected_quantity"] = ours["quantity"]
            print(f"  {report['apply']['seconds']:.2f} s, peak RSS {report['apply']['peak_rss_mb']} MB, "
                  f"{report['apply']['daily_sales_rows']:,} daily-sales rows")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    synthetic = report["inputs"].get("synthetic")
    apply = report["apply"]
    peaks = [synthetic["ours"]["peak_rss_mb"]] if synthetic else []
    if apply and apply["peak_rss_mb"] is not None:
        peaks.append(apply["peak_rss_mb"])
    report["targets"] = [
        {"what": "cleansed (parse + recognise + cleanse)", "target": TARGETS["cleanse_s"], "unit": "s",
         "measured": synthetic["ours"]["median_s"] if synthetic else None},
        {"what": "applied to SQLite (`smartstock ingest`)", "target": TARGETS["apply_s"], "unit": "s",
         "measured": apply["seconds"] if apply else None},
        {"what": "peak memory (cleanse" + (", apply" if apply else "") + ")", "target": TARGETS["peak_mb"],
         "unit": "MB", "measured": max(peaks) if peaks else None},
    ]
    for row in report["targets"]:
        row["verdict"] = _verdict(row["measured"], row["target"])
        print(f"target {row['what']} ≤ {row['target']:g} {row['unit']}: {row['measured']} → {row['verdict']}")
    out = HERE / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (out / "ingest.md").write_text(markdown(report))
    print((out / "ingest.md").read_text())


if __name__ == "__main__":
    main()
