#!/usr/bin/env bash
# Installs what the tests need and a fresh machine lacks: Debian's Chromium (Playwright cannot download its
# own browsers here), CJK fonts so Chinese pages render in screenshots, and PostgreSQL 15's server binaries
# (the PostgreSQL fixtures start their own throw-away cluster with initdb/pg_ctl). Idempotent and quick when
# all are present (no apt-get update then).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
[ -x "${ES_PG_BIN:-/usr/lib/postgresql/15/bin}/initdb" ] || need+=(postgresql-15)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-test-deps: installing ${need[*]}"
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
