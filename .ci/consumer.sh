#!/usr/bin/env bash
# The path a user takes: pack the solution (`dotnet pack ModelGen.sln`: the ModelGen, ModelGen.Sources, ModelGen.Plots and ModelGen.Orleans packages,
# and the ModelGen.Templates template package),
# then, in fresh projects outside the repository with NuGet pointed at the packed packages, declare models, build,
# fit and predict: Tests/Consumer (the ModelGen package), Tests/ConsumerSources (ModelGen.Sources: a fit from a
# SQLite table), Tests/ConsumerPlots (ModelGen.Plots: a NUTS fit's plots as PNG files), and the analyzer-warning check (.ci/consumer-warnings.sh: a model with a known warning must show
# it in the build output, with that warning not treated as an error); then docs/templates.md as written
# (.ci/templates.sh: `dotnet new install` the template package, `dotnet new modelgen`, `dotnet test`, `dotnet run`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/.ci/feed.sh"
version="0.1.0-ci.$(date -u +%Y%m%d%H%M%S)"
feed="$root/artifacts/packages"
rm -rf "$feed"
dotnet pack "$root/ModelGen.sln" -c Release -o "$feed" -p:Version="$version"
for package in ModelGen ModelGen.Sources ModelGen.Plots ModelGen.Orleans ModelGen.Templates; do
  [ -f "$feed/$package.$version.nupkg" ] || { echo "consumer: dotnet pack ModelGen.sln made no $package package"; exit 1; }
done
unexpected=$(ls "$feed" | grep -v -E "^ModelGen(\.Sources|\.Plots|\.Orleans|\.Templates)?\.$version\.s?nupkg$" || true)
[ -z "$unexpected" ] || { echo "consumer: dotnet pack ModelGen.sln made packages that do not ship: $unexpected"; exit 1; }
for package in ModelGen.Sources ModelGen.Plots ModelGen.Orleans ModelGen.Templates; do
  listing=$(unzip -l "$feed/$package.$version.nupkg")
  grep -q ' README.md$' <<< "$listing" || { echo "consumer: $package has no readme"; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A project folder of Tests/, copied out of the repository (so the repository's global.json and Directory.*.props
# stay out of the stranger's build), with a nuget.config on the packed feed, then run.
consume() {
  local name=$1 dir="$work/$1"
  mkdir -p "$dir"
  cp "$root/Tests/$name/"*.csproj "$root/Tests/$name/Program.cs" "$dir/"
  write_nuget_config "$dir" "$feed"
  (cd "$dir" && dotnet run -c Release -p:ModelGenVersion="$version")
}

consume Consumer
consume ConsumerSources
consume ConsumerPlots
bash "$root/.ci/consumer-warnings.sh" "$feed" "$version"
bash "$root/.ci/templates.sh" "$feed" "$version"
