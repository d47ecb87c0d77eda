#!/usr/bin/env bash
# Times rmfdiff against its parse floor and against other diff tools on real NIST catalogs,
# and writes the figures to bench/RESULTS.md. See bench/README.md.
#
# Environment: RUNS (default 10) timed runs per row; PAIRED_RUNS (default 30) pairs per
# round timed against git, PAIRED_ROUNDS (default 5) rounds of each; CAP (default 120)
# seconds a peer may take per run; SCALES (default "1 4 16") sizes of the scaling run;
# CARGO_TARGET_DIR.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
TOOLS=$TARGET/bench-tools # difftastic, installed with cargo install --root
VENV=$ROOT/bench/.venv    # xmldiff
WORK=$TARGET/bench        # synthetic inputs, hyperfine exports, the rows measured
RUNS=${RUNS:-10}
CAP=${CAP:-120}
SCALES=${SCALES:-1 4 16}
# A peer whose probe run takes longer than this many seconds is timed over 3 runs, not RUNS.
SLOW=${SLOW:-15}

SRC=frameworks/sources
REV4=$SRC/NIST_SP-800-53_rev4_HIGH-baseline-resolved-profile_catalog.xml
REV5=$SRC/NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog.xml
REV4_FULL=$SRC/NIST_SP-800-53_rev4_catalog.xml

say() { printf '\n== %s\n' "$*" >&2; }

# --- tools ------------------------------------------------------------------------------
apt_install() { # apt_install COMMAND PACKAGE
    command -v "$1" >/dev/null && return
    say "installing $2 (apt)"
    apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}
apt_install hyperfine hyperfine
apt_install git git
apt_install diff diffutils
apt_install timeout coreutils
[ -x /usr/bin/time ] || { say "installing time (apt)"; apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }; }
if [ ! -x "$VENV/bin/xmldiff" ]; then
    say "installing xmldiff (pip, into $VENV)"
    python3 -m venv "$VENV" 2>/dev/null || { apt-get install -y -qq python3-venv >/dev/null && python3 -m venv "$VENV"; }
    "$VENV/bin/pip" install -q xmldiff
fi
if [ ! -x "$TOOLS/bin/difft" ]; then
    say "installing difftastic (cargo install, into $TOOLS; takes a few minutes once)"
    cargo install difftastic --locked --root "$TOOLS" --quiet
fi
DIFFT=$TOOLS/bin/difft
XMLDIFF=$VENV/bin/xmldiff

say "building rmfdiff (release)"
cargo build --release --locked --quiet --bin rmfdiff --example load_only
BIN=$TARGET/release/rmfdiff
LOAD=$TARGET/release/examples/load_only
mkdir -p "$WORK"

# --- the output does not depend on the number of threads ----------------------------------
say "checking that 1 and 2 threads give byte-identical JSON"
RAYON_NUM_THREADS=1 "$BIN" diff "$REV4" "$REV5" --format json -o "$WORK/threads-1.json"
RAYON_NUM_THREADS=2 "$BIN" diff "$REV4" "$REV5" --format json -o "$WORK/threads-2.json"
if ! cmp -s "$WORK/threads-1.json" "$WORK/threads-2.json"; then
    echo "error: rmfdiff's JSON differs between RAYON_NUM_THREADS=1 and 2 (see $WORK/threads-*.json)" >&2
    exit 1
fi

# --- measuring --------------------------------------------------------------------------
ROWS=$WORK/rows.tsv
: >"$ROWS"

# row GROUP NAME INPUT_BYTES CMD...: times CMD with hyperfine (warm-up, RUNS runs) and its
# peak memory with /usr/bin/time, and appends a line to $ROWS. A command that exceeds CAP
# seconds on a probe run is recorded as timed out and not repeated.
row() {
    local group=$1 name=$2 bytes=$3
    shift 3
    say "$name"
    local start end runs=$RUNS note=""
    start=$(date +%s.%N)
    if timeout "$CAP" "$@" >/dev/null 2>&1; then :; else
        local status=$?
        if [ "$status" -eq 124 ]; then
            printf '%s\t%s\t%s\t%s\t\t\t\t\t\ttimed out (> %s s)\n' "$group" "$name" "$bytes" "$*" "$CAP" >>"$ROWS"
            return
        fi
        # git diff and diff exit 1 when the files differ. A peer killed by the kernel (137:
        # out of memory) is recorded; any other failure stops the run.
        if [ "$status" -eq 137 ]; then
            printf '%s\t%s\t%s\t%s\t\t\t\t\t\tkilled (out of memory)\n' "$group" "$name" "$bytes" "$*" >>"$ROWS"
            return
        fi
        [ "$status" -eq 1 ] || { echo "error: $* failed with status $status" >&2; exit 1; }
    fi
    end=$(date +%s.%N)
    if awk -v s="$start" -v e="$end" -v slow="$SLOW" 'BEGIN { exit !(e - s > slow) }'; then
        runs=3
        note="slow: 3 runs"
    fi
    local json=$WORK/hyperfine-$(echo "$name" | tr -c 'A-Za-z0-9.\n' '-').json
    hyperfine --style none --shell none --ignore-failure --warmup 1 --runs "$runs" \
        --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null
    /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >/dev/null 2>&1 || true
    python3 - "$json" "$group" "$name" "$bytes" "$*" "$(tail -n 1 "$WORK/rss")" "$note" >>"$ROWS" <<'PY'
import json, statistics, sys
path, group, name, size, cmd, rss, note = sys.argv[1:]
r = json.load(open(path))["results"][0]
t = r["times"]
print("\t".join([group, name, size, cmd, str(len(t)), f"{min(t):.6f}", f"{statistics.median(t):.6f}",
                 f"{max(t):.6f}", rss, note]))
PY
}

size() { stat -c %s "$@" | awk '{ s += $1 } END { print s }'; }
shipped_size() { for name; do size "frameworks/$name.xml"; done | awk '{ s += $1 } END { print s }'; }

PAIR=$(size "$REV4" "$REV5")
row real "rmfdiff diff (full pipeline)" "$PAIR" "$BIN" diff "$REV4" "$REV5" --format json -o /dev/null
row real "parse floor (load both)" "$PAIR" "$LOAD" "$REV4" "$REV5"
row real "rmfdiff diff, 1 thread" "$PAIR" env RAYON_NUM_THREADS=1 "$BIN" diff "$REV4" "$REV5" --format json -o /dev/null
row real "rmfdiff diff, full Rev. 4 catalog → Rev. 5 HIGH" "$(size "$REV4_FULL" "$REV5")" "$BIN" diff "$REV4_FULL" "$REV5" --format json -o /dev/null

row peer "git diff --no-index --word-diff" "$PAIR" git diff --no-index --word-diff "$REV4" "$REV5"
row peer "diff -u" "$PAIR" diff -u "$REV4" "$REV5"
row peer "xmldiff" "$PAIR" "$XMLDIFF" "$REV4" "$REV5"
# difftastic falls back to a line diff for files over its byte limit (1 MB by default):
# timed as shipped, and with the limits raised so that it really compares the XML trees.
row peer "difft (default limits: line-diff fallback)" "$PAIR" "$DIFFT" --color never "$REV4" "$REV5"
row peer "difft (structural: limits raised)" "$PAIR" "$DIFFT" --color never --byte-limit 100000000 --graph-limit 1000000000 "$REV4" "$REV5"

pairs=("csf-1.1 csf-2.0" "ai-rmf-playbook ai-600-1" "ai-600-1 ai-600-1")
if "$BIN" list | grep -qx 'ai-rmf-1.0'; then
    pairs=("ai-rmf-1.0 ai-600-1" "ai-rmf-1.0 ai-rmf-playbook" "${pairs[@]}")
fi
for pair in "${pairs[@]}"; do
    read -r a b <<<"$pair"
    row ai "rmfdiff diff $a $b" "$(shipped_size "$a" "$b")" "$BIN" diff "$a" "$b" --format json -o /dev/null
done
row ai "rmfdiff scan ai-600-1" "$(shipped_size ai-600-1)" "$BIN" scan ai-600-1 --format json -o /dev/null
F=tests/fixtures/dei-reworded
row ai "rmfdiff diff (fixture dei-reworded)" "$(size $F/old.md $F/new.md)" "$BIN" diff $F/old.md $F/new.md --format json -o /dev/null

for k in $SCALES; do
    if [ ! -s "$WORK/new-$k.xml" ] || [ bench/synth.py -nt "$WORK/new-$k.xml" ]; then
        say "building the synthetic documents at ${k}×"
        python3 bench/synth.py "$REV5" "$k" "$WORK"
    fi
    bytes=$(size "$WORK/old-$k.xml" "$WORK/new-$k.xml")
    row scale "${k}× diff" "$bytes" "$BIN" diff "$WORK/old-$k.xml" "$WORK/new-$k.xml" --format json -o /dev/null
    row scale "${k}× parse floor" "$bytes" "$LOAD" "$WORK/old-$k.xml" "$WORK/new-$k.xml"
done

# --- against git, paired ------------------------------------------------------------------
# Issue 15's four workloads, each timed in turn with git's word diff of the same files
# (A B A B ...), so the ratio holds even when other work slows the machine during the run.
# One round of pairs moves by a tenth with the host's load, so each workload has several
# rounds, taken in turn with the others' (a slow spell of the host is spread over all
# four); the report gives the median of the rounds' ratios and their range.
PAIRED=$WORK/paired.tsv
: >"$PAIRED"
GIT=(git diff --no-index --word-diff)
PAIRED_RUNS=${PAIRED_RUNS:-30}
PAIRED_ROUNDS=${PAIRED_ROUNDS:-5}
paired() { # paired NAME RMFDIFF_ARGS -- GIT_ARGS
    python3 bench/paired.py "$@" >>"$PAIRED"
}
for round in $(seq "$PAIRED_ROUNDS"); do
    say "paired with git: round $round of $PAIRED_ROUNDS ($PAIRED_RUNS pairs of each workload)"
    paired "diff sp800-53-rev4-high sp800-53-rev5-high --format json" "$PAIRED_RUNS" \
        "$BIN" diff sp800-53-rev4-high sp800-53-rev5-high --format json -o /dev/null \
        -- "${GIT[@]}" frameworks/sp800-53-rev4-high.xml frameworks/sp800-53-rev5-high.xml
    paired "diff ai-rmf-1.0 ai-600-1 --format json" "$PAIRED_RUNS" \
        "$BIN" diff ai-rmf-1.0 ai-600-1 --format json -o /dev/null \
        -- "${GIT[@]}" frameworks/ai-rmf-1.0.xml frameworks/ai-600-1.xml
    paired "diff tests/fixtures/dei-reworded (old.md new.md) --format json" "$PAIRED_RUNS" \
        "$BIN" diff $F/old.md $F/new.md --format json -o /dev/null \
        -- "${GIT[@]}" $F/old.md $F/new.md
    paired "list (git: the dei-reworded fixture)" "$PAIRED_RUNS" \
        "$BIN" list -- "${GIT[@]}" $F/old.md $F/new.md
done

# --- the report ---------------------------------------------------------------------------
say "writing bench/RESULTS.md"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
python3 bench/report.py "$ROWS" "$commit" "$CAP" "$PAIRED" >bench/RESULTS.md
cat bench/RESULTS.md
