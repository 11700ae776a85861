#!/usr/bin/env bash
# The analyzers' warnings reach a user's build: in a fresh project outside the repository, on the packed ModelGen,
# build Tests/ConsumerWarnings (a model with a sigmoid under Bernoulli(Logits = ...)) and fail unless the build
# output carries "warning MG0019". Only the analyzers report warnings, and they see the compilation with the
# generator's output in it, which the in-process tests model but this checks for real.
# Usage: .ci/consumer-warnings.sh FEED_DIR VERSION   (a folder holding the packed ModelGen VERSION, e.g. from consumer.sh)
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 FEED_DIR VERSION" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/.ci/feed.sh"
feed=$(cd "$1" && pwd)
version=$2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/Tests/ConsumerWarnings/ConsumerWarnings.csproj" "$root/Tests/ConsumerWarnings/Program.cs" "$work/"
write_nuget_config "$work" "$feed"
# Keep the repository's global.json and Directory.*.props out of the stranger's build.
cd "$work"
status=0
dotnet build -c Release -p:ModelGenVersion="$version" > build.log 2>&1 || status=$?
cat build.log
found=$(grep -E 'warning MG0019' build.log | sort -u || true)
if [ "$status" -ne 0 ]; then
  echo "consumer-warnings: the build failed (exit $status); MG0019 must be a warning, not an error" >&2
  exit 1
fi
if [ -z "$found" ]; then
  echo "consumer-warnings: no 'warning MG0019' in the build output: the packaged analyzers report nothing in a real build" >&2
  exit 1
fi
echo "consumer-warnings: found"
echo "$found"
