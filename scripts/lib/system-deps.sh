# Sourced by scripts/*: installs the Debian packages Warden builds against when their headers are missing.
ensure_system_deps() {
    local missing=()
    [ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
    [ -f /usr/include/bzlib.h ] || missing+=(libbz2-dev)
    [ -f /usr/include/lzma.h ] || missing+=(liblzma-dev)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing ${missing[*]}" >&2
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >&2
    fi
}

ensure_python_deps() {
    python3 -m pip install -q --disable-pip-version-check -r python/requirements.txt >&2
}

# The browser of the web UI tests (python/tests/http/test_ui.py): Debian's headless Chromium and its WebDriver.
ensure_browser_deps() {
    if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
        echo "installing chromium chromium-driver" >&2
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >&2
    fi
}
