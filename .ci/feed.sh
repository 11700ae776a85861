# Sourced by the consumer scripts: write_nuget_config DIR FEED writes DIR/nuget.config with the packed feed first,
# then nuget.org (the packages depend on System.Numerics.Tensors, Microsoft.Data.Sqlite, …), and nothing else.
write_nuget_config() {
  cat > "$1/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$2" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
}
