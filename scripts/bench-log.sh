#!/usr/bin/env bash
# Peak memory and time of every command that reads the training log, on a log of 100,000
# entries (issue 18: each under 100 MB of peak RSS).
#
# The log is built as a user could build it: a generated vmo CSV (the columns of
# `vmo log export --format csv`) imported with `vmo log import`. Two logs are measured:
#   typical  notes of everyday length (none, a line, a paragraph; every 50th at the limit)
#   max      every note at the limit: 1000 characters of 4 bytes each (4 KB a note, the
#            largest a log may hold; its export is far over 64 MiB)
# Entries: one planned session a day from 1970-01-01 (the first date a log holds), the
# rest extra sessions on the same days, up to 2026-12-01.
#
# Usage: scripts/bench-log.sh           (from any directory)
#   VMO_BIN=path/to/vmo      measure this binary instead of building one
#   BENCH_LOG_ENTRIES=N      entries per log (default 100000)
#   BENCH_LOG_NOTES=KIND     typical, max or both (default both)
#   BENCH_LOG_RUNS=N         runs per command; the fastest time and the largest RSS are
#                            reported (default 3)
#   BENCH_OUT=DIR            where the table goes (default: <target dir>/bench)
#   BENCH_STRICT=1           exit 1 when a command is over 100 MB or fails
#
# Peak RSS from GNU time (`/usr/bin/time -f %M`, KiB); times are wall-clock seconds.
# Nothing here is asserted by the test suite: the figures depend on the machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

n="${BENCH_LOG_ENTRIES:-100000}"
runs="${BENCH_LOG_RUNS:-3}"
case "${BENCH_LOG_NOTES:-both}" in
  both) kinds=(typical max) ;;
  typical | max) kinds=("$BENCH_LOG_NOTES") ;;
  *) echo "bench-log.sh: BENCH_LOG_NOTES is typical, max or both" >&2; exit 2 ;;
esac
[[ -x /usr/bin/time ]] && /usr/bin/time -f %M true >/dev/null 2>&1 \
  || { echo "bench-log.sh: needs GNU time at /usr/bin/time" >&2; exit 1; }

if [[ -n "${VMO_BIN:-}" ]]; then
  bin="$(cd "$(dirname "$VMO_BIN")" && pwd)/$(basename "$VMO_BIN")"
else
  echo "== cargo build --release" >&2
  cargo build --release --locked --quiet
  bin="${CARGO_TARGET_DIR:-$root/target}/release/vmo"
  [[ "$bin" = /* ]] || bin="$root/$bin"
fi
[[ -x "$bin" ]] || { echo "bench-log.sh: no binary at $bin" >&2; exit 1; }

out="${BENCH_OUT:-${CARGO_TARGET_DIR:-$root/target}/bench}"
[[ "$out" = /* ]] || out="$root/$out"
mkdir -p "$out"

# A fixed, isolated environment: no profile (empty HOME), no VMO_* settings, fixed dates.
# The work folder is under the target dir: the logs take about 1 GB with max notes.
work="$(mktemp -d "$out/log-XXXXXX")"
trap 'rm -rf "$work"' EXIT
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -E '^VMO_' || true)
unset XDG_CONFIG_HOME NO_COLOR
mkdir -p "$work/home"
export HOME="$work/home" VMO_TODAY=2026-12-02 SOURCE_DATE_EPOCH=1700000000 LC_ALL=C

# vmo's log CSV with $n entries; $1 is typical or max.
generate() {
  awk -v n="$n" -v kind="$1" 'BEGIN {
    # Days 1970-01-01 .. 2026-12-01, spread evenly over the entries.
    days = 20788
    long = ""; for (i = 0; i < 1000; i++) long = long "\360\237\246\265"   # U+1F9B5, 4 bytes
    para = "Left knee tight on the first set, eased by the third; the ride before was long and the block felt high. “Fine”, said the physio: keep the depth, watch the knee over the second toe, café after."
    print "id,date,status,sets,reps,load_kg,rpe,pain_during,pain_morning,swelling,note,extra,locking,giving_way,night_pain"
    prev = -1
    for (i = 0; i < n; i++) {
      d = int(i * days / n)
      extra = (d == prev) ? "true" : "false"; prev = d
      # Days since 1970-01-01 to a civil date (H. Hinnant).
      z = d + 719468; era = int(z / 146097); doe = z - era * 146097
      yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
      y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
      mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
      mm = mp < 10 ? mp + 3 : mp - 9; if (mm <= 2) y++
      date = sprintf("%04d-%02d-%02d", y, mm, dd)
      if (kind == "max") note = long
      else if (i % 50 == 49) note = long
      else if (i % 4 == 0) note = ""
      else if (i % 4 == 1) note = "\"fine, a bit tight after the ride\""
      else note = "\"" para "\""
      if (i % 10 == 9) {
        printf "%d,%s,skipped,0,,,,,,false,%s,%s,false,false,false\n", i + 1, date, note, extra
      } else {
        r = 8 + i % 5
        printf "%d,%s,done,3,\"%d,%d,%d\",%s,%s,%d,%d,false,%s,%s,false,false,false\n", \
          i + 1, date, r, r, r - 1, (i % 3 ? "" : 10 + i % 7 * 2.5), 6 + i % 3, i % 4, i % 3, note, extra
      }
    }
  }'
}

# The fastest of $runs runs (seconds) and the largest peak RSS (KiB), tab-separated, or
# "failed (exit N): its message" when the command fails. $1 is a command run before each run (a reset).
measure() {
  local reset="$1" best="" rss=0 t k rc
  shift
  for _ in $(seq "$runs"); do
    eval "$reset"
    rc=0
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || rc=$?
    if ((rc != 0)); then
      echo "failed (exit $rc): $(grep -v '^Command exited' "$work/stderr" | head -c 160 | tr '\n\t' '  ')"
      return
    fi
    read -r t k < <(tail -n 1 "$work/time")
    if [[ -z "$best" ]] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    ((k > rss)) && rss=$k
  done
  printf '%s\t%s\n' "$best" "$rss"
}

table="$out/bench-log.tsv"
printf 'log\tcommand\tseconds\tpeak_rss_kib\n' >"$table"
miss=0
for kind in "${kinds[@]}"; do
  csv="$work/$kind.csv"
  db="$work/$kind.db"
  echo "== $kind: $n entries" >&2
  generate "$kind" >"$csv"
  # Built in pieces of at most 10,000 entries, so a binary with an import size limit
  # builds it too.
  mkdir -p "$work/parts"
  tail -n +2 "$csv" | split -l 10000 - "$work/parts/p"
  for p in "$work/parts"/p*; do
    { head -n 1 "$csv"; cat "$p"; } >"$p.csv"
    "$bin" --db "$db" log import "$p.csv" >/dev/null 2>&1 \
      || { echo "bench-log.sh: importing $p.csv failed" >&2; exit 1; }
    rm -f "$p" "$p.csv"
  done
  rm -f "$csv"
  echo "   log $(du -h "$db" | cut -f1)" >&2
  plan_args=(--start 2023-12-04 --weeks 160)
  cmds=(
    "today	--db $db today ${plan_args[*]}"
    "next	--db $db next ${plan_args[*]}"
    "plan	--db $db plan ${plan_args[*]}"
    "plan-json	--db $db plan ${plan_args[*]} --format json"
    "why	--db $db why ${plan_args[*]}"
    "stats	--db $db stats ${plan_args[*]}"
    "report	--db $db report ${plan_args[*]}"
    "log-list	--db $db log list"
    "log-list-json	--db $db log list --format json"
    "log-show	--db $db log show $((n / 2))"
    "log-export-csv	--db $db log export --format csv -o $work/export.csv --force"
    "log-export-json	--db $db log export --format json -o $work/export.json --force"
  )
  for c in "${cmds[@]}"; do
    name="${c%%	*}"
    read -r -a a <<<"${c#*	}"
    r="$(measure : "$bin" "${a[@]}")"
    printf '%s\t%s\t%s\n' "$kind" "$name" "$r" >>"$table"
    echo "   $name: $r" >&2
  done
  # Writing commands, each on a fresh copy of the log: importing the whole export into an
  # empty log (the round trip), and logging a session.
  for f in csv json; do
    r="$(measure "rm -f $work/new.db*" "$bin" --db "$work/new.db" log import "$work/export.$f")"
    printf '%s\t%s\t%s\n' "$kind" "log-import-$f" "$r" >>"$table"
    echo "   log-import-$f: $r" >&2
  done
  rm -f "$work"/new.db* "$work"/export.*
  r="$(measure "cp $db $work/copy.db; rm -f $work/copy.db-*" "$bin" --db "$work/copy.db" done "${plan_args[@]}" --pain 2)"
  printf '%s\t%s\t%s\n' "$kind" "done" "$r" >>"$table"
  echo "   done: $r" >&2
  rm -f "$work"/copy.db* "$db"*
done

echo
awk -F'\t' -v strict="${BENCH_STRICT:-0}" '
  NR == 1 { next }
  {
    if ($3 ~ /^failed/) { printf "%-8s %-16s %s\n", $1, $2, $3; miss = 1; next }
    over = $4 * 1024 >= 1e8
    if (over) miss = 1
    printf "%-8s %-16s %8.2f s %9.1f MB%s\n", $1, $2, $3, $4 * 1024 / 1e6, over ? "  OVER 100 MB" : ""
  }
  END { if (strict && miss) exit 1 }' "$table"
echo
echo "table: $table"
