#!/usr/bin/env bash
# Side-by-side throughput of apigate's VTL engine (mapping/vtl), Apache Velocity 1.7 on the JVM
# and velocityjs on Node.js, on the realistic template set in templates.jsonl.
#
# Builds what it needs (installs the Debian packages velocity and libjackson2-databind-java when
# missing, npm-installs the pinned velocityjs), then runs the three engines one after the other,
# ROUNDS times interleaved (go, jvm, js, go, jvm, js, ...) to spread machine noise over all of
# them, every engine pinned to the same single CPU. Rates are renders per CPU-second of the
# engine's process (all its threads: garbage collector and JIT compiler count), which is
# renders/second/core and is not distorted by other processes sharing the machine. It prints a Markdown table (template, renders/s of each engine, the ratios, Go allocations per
# render, whether the outputs agree) with the geometric-mean ratios, ready to paste into a README.
#
# Environment (all optional):
#   ROUNDS=2         interleaved rounds; each engine's best rate over all rounds is reported
#   WARMUP_MS=500    warm-up per template in each round, before any measurement (CPU time)
#   MEASURE_MS=100   length of one measurement (CPU time)
#   REPEATS=5        measurements per template in each round
#   CPU=<n>          CPU to pin every engine to (default: the last one); CPU= disables pinning
#   RESULTS=<file>   also keep the raw JSON lines there
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${ROUNDS:-2}
warmup=${WARMUP_MS:-500} measure=${MEASURE_MS:-100} repeats=${REPEATS:-5}
flags=(--warmup-ms="$warmup" --measure-ms="$measure" --repeats="$repeats")
build=${TMPDIR:-/tmp}/apigate-vtl-bench
mkdir -p "$build"

# Apache Velocity 1.7 and Jackson, from Debian, compiled against as the velocity oracle does.
jars="/usr/share/java/velocity.jar:/usr/share/java/commons-collections3.jar:/usr/share/java/commons-lang.jar:/usr/share/java/jackson-databind.jar:/usr/share/java/jackson-core.jar:/usr/share/java/jackson-annotations.jar"
if [ ! -f /usr/share/java/velocity.jar ] || [ ! -f /usr/share/java/jackson-databind.jar ]; then
  (apt-get update -qq && apt-get install -y -qq velocity libjackson2-databind-java) >&2
fi
if [ ! -f "$build/Bench.class" ] || [ "$here/jvm/Bench.java" -nt "$build/Bench.class" ]; then
  javac -nowarn -d "$build" -cp "$jars" "$here/jvm/Bench.java"
fi

# velocityjs, at the exact version package-lock.json pins.
if [ ! -d "$here/js/node_modules/velocityjs" ]; then
  (cd "$here/js" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

# apigate's engine and the report generator.
(cd "$root" && go build -o "$build/gobench" ./bench/vtl/gobench && go build -o "$build/report" ./bench/vtl/report)

pin=()
cpu=${CPU-$(($(nproc) - 1))}
if [ -n "$cpu" ] && command -v taskset >/dev/null; then
  pin=(taskset -c "$cpu")
fi

templates="$here/templates.jsonl"
results=${RESULTS:-$build/results.jsonl}
: >"$results"
# The JVM keeps its compiler threads for its whole life, so the CPU time Bench sums over its
# threads never loses an exited thread's share.
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds: go" >&2
  "${pin[@]}" "$build/gobench" "${flags[@]}" "$templates" >>"$results"
  echo "round $round/$rounds: jvm" >&2
  "${pin[@]}" java -XX:-UseDynamicNumberOfCompilerThreads -cp "$jars:$build" Bench "${flags[@]}" "$templates" >>"$results"
  echo "round $round/$rounds: js" >&2
  "${pin[@]}" node "$here/js/bench.mjs" "${flags[@]}" "$templates" >>"$results"
done

cpu_model=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
echo "Renders per CPU-second (per core), single-threaded, measured $(date -u +%Y-%m-%d) on" \
  "${cpu_model:-an unknown CPU}${pin:+, every engine pinned to one CPU}; $(cd "$root" && go env GOVERSION)," \
  "$(java -version 2>&1 | head -1 | tr -d '"'), Node.js $(node --version); best of $rounds rounds x $repeats" \
  "runs of $measure ms of CPU time after $warmup ms of warm-up per template."
echo
"$build/report" "$results"
