#!/usr/bin/env bash
# Install everything the test suite needs, then run it: the README's second
# Quickstart command, and what .ci/run runs. The browser test drives Debian's
# chromium through chromedriver; they are installed here if missing (apt-get,
# as root or through sudo). Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/bin/$1" ]; }
if ! have chromium || ! have chromedriver; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "scripts/test.sh: the browser test needs chromium and chromium-driver;" \
             "install them (apt-get install -y chromium chromium-driver) as root, then rerun" >&2
        exit 1
    fi
    echo "scripts/test.sh: installing chromium and chromium-driver (Debian packages)" >&2
    $SUDO apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver \
        || { echo "scripts/test.sh: could not install chromium" >&2; exit 1; }
fi

python -m pip install -e ".[dev]" || exit $?
python -m pytest "$@"
