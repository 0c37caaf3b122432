#!/usr/bin/env bash
# package-bench.sh — `mlagw package seal/open` side by side with OpenSSL 3's fastest CMS pipeline, on one
# random file, each side run RUNS times alternating; medians printed.
#
# Usage:
#   bench/package-bench.sh [SIZE] [WORKDIR]
#     SIZE      input size: bytes, or a number with k/m/g (binary: 256m = 256 MiB). Default 256m;
#               1g is the opt-in large run (needs ~5 GB of free disk and ~3 GB of RAM for OpenSSL's open).
#     WORKDIR   where to put the files; must be empty or absent. Default: a fresh `mktemp -d` under
#               ${TMPDIR:-/tmp}.
#   Environment:
#     RUNS=3             rounds; each round runs every step once, the two sides alternating (odd rounds
#                        OpenSSL first, even rounds mlagw first). Medians over the rounds are reported.
#     KEEP=1             keep every file of the run. Without it only WORKDIR/results.json and WORKDIR/logs/
#                        stay. The private keys extracted for OpenSSL (WORKDIR/keys) are always deleted.
#     MLAGW_JAVA_OPTS    JVM options for the CLI (default, as ./mlagw: -Xmx128m -XX:+UseSerialGC).
#     MLAGW_KEYSTORE_PASSWORD  as for the CLI; otherwise certs-sample/keystore-password.txt is used.
#
# Examples:
#   bench/package-bench.sh              # 256 MiB, 3 rounds
#   bench/package-bench.sh 1g           # the opt-in 1 GiB run
#   RUNS=5 KEEP=1 bench/package-bench.sh 64m /tmp/b1
#
# The references do the same work as ours (shipped certs-sample/ PKI, sender AL-PG-TIRANA with an RSA-3072
# seal key, recipient RS-HC-BELGRADE with an RSA-3072 encryption key):
#   seal  = sign (SHA-256, RSA PKCS#1 v1.5, the signer's issuing CA included), THEN encrypt (AES-256-GCM,
#           key transported with RSA-OAEP SHA-256/MGF1-SHA-256), streaming, the fastest OpenSSL invocation:
#             openssl cms -sign -binary -stream -nodetach -md sha256 -in IN -signer seal.pem -inkey seal.key
#                 -certfile issuing-ca.pem -outform DER
#             | openssl cms -encrypt -binary -stream -aes-256-gcm -recip enc.pem -keyopt rsa_padding_mode:oaep
#                 -keyopt rsa_oaep_md:sha256 -keyopt rsa_mgf1_md:sha256 -outform DER -out ref.p7m
#           (ours signs a manifest carrying the document's SHA-256, OpenSSL signs the content itself: one
#           SHA-256 and one AES-256-GCM pass over the document either way. Ours also writes a ZIP with a
#           CRC-32 pre-pass and forces the package to disk before renaming it.)
#   open  = decrypt, THEN verify the signature against the root CA (ours also checks the chain, the CRLs,
#           the manifest digests and writes a verification report):
#             openssl cms -decrypt -binary -inform DER -in ref.p7m -recip enc.pem -inkey enc.key
#             | openssl cms -verify -binary -inform DER -CAfile root-ca.pem -purpose any -out opened.bin
#           and, as the issue names it, `openssl cms -decrypt` alone (to a file) for context.
#   context, once: openssl dgst -sha256 and openssl enc -aes-256-ctr over the same file.
#   warm JVM: bench/WarmPackageBench.java seals + opens the same file 3 times in ONE JVM (a running node).
# Every step runs under /usr/bin/time -f '%e %M %U %S': wall seconds (from a nanosecond clock around the
# same command), CPU seconds = user+sys of the step and all its waited-for children, peak RSS = GNU time %M
# (max over the process and each ONE waited-for descendant, NOT a sum: for a pipeline, its largest process).
# "other cores" = average CPU cores used by OTHER processes during the step (/proc/stat busy time minus the
# step's own); steps above 0.25 cores are flagged as noisy (a neighbour slows the 2-core machine).
# The input is read once (cat > /dev/null) before the first step: page caches cannot be dropped without root.
#
# The CLI is run as ./mlagw runs it (java $MLAGW_JAVA_OPTS -cp classes:lib/* eu.mlagw.cli.Mlagw) from a
# snapshot of target/classes and target/lib copied into WORKDIR/cli (under a shared lock on
# target/.build.lock when it exists), WITHOUT the launcher's rebuild step: this script never builds.
#
# Output: the exact commands, a table of medians (seconds, MB/s = bytes/1e6/seconds, CPU s, peak RSS MiB,
# other cores) and every round's seconds, the target ratios with PASS/MISS (throughput ratios on the same
# file = inverse ratios of the seconds) and WORKDIR/results.json with the same figures.
# Exit status: 0 when every step ran and both round trips are byte-identical (even if targets are missed:
# this is a report); non-zero when a step fails, a cmp fails or a precondition is not met.
set -euo pipefail

die() { echo "package-bench: ERROR: $*" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CALLER_DIR="$PWD"   # a relative WORKDIR is relative to where the script was started
cd "$ROOT"

# ---------------------------------------------------------------- arguments
SIZE_ARG="${1:-256m}"
RUNS="${RUNS:-3}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "package-bench: ERROR: RUNS must be a positive integer" >&2; exit 2; }
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
  [[ "$W" == /* ]] || W="$CALLER_DIR/$W"
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

NEED_KIB=$(( (5 * SIZE + 1024 * 1024 * 1024) / 1024 ))
FREE_KIB="$(df -Pk "$W" | awk 'NR == 2 { print $4 }')"
if (( FREE_KIB < NEED_KIB )); then
  [ "$CREATED_WORKDIR" = 1 ] && rmdir "$W" 2>/dev/null || true
  die "not enough free disk space in $W: $((FREE_KIB / 1024)) MiB free, need 5 x size + 1 GiB = $((NEED_KIB / 1024)) MiB"
fi

# ---------------------------------------------------------------- cleanup
cleanup() {
  local rc=$?
  rm -rf "$W/keys"                       # extracted private keys (demo PKI, but still keys)
  if [ "${KEEP:-0}" = 1 ]; then
    echo "KEEP=1: kept every file in $W"
  else
    rm -rf "$W/docs" "$W/opened" "$W/cli" "$W"/*.p7m "$W"/*.bin
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
CA_DIR="$ROOT/certs-sample/ca"
[ -f "$CA_DIR/root-ca.pem" ] && [ -f "$CA_DIR/issuing-ca.pem" ] || die "certs-sample/ca/root-ca.pem or issuing-ca.pem is missing"

# ---------------------------------------------------------------- build state (read-only checks)
GIT_HEAD="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
GIT_DIRTY="$( (GIT_OPTIONAL_LOCKS=0 git status --porcelain --untracked-files=no 2>/dev/null || true) | wc -l | tr -d ' ')"
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
NOISY=()   # step runs during which other processes used > 0.25 cores on average (and > 0.1 CPU-seconds)
CLK_TCK="$(getconf CLK_TCK)"
cpu_busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
# run_step KEY ROUND LABEL COMMAND...   (stdout/stderr of the command go to logs/KEY.ROUND.out / .err)
run_step() {
  local key="$1" round="$2" label="$3"; shift 3
  local id="$key.$round" t0 t1 b0 b1 rc=0 line fields
  printf '  round %s: %-40s ... ' "$round" "$label" >&2
  b0=$(cpu_busy_ticks)
  t0=$(date +%s%N)
  /usr/bin/time -o "$W/logs/$id.time" -f '%e %M %U %S' "$@" >"$W/logs/$id.out" 2>"$W/logs/$id.err" || rc=$?
  t1=$(date +%s%N)
  b1=$(cpu_busy_ticks)
  if (( rc != 0 )); then
    echo "FAILED (exit $rc)" >&2
    tail -20 "$W/logs/$id.err" >&2
    die "step '$label' failed (exit $rc); logs in $W/logs/$id.*"
  fi
  line="$(tail -1 "$W/logs/$id.time")"
  read -r -a fields <<<"$line"
  TE[$id]="${fields[0]}"
  RSS[$id]="${fields[1]}"
  CPU[$id]="$(awk -v u="${fields[2]}" -v s="${fields[3]}" 'BEGIN { printf "%.2f", u + s }')"
  SEC[$id]="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
  OTHER[$id]="$(awk -v b="$((b1 - b0))" -v hz="$CLK_TCK" -v u="${fields[2]}" -v s="${fields[3]}" -v t0="$t0" -v t1="$t1" \
    'BEGIN { o = b / hz - u - s; if (o < 0) o = 0; printf "%.2f", o / ((t1 - t0) / 1e9) }')"
  if awk -v o="${OTHER[$id]}" -v t0="$t0" -v t1="$t1" 'BEGIN { exit !(o > 0.25 && o * (t1 - t0) / 1e9 > 0.1) }'; then
    NOISY+=("$id")
  fi
  LABEL[$key]="$label"
  echo "${SEC[$id]} s" >&2
}
# median KEY ARRAY-NAME: the median over the rounds of ARRAY[KEY.r] (the mean of the middle two for even RUNS)
median() {
  local key="$1" r vals=()
  local -n arr="$2"
  for ((r = 1; r <= ${ROUNDS_OF[$key]}; r++)); do vals+=("${arr[$key.$r]}"); done
  printf '%s\n' "${vals[@]}" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
declare -A ROUNDS_OF

IN_NAME=input.bin
IN="$W/docs/$IN_NAME"
echo "package-bench: $(date -u '+%Y-%m-%dT%H:%M:%SZ') size $SIZE_ARG = $SIZE bytes, $RUNS rounds, work dir $W"
echo "  $OPENSSL_VERSION | $JAVA_VERSION | $(nproc) cores | git $GIT_HEAD (+$GIT_DIRTY modified tracked files)"
echo "  $BUILD_NOTE"
echo "  load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  MLAGW_JAVA_OPTS used: $JAVA_OPTS  (CLI run from a snapshot of target/ in $W/cli)"
echo "  input: random bytes (AES-256-CTR keystream with a random key), page cache warmed once with cat > /dev/null"

head -c "$SIZE" /dev/zero \
  | openssl enc -aes-256-ctr -K "$(openssl rand -hex 32)" -iv "$(openssl rand -hex 16)" > "$IN"
[ "$(stat -c %s "$IN")" = "$SIZE" ] || die "input file has the wrong size"
cat "$IN" > /dev/null

# The exact command lines (paths relative to WORKDIR; keys/ holds the extracted private keys).
OSSL_SEAL_CMD='openssl cms -sign -binary -stream -nodetach -md sha256 -in "$IN" -signer "$SEAL_CERT" -inkey "$SEAL_KEY" -certfile "$CA_DIR/issuing-ca.pem" -outform DER | openssl cms -encrypt -binary -stream -aes-256-gcm -recip "$ENC_CERT" -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256 -keyopt rsa_mgf1_md:sha256 -outform DER -out "$W/ref.p7m"'
OSSL_OPEN_CMD='openssl cms -decrypt -binary -inform DER -in "$W/ref.p7m" -recip "$ENC_CERT" -inkey "$ENC_KEY" | openssl cms -verify -binary -inform DER -CAfile "$CA_DIR/root-ca.pem" -purpose any -out "$W/ref-opened.bin"'
OSSL_DECRYPT_CMD='openssl cms -decrypt -binary -inform DER -in "$W/ref.p7m" -recip "$ENC_CERT" -inkey "$ENC_KEY" -out "$W/ref-decrypted.bin"'
export IN SEAL_CERT SEAL_KEY ENC_CERT ENC_KEY CA_DIR W
echo "  commands (IN=$IN):"
echo "    seal reference:   $OSSL_SEAL_CMD"
echo "    open reference:   $OSSL_OPEN_CMD"
echo "    decrypt only:     $OSSL_DECRYPT_CMD"
echo "    mlagw seal:       ${JAVA_CMD[*]} package seal --config config --from docs --sender $SENDER --to $RECIPIENT --out ours.p7m"
echo "    mlagw open:       ${JAVA_CMD[*]} package open ours.p7m --config config --as $RECIPIENT --out opened"

echo "  running steps (progress on stderr) ..."
ROUNDS_OF[sha256]=1; ROUNDS_OF[aes_ctr]=1
run_step sha256 1 "openssl dgst -sha256" openssl dgst -sha256 "$IN"
run_step aes_ctr 1 "openssl enc -aes-256-ctr (> /dev/null)" \
  openssl enc -aes-256-ctr -K "$(openssl rand -hex 32)" -iv "$(openssl rand -hex 16)" -in "$IN" -out /dev/null
ossl_seal() { run_step ossl_seal "$1" "openssl sign | encrypt (-stream)" bash -c "set -euo pipefail; $OSSL_SEAL_CMD"; }
ours_seal() {
  rm -f "$W/ours.p7m"
  run_step seal "$1" "mlagw package seal" "${JAVA_CMD[@]}" package seal --config "$ROOT/config" \
    --from "$W/docs" --sender "$SENDER" --to "$RECIPIENT" --out "$W/ours.p7m"
}
ossl_open() {
  rm -f "$W/ref-opened.bin"
  run_step ossl_open "$1" "openssl decrypt | verify" bash -c "set -euo pipefail; $OSSL_OPEN_CMD"
  cmp "$IN" "$W/ref-opened.bin" || die "OpenSSL's round trip differs from the input"
  rm -f "$W/ref-opened.bin" "$W/ref-decrypted.bin"
  run_step ossl_decrypt "$1" "openssl cms -decrypt alone" bash -c "set -euo pipefail; $OSSL_DECRYPT_CMD"
  rm -f "$W/ref-decrypted.bin"
}
ours_open() {
  rm -rf "$W/opened"
  run_step open "$1" "mlagw package open" "${JAVA_CMD[@]}" package open "$W/ours.p7m" --config "$ROOT/config" \
    --as "$RECIPIENT" --out "$W/opened"
  cmp "$IN" "$W/opened/documents/$IN_NAME" || die "ROUND TRIP FAILED: $W/opened/documents/$IN_NAME differs from the input"
  rm -rf "$W/opened"
}
for ((r = 1; r <= RUNS; r++)); do
  if (( r % 2 )); then ossl_seal "$r"; ours_seal "$r"; ossl_open "$r"; ours_open "$r"
  else ours_seal "$r"; ossl_seal "$r"; ours_open "$r"; ossl_open "$r"; fi
done
for k in ossl_seal seal ossl_open ossl_decrypt open; do ROUNDS_OF[$k]=$RUNS; done
OURS_P7M_BYTES="$(stat -c %s "$W/ours.p7m")"
REF_P7M_BYTES="$(stat -c %s "$W/ref.p7m")"
[ "${KEEP:-0}" = 1 ] || rm -f "$W/ref.p7m" "$W/ours.p7m"
# A running gateway node seals and opens in a warm JVM: seal + open the same file 3 times in one JVM.
echo "  warm JVM: 3 rounds of seal + open in one JVM (bench/WarmPackageBench.java) ..." >&2
java $JAVA_OPTS -cp "$W/cli/classes:$W/cli/lib/*" "$ROOT/bench/WarmPackageBench.java" "$IN" "$W" 3 \
  > "$W/logs/warm.out" 2> "$W/logs/warm.err" || die "warm JVM rounds failed; see $W/logs/warm.err"
WARM_SEAL="$(awk '/^round/ { s = $4 } END { print s }' "$W/logs/warm.out")"
WARM_OPEN="$(awk '/^round/ { o = $7 } END { print o }' "$W/logs/warm.out")"

# ---------------------------------------------------------------- report
declare -A M_SEC M_CPU M_RSS M_OTHER
STEPS=(sha256 aes_ctr ossl_seal seal ossl_open ossl_decrypt open)
for k in "${STEPS[@]}"; do
  M_SEC[$k]="$(median "$k" SEC)"; M_CPU[$k]="$(median "$k" CPU)"; M_RSS[$k]="$(median "$k" RSS)"; M_OTHER[$k]="$(median "$k" OTHER)"
done
mbps() { awk -v n="$SIZE" -v s="$1" 'BEGIN { if (s > 0) printf "%.1f", n / 1e6 / s; else print "inf" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "inf" }'; }
rounds_of() { local k="$1" r out=""; for ((r = 1; r <= ${ROUNDS_OF[$k]}; r++)); do out="$out${out:+ }${SEC[$k.$r]}"; done; echo "$out"; }

echo
printf '%-40s %8s %8s %8s %9s %7s  %s\n' "step (same ${SIZE_ARG} file), medians" "seconds" "MB/s" "CPU s" "RSS MiB" "other" "seconds of each round"
for k in "${STEPS[@]}"; do
  printf '%-40s %8s %8s %8s %9s %7s  %s\n' "${LABEL[$k]}" "${M_SEC[$k]}" "$(mbps "${M_SEC[$k]}")" "${M_CPU[$k]}" \
    "$(mib "${M_RSS[$k]}")" "${M_OTHER[$k]}" "$(rounds_of "$k")"
done

R_SEAL="$(ratio "${M_SEC[ossl_seal]}" "${M_SEC[seal]}")"
R_SEAL_CPU="$(ratio "${M_CPU[ossl_seal]}" "${M_CPU[seal]}")"
R_OPEN="$(ratio "${M_SEC[ossl_open]}" "${M_SEC[open]}")"
R_OPEN_DECRYPT="$(ratio "${M_SEC[ossl_decrypt]}" "${M_SEC[open]}")"
R_RSS="$(ratio "${M_RSS[open]}" "${M_RSS[ossl_open]}")"
R_SEAL_WARM="$(ratio "$WARM_SEAL" "$(mbps "${M_SEC[ossl_seal]}")")"
R_OPEN_WARM="$(ratio "$WARM_OPEN" "$(mbps "${M_SEC[ossl_open]}")")"
verdict() { awk -v r="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=") ? (r >= t) : (r <= t); print ok ? "PASS" : "MISS" }'; }
V_SEAL="$(verdict "$R_SEAL" '>=' 1.0)"
V_SEAL_WARM="$(verdict "$R_SEAL_WARM" '>=' 1.5)"
V_OPEN="$(verdict "$R_OPEN" '>=' 3)"
V_RSS="$(verdict "$R_RSS" '<=' 0.10)"

echo
echo "targets (ratios of medians; MB/s ours / MB/s OpenSSL)"
printf '  %-72s %7s  %-7s %s\n' "one-shot seal / openssl sign|encrypt -stream" "$R_SEAL" ">= 1.0" "$V_SEAL"
printf '  %-72s %7s  %-7s %s\n' "warm JVM seal (round 3, $WARM_SEAL MB/s) / openssl sign|encrypt -stream" "$R_SEAL_WARM" ">= 1.5" "$V_SEAL_WARM"
printf '  %-72s %7s  %-7s %s\n' "one-shot open / openssl decrypt|verify" "$R_OPEN" ">= 3" "$V_OPEN"
printf '  %-72s %7s  %-7s %s\n' "open peak RSS / openssl decrypt|verify peak RSS" "$R_RSS" "<= 0.10" "$V_RSS"
echo "context"
printf '  %-72s %7s\n' "seal CPU seconds: openssl / ours" "$R_SEAL_CPU"
printf '  %-72s %7s\n' "one-shot open / openssl cms -decrypt alone" "$R_OPEN_DECRYPT"
printf '  %-72s %7s\n' "warm JVM open (round 3, $WARM_OPEN MB/s) / openssl decrypt|verify" "$R_OPEN_WARM"
echo
echo "notes"
echo "  - our package is $OURS_P7M_BYTES bytes, OpenSSL's $REF_P7M_BYTES; both round trips byte-identical to the input"
echo "  - mlagw times are whole commands: JVM start, configuration, keys, JIT; ours forces the package to disk"
echo "  - CPU s = user+sys of the step (all threads and children); more than 'seconds' means > 1 core was used"
echo "  - RSS = GNU time %M, the largest single process of the step (a pipeline's processes are not summed)"
echo "  - other = average CPU cores used by OTHER processes during the step"
if (( ${#NOISY[@]} > 0 )); then
  echo "  - WARNING: other processes used > 0.25 of the $(nproc) cores during: ${NOISY[*]}; those timings are noisy"
fi
echo "  - warm JVM rounds:"; sed 's/^/      /' "$W/logs/warm.out"

# ---------------------------------------------------------------- JSON
json_str() { local s="$1"; s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"; }
{
  printf '{\n'
  printf '  "timestamp": %s,\n' "$(json_str "$(date -u '+%Y-%m-%dT%H:%M:%SZ')")"
  printf '  "size_arg": %s,\n  "size_bytes": %s,\n  "rounds": %s,\n' "$(json_str "$SIZE_ARG")" "$SIZE" "$RUNS"
  printf '  "openssl_version": %s,\n  "java_version": %s,\n' "$(json_str "$OPENSSL_VERSION")" "$(json_str "$JAVA_VERSION")"
  printf '  "cores": %s,\n' "$(nproc)"
  printf '  "git_head": %s,\n  "git_modified_tracked_files": %s,\n' "$(json_str "$GIT_HEAD")" "$GIT_DIRTY"
  printf '  "build_note": %s,\n' "$(json_str "$BUILD_NOTE")"
  printf '  "mlagw_java_opts": %s,\n' "$(json_str "$JAVA_OPTS")"
  printf '  "commands": {"openssl_seal": %s, "openssl_open": %s, "openssl_decrypt": %s},\n' \
    "$(json_str "$OSSL_SEAL_CMD")" "$(json_str "$OSSL_OPEN_CMD")" "$(json_str "$OSSL_DECRYPT_CMD")"
  printf '  "medians": {\n'
  n=${#STEPS[@]}; i=0
  for k in "${STEPS[@]}"; do
    i=$((i + 1))
    printf '    "%s": {"label": %s, "seconds": %s, "mb_per_s": %s, "cpu_seconds": %s, "peak_rss_mib": %s, "other_processes_cores": %s, "seconds_per_round": [%s]}%s\n' \
      "$k" "$(json_str "${LABEL[$k]}")" "${M_SEC[$k]}" "$(mbps "${M_SEC[$k]}")" "${M_CPU[$k]}" "$(mib "${M_RSS[$k]}")" \
      "${M_OTHER[$k]}" "$(rounds_of "$k" | tr ' ' ',')" "$([ $i -lt $n ] && echo ,)"
  done
  printf '  },\n'
  printf '  "warm_jvm_mb_per_s": {"seal": %s, "open": %s},\n' "$WARM_SEAL" "$WARM_OPEN"
  printf '  "targets": {\n'
  printf '    "seal_one_shot_vs_openssl": {"ratio": %s, "target": ">= 1.0", "result": "%s"},\n' "$R_SEAL" "$V_SEAL"
  printf '    "seal_warm_vs_openssl": {"ratio": %s, "target": ">= 1.5", "result": "%s"},\n' "$R_SEAL_WARM" "$V_SEAL_WARM"
  printf '    "open_one_shot_vs_openssl": {"ratio": %s, "target": ">= 3", "result": "%s"},\n' "$R_OPEN" "$V_OPEN"
  printf '    "open_peak_rss_vs_openssl": {"ratio": %s, "target": "<= 0.10", "result": "%s"}\n' "$R_RSS" "$V_RSS"
  printf '  },\n'
  printf '  "context": {"seal_cpu_openssl_vs_ours": %s, "open_vs_openssl_decrypt_alone": %s, "warm_open_vs_openssl": %s},\n' \
    "$R_SEAL_CPU" "$R_OPEN_DECRYPT" "$R_OPEN_WARM"
  printf '  "noisy_steps": [%s],\n' "$( ((${#NOISY[@]})) && printf '"%s"\n' "${NOISY[@]}" | paste -sd, - )"
  printf '  "roundtrips_identical": true,\n'
  printf '  "ours_p7m_bytes": %s,\n  "openssl_p7m_bytes": %s\n' "$OURS_P7M_BYTES" "$REF_P7M_BYTES"
  printf '}\n'
} > "$W/results.json"
if command -v jq >/dev/null; then jq -e . "$W/results.json" >/dev/null || die "results.json is not valid JSON"; fi
echo
echo "results: $W/results.json"
