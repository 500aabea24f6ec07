#!/usr/bin/env bash
# Whole-process timings of the release binary: `vmo --version` (the process-start floor),
# `vmo plan --weeks 6`, plans of 6 to 520 weeks in every format, and `vmo today` and
# `vmo report` (the last 12 weeks, HTML) with a three-year training log (450 entries, real
# SQLite), with peak memory.
#
# Usage: scripts/bench.sh            (from any directory)
#   VMO_BIN=path/to/vmo   time this binary instead of building one
#   BENCH_RUNS=N          runs per command (default 100; the warm-up is 10)
#   BENCH_OUT=DIR         where the tables go (default: <target dir>/bench)
#   BENCH_STRICT=1        exit 1 when a target is missed
#   BENCH_TOOL=loop       use the plain timing loop even when hyperfine is installed
#
# Uses hyperfine when it is installed, else a plain timing loop. Peak RSS comes from GNU
# time (`/usr/bin/time -f %M`), else from Python's getrusage, else it is not reported.
# Targets (from the issues): plan 6 weeks and `today` with a 450-entry log within 1.5x of
# --version; 520 weeks in any format under 10 ms; `vmo report` over the three-year log under
# 50 ms (issue 20); peak RSS under 10 MB; cost linear in weeks (the slope is printed).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

runs="${BENCH_RUNS:-100}"
warmup=10
weeks_list=(6 52 130 260 520)
formats=(table json csv ics markdown)

if [[ -n "${VMO_BIN:-}" ]]; then
  bin="$(cd "$(dirname "$VMO_BIN")" && pwd)/$(basename "$VMO_BIN")"
else
  echo "== cargo build --release" >&2
  cargo build --release --locked --quiet
  bin="${CARGO_TARGET_DIR:-$root/target}/release/vmo"
  [[ "$bin" = /* ]] || bin="$root/$bin"
fi
[[ -x "$bin" ]] || { echo "bench.sh: no binary at $bin" >&2; exit 1; }

out="${BENCH_OUT:-${CARGO_TARGET_DIR:-$root/target}/bench}"
[[ "$out" = /* ]] || out="$root/$out"
mkdir -p "$out"

# A fixed, isolated environment: no profile (empty HOME), no VMO_* settings, fixed dates.
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -E '^VMO_' || true)
unset XDG_CONFIG_HOME NO_COLOR
export HOME="$home" VMO_TODAY=2026-12-01 SOURCE_DATE_EPOCH=1700000000 LC_ALL=C

# A three-year log: 450 sessions on Mon/Wed/Fri from 2023-12-04, some with pain, imported
# once with the binary itself (so the file is what `vmo done` writes).
log="$home/log.db"
{
  echo "id,date,status,sets,reps,load_kg,rpe,pain_during,pain_morning,swelling,note,extra"
  for i in $(seq 0 449); do
    d=$(date -u -d "2023-12-04 + $((i / 3 * 7 + (i % 3) * 2)) days" +%F)
    echo "$((i + 1)),$d,done,3,\"12,12,12\",,7,$((i % 4)),$((i % 3)),false,,false"
  done
} >"$home/log.csv"
"$bin" --db "$log" log import "$home/log.csv" >/dev/null 2>&1
today_args="--db $log today --start 2023-12-04 --weeks 160"
report_args="--db $log report --start 2023-12-04"

# name<TAB>arguments, in the order they are timed and reported.
cmds=("version	--version" "plan-6w	plan --weeks 6" "today-log450	$today_args" "report-log450	$report_args")
for f in "${formats[@]}"; do
  for w in "${weeks_list[@]}"; do
    cmds+=("${f}-${w}w	plan --weeks $w --format $f")
  done
done

csv="$out/bench.csv"
if [[ "${BENCH_TOOL:-}" != loop ]] && command -v hyperfine >/dev/null 2>&1; then
  args=()
  for c in "${cmds[@]}"; do
    args+=(-n "${c%%	*}" "$bin ${c#*	}")
  done
  # -N: no intermediate shell, so the floor is the process itself.
  hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --output null \
    --export-markdown "$out/bench.md" --export-csv "$csv" "${args[@]}" >"$out/hyperfine.log" 2>&1
else
  echo "bench.sh: timing with a shell loop ($runs runs each; install hyperfine for better numbers)" >&2
  rm -f "$out/bench.md"
  echo "command,mean,stddev,median,user,system,min,max" >"$csv"
  for c in "${cmds[@]}"; do
    read -r -a a <<<"${c#*	}"
    for _ in $(seq "$warmup"); do "$bin" "${a[@]}" >/dev/null 2>&1; done
    for _ in $(seq "$runs"); do
      t0=${EPOCHREALTIME/[.,]/}
      "$bin" "${a[@]}" >/dev/null 2>&1
      t1=${EPOCHREALTIME/[.,]/}
      echo $((t1 - t0))
    done | sort -n | awk -v name="${c%%	*}" '
      { t[NR] = $1 / 1e6; s += t[NR] }
      END {
        m = s / NR
        for (i = 1; i <= NR; i++) v += (t[i] - m) ^ 2
        printf "%s,%.9f,%.9f,%.9f,,,%.9f,%.9f\n", name, m, (NR > 1 ? sqrt(v / (NR - 1)) : 0), t[int((NR + 1) / 2)], t[1], t[NR]
      }' >>"$csv"
  done
fi

# Peak resident set size, KiB (largest of three runs).
peak_rss() {
  local best=0 kb
  for _ in 1 2 3; do
    if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M true >/dev/null 2>&1; then
      /usr/bin/time -f %M -o "$home/rss" "$@" >/dev/null 2>&1
      kb=$(tail -n 1 "$home/rss")
    elif command -v python3 >/dev/null 2>&1; then
      kb=$(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@")
    else
      echo "n/a"
      return
    fi
    ((kb > best)) && best=$kb
  done
  echo "$best"
}

rss="$out/rss.tsv"
: >"$rss"
for c in "${cmds[@]}"; do
  read -r -a a <<<"${c#*	}"
  printf '%s\t%s\n' "${c%%	*}" "$(peak_rss "$bin" "${a[@]}")" >>"$rss"
done

# Report: mean ± σ and RSS per command, the ratio, the 520-week worst case and the slope
# (least-squares fit of mean time over the plan lengths, per format).
awk -F'[,\t]' -v weeks="${weeks_list[*]}" -v strict="${BENCH_STRICT:-0}" '
  FNR == NR { rss[$1] = $2; next }
  FNR == 1 { next }
  { mean[$1] = $2 * 1000; sd[$1] = $3 * 1000; med[$1] = $4 * 1000; min[$1] = $7 * 1000; order[++n] = $1 }
  END {
    printf "%-16s %16s %8s %8s %12s\n", "command", "mean ± σ (ms)", "median", "min", "peak RSS"
    maxrss = 0
    for (i = 1; i <= n; i++) {
      c = order[i]
      printf "%-16s %7.2f ± %5.2f %8.2f %8.2f %8s KiB\n", c, mean[c], sd[c], med[c], min[c], rss[c]
      if (rss[c] + 0 > maxrss) maxrss = rss[c] + 0
    }
    miss = 0
    ratio = mean["plan-6w"] / mean["version"]
    printf "\nplan --weeks 6 / --version: %.2fx of the means, %.2fx of the medians (target <= 1.5x)%s\n", ratio, med["plan-6w"] / med["version"], ratio <= 1.5 ? "" : "  MISS"
    if (ratio > 1.5) miss = 1
    tr = mean["today-log450"] / mean["version"]
    printf "today with a 450-entry log / --version: %.2fx of the means, %.2fx of the medians (target <= 1.5x)%s\n", tr, med["today-log450"] / med["version"], tr <= 1.5 ? "" : "  MISS"
    if (tr > 1.5) miss = 1
    printf "report (12 weeks, HTML) with a 450-entry log: %.2f ms (target < 50 ms)%s\n", mean["report-log450"], mean["report-log450"] < 50 ? "" : "  MISS"
    if (mean["report-log450"] >= 50) miss = 1
    worst = 0
    split("table json csv ics markdown", fmts, " ")
    for (k in fmts) if (mean[fmts[k] "-520w"] > worst) { worst = mean[fmts[k] "-520w"]; wf = fmts[k] }
    printf "slowest 520-week plan: %s %.2f ms (target < 10 ms)%s\n", wf, worst, worst < 10 ? "" : "  MISS"
    if (worst >= 10) miss = 1
    printf "largest peak RSS: %d KiB = %.1f MB (target < 10 MB)%s\n", maxrss, maxrss * 1024 / 1e6, maxrss * 1024 < 1e7 ? "" : "  MISS"
    if (maxrss * 1024 >= 1e7) miss = 1
    nw = split(weeks, w, " ")
    printf "\nslope (least squares over %s weeks), ms per week and ms at 0 weeks:\n", weeks
    for (k = 1; k <= 5; k++) {
      f = fmts[k]; sx = sy = sxx = sxy = 0
      for (j = 1; j <= nw; j++) {
        y = mean[f "-" w[j] "w"]; sx += w[j]; sy += y; sxx += w[j] * w[j]; sxy += w[j] * y
      }
      b = (nw * sxy - sx * sy) / (nw * sxx - sx * sx); a = (sy - b * sx) / nw
      # Largest gap between the fit and a measurement, as a check on linearity.
      dev = 0
      for (j = 1; j <= nw; j++) { d = mean[f "-" w[j] "w"] - (a + b * w[j]); if (d < 0) d = -d; if (d > dev) dev = d }
      printf "  %-9s %.4f ms/week, intercept %.2f ms, worst residual %.2f ms\n", f, b, a, dev
    }
    if (strict && miss) exit 1
  }' "$rss" "$csv"
echo
echo "tables: $out/bench.csv, $out/rss.tsv$([[ -f $out/bench.md ]] && echo ", $out/bench.md" || true)"
