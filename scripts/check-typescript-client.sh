#!/usr/bin/env bash
# An integrator's TypeScript view of the contract: types generated from openapi.json with openapi-typescript,
# then ClientTests/typescript/check.ts compiled with tsc --strict. check.ts builds valid request bodies and marks
# invalid ones (a meeting without its required fields, a format outside the enum) with @ts-expect-error, so the
# compile fails both when a valid body is refused and when an invalid one is accepted. Needs node/npx.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npx --yes openapi-typescript@7.13.0 openapi.json -o "$work/api.d.ts"
cp ClientTests/typescript/check.ts "$work/check.ts"
npx --yes -p typescript@5 tsc --noEmit --strict --target es2022 --module es2022 --moduleResolution bundler "$work/check.ts"
echo "TypeScript client check: openapi-typescript types compile and refuse the invalid bodies."
