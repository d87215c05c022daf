#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing:
#   chromium            the real browser Playwright drives (/usr/bin/chromium)
#   fonts-thai-tlwg     Thai glyphs for screenshots
#   postgresql          the second database the suite runs on in CI
#   poppler-utils       pdftoppm, to look at printed pages as PNG
# Called by `make test` and `.ci/run`. Installs only as root; otherwise it says
# exactly what to install and fails.
set -euo pipefail

want=(chromium fonts-thai-tlwg postgresql poppler-utils)
[ "${1:-}" = "--browser-only" ] && want=(chromium fonts-thai-tlwg)

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg -s "$pkg" >/dev/null 2>&1; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ขาดแพ็กเกจระบบ / Missing system packages: ${missing[*]}" >&2
  echo "ติดตั้งด้วย / Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
