#!/usr/bin/env bash
# Install the Debian packages the test suite needs, when they are missing (`make test` calls this).
#
# Each line of PACKAGES is "debian-package path-it-provides". Nothing is installed when every
# path exists; otherwise apt-get runs as root or through password-less sudo. Without either,
# the script says exactly which command to run and fails, so no test is silently skipped.
set -euo pipefail

PACKAGES=(
    "chromium /usr/bin/chromium"  # the browser tests (Playwright drives Debian's Chromium)
    "tesseract-ocr /usr/bin/tesseract"  # OCR of scanned PDF pages (tests/test_documents_pdf.py)
    "tesseract-ocr-deu /usr/share/tesseract-ocr/5/tessdata/deu.traineddata"  # its German model
    "util-linux /usr/bin/prlimit"  # memory cap of the CLI in tests/test_hostile_files.py
)
if [ -n "${PRAXISFINDER_SYSTEM_PACKAGES:-}" ]; then  # the list, overridden (for its own tests)
    mapfile -t PACKAGES <<<"$PRAXISFINDER_SYSTEM_PACKAGES"
fi

missing=()
for line in "${PACKAGES[@]}"; do
    read -r package path <<<"$line"
    [ -e "$path" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command_line="apt-get install -y ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Fehlende Systempakete: ${missing[*]}. Dieses System hat kein apt-get;" \
        "bitte die Pakete mit dem Paketmanager des Systems installieren." >&2
    echo "Missing system packages: ${missing[*]}. No apt-get on this system;" \
        "install them with the system's package manager." >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
else
    echo "Für die Tests fehlen Systempakete: ${missing[*]}. Bitte einmal ausführen:" >&2
    echo "    sudo apt-get update && sudo $command_line" >&2
    echo "The tests need system packages: ${missing[*]}. Run once:" >&2
    echo "    sudo apt-get update && sudo $command_line" >&2
    exit 1
fi
echo "Installiere Systempakete für die Tests: ${missing[*]} …"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q "${missing[@]}"
