#!/usr/bin/env bash
# The path a user takes: pack ModelGen, then in a fresh project outside the repository, with NuGet
# pointed at the packed package, declare a model, build, fit and predict.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version="0.1.0-ci.$(date -u +%Y%m%d%H%M%S)"
feed="$root/artifacts/packages"
rm -rf "$feed"
dotnet pack "$root/Runtime/ModelGen.Runtime.csproj" -c Release -o "$feed" -p:Version="$version"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/Tests/Consumer/Consumer.csproj" "$root/Tests/Consumer/Program.cs" "$work/"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
# Keep the repository's global.json and Directory.*.props out of the stranger's build.
cd "$work"
dotnet run -c Release -p:ModelGenVersion="$version"
