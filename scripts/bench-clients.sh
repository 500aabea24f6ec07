#!/usr/bin/env bash
# Time of `vmo clients` (the coach's dashboard, issue 19) on 200 clients with a year of
# log each (156 sessions done, Mon/Wed/Fri), built as a coach could: one client added with
# `vmo client add` and its year imported with `vmo log import`, then its folder copied for
# the other 199 (each copy's name file and recorded owner renamed, with python's sqlite3).
#
# Usage: scripts/bench-clients.sh       (from any directory)
#   VMO_BIN=path/to/vmo      measure this binary instead of building a release one
#   BENCH_CLIENTS=N          clients (default 200)
#   BENCH_RUNS=N             runs; the fastest is reported (default 5)
#
# Nothing here is asserted by the test suite: the figures depend on the machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n="${BENCH_CLIENTS:-200}"
runs="${BENCH_RUNS:-5}"
if [[ -z "${VMO_BIN:-}" ]]; then
  cargo build --release --quiet
  target="${CARGO_TARGET_DIR:-$root/target}"
  VMO_BIN="$target/release/vmo"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" VMO_TODAY=2027-11-20
unset VMO_DB VMO_CLIENT VMO_CONFIG
"$VMO_BIN" client add c000 --start 2026-11-23 --weeks 52 --days mon,wed,fri 2>/dev/null
python3 - "$work" "$n" <<'PY'
import datetime, json, os, sys
work, n = sys.argv[1], int(sys.argv[2])
d, out = datetime.date(2026, 11, 23), []
while d < datetime.date(2027, 11, 20):
    if d.weekday() in (0, 2, 4):
        out.append({"id": len(out) + 1, "date": d.isoformat(), "status": "done", "sets": 3,
                    "reps": [10, 10, 10], "load_kg": None, "rpe": 6, "pain_during": 1,
                    "pain_morning": None, "swelling": False, "locking": False,
                    "giving_way": False, "night_pain": False, "note": None, "extra": False})
    d += datetime.timedelta(days=1)
json.dump(out, open(os.path.join(work, "year.json"), "w"))
PY
"$VMO_BIN" log import --client c000 "$work/year.json" 2>/dev/null
python3 - "$work" "$n" <<'PY'
import os, shutil, sqlite3, sys
work, n = sys.argv[1], int(sys.argv[2])
base = os.path.join(work, "data/vmo/clients")
for i in range(1, n):
    name = f"c{i:03d}"
    dst = os.path.join(base, name)
    shutil.copytree(os.path.join(base, "c000"), dst)
    open(os.path.join(dst, "client"), "w").write(name)
    c = sqlite3.connect(os.path.join(dst, "log.db"))
    c.execute("UPDATE meta SET value = ? WHERE key = 'owner'", (name,))
    c.commit()
    c.close()
PY
best=""
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$VMO_BIN" clients >/dev/null
  t=$(echo "$(date +%s.%N) - $start" | bc)
  if [[ -z "$best" ]] || (( $(echo "$t < $best" | bc) )); then best=$t; fi
done
errors=$("$VMO_BIN" clients --format csv | grep -c ',error,' || true)
printf 'vmo clients: %d clients, a year of log each: %.3f s (fastest of %d), %s rows in error\n' \
  "$n" "$best" "$runs" "$errors"
