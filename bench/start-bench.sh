#!/usr/bin/env bash
# start-bench.sh — start-up time of short commands (`mlagw --help`, `mlagw status`), with and without
# the launcher's class-data archive (AppCDS, target/mlagw.jsa), in the same run.
#
# Usage:
#   bench/start-bench.sh [RUNS] [CONFIG]
#     RUNS     timed runs per command and variant (default 10), alternating the variants
#     CONFIG   the configuration `status --config` reads. Default: the gw-al configuration of a
#              `./mlagw demo --once` run made first under a fresh `mktemp -d` (so status lists real
#              exchanges: one DELIVERED, one SEALED), deleted at the end.
#
# What it times: the whole command as a user types it — the launcher ./mlagw (bash, its "sources
# newer than the build?" check, its archive check), the JVM and the command — with output to
# /dev/null, from a nanosecond clock around the command (`date +%s%N`). Variants:
#   no archive   MLAGW_CDS=off ./mlagw ...   (the JVM's own CDS archive of the JDK classes only)
#   archive      ./mlagw ...                 (the application archive the launcher made)
# One untimed run of each variant first: it builds when sources changed and makes the archive.
# CPU s = the median user+sys seconds of the process (GNU time), a figure less sensitive to other load.
# The load average before and after is printed: the target (≤ 1 s) is for an idle machine, and on
# this 2-core machine a concurrent build doubles these figures.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-10}"
config="${2:-}"
mlagw="$here/mlagw"
command -v /usr/bin/time >/dev/null || { echo "start-bench: /usr/bin/time (Debian: apt-get install time) is needed" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/mlagw-start-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [ -z "$config" ]; then
  echo "making a sample: ./mlagw demo --once --dir $work/demo (~20 s)" >&2
  "$mlagw" demo --once --dir "$work/demo" > "$work/demo.log" 2>&1 || { tail -20 "$work/demo.log" >&2; exit 1; }
  config="$(ls -d "$work"/demo/*/gw-al/config)"
fi
"$mlagw" status --config "$config" > "$work/status.out"
echo "status --config $config lists $(wc -l < "$work/status.out") line(s)"

# one untimed run of each variant: a build if sources changed, the archive if missing or stale
MLAGW_CDS=off "$mlagw" --version > /dev/null
"$mlagw" --version > /dev/null
[ -f "$here/target/mlagw.jsa" ] || { echo "start-bench: the launcher made no target/mlagw.jsa; see target/mlagw-cds.log" >&2; exit 1; }

# time_once VARIANT-NAME ARGS... : appends "ms cpu" to $work/<name>
time_once() {
  local name="$1"; shift
  local cds=""; [ "${name%%-*}" = off ] && cds=off
  local s e
  s=$(date +%s%N)
  MLAGW_CDS="$cds" /usr/bin/time -f '%U %S' -o "$work/cpu" "$mlagw" "$@" > /dev/null 2>&1
  e=$(date +%s%N)
  echo "$(( (e - s) / 1000000 )) $(awk '{printf "%.2f", $1 + $2}' "$work/cpu")" >> "$work/$name"
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq 1 "$runs"); do
  time_once off-help --help
  time_once on-help --help
done
for _ in $(seq 1 "$runs"); do
  time_once off-status status --config "$config"
  time_once on-status status --config "$config"
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# pct FILE COLUMN PERCENT : the nearest-rank percentile of a column
pct() { sort -n -k"$2" "$1" | awk -v c="$2" -v p="$3" '{v[NR]=$c} END {i=int((NR*p+99)/100); if (i<1) i=1; print v[i]}'; }

printf '\n%-22s %-11s %9s %9s %7s\n' command variant "median ms" "p90 ms" "CPU s"
for cmd in help status; do
  label="--help"; [ "$cmd" = status ] && label="status --config"
  for v in off on; do
    name="no archive"; [ "$v" = on ] && name="archive"
    printf '%-22s %-11s %9s %9s %7s\n' "$label" "$name" "$(pct "$work/$v-$cmd" 1 50)" "$(pct "$work/$v-$cmd" 1 90)" \
      "$(pct "$work/$v-$cmd" 2 50)"
  done
  awk -v a="$(pct "$work/off-$cmd" 1 50)" -v b="$(pct "$work/on-$cmd" 1 50)" -v l="$label" \
    'BEGIN {printf "%-22s median with the archive = %.2f x without (%s ms saved)\n", l, b / a, a - b}'
done
echo "runs per variant: $runs (alternating); load average before: $load_before, after: $load_after; $(nproc) cores"
