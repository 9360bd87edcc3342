#!/usr/bin/env bash
# Generates the C# client (Kiota, pinned in .config/dotnet-tools.json) from an OpenAPI document.
#   scripts/generate-client.sh <openapi.json> <output folder>
# The ClientTests build runs this; it needs no network beyond `dotnet tool restore`.
set -euo pipefail
cd "$(dirname "$0")/.."
document="${1:?OpenAPI document}"
output="${2:?output folder}"
export KIOTA_OFFLINE_ENABLED=true KIOTA_TUTORIAL_ENABLED=false KIOTA_CLI_TELEMETRY_OPTOUT=true DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet tool restore >/dev/null
dotnet kiota generate --language CSharp --openapi "$document" --output "$output" \
  --class-name EventSchedulerClient --namespace-name EventScheduler.Client \
  --exclude-backward-compatible --clean-output --log-level Error
