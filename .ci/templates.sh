#!/usr/bin/env bash
# docs/templates.md followed as written: the template package from the packed feed installed, `dotnet new modelgen`,
# `dotnet test`, `dotnet run`, `dotnet new uninstall` — the fenced block after the line starting "<!-- ci: templates".
# Run by .ci/consumer.sh after it packs the solution: .ci/templates.sh FEED VERSION. The block runs in a temporary
# HOME (the template engine's cache, ~/.templateengine, and the new ~/MyFit live and die there) in which
# ~/modelgen-feed is FEED and $version is VERSION, as step 1 of the README's install leaves them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
feed=$(cd "$1" && pwd)
version=$2
[ -f "$feed/ModelGen.Templates.$version.nupkg" ] || { echo "templates: no ModelGen.Templates.$version.nupkg in $feed"; exit 1; }

block=$(awk '
  index($0, "<!-- ci: templates") == 1 { found = 1; next }
  found == 1 && /^```/ { found = 2; next }
  found == 2 && /^```/ { exit }
  found == 2 { print }
' "$root/docs/templates.md")
[ -n "$block" ] || { echo "templates: docs/templates.md has lost its block (marker 'ci: templates')"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The machine's package cache, not the temporary HOME's: the new projects restore xunit, ScottPlot, … from it.
export NUGET_PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
export HOME="$work"
ln -s "$feed" "$HOME/modelgen-feed"
export version
echo "templates: docs/templates.md's block, as written, with HOME=$HOME and version=$version"
echo "$block"
output=$(cd "$HOME" && bash -euo pipefail -c "$block" 2>&1) || { echo "$output"; echo "templates: a command of docs/templates.md failed as written"; exit 1; }
echo "$output"

app="$HOME/MyFit"
[ -f "$app/MyFit.slnx" ] && [ -f "$app/MyFit/MyFit.csproj" ] && [ -f "$app/MyFit.Tests/MyFit.Tests.csproj" ] \
  || { echo "templates: dotnet new modelgen -n MyFit did not make MyFit.slnx, MyFit/ and MyFit.Tests/"; exit 1; }
grep -q "Version=\"$version\"" "$app/MyFit/MyFit.csproj" || { echo "templates: the new project does not reference ModelGen $version"; exit 1; }
grep -E -q 'Passed! +- Failed: +0, Passed: +[1-9]' <<< "$output" || { echo "templates: the new solution's tests did not pass"; exit 1; }
report=$(sed -n 's/^report: //p' <<< "$output" | tail -1)
[ -n "$report" ] && [ -s "$report" ] && grep -q '<img' "$report" || { echo "templates: the program wrote no report with images"; exit 1; }
if ls "$HOME/.templateengine" >/dev/null 2>&1 && dotnet new list modelgen 2>/dev/null | grep -q modelgen; then
  echo "templates: ModelGen.Templates is still installed after the block's uninstall"; exit 1
fi
echo "templates: installed, made MyFit, its tests passed, it ran and wrote $(basename "$report") ($(wc -c < "$report") bytes), uninstalled"
