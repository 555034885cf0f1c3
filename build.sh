#!/usr/bin/env bash
# Bootstrap for the build project: find the .NET SDK that global.json asks for (or install it locally under
# .dotnet/ like NUKE's bootstrap does), build build/ when anything it is made of changed, then run it with
# every argument passed through: ./build.sh GenerateManifests, ./build.sh --tree, ./build.sh --help.
# ./build.sh --test [dotnet test options] runs the tests with that same SDK.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_DLL="$ROOT/build/bin/host/Build.dll"
STAMP="$ROOT/build/obj/build.sh.stamp"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "build.sh: $*" >&2; exit 1; }

# The warm path pays no MSBuild up-to-date check: a find over the sources against the stamp of the last
# successful build is enough (about 0.1 s instead of about 1.3 s for `dotnet run`). Files only: a build
# creates bin/ and obj/ inside each project folder, which makes the folder itself newer than the stamp.
sources_unchanged() {
  [ -f "$BUILD_DLL" ] && [ -f "$STAMP" ] || return 1
  [ -z "$(find "$ROOT/build" "$ROOT/src" "$ROOT/global.json" "$ROOT/Directory.Build.props" \
      "$ROOT/Directory.Packages.props" \( -name bin -o -name obj \) -prune -o -type f -newer "$STAMP" -print -quit)" ]
}

# Any dotnet that can run the built assembly: the local install first, then the one on PATH.
find_runtime() {
  if [ -x "$ROOT/.dotnet/dotnet" ]; then echo "$ROOT/.dotnet/dotnet"; else command -v dotnet || true; fi
}

# An SDK that satisfies global.json: `dotnet --version` run inside the repository fails when none does.
find_sdk() {
  local candidate
  for candidate in "$ROOT/.dotnet/dotnet" "$(command -v dotnet || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && (cd "$ROOT" && "$candidate" --version >/dev/null 2>&1); then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

install_sdk() {
  local version channel script
  version="$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([0-9.]*\)".*/\1/p' "$ROOT/global.json" | head -n 1)"
  channel="${version%.*}"
  script="$(mktemp)"
  echo "build.sh: no .NET SDK matching $version (global.json) found; installing the latest $channel SDK into .dotnet/" >&2
  if ! { curl -fsSL --retry 2 -o "$script" https://dot.net/v1/dotnet-install.sh 2>/dev/null ||
         wget -q -O "$script" https://dot.net/v1/dotnet-install.sh 2>/dev/null; }; then
    rm -f "$script"
    fail "could not download dotnet-install.sh (offline?). Install the .NET SDK $channel (global.json asks for $version or a later feature band) from https://dot.net and run again."
  fi
  bash "$script" --channel "$channel" --install-dir "$ROOT/.dotnet" --no-path >&2 ||
    fail "dotnet-install.sh could not install the .NET SDK $channel into $ROOT/.dotnet. Install it from https://dot.net and run again."
  rm -f "$script"
}

ensure_sdk() {
  find_sdk || { install_sdk; find_sdk || fail "the .NET SDK installed into .dotnet/ does not satisfy global.json."; }
}

# The tests start dotnet themselves (the built Build.dll, the bootstrap scripts): the SDK's folder goes first
# on PATH so they find the one that runs them, also when it lives only in .dotnet/.
run_tests() {
  local sdk
  sdk="$(ensure_sdk)"
  export PATH="$(dirname "$sdk"):$PATH"
  [ "$sdk" != "$ROOT/.dotnet/dotnet" ] || export DOTNET_ROOT="$ROOT/.dotnet"
  cd "$ROOT"
  # The local tools of .config/dotnet-tools.json (PowerShell, for build.ps1's tests), from NuGet.
  "$sdk" tool restore >&2 || fail "dotnet tool restore failed (see above)."
  exec "$sdk" test "$ROOT/tests/KanikoImages.Tests" "$@"
}

build() {
  local sdk
  sdk="$(ensure_sdk)"
  mkdir -p "$(dirname "$STAMP")"
  # Stamp the start, not the end: a file edited during the build is newer and triggers the next build.
  touch "$STAMP.next"
  # Published, not built: publish precompiles the host for this machine's runtime (ReadyToRun, see build/Build.csproj).
  "$sdk" publish "$ROOT/build/Build.csproj" -c Release --use-current-runtime -o "$ROOT/build/bin/host" \
    --nologo -v quiet -clp:NoSummary >&2 ||
    fail "building build/Build.csproj failed (see the errors above)."
  mv "$STAMP.next" "$STAMP"
}

if [ "${1:-}" = "--test" ]; then
  shift
  run_tests "$@"
fi

if ! sources_unchanged; then
  if command -v flock >/dev/null 2>&1; then
    # Two runs at once (parallel CI steps, tests) must not build into the same folder together.
    mkdir -p "$ROOT/build/obj"
    exec 9>"$ROOT/build/obj/build.sh.lock"
    flock 9
    sources_unchanged || build
    flock -u 9
  else
    build
  fi
fi

DOTNET="$(find_runtime)"
[ -n "$DOTNET" ] || fail "no dotnet found to run the build project."
exec "$DOTNET" "$BUILD_DLL" "$@"
