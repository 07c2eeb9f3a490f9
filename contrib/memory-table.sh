#!/usr/bin/env bash
# Compares `outreach check`'s peak-memory estimate with the measured peak
# (maximum resident set, /usr/bin/time) of `outreach run` on scenarios that
# each peak at 200 MB or more, and prints a Markdown table for
# docs/RELIABILITY.md. Usage, from the repository's root after
# `cargo build --release`:
#
#   contrib/memory-table.sh [path/to/outreach]
#
# Needs about 3 GB of memory and a few minutes on 2 cores. Writes only
# below a temporary folder, which it removes.
set -euo pipefail
bin=$(realpath "${1:-target/release/outreach}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# An edge list of 10,000,000 friendships (200,000 people, 100 friends each).
"$bin" graph --set population.size=200000 --export edges.txt --out g >/dev/null
cat > edge-list.toml <<'TOML'
name = "edge-list"
[population.network]
kind = "edge-list"
path = "edges.txt"
[arms.blast.email-blast]
[arms.networking.networking]
TOML
cat > five-arms.toml <<'TOML'
name = "five-arms"
[arms.blast.email-blast]
[arms.networking.networking]
[arms.ads.social-ads]
[arms.bait.link-bait]
[arms.groups.community]
TOML

# name | scenario file ("-" for the default) | options
cases=(
  "default, 1,000,000 people|-|--set population.size=1000000"
  "scale-free, 1,000,000 people|-|--set population.size=1000000 --set population.network.kind=scale-free"
  "communities, 1,000,000 people|-|--set population.size=1000000 --set population.network.kind=communities"
  "social, 1,000,000 people|-|--set population.size=1000000 --set population.network.kind=social"
  "random, 1,000,000 people, 300 friends|-|--set population.size=1000000 --set population.network.kind=random --set population.network.mean_degree=300"
  "well-mixed, 5,000,000 people|-|--set population.size=5000000 --set population.network.kind=well-mixed"
  "five arms, 500,000 people|five-arms.toml|--set population.size=500000"
  "edge list of 10,000,000 friendships|edge-list.toml|"
  "10 years x 200 replicates, 2,000 people|-|--days 3650 --replicates 200 --set population.size=2000"
  "100 years x 10 replicates, 2,000 people|-|--days 36500 --set population.size=2000"
  "5 years x 1,000 replicates, 200 people|-|--days 1825 --replicates 1000 --set population.size=200"
)

echo "| scenario | estimated | measured peak | estimate / measured |"
echo "|---|---:|---:|---:|"
for case in "${cases[@]}"; do
  IFS='|' read -r name file opts <<<"$case"
  args=()
  [[ $file != - ]] && args+=("$file")
  # shellcheck disable=SC2206
  args+=($opts)
  est=$("$bin" check "${args[@]}" | sed -n 's/^#   peak memory: about \([0-9.]*\) MB.*/\1/p')
  /usr/bin/time -f %M -o rss.txt "$bin" run -q "${args[@]}" --out out --force >/dev/null
  rss_mb=$(awk '{printf "%.1f", $1 * 1024 / 1e6}' rss.txt)
  ratio=$(awk -v e="$est" -v m="$rss_mb" 'BEGIN {printf "%.2f", e / m}')
  echo "| $name | $est MB | $rss_mb MB | $ratio |"
  rm -rf out
done
