#!/usr/bin/env bash
# Runs the whole test suite: every module's unit, integration and fuzz tests, and the formatting
# check. Installs the Debian packages the tests need (real mosquitto, socat, ...) when missing.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-test-packages.sh
exec mvn -B -ntp verify "$@"
