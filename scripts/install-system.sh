#!/usr/bin/env bash
# Debian packages the tests, the dataset generator, the cluster (deploy/: redis-server, haproxy) and
# `npm run compare` need (Tesseract 5 with Chinese, and python3-tesserocr, which keeps one Tesseract loaded
# instead of a process per image). Idempotent; skips apt when all are present.
set -euo pipefail
pkgs=(fonts-noto-cjk fonts-wqy-zenhei fonts-arphic-ukai fonts-arphic-uming fonts-arphic-gkai00mp fonts-liberation fonts-dejavu-core chromium redis-server haproxy
  tesseract-ocr tesseract-ocr-chi-sim python3-tesserocr)
# The fidelity benchmark compares our harness with Locust (research/fidelity/fidelity.ts --against locust).
pkgs+=(python3-locust)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
