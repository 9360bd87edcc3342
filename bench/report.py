"""Turns bench/results/raw.txt into the results table of docs/benchmarks.md (medians of the runs)."""
import datetime, os, platform, re, statistics, subprocess, sys

raw, target, runs, duration = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rows = {}
for line in open(raw, encoding="utf-8"):
    m = re.match(r"(\S+) run \d+: RESULT (.*)", line.strip())
    if m:
        rows.setdefault(m.group(1), []).append(dict(kv.split("=") for kv in m.group(2).split()))

targets = {
    "programme-64": ("rps >= 12,000", lambda r: r >= 12000, None),
    "signup-64": ("rps >= 4,000", lambda r: r >= 4000, None),
    "signup-32": ("p99 < 50 ms", None, lambda p: p < 50),
    "mixed-64": ("(no target; reported)", None, None),
}

def med(values, key):
    return statistics.median(float(v[key]) for v in values)

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
lines = [
    "<!-- results:start -->",
    f"Run on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({cpu}), "
    f"{int(mem) // 1024 // 1024} GiB; wrk -t2 on the same machine; {runs} runs of {duration} per scenario, medians; "
    "Release build, fresh database file per run, synchronous=FULL.",
    "",
    "| scenario | connections | requests/s | p50 ms | p99 ms | errors | peak RSS MB | target | met |",
    "|---|---|---|---|---|---|---|---|---|",
]
floor = rows.pop("floor-signup-64", None)
for name, values in rows.items():
    rps, p50, p99 = med(values, "rps"), med(values, "p50_ms"), med(values, "p99_ms")
    errors = int(max(float(v["errors"]) for v in values))
    rss = int(max(float(v["rss_mb"]) for v in values))
    text, rps_ok, p99_ok = targets.get(name, ("", None, None))
    ok = (rps_ok(rps) if rps_ok else True) and (p99_ok(p99) if p99_ok else True) and errors == 0 and rss < 250
    met = "yes" if ok else "**no**"
    connections = re.search(r"-(\d+)", name).group(1)  # outside the f-string: Python before 3.12 allows no backslash there
    lines.append(f"| {name} | {connections} | {rps:,.0f} | {p50:.1f} | {p99:.1f} | {errors} | {rss} | {text}; no errors; RSS < 250 MB | {met} |")
if floor and "signup-64" in rows:
    # Run for run: each floor run came right after the product's, so drift hits both alike; the median of the ratios.
    ratios = [float(p["rps"]) / float(f["rps"]) for p, f in zip(rows["signup-64"], floor)]
    lines += ["", f"signup-64 beside the floor (`../shared/floor`, batch mode, same load, run for run): floor "
              f"{med(floor, 'rps'):,.0f} sign-ups/s, p99 {med(floor, 'p99_ms'):.1f} ms; ratio product/floor "
              f"**{statistics.median(ratios):.2f}** (runs: {', '.join(f'{r:.2f}' for r in ratios)})."]
lines.append("<!-- results:end -->")
block = "\n".join(lines)

if os.path.exists(target):
    text = open(target, encoding="utf-8").read()
    if "<!-- results:start -->" in text:
        text = re.sub(r"<!-- results:start -->.*<!-- results:end -->", block, text, flags=re.S)
    else:
        text += "\n" + block + "\n"
else:
    text = "# Benchmarks\n\n" + block + "\n"
open(target, "w", encoding="utf-8").write(text)
print(block)
