#!/usr/bin/env bash
# The README's "Use it in your application", followed literally as a newcomer would: a fresh clone of this
# repository (its committed state), a fresh HOME (so ~/modelgen-feed is new and NuGet's package cache starts empty), the install block
# run as written, the program block saved as Program.cs as written, then `dotnet run -c Release`.
# The blocks are the fenced blocks that follow the markers `<!-- ci: readme-install` and `<!-- ci: readme-program`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# The fenced block after the line that starts with "<!-- ci: $1".
block() {
  awk -v tag="<!-- ci: $1" '
    index($0, tag) == 1 { found = 1; next }
    found == 1 && /^```/ { found = 2; next }
    found == 2 && /^```/ { exit }
    found == 2 { print }
  ' "$root/README.md"
}

install=$(block readme-install)
program=$(block readme-program)
if [ -z "$install" ] || [ -z "$program" ]; then
  echo "readme: the README has lost its install or program block (markers 'ci: readme-install', 'ci: readme-program')"
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home"
git clone --quiet "$root" "$work/clone"

export HOME="$work/home"
unset NUGET_PACKAGES
echo "readme: the install block, as written, from $work/clone with HOME=$HOME"
echo "$install"
(cd "$work/clone" && bash -euo pipefail -c "$install")

app="$HOME/MyModels"
[ -f "$app/MyModels.csproj" ] || { echo "readme: the install block did not create ~/MyModels"; exit 1; }
printf '%s\n' "$program" > "$app/Program.cs"
echo "readme: Program.cs as written, then dotnet run -c Release"
output=$(cd "$app" && dotnet run -c Release 2>&1) || { echo "$output"; echo "readme: the README's program does not build or run"; exit 1; }
echo "$output"
if [ -n "$(ls "$HOME/.nuget/packages" 2>/dev/null | grep -i '^modelgen$')" ]; then
  echo "readme: ModelGen came into the empty cache from the local feed: $(ls "$HOME/.nuget/packages/modelgen")"
else
  echo "readme: ModelGen is not in the fresh NuGet cache: the app did not use the local feed"; exit 1
fi
# The program prints the fit's message and the training accuracy; a rule this plain is learned far above guessing.
accuracy=$(echo "$output" | sed -n 's/.*accuracy on the training rows \([0-9.]*\).*/\1/p' | tail -1)
if [ -z "$accuracy" ] || awk -v a="$accuracy" 'BEGIN { exit !(a < 85) }'; then
  echo "readme: the program's accuracy line is missing or below 85 %"; exit 1
fi
echo "readme: followed as written; the program ran (training accuracy $accuracy %)"
