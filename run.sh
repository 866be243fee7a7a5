#!/usr/bin/env bash
# Builds and starts the hub on embedded defaults. `./run.sh simulate ...` starts reference
# terminals instead (see field-tools/README.md).
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = "simulate" ]; then
  shift
  mvn -q -B -ntp -DskipTests -pl field-tools -am package
  exec java -jar field-tools/target/field-tools.jar simulate "$@"
fi
mvn -q -B -ntp -DskipTests -pl controller -am package
exec java -jar controller/target/villagecast-hub.jar "$@"
