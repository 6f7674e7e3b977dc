#!/usr/bin/env bash
# Benchmarks. Today: the contract's gas report (deploy, mintWork, transferWithAuthorization, transferFrom).
# The API throughput and read benchmarks of issue 3 are to be added here.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_tools
ensure_npm_packages
compile_contracts
(cd "$ROOT" && npx --no-install hardhat run scripts/gas-report.js)
