#!/usr/bin/env bash
# Commands in the docs run as written: every fenced block that follows a line starting with "<!-- ci: run" in
# README.md or docs/*.md, run by bash from the repository's root, line by line, stopping at the first failure.
# (DocumentationTests checks every other command statically: its project exists and its options are the program's.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
count=0
for page in README.md docs/*.md; do
  # Each tagged block, as one script per block (blocks separated by NUL).
  while IFS= read -r -d '' script; do
    count=$((count + 1))
    echo "docs: $page, block $count:"
    echo "$script"
    bash -euo pipefail -c "$script" || { echo "docs: a command of $page failed as written"; exit 1; }
  done < <(awk '
    index($0, "<!-- ci: run") == 1 { found = 1; next }
    found == 1 && /^```/ { found = 2; next }
    found == 2 && /^```/ { found = 0; printf "%c", 0; next }
    found == 2 { print }
  ' "$page")
done
echo "docs: $count tagged blocks ran as written"
[ "$count" -gt 0 ] || { echo "docs: no tagged block found"; exit 1; }
