#!/usr/bin/env bash
# End-to-end throughput of apigate over loopback against plain Go servers, under wrk:
#
#   MOCK    apigate GET /prod/hello, a MOCK integration with a static response template, against
#           a bare net/http handler writing the same status, Content-Type and body (target 0.85x);
#   HTTP    apigate POST /prod/pets, an HTTP (non-proxy) integration with a request template and
#           the PetStore's response template, against httputil.ReverseProxy, both in front of the
#           same backend process (target 0.70x).
#   LAMBDA  apigate GET /prod/hello, a Lambda proxy method running an in-process Go function,
#           against the limit: a bare net/http handler that builds the same
#           events.APIGatewayProxyRequest by hand (field for field: TestLimitEvent in
#           server/main_test.go checks it) and calls the same function (target 0.80x);
#           and a non-proxy Lambda method with request and response templates against the same
#           limit (target 0.60x).
#   AUTH    apigate's MOCK method behind an API key and a TOKEN authorizer (an in-process Go
#           function) whose decision is cached, against the same MOCK method without (target
#           0.80x).
#
# Builds bench/gateway/server once (installs the Debian package wrk when missing and running as
# root), checks with curl that the two sides of each pair answer alike, then for each pair
# starts both sides, warms each up, and runs wrk against them alternately (A, B, A, B, ...)
# ROUNDS times. Every server process (and the backend) is pinned to SERVER_CPU, wrk to WRK_CPU,
# so each side gets one core and wrk never competes with it. The reported requests/s of a side
# is the median over its rounds; the ratio is the median of the rounds' ratios (apigate's
# requests/s over the baseline's in the same round): the two sides of a round run back to back,
# so a shared machine whose speed drifts over the minutes of a run (seen here: 20% within one
# comparison) moves both alike, where the ratio of the two medians would take the drift for a
# difference. The table
# also shows requests per CPU-second of the serving processes (for HTTP the backend's CPU time
# counts on both sides), which other load on the machine distorts less than requests/s, and
# how busy the serving CPU was (near 100% means the server, not wrk, is the bottleneck).
#
# A Go server answering a static body on one core serves about as many requests as wrk on one
# core can send (on a 2-CPU machine wrk gets the other CPU); when wrk's CPU is slower or busy,
# the requests/s of both sides are wrk's, not the servers'. The "server CPU busy" column shows
# this (the share of its CPU allowance a side used): below 90%, wrk was the bottleneck, and the
# verdict is "wrk-bound: inconclusive". CPU_QUOTA=<percent> caps the servers to that share of
# one CPU (a cgroup CPU quota, as root) so that they, not wrk, are the bottleneck: requests/s
# are then the servers' at that share.
#
# Environment (all optional):
#   ROUNDS=3          wrk runs per side, alternating
#   DURATION=5s       length of one wrk run
#   WARMUP=2s         a wrk run per side before the rounds, not counted
#   THREADS=1         wrk threads (-t)
#   CONNECTIONS=16    wrk connections (-c)
#   SERVER_CPU=1      CPU for the servers; WRK_CPU=0 CPU for wrk (SERVER_CPU= disables pinning)
#   CPU_QUOTA=<pct>   cap the servers (together) to pct% of one CPU with a cgroup CPU quota
#   PAIRS="mock http lambda lambda-nonproxy auth" which comparisons to run
#   PROFILE=<dir>     also write CPU and allocation profiles of every server there (NAME.cpu.pprof,
#                     NAME.allocs.pprof), and print their heap allocations per request
#                     (profiling slows them: do not quote such a run's ratios)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${ROUNDS:-3}
duration=${DURATION:-5s}
warmup=${WARMUP:-2s}
threads=${THREADS:-1}
connections=${CONNECTIONS:-16}
pairs=${PAIRS:-mock http lambda lambda-nonproxy auth}
profile=${PROFILE:-}
quota=${CPU_QUOTA:-}

ncpu=$(nproc)
server_cpu=${SERVER_CPU-$((ncpu > 1 ? 1 : 0))}
wrk_cpu=${WRK_CPU-0}
server_pin=() wrk_pin=()
if [ -n "$server_cpu" ] && command -v taskset >/dev/null; then
  server_pin=(taskset -c "$server_cpu")
  [ -n "$wrk_cpu" ] && wrk_pin=(taskset -c "$wrk_cpu")
fi

die() { echo "run.sh: $*" >&2; exit 1; }

# wrk, from Debian.
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing wrk" >&2
    (apt-get install -y -qq wrk || (apt-get update -qq && apt-get install -y -qq wrk)) >&2
  else
    die "wrk is not installed: install the Debian package wrk (sudo apt-get install -y wrk) and run again"
  fi
fi
command -v curl >/dev/null || die "curl is not installed"
if [ -n "$profile" ]; then
  mkdir -p "$profile"
  profile=$(cd "$profile" && pwd)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/apigate-gateway-bench.XXXXXX")
pids=()
cgroup=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -z "$cgroup" ] || rmdir "$cgroup" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The CPU quota: a cgroup of its own (v2, else v1's cpu controller) that every server joins.
if [ -n "$quota" ]; then
  [[ $quota =~ ^[0-9]+$ ]] && [ "$quota" -ge 1 ] && [ "$quota" -le 100 ] || die "CPU_QUOTA=$quota: want a percentage of one CPU, 1 to 100"
  period=10000 # µs: short, so that a throttled server stalls for a few milliseconds at most
  if [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; then
    cgroup=/sys/fs/cgroup/apigate-gateway-bench.$$
    mkdir "$cgroup" && echo "$((period * quota / 100)) $period" >"$cgroup/cpu.max" || die "cannot set up a cgroup v2 CPU quota (CPU_QUOTA needs root)"
  elif [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
    cgroup=/sys/fs/cgroup/cpu/apigate-gateway-bench.$$
    { mkdir "$cgroup" && echo "$period" >"$cgroup/cpu.cfs_period_us" && echo "$((period * quota / 100))" >"$cgroup/cpu.cfs_quota_us"; } 2>/dev/null ||
      die "cannot set up a cgroup v1 CPU quota (CPU_QUOTA needs root)"
  else
    die "CPU_QUOTA needs the cgroup CPU controller (/sys/fs/cgroup)"
  fi
fi

(cd "$root" && go build -o "$work/server" ./bench/gateway/server)

cat >"$work/post.lua" <<'EOF'
wrk.method = "POST"
wrk.body = '{"type":"dog"}'
wrk.headers["Content-Type"] = "application/json"
EOF

# start NAME MODE [ARGS...]: starts a server on a free loopback port, waits until it accepts
# connections, and sets addr_NAME and pid_NAME.
start() {
  local name=$1 mode=$2
  shift 2
  local log="$work/$name.log"
  "${server_pin[@]}" "$work/server" -mode "$mode" -addr 127.0.0.1:0 "$@" 2>"$log" &
  local pid=$!
  pids+=("$pid")
  [ -z "$cgroup" ] || echo "$pid" >"$cgroup/cgroup.procs" || die "cannot move server $name into $cgroup"
  local addr="" i
  for i in $(seq 1 100); do
    addr=$(sed -n "s/^server: mode $mode on \([^ ,]*\),.*/\1/p" "$log")
    [ -n "$addr" ] && break
    kill -0 "$pid" 2>/dev/null || die "server $name exited: $(cat "$log")"
    sleep 0.1
  done
  [ -n "$addr" ] || die "server $name did not start: $(cat "$log")"
  for i in $(seq 1 100); do
    # any HTTP answer (even 404) means the port accepts
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://$addr/" || true)" != 000 ]; then
      printf -v "addr_$name" %s "$addr"
      printf -v "pid_$name" %s "$pid"
      return
    fi
    sleep 0.1
  done
  die "server $name on $addr does not accept connections"
}

# stop NAME...: stops servers (SIGTERM, so that profiles get written) and waits for them.
stop() {
  local name pid pid_var
  for name in "$@"; do
    pid_var="pid_$name"
    pid=${!pid_var}
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ -n "$profile" ]; then grep -h 'allocations per request' "$work/$name.log" >&2 || true; fi
  done
}

# cputicks PID...: user+system CPU time of the processes, in clock ticks.
cputicks() {
  local pid sum=0 t
  for pid in "$@"; do
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    sum=$((sum + t))
  done
  echo "$sum"
}
hz=$(getconf CLK_TCK)

# cpuidle: "idle total" clock ticks of the servers' CPU (of all CPUs without pinning).
cpuidle() {
  awk -v cpu="cpu${server_cpu}" '$1 == cpu {
    t = 0; for (i = 2; i <= NF; i++) t += $i
    print $5 + $6, t
  }' /proc/stat
}

# measure LABEL DURATION URL "PIDS" [WRK ARGS...]: one wrk run; prints "rps req_per_cpu_s busy%
# idle%": requests/s, requests per CPU-second of PIDS, PIDS' CPU time as a share of their
# allowance (one CPU, or the quota), and how idle the servers' CPU was.
measure() {
  local label=$1 d=$2 url=$3 mpids=$4
  shift 4
  local out="$work/wrk.out" c0 c1 t0 t1 i0 i1
  # shellcheck disable=SC2086
  c0=$(cputicks $mpids)
  i0=$(cpuidle)
  t0=$(date +%s%N)
  "${wrk_pin[@]}" wrk -t"$threads" -c"$connections" -d"$d" "$@" "$url" >"$out" 2>&1 || die "wrk failed against $label: $(cat "$out")"
  t1=$(date +%s%N)
  i1=$(cpuidle)
  # shellcheck disable=SC2086
  c1=$(cputicks $mpids)
  if grep -q -e 'Non-2xx or 3xx responses' -e 'Socket errors' "$out"; then
    die "errors from $label under wrk: $(cat "$out")"
  fi
  local rps reqs
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  reqs=$(awk '/ requests in / {print $1}' "$out")
  [ -n "$rps" ] && [ -n "$reqs" ] || die "cannot read wrk's output: $(cat "$out")"
  awk -v rps="$rps" -v reqs="$reqs" -v ticks=$((c1 - c0)) -v hz="$hz" -v ns=$((t1 - t0)) -v allowance="${quota:-100}" \
    -v i0="$i0" -v i1="$i1" 'BEGIN {
    cpu = ticks / hz
    split(i0, a, " "); split(i1, b, " ")
    idle = b[2] > a[2] ? 100 * (b[1] - a[1]) / (b[2] - a[2]) : 0
    printf "%.0f %.0f %.0f %.0f\n", rps, (cpu > 0 ? reqs / cpu : 0), 100 * cpu / (ns / 1e9) / (allowance / 100), idle
  }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

# pair TITLE TARGET BASE_NAME BASE_URL "BASE_PIDS" GW_NAME GW_URL "GW_PIDS" [WRK ARGS...]:
# warms up both sides, alternates ROUNDS runs of each, appends a row to the table.
rows=()
pair() {
  local title=$1 target=$2 bname=$3 burl=$4 bpids=$5 gname=$6 gurl=$7 gpids=$8
  shift 8
  local i m r brps=() bcpu=() bbusy=() bidle=() grps=() gcpu=() gbusy=() gidle=()
  echo "$title: warm-up" >&2
  measure "$bname" "$warmup" "$burl" "$bpids" "$@" >/dev/null
  measure "$gname" "$warmup" "$gurl" "$gpids" "$@" >/dev/null
  for i in $(seq 1 "$rounds"); do
    m=$(measure "$bname" "$duration" "$burl" "$bpids" "$@")
    read -r -a r <<<"$m"
    brps+=("${r[0]}") bcpu+=("${r[1]}") bbusy+=("${r[2]}") bidle+=("${r[3]}")
    echo "$title: round $i/$rounds: $bname ${r[0]} req/s (${r[1]} req/CPU-s, busy ${r[2]}%, CPU $server_cpu idle ${r[3]}%)" >&2
    m=$(measure "$gname" "$duration" "$gurl" "$gpids" "$@")
    read -r -a r <<<"$m"
    grps+=("${r[0]}") gcpu+=("${r[1]}") gbusy+=("${r[2]}") gidle+=("${r[3]}")
    echo "$title: round $i/$rounds: $gname ${r[0]} req/s (${r[1]} req/CPU-s, busy ${r[2]}%, CPU $server_cpu idle ${r[3]}%)" >&2
  done
  local b g bc gc bb gb bi gi ratios=()
  for i in "${!brps[@]}"; do
    ratios+=("$(awk -v g="${grps[$i]}" -v b="${brps[$i]}" 'BEGIN {print g / b}')")
  done
  b=$(median "${brps[@]}") g=$(median "${grps[@]}")
  bc=$(median "${bcpu[@]}") gc=$(median "${gcpu[@]}")
  bb=$(median "${bbusy[@]}") gb=$(median "${gbusy[@]}")
  bi=$(median "${bidle[@]}") gi=$(median "${gidle[@]}")
  rows+=("$(awk -v t="$title" -v bn="$bname" -v gn="$gname" -v b="$b" -v g="$g" -v bc="$bc" -v gc="$gc" -v ratio="$(median "${ratios[@]}")" \
    -v bb="$bb" -v gb="$gb" -v bi="$bi" -v gi="$gi" -v target="$target" -v br="${brps[*]}" -v gr="${grps[*]}" 'BEGIN {
      verdict = ratio >= target ? "met" : "**not met**"
      # A side that used under 90% of its allowance was held back: by wrk when its CPU sat idle,
      # else by other processes taking the CPU.
      if ((bb < 90 && bi >= 10) || (gb < 90 && gi >= 10)) verdict = "wrk-bound: inconclusive"
      else if (bb < 90 || gb < 90) verdict = "CPU contended: inconclusive"
      printf "| %s | %s: %.0f | %s: %.0f | **%.2fx** | %.2fx | %s | %.0f / %.0f (%.2fx) | %.0f%% / %.0f%% | %s / %s |",
        t, bn, b, gn, g, ratio, target, verdict, bc, gc, gc / bc, bb, gb, br, gr
    }')")
}

# check_same NAME_A URL_A NAME_B URL_B [CURL ARGS...]: the two answer with the same status,
# Content-Type and body.
check_same() {
  local sa sb
  sa=$(curl -s --max-time 5 -o "$work/$1.body" -w '%{http_code} %{content_type}' "${@:5}" "$2")
  sb=$(curl -s --max-time 5 -o "$work/$3.body" -w '%{http_code} %{content_type}' "${@:5}" "$4")
  [ "$sa" = "$sb" ] || die "$1 answers $sa, $3 answers $sb"
  cmp -s "$work/$1.body" "$work/$3.body" || die "$1 and $3 answer different bodies: $(cat "$work/$1.body") / $(cat "$work/$3.body")"
  echo "check: $1 and $3 both answer $sa, $(wc -c <"$work/$1.body") identical body bytes: $(cat "$work/$1.body")" >&2
}

# check_ok NAME URL: a POST of the benchmark's body answers 200.
check_ok() {
  local s
  s=$(curl -s --max-time 5 -o "$work/$1.body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{"type":"dog"}' "$2")
  [ "$s" = 200 ] || die "$1 answers $s to POST: $(cat "$work/$1.body")"
  echo "check: $1 answers 200 with $(wc -c <"$work/$1.body") bytes: $(cat "$work/$1.body")" >&2
}

prof() { [ -n "$profile" ] && echo "-cpuprofile=$profile/$1.cpu.pprof -memprofile=$profile/$1.allocs.pprof"; }

for p in $pairs; do
  case $p in
  mock)
    # shellcheck disable=SC2046
    start bare bare $(prof bare)
    # shellcheck disable=SC2046
    start mock mock $(prof mock)
    check_same bare "http://$addr_bare/prod/hello" mock "http://$addr_mock/prod/hello"
    pair "MOCK vs bare net/http" 0.85 bare "http://$addr_bare/prod/hello" "$pid_bare" \
      apigate-mock "http://$addr_mock/prod/hello" "$pid_mock"
    stop bare mock
    ;;
  http)
    # shellcheck disable=SC2046
    start backend backend $(prof backend)
    # shellcheck disable=SC2046
    start proxy proxy -backend "$addr_backend" $(prof proxy)
    # shellcheck disable=SC2046
    start http http -backend "$addr_backend" $(prof http)
    check_ok proxy "http://$addr_proxy/pets"
    check_ok http "http://$addr_http/prod/pets"
    pair "HTTP (templates) vs httputil.ReverseProxy" 0.70 ReverseProxy "http://$addr_proxy/pets" "$pid_proxy $pid_backend" \
      apigate-http "http://$addr_http/prod/pets" "$pid_http $pid_backend" -s "$work/post.lua"
    stop proxy http backend
    ;;
  lambda)
    # shellcheck disable=SC2046
    start lbare lambda-bare $(prof lambda-bare)
    # shellcheck disable=SC2046
    start lproxy lambda-proxy $(prof lambda-proxy)
    check_same lbare "http://$addr_lbare/prod/hello?name=wrk" lproxy "http://$addr_lproxy/prod/hello?name=wrk"
    pair "Lambda proxy vs bare net/http building the event" 0.80 bare-lambda "http://$addr_lbare/prod/hello?name=wrk" "$pid_lbare" \
      apigate-lambda-proxy "http://$addr_lproxy/prod/hello?name=wrk" "$pid_lproxy"
    stop lbare lproxy
    ;;
  lambda-nonproxy)
    # shellcheck disable=SC2046
    start lbare lambda-bare $(prof lambda-bare)
    # shellcheck disable=SC2046
    start lnon lambda-nonproxy $(prof lambda-nonproxy)
    check_same lbare "http://$addr_lbare/prod/hello?name=wrk" lnon "http://$addr_lnon/prod/hello?name=wrk"
    pair "Lambda non-proxy (templates) vs bare net/http building the event" 0.60 bare-lambda "http://$addr_lbare/prod/hello?name=wrk" "$pid_lbare" \
      apigate-lambda-nonproxy "http://$addr_lnon/prod/hello?name=wrk" "$pid_lnon"
    stop lbare lnon
    ;;
  auth)
    # the same MOCK method without and with an API key and a cached TOKEN authorizer; wrk sends
    # the key and the token to both (the one without auth ignores them)
    # shellcheck disable=SC2046
    start mock mock $(prof mock)
    # shellcheck disable=SC2046
    start mauth mock-auth $(prof mock-auth)
    auth_headers=(-H "X-API-Key: benchApiKey0123456789abcdef" -H "Authorization: allow")
    check_same mock "http://$addr_mock/prod/hello" mauth "http://$addr_mauth/prod/hello" "${auth_headers[@]}"
    pair "MOCK behind an API key and a cached TOKEN authorizer vs the same MOCK without" 0.80 apigate-mock "http://$addr_mock/prod/hello" "$pid_mock" \
      apigate-mock-auth "http://$addr_mauth/prod/hello" "$pid_mauth" "${auth_headers[@]}"
    stop mock mauth
    ;;
  *) die "unknown pair $p (want mock, http, lambda, lambda-nonproxy or auth)" ;;
  esac
done

gomaxprocs=$(sed -n 's/.*GOMAXPROCS \([0-9]*\).*/\1/p' "$work"/*.log | sort -u | paste -sd/)
cpu_model=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
pinning="servers (and the backend) pinned to CPU $server_cpu, wrk to CPU $wrk_cpu"
[ ${#server_pin[@]} -gt 0 ] || pinning="no CPU pinning"
[ -z "$quota" ] || pinning="$pinning, servers capped to $quota% of that CPU (cgroup CPU quota)"
echo "Measured $(date -u +%Y-%m-%d) on ${cpu_model:-an unknown CPU} ($ncpu CPUs), $(cd "$root" && go env GOVERSION)," \
  "GOMAXPROCS $gomaxprocs, $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'); $pinning;" \
  "wrk -t$threads -c$connections, $rounds alternating runs of $duration per side after $warmup of warm-up;" \
  "req/s: the median of a side's runs; ratio: the median of the rounds' ratios."
echo
echo "| comparison | baseline req/s | apigate req/s | ratio | target | verdict | req per server CPU-s (ratio) | server CPU busy | runs (req/s) |"
echo "|---|---:|---:|---:|---:|---|---:|---:|---|"
printf '%s\n' "${rows[@]}"
if printf '%s\n' "${rows[@]}" | grep -q wrk-bound; then
  echo
  echo "wrk-bound: a side used less than 90% of its CPU while that CPU sat idle: wrk (at its limit, or" \
    "short of CPU $wrk_cpu because of other processes), not the server, limited its requests/s, so that" \
    "ratio does not measure the servers. Run again with CPU_QUOTA=30 (as root) to make the servers the" \
    "bottleneck."
fi
if printf '%s\n' "${rows[@]}" | grep -q 'CPU contended'; then
  echo
  echo "CPU contended: a side used less than 90% of CPU $server_cpu and other processes took the rest, so" \
    "its requests/s are the machine's noise; requests per server CPU-second are not affected as much." \
    "Run again on a quieter machine, or with CPU_QUOTA=30 (as root) so that the servers need less of the CPU."
fi
