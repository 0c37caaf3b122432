#!/usr/bin/env bash
# package-bench.sh — time `mlagw package seal/open` against OpenSSL 3 on one large random file.
#
# Usage:
#   bench/package-bench.sh [SIZE] [WORKDIR]
#     SIZE      input size: bytes, or a number with k/m/g (binary: 64m = 64 MiB, 1g = 1 GiB). Default 1g.
#     WORKDIR   where to put the files; must be empty or absent. Default: a fresh `mktemp -d` under
#               ${TMPDIR:-/tmp}.
#   Environment:
#     KEEP=1             keep every file of the run (input, envelopes, opened package, CLI snapshot).
#                        Without it they are deleted at the end and only WORKDIR/results.json and
#                        WORKDIR/logs/ stay (a few KB), so the printed results path stays valid.
#                        The private keys extracted for OpenSSL (WORKDIR/keys) are always deleted.
#     MLAGW_JAVA_OPTS    JVM options for the CLI (default, as ./mlagw: -Xmx256m -XX:+UseSerialGC).
#     MLAGW_KEYSTORE_PASSWORD  as for the CLI; otherwise certs-sample/keystore-password.txt is used.
#
# Examples:
#   bench/package-bench.sh 64m
#   MLAGW_JAVA_OPTS='-Xmx64m -XX:+UseSerialGC' KEEP=1 bench/package-bench.sh 64m /tmp/b1
#
# What it does, all on the SAME input file in the SAME run (shipped config/ and certs-sample/ PKI,
# sender AL-PG-TIRANA, recipient RS-HC-BELGRADE):
#   a  openssl dgst -sha256                           (hash reference)
#   b  openssl enc -aes-256-ctr                       (raw AES reference; output to /dev/null)
#      openssl enc -aes-256-gcm is tried first; OpenSSL 3 refuses AEAD ciphers in `enc`, in which case
#      openssl cms -encrypt -aes-256-gcm (RSA-OAEP-SHA256) is the "aes-256-gcm encrypt" reference
#   c  openssl cms -sign | openssl cms -encrypt       (seal reference; the whole pipeline)
#   d  openssl cms -decrypt of the envelope of b      (open reference; output to a file, like ours,
#                                                       and again to /dev/null for context)
#   -  mlagw --version                                (JVM start-up, context only)
#   e  mlagw package seal
#   f  mlagw package open, then cmp of the opened document with the input (must be identical)
#   w  bench/WarmPackageBench.java: seal + open 3 times in ONE JVM (a running gateway's steady state)
# Each step runs under /usr/bin/time -f '%e %M %U %S'. Seconds in the table come from a nanosecond
# clock around the same command (GNU time's %e has only 10 ms resolution; it is kept in results.json).
# "CPU s" = the step's user+sys seconds (%U+%S, all threads and waited-for children).
# "other cores" = average CPU cores used by OTHER processes during the step (machine-wide busy time
# from /proc/stat minus the step's own %U+%S); above 0.25 cores (and 0.1 CPU-seconds) the step is
# flagged as noisy: on a 2-core machine a neighbour (a Maven build, another JVM) slows the
# multi-threaded CLI noticeably.
# Peak RSS is GNU time's %M: the maximum resident set of the process or of any ONE of its
# waited-for descendants (Linux wait4 ru_maxrss) — for the pipeline in c that is the largest of
# the two openssl processes (and the bash wrapper), NOT their sum.
# Page caches cannot be dropped without root, so the input is read once (cat > /dev/null) before
# the first step: every step starts with the input in the page cache. Outputs go to the page cache too.
#
# The CLI is run as ./mlagw runs it (java $MLAGW_JAVA_OPTS -cp classes:lib/* eu.mlagw.cli.Mlagw), but
# WITHOUT the launcher's "rebuild with Maven when sources changed" step: this script never builds.
# It copies target/classes and target/lib into WORKDIR/cli first (under a shared lock on
# target/.build.lock when that file exists, so not in the middle of a launcher rebuild) and runs
# that snapshot, so a concurrent rebuild of target/ cannot change or break the CLI mid-run. It warns
# when src/main is newer than the last launcher build, or when a Maven process is running.
#
# Output: a table (step, seconds, MB/s = bytes/1e6/seconds, peak RSS MiB, CPU s, other cores), the
# target ratios with PASS/MISS (throughput ratios of the same file = inverse ratios of the seconds),
# and WORKDIR/results.json with the same figures.
# Exit status: 0 when every step ran and the round trip is byte-identical (even if targets are
# missed: this is a report); non-zero when a step fails, the cmp fails or a precondition is not met.
set -euo pipefail

die() { echo "package-bench: ERROR: $*" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# ---------------------------------------------------------------- arguments
SIZE_ARG="${1:-1g}"
parse_size() {
  local s="${1,,}" n unit
  [[ "$s" =~ ^([0-9]+)([kmg]?)(i?b)?$ ]] || return 1
  n="${BASH_REMATCH[1]}"; unit="${BASH_REMATCH[2]}"
  case "$unit" in
    k) n=$((n * 1024)) ;;
    m) n=$((n * 1024 * 1024)) ;;
    g) n=$((n * 1024 * 1024 * 1024)) ;;
  esac
  echo "$n"
}
SIZE="$(parse_size "$SIZE_ARG")" || die "bad size '$SIZE_ARG' (use e.g. 64m, 1g, 1048576)"
(( SIZE > 0 )) || die "size must be > 0"

CREATED_WORKDIR=0
if [ -n "${2:-}" ]; then
  W="$2"
  if [ -e "$W" ]; then
    [ -d "$W" ] || die "work dir '$W' exists and is not a directory"
    [ -z "$(ls -A "$W")" ] || die "work dir '$W' is not empty"
  else
    mkdir -p "$W"; CREATED_WORKDIR=1
  fi
  W="$(cd "$W" && pwd)"
else
  W="$(mktemp -d "${TMPDIR:-/tmp}/package-bench.XXXXXX")"; CREATED_WORKDIR=1
fi

# ---------------------------------------------------------------- preconditions
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing; install it: apt-get install time"
command -v openssl >/dev/null || die "openssl is not on PATH"
command -v java >/dev/null || die "java is not on PATH"
OPENSSL_VERSION="$(openssl version)"
[[ "$OPENSSL_VERSION" == "OpenSSL 3."* ]] || die "OpenSSL 3 is needed (found: $OPENSSL_VERSION)"
[ -d target/classes ] && [ -d target/lib ] \
  || die "target/classes or target/lib is missing: build the CLI first (./mlagw --version builds it)"

NEED_KIB=$(( (4 * SIZE + 1024 * 1024 * 1024) / 1024 ))
FREE_KIB="$(df -Pk "$W" | awk 'NR == 2 { print $4 }')"
if (( FREE_KIB < NEED_KIB )); then
  [ "$CREATED_WORKDIR" = 1 ] && rmdir "$W" 2>/dev/null || true
  die "not enough free disk space in $W: $((FREE_KIB / 1024)) MiB free, need 4 x size + 1 GiB = $((NEED_KIB / 1024)) MiB"
fi

# ---------------------------------------------------------------- cleanup
cleanup() {
  local rc=$?
  rm -rf "$W/keys"                       # extracted private keys (demo PKI, but still keys)
  if [ "${KEEP:-0}" = 1 ]; then
    echo "KEEP=1: kept every file in $W"
  else
    rm -rf "$W/docs" "$W/opened" "$W/cli" "$W"/*.p7m
    if (( rc != 0 )); then echo "package-bench: logs of the failed run: $W/logs" >&2; fi
  fi
  exit "$rc"
}
trap cleanup EXIT

mkdir -p "$W/docs" "$W/logs"
( umask 077; mkdir -p "$W/keys" )

SENDER=AL-PG-TIRANA
RECIPIENT=RS-HC-BELGRADE
P="$ROOT/certs-sample/participants"
SEAL_CERT="$P/$SENDER/seal.pem"
ENC_CERT="$P/$RECIPIENT/encryption.pem"
SEAL_KEY="$W/keys/seal-key.pem"
ENC_KEY="$W/keys/enc-key.pem"
if [ -n "${MLAGW_KEYSTORE_PASSWORD:-}" ]; then PASSIN=env:MLAGW_KEYSTORE_PASSWORD
else PASSIN="file:$ROOT/certs-sample/keystore-password.txt"; fi
openssl pkcs12 -in "$P/$SENDER/seal.p12" -nocerts -nodes -passin "$PASSIN" -out "$SEAL_KEY" 2>"$W/logs/pkcs12.err" \
  || { cat "$W/logs/pkcs12.err" >&2; die "cannot extract the seal key of $SENDER"; }
openssl pkcs12 -in "$P/$RECIPIENT/encryption.p12" -nocerts -nodes -passin "$PASSIN" -out "$ENC_KEY" 2>"$W/logs/pkcs12.err" \
  || { cat "$W/logs/pkcs12.err" >&2; die "cannot extract the encryption key of $RECIPIENT"; }
OAEP=(-keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256 -keyopt rsa_mgf1_md:sha256)

# ---------------------------------------------------------------- build state (read-only checks)
GIT_HEAD="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
GIT_DIRTY="$(GIT_OPTIONAL_LOCKS=0 git status --porcelain --untracked-files=no 2>/dev/null | wc -l | tr -d ' ')"
STAMP="$ROOT/target/.mlagw-built"
BUILD_NOTE="target/ built $(date -u -r "$STAMP" '+%Y-%m-%dT%H:%M:%SZ' 2>/dev/null || echo '(no build stamp)')"
if [ -f "$STAMP" ] && [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$STAMP" -print -quit 2>/dev/null)" ]; then
  BUILD_NOTE="$BUILD_NOTE — WARNING: src/main has changes newer than target/; the CLI measured is the last build, not the working tree"
fi
JAVA_VERSION="$(java -version 2>&1 | head -1)"

maven_running() { pgrep -f 'plexus[.]classworlds' >/dev/null 2>&1; }
if maven_running; then
  BUILD_NOTE="$BUILD_NOTE — WARNING: a Maven process is running (target/ may be mid-build; timings share the 2 cores with it)"
fi

# Snapshot of the CLI: a concurrent rebuild of target/ must not change or break it mid-run.
LOCK="$ROOT/target/.build.lock"
if [ -f "$LOCK" ] && command -v flock >/dev/null; then exec 8<"$LOCK"; flock -s 8; fi
mkdir -p "$W/cli"
cp -a "$ROOT/target/classes" "$W/cli/classes"
cp -a "$ROOT/target/lib" "$W/cli/lib"
if [ -f "$LOCK" ] && command -v flock >/dev/null; then flock -u 8; exec 8<&-; fi
[ -f "$W/cli/classes/eu/mlagw/cli/Mlagw.class" ] || die "target/classes has no eu/mlagw/cli/Mlagw.class (mid-build?); try again"
JAVA_OPTS="${MLAGW_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC}"
# shellcheck disable=SC2206
JAVA_CMD=(java $JAVA_OPTS -cp "$W/cli/classes:$W/cli/lib/*" eu.mlagw.cli.Mlagw)
export MLAGW_HOME="$ROOT"

# ---------------------------------------------------------------- measuring
declare -A SEC TE RSS CPU LABEL OTHER
ORDER=()
NOISY=()   # steps during which other processes used > 0.25 cores on average (and > 0.1 CPU-seconds)
CLK_TCK="$(getconf CLK_TCK)"
cpu_busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
# run_step KEY LABEL COMMAND...   (stdout/stderr of the command go to logs/KEY.out / KEY.err)
run_step() {
  local key="$1" label="$2"; shift 2
  local t0 t1 rc=0 line
  printf '  %-44s ... ' "$label" >&2
  local b0 b1 fields
  b0=$(cpu_busy_ticks)
  t0=$(date +%s%N)
  /usr/bin/time -o "$W/logs/$key.time" -f '%e %M %U %S' "$@" >"$W/logs/$key.out" 2>"$W/logs/$key.err" || rc=$?
  t1=$(date +%s%N)
  b1=$(cpu_busy_ticks)
  if (( rc != 0 )); then
    echo "FAILED (exit $rc)" >&2
    tail -20 "$W/logs/$key.err" >&2
    die "step '$label' failed (exit $rc); logs in $W/logs/$key.*"
  fi
  line="$(tail -1 "$W/logs/$key.time")"
  read -r -a fields <<<"$line"
  TE[$key]="${fields[0]}"
  RSS[$key]="${fields[1]}"
  CPU[$key]="$(awk -v u="${fields[2]}" -v s="${fields[3]}" 'BEGIN { printf "%.2f", u + s }')"
  SEC[$key]="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
  # CPU used by OTHER processes during the step, in average busy cores: machine-wide busy time
  # (/proc/stat) minus the step's own user+sys time.
  OTHER[$key]="$(awk -v b="$((b1 - b0))" -v hz="$CLK_TCK" -v u="${fields[2]}" -v s="${fields[3]}" -v t0="$t0" -v t1="$t1" \
    'BEGIN { o = b / hz - u - s; if (o < 0) o = 0; printf "%.2f", o / ((t1 - t0) / 1e9) }')"
  # noisy: > 0.25 cores on average AND > 0.1 CPU-seconds in all (short steps sit at the 10 ms tick resolution)
  if awk -v o="${OTHER[$key]}" -v t0="$t0" -v t1="$t1" 'BEGIN { exit !(o > 0.25 && o * (t1 - t0) / 1e9 > 0.1) }'; then
    NOISY+=("$key")
  fi
  LABEL[$key]="$label"
  ORDER+=("$key")
  echo "${SEC[$key]} s" >&2
}

IN_NAME=input.bin
IN="$W/docs/$IN_NAME"
echo "package-bench: $(date -u '+%Y-%m-%dT%H:%M:%SZ') size $SIZE_ARG = $SIZE bytes, work dir $W"
echo "  $OPENSSL_VERSION | $JAVA_VERSION | $(nproc) cores | git $GIT_HEAD (+$GIT_DIRTY modified tracked files)"
echo "  $BUILD_NOTE"
echo "  load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  MLAGW_JAVA_OPTS used: $JAVA_OPTS  (CLI run from a snapshot of target/ in $W/cli)"
echo "  input: random bytes (AES-256-CTR keystream with a random key), page cache warmed once with cat > /dev/null"
echo "         (page caches cannot be dropped without root: every step starts from a warm cache)"

head -c "$SIZE" /dev/zero \
  | openssl enc -aes-256-ctr -K "$(openssl rand -hex 32)" -iv "$(openssl rand -hex 16)" > "$IN"
[ "$(stat -c %s "$IN")" = "$SIZE" ] || die "input file has the wrong size"
cat "$IN" > /dev/null

echo "  running steps (progress on stderr) ..."
# a
run_step sha256 "a openssl dgst -sha256" openssl dgst -sha256 "$IN"
# b
KEY_HEX="$(openssl rand -hex 32)"; IV_HEX="$(openssl rand -hex 16)"
run_step aes_ctr "b openssl enc -aes-256-ctr (> /dev/null)" \
  openssl enc -aes-256-ctr -K "$KEY_HEX" -iv "$(openssl rand -hex 16)" -in "$IN" -out /dev/null
ENC_GCM_RC=0
openssl enc -aes-256-gcm -K "$KEY_HEX" -iv "${IV_HEX:0:24}" -in /dev/null -out /dev/null \
  2>"$W/logs/enc-gcm-probe.err" || ENC_GCM_RC=$?
if (( ENC_GCM_RC != 0 )) && grep -q "AEAD ciphers not supported" "$W/logs/enc-gcm-probe.err"; then
  GCM_NOTE="openssl enc -aes-256-gcm refused (\"AEAD ciphers not supported\"): the GCM reference is openssl cms -encrypt -aes-256-gcm"
  run_step aes_gcm "b openssl cms -encrypt -aes-256-gcm" \
    openssl cms -encrypt -binary -aes-256-gcm -recip "$ENC_CERT" "${OAEP[@]}" -outform DER -in "$IN" -out "$W/x.p7m"
elif (( ENC_GCM_RC == 0 )); then
  GCM_NOTE="openssl enc -aes-256-gcm works in this OpenSSL: timed too; the decrypt reference still uses openssl cms -encrypt -aes-256-gcm"
  run_step aes_gcm_enc "b openssl enc -aes-256-gcm (> /dev/null)" \
    openssl enc -aes-256-gcm -K "$KEY_HEX" -iv "${IV_HEX:0:24}" -in "$IN" -out /dev/null
  run_step aes_gcm "b openssl cms -encrypt -aes-256-gcm" \
    openssl cms -encrypt -binary -aes-256-gcm -recip "$ENC_CERT" "${OAEP[@]}" -outform DER -in "$IN" -out "$W/x.p7m"
else
  cat "$W/logs/enc-gcm-probe.err" >&2
  die "openssl enc -aes-256-gcm failed in an unexpected way (exit $ENC_GCM_RC)"
fi
# c
export IN SEAL_CERT SEAL_KEY ENC_CERT W
run_step ossl_seal "c openssl cms -sign | cms -encrypt (gcm)" bash -c '
  set -euo pipefail
  openssl cms -sign -nodetach -binary -in "$IN" -signer "$SEAL_CERT" -inkey "$SEAL_KEY" -outform DER \
  | openssl cms -encrypt -binary -aes-256-gcm -recip "$ENC_CERT" \
      -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256 -keyopt rsa_mgf1_md:sha256 \
      -outform DER -out "$W/ref.p7m"'
[ "${KEEP:-0}" = 1 ] || rm -f "$W/ref.p7m"
# d
# like ours, the reference writes what it decrypts to a file on the same disk
run_step ossl_open "d openssl cms -decrypt (> file)" \
  openssl cms -decrypt -binary -inform DER -in "$W/x.p7m" -recip "$ENC_CERT" -inkey "$ENC_KEY" -out "$W/ossl-opened.bin"
rm -f "$W/ossl-opened.bin"
run_step ossl_open_null "d openssl cms -decrypt (> /dev/null)" \
  openssl cms -decrypt -binary -inform DER -in "$W/x.p7m" -recip "$ENC_CERT" -inkey "$ENC_KEY" -out /dev/null
[ "${KEEP:-0}" = 1 ] || rm -f "$W/x.p7m"
# ours
run_step jvm_start "- mlagw --version (JVM start-up)" "${JAVA_CMD[@]}" --version
run_step seal "e mlagw package seal" "${JAVA_CMD[@]}" package seal --config "$ROOT/config" \
  --from "$W/docs" --sender "$SENDER" --to "$RECIPIENT" --out "$W/ours.p7m"
run_step open "f mlagw package open" "${JAVA_CMD[@]}" package open "$W/ours.p7m" --config "$ROOT/config" \
  --as "$RECIPIENT" --out "$W/opened"
if ! cmp "$IN" "$W/opened/documents/$IN_NAME"; then
  die "ROUND TRIP FAILED: $W/opened/documents/$IN_NAME differs from the input"
fi
CMP_NOTE="cmp: opened/documents/$IN_NAME is byte-identical to the input"
OURS_P7M_BYTES="$(stat -c %s "$W/ours.p7m")"
[ "${KEEP:-0}" = 1 ] || rm -rf "$W/ours.p7m" "$W/opened"
# A running gateway node opens packages in a warm JVM: seal + open the same file 3 times in one JVM.
echo "  warm JVM: 3 rounds of seal + open in one JVM (bench/WarmPackageBench.java) ..." >&2
java $JAVA_OPTS -cp "$W/cli/classes:$W/cli/lib/*" "$ROOT/bench/WarmPackageBench.java" "$IN" "$W" 3 \
  > "$W/logs/warm.out" 2> "$W/logs/warm.err" || die "warm JVM rounds failed; see $W/logs/warm.err"
WARM_SEAL="$(awk '/^round/ { s = $4 } END { print s }' "$W/logs/warm.out")"
WARM_OPEN="$(awk '/^round/ { o = $7 } END { print o }' "$W/logs/warm.out")"

# ---------------------------------------------------------------- report
mbps() { awk -v n="$SIZE" -v s="${SEC[$1]}" 'BEGIN { if (s > 0) printf "%.1f", n / 1e6 / s; else print "inf" }'; }
mib() { awk -v k="${RSS[$1]}" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "inf" }'; }

echo
printf '%-44s %9s %9s %13s %9s %12s\n' "step (same ${SIZE_ARG} file)" "seconds" "MB/s" "peak RSS MiB" "CPU s" "other cores"
printf '%-44s %9s %9s %13s %9s %12s\n' "--------------------------------------------" "---------" "---------" "-------------" "---------" "------------"
for k in "${ORDER[@]}"; do
  if [ "$k" = jvm_start ]; then mb="-"; else mb="$(mbps "$k")"; fi
  printf '%-44s %9s %9s %13s %9s %12s\n' "${LABEL[$k]}" "${SEC[$k]}" "$mb" "$(mib "$k")" "${CPU[$k]}" "${OTHER[$k]}"
done

# throughput ratios on the same size are inverse time ratios
R_SEAL="$(ratio "${SEC[ossl_seal]}" "${SEC[seal]}")"
R_OPEN="$(ratio "${SEC[ossl_open]}" "${SEC[open]}")"
R_RSS="$(ratio "${RSS[open]}" "${RSS[ossl_open]}")"
R_SEAL_SHA="$(ratio "${SEC[sha256]}" "${SEC[seal]}")"
R_SEAL_CTR="$(ratio "${SEC[aes_ctr]}" "${SEC[seal]}")"
R_OPEN_SHA="$(ratio "${SEC[sha256]}" "${SEC[open]}")"
R_OPEN_CTR="$(ratio "${SEC[aes_ctr]}" "${SEC[open]}")"
R_OPEN_NULL="$(ratio "${SEC[ossl_open_null]}" "${SEC[open]}")"
R_OPEN_WARM="$(ratio "$WARM_OPEN" "$(mbps ossl_open)")"
R_SEAL_WARM="$(ratio "$WARM_SEAL" "$(mbps ossl_seal)")"
verdict() { awk -v r="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=") ? (r >= t) : (r <= t); print ok ? "PASS" : "MISS" }'; }
V_SEAL="$(verdict "$R_SEAL" '>=' 1.5)"
V_OPEN="$(verdict "$R_OPEN" '>=' 3)"
V_RSS="$(verdict "$R_RSS" '<=' 0.10)"

echo
echo "targets"
printf '  %-62s %7s  %-7s %s\n' "seal MB/s / openssl sign|encrypt pipeline MB/s" "$R_SEAL" ">= 1.5" "$V_SEAL"
printf '  %-62s %7s  %-7s %s\n' "open MB/s / openssl cms -decrypt (> file) MB/s" "$R_OPEN" ">= 3" "$V_OPEN"
printf '  %-62s %7s  %-7s %s\n' "open peak RSS / openssl cms -decrypt peak RSS" "$R_RSS" "<= 0.10" "$V_RSS"
echo "context"
printf '  %-62s %7s\n' "open MB/s / openssl cms -decrypt (> /dev/null) MB/s" "$R_OPEN_NULL"
printf '  %-62s %7s   (%s MB/s)\n' "warm JVM (running gateway), round 3: open / openssl decrypt" "$R_OPEN_WARM" "$WARM_OPEN"
printf '  %-62s %7s   (%s MB/s)\n' "warm JVM (running gateway), round 3: seal / openssl pipeline" "$R_SEAL_WARM" "$WARM_SEAL"
printf '  %-62s %7s\n' "seal MB/s / openssl dgst -sha256 MB/s" "$R_SEAL_SHA"
printf '  %-62s %7s\n' "seal MB/s / openssl enc -aes-256-ctr MB/s" "$R_SEAL_CTR"
printf '  %-62s %7s\n' "open MB/s / openssl dgst -sha256 MB/s" "$R_OPEN_SHA"
printf '  %-62s %7s\n' "open MB/s / openssl enc -aes-256-ctr MB/s" "$R_OPEN_CTR"
echo
echo "notes"
echo "  - $GCM_NOTE"
echo "  - $CMP_NOTE; our package is $OURS_P7M_BYTES bytes"
echo "  - mlagw times include JVM start-up and JIT compilation (see the --version row and the warm-JVM rounds); mlagw open and the first openssl d write the document to a file"
echo "  - CPU s = user+sys seconds of the step (all its threads and children); more than 'seconds' means it used > 1 core"
echo "  - other cores = average CPU cores used by OTHER processes during the step (/proc/stat busy time minus the step's user+sys)"
echo "  - peak RSS = GNU time %M: max over the process and each waited-for child, not a sum (c: largest of its processes)"
if (( ${#NOISY[@]} > 0 )); then
  echo "  - WARNING: other processes used > 0.25 of the $(nproc) cores during: ${NOISY[*]} (see 'other cores'); those timings are noisy"
fi
echo "  - mlagw said:"
sed 's/^/      /' "$W/logs/seal.out" "$W/logs/open.out"

# ---------------------------------------------------------------- JSON
json_str() { local s="$1"; s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"; }
{
  printf '{\n'
  printf '  "timestamp": %s,\n' "$(json_str "$(date -u '+%Y-%m-%dT%H:%M:%SZ')")"
  printf '  "size_arg": %s,\n  "size_bytes": %s,\n' "$(json_str "$SIZE_ARG")" "$SIZE"
  printf '  "workdir": %s,\n' "$(json_str "$W")"
  printf '  "openssl_version": %s,\n  "java_version": %s,\n' "$(json_str "$OPENSSL_VERSION")" "$(json_str "$JAVA_VERSION")"
  printf '  "cores": %s,\n' "$(nproc)"
  printf '  "git_head": %s,\n  "git_modified_tracked_files": %s,\n' "$(json_str "$GIT_HEAD")" "$GIT_DIRTY"
  printf '  "build_note": %s,\n' "$(json_str "$BUILD_NOTE")"
  printf '  "mlagw_java_opts": %s,\n' "$(json_str "$JAVA_OPTS")"
  printf '  "page_cache": "warm (input read once before the first step; caches not dropped)",\n'
  printf '  "peak_rss_definition": "GNU time %%M: max RSS of the process or any one waited-for descendant, not a sum",\n'
  printf '  "steps": {\n'
  n=${#ORDER[@]}; i=0
  for k in "${ORDER[@]}"; do
    i=$((i + 1))
    if [ "$k" = jvm_start ]; then mb=null; else mb="$(mbps "$k")"; fi
    printf '    "%s": {"label": %s, "seconds": %s, "time_e_seconds": %s, "mb_per_s": %s, "peak_rss_kib": %s, "peak_rss_mib": %s, "cpu_seconds": %s, "other_processes_cores": %s}%s\n' \
      "$k" "$(json_str "${LABEL[$k]}")" "${SEC[$k]}" "${TE[$k]}" "$mb" "${RSS[$k]}" "$(mib "$k")" "${CPU[$k]}" "${OTHER[$k]}" "$([ $i -lt $n ] && echo ,)"
  done
  printf '  },\n'
  printf '  "targets": {\n'
  printf '    "seal_vs_openssl_pipeline_throughput": {"ratio": %s, "target": ">= 1.5", "result": "%s"},\n' "$R_SEAL" "$V_SEAL"
  printf '    "open_vs_openssl_decrypt_throughput": {"ratio": %s, "target": ">= 3", "result": "%s"},\n' "$R_OPEN" "$V_OPEN"
  printf '    "open_vs_openssl_decrypt_peak_rss": {"ratio": %s, "target": "<= 0.10", "result": "%s"}\n' "$R_RSS" "$V_RSS"
  printf '  },\n'
  printf '  "context": {"seal_vs_sha256": %s, "seal_vs_aes256ctr": %s, "open_vs_sha256": %s, "open_vs_aes256ctr": %s, "open_vs_openssl_decrypt_to_dev_null": %s, "warm_jvm_open_mb_per_s": %s, "warm_jvm_seal_mb_per_s": %s, "warm_open_vs_openssl_decrypt": %s, "warm_seal_vs_openssl_pipeline": %s},\n' \
    "$R_SEAL_SHA" "$R_SEAL_CTR" "$R_OPEN_SHA" "$R_OPEN_CTR" "$R_OPEN_NULL" "$WARM_OPEN" "$WARM_SEAL" "$R_OPEN_WARM" "$R_SEAL_WARM"
  printf '  "gcm_note": %s,\n' "$(json_str "$GCM_NOTE")"
  printf '  "noisy_steps": [%s],\n' "$( ((${#NOISY[@]})) && printf '"%s"\n' "${NOISY[@]}" | paste -sd, - )"
  printf '  "roundtrip_identical": true,\n'
  printf '  "ours_p7m_bytes": %s\n' "$OURS_P7M_BYTES"
  printf '}\n'
} > "$W/results.json"
if command -v jq >/dev/null; then jq -e . "$W/results.json" >/dev/null || die "results.json is not valid JSON"; fi
echo
echo "results: $W/results.json"
