#!/bin/bash
# Measures what the release and test profiles cost and give (docs/PERFORMANCE.md,
# "Profile settings, chosen by measurement"). Run from the repository on an idle
# machine: fresh target folders under /tmp (about 2 GB), about 20 minutes on 2 cores.
set -eu
T='wall %e user %U sys %S'
repo=$(pwd)
# Release variants: LTO x codegen units, each built from nothing.
for v in thin-1 off-16 fat-1 thin-16; do
  lto=${v%-*} cgu=${v#*-}
  CARGO_TARGET_DIR=/tmp/profile-$v CARGO_PROFILE_RELEASE_LTO=$lto CARGO_PROFILE_RELEASE_CODEGEN_UNITS=$cgu \
    /usr/bin/time -f "build $v: $T" cargo build --release -q
done
# Throughput at 1,000,000 people, the variants alternated three times.
for round in 1 2 3; do
  for v in thin-1 off-16 fat-1 thin-16; do
    /usr/bin/time -f "1M people $v round $round: $T" /tmp/profile-$v/release/outreach run -q \
      --set population.size=1000000 --replicates 1 --out /tmp/profile-run > /dev/null
  done
done
# The crate's opt-level in tests (dependencies stay at 3): build, then run.
for level in 3 1; do
  CARGO_TARGET_DIR=/tmp/profile-test$level CARGO_PROFILE_TEST_OPT_LEVEL=$level \
    /usr/bin/time -f "test build opt-level $level: $T" cargo test -q --no-run
  CARGO_TARGET_DIR=/tmp/profile-test$level CARGO_PROFILE_TEST_OPT_LEVEL=$level \
    /usr/bin/time -f "test run opt-level $level: $T" cargo test -q > /dev/null
done
rm -rf /tmp/profile-run
cd "$repo"
