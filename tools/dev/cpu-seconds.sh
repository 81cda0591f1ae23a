#!/usr/bin/env bash
# tools/dev/cpu-seconds.sh CMD [ARGS...]: runs CMD in a cgroup of its own and prints, on stderr, the CPU
# seconds of every process it started (Chromium's helpers and other processes nobody waits for
# included) and the wall time. For comparing the suite's cost between commits: `npm test` is CPU-bound,
# so CPU seconds predict its wall time and, unlike wall time, barely move with the machine's speed.
# Needs root (it makes a cgroup) and cgroup v2 with the cpu controller, or v1's cpuacct.
# Example: tools/dev/cpu-seconds.sh npm test
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: tools/dev/cpu-seconds.sh CMD [ARGS...]" >&2; exit 2; }
name="cpu-seconds-$$"
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  group=/sys/fs/cgroup/$name; usage() { awk '$1 == "usage_usec" { printf "%.1f", $2 / 1e6 }' "$group/cpu.stat"; }
elif [ -d /sys/fs/cgroup/cpuacct ]; then
  group=/sys/fs/cgroup/cpuacct/$name; usage() { awk '{ printf "%.1f", $1 / 1e9 }' "$group/cpuacct.usage"; }
else
  echo "cpu-seconds: no cgroup v2 or cpuacct hierarchy under /sys/fs/cgroup" >&2; exit 2
fi
mkdir "$group" || { echo "cpu-seconds: cannot create $group (run as root)" >&2; exit 2; }
start=$(date +%s.%N)
set +e
(echo "$BASHPID" > "$group/cgroup.procs" && exec "$@")
code=$?
set -e
# Processes the command left behind still count until they end (at most 10 s more).
for _ in $(seq 1 20); do [ -s "$group/cgroup.procs" ] || break; sleep 0.5; done
seconds=$(usage)
left=$(wc -l < "$group/cgroup.procs")
rmdir "$group" 2>/dev/null || true
wall=$(awk -v start="$start" -v end="$(date +%s.%N)" 'BEGIN { printf "%.1f", end - start }')
printf 'cpu-seconds: %s CPU s, %s s wall, exit %s%s\n' "$seconds" "$wall" "$code" "$( [ "$left" -gt 0 ] && echo ", $left processes still running" )" >&2
exit "$code"
