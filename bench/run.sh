#!/usr/bin/env bash
# Benchmark: the real commands through ./build.sh on synthetic repositories of 100, 1,000 and 10,000 images, cold
# (no .tools/cache) and warm, against references measured in the same run: `dotnet run --project build/Build.csproj
# -- --tree`, a shell pipeline that reads every file once, and kubeconform when it is on PATH.
# Usage: bench/run.sh [SIZES...]   (default: 100 1000 10000; repositories are cached in $BENCH_DIR)
#        GRAPH=1 bench/run.sh 1000  images built on each other: 10 bases, each the base of about 100 images, chains 5 deep
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/kaniko-k8s-images-bench}"
RUNS="${RUNS:-3}"
GRAPH="${GRAPH:-0}"
SHAPE=$([ "$GRAPH" = 1 ] && echo graph || echo repo)
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(100 1000 10000); fi
export NO_COLOR=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ -x /usr/bin/time ] || { echo "bench/run.sh needs GNU time (/usr/bin/time; Debian package 'time')" >&2; exit 1; }

# One synthetic image: a Dockerfile, a .dockerignore and 20 small context files; every tenth has image.yaml.
# With GRAPH=1, images 1-10 are bases; 11-50 continue chains 5 deep (image-i builds on image-(i-10)); every
# other image builds on base image-((i-1)%10+1) through an ARG, so each base has about 100 images above it.
make_image() {
  local dir="$1" i="$2" f from='FROM alpine:3.20\n' base
  mkdir -p "$dir/src"
  if [ "$GRAPH" = 1 ] && [ "$i" -gt 10 ]; then
    base=$([ "$i" -le 50 ] && echo $((i - 10)) || echo $(((i - 1) % 10 + 1)))
    from="ARG BASE=registry.example.com/bench/image-$base:1.$base.0\nFROM \${BASE}\n"
  fi
  printf "${from}"'ARG VERSION=1.%d.0\nWORKDIR /app\nCOPY src/ /app/src/\nRUN ls /app/src\n' "$i" >"$dir/Dockerfile"
  printf '*.tmp\n**/*.log\n!keep.log\n' >"$dir/.dockerignore"
  for f in $(seq -w 1 20); do printf 'file %s of image %d\nline two\n' "$f" "$i" >"$dir/src/file$f.txt"; done
  if [ $((i % 10)) -eq 0 ]; then
    printf 'tags: ["1.%d.0", "stable"]\nbuildArgs:\n  FLAVOR: slim\ntimeout: 20m\n' "$i" >"$dir/image.yaml"
  fi
}

make_repository() {
  local n="$1" repo="$BENCH_DIR/$SHAPE-$1" i
  [ -f "$repo/.complete" ] && return 0
  rm -rf "$repo" && mkdir -p "$repo/images"
  cat >"$repo/images.yaml" <<'YAML'
registry: registry.example.com/bench
git:
  url: https://github.com/example/bench-images.git
  branch: main
YAML
  for i in $(seq 1 "$n"); do make_image "$repo/images/image-$i" "$i"; done
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -qm "synthetic images"
  touch "$repo/.complete"
}

# One timed run: "wall cpu rssKB" (cpu = user + system seconds) of a command, or the bench stops with its output.
timed() {
  /usr/bin/time -o "$BENCH_DIR/time" -f '%e %U %S %M' "$@" >/dev/null 2>"$BENCH_DIR/stderr" ||
    { echo "bench: '$*' failed:" >&2; cat "$BENCH_DIR/stderr" >&2; exit 1; }
  tail -n 1 "$BENCH_DIR/time" | awk '{ printf "%s %.2f %d\n", $1, $2 + $3, $4 }'
}

median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }

# Median wall seconds and the largest peak RSS (MB) of RUNS runs of a command.
measure() {
  local out i walls=() rss=0
  for i in $(seq 1 "$RUNS"); do
    out=$(timed "$@")
    walls+=("${out%% *}")
    [ "${out##* }" -gt "$rss" ] && rss="${out##* }"
  done
  printf '%s %d\n' "$(printf '%s\n' "${walls[@]}" | median)" $((rss / 1024))
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

mkdir -p "$BENCH_DIR"
"$ROOT/build.sh" --tree >/dev/null # compiled and warm
dotnet run --project "$ROOT/build/Build.csproj" -- --tree >/dev/null # the reference's own (Debug) build is not timed
read -r ref _ < <(measure dotnet run --project "$ROOT/build/Build.csproj" -- --tree)
read -r tree _ < <(measure "$ROOT/build.sh" --tree)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(date -u +%Y-%m-%d), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo "reference: dotnet run --project build/Build.csproj -- --tree = ${ref} s"
echo "./build.sh --tree (no-op) = ${tree} s, ratio $(ratio "$tree" "$ref") (target <= 0.40)"
KUBECONFORM="$(command -v kubeconform || true)"
if [ -z "$KUBECONFORM" ]; then
  # Without a kubeconform binary the issue's measurement on this kind of machine stands in (1,000 images only).
  echo "kubeconform: not on PATH; Validate's CPU is compared with the issue's ${KUBECONFORM_CPU:=0.97} s at 1,000 images, times n/1000 at other sizes"
fi
echo
echo "Medians of $RUNS interleaved runs. cold: rm -rf .tools/cache before each run; warm: the caches of the run before, nothing changed."
echo "pipeline: find images -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum (wall). Validate: CPU (user+sys) s."
echo "peak MB: the largest peak RSS of any run of HashImages / GenerateManifests / Validate (GNU time)."
printf '%7s %7s %9s %9s %9s %6s %6s %9s %9s %9s %9s %6s %6s %13s\n' images files pipeline 'hash cold' 'hash warm' 'c/pipe' 'w/pipe' 'gen cold' 'gen warm' 'val cold' 'val warm' 'c/kc' 'w/kc' 'peak MB h/g/v'
declare -A GEN GENW VAL VALW VALWALL PEAK PEAKH PEAKG PEAKV HASHC HASHW PIPE KC
for n in "${SIZES[@]}"; do
  make_repository "$n"
  repo="$BENCH_DIR/$SHAPE-$n"
  files=$(find "$repo/images" -type f | wc -l)
  "$ROOT/build.sh" GenerateManifests --working "$repo" >/dev/null # page cache warm, deploy/ written
  declare -a pipe=() hc=() hw=() gc=() gw=() vc=() vcw=() vw=() kc=()
  rh=0 rg=0 rv=0
  for i in $(seq 1 "$RUNS"); do
    out=$(cd "$repo" && timed bash -c 'find images -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum'); pipe+=("${out%% *}")
    rm -rf "$repo/.tools/cache"
    out=$(timed "$ROOT/build.sh" HashImages --working "$repo"); hc+=("${out%% *}"); rh=$(( ${out##* } > rh ? ${out##* } : rh ))
    out=$(timed "$ROOT/build.sh" HashImages --working "$repo"); hw+=("${out%% *}"); rh=$(( ${out##* } > rh ? ${out##* } : rh ))
    rm -rf "$repo/.tools/cache"
    out=$(timed "$ROOT/build.sh" GenerateManifests --working "$repo"); gc+=("${out%% *}"); rg=$(( ${out##* } > rg ? ${out##* } : rg ))
    out=$(timed "$ROOT/build.sh" GenerateManifests --working "$repo"); gw+=("${out%% *}"); rg=$(( ${out##* } > rg ? ${out##* } : rg ))
    rm -rf "$repo/.tools/cache"
    out=$(timed "$ROOT/build.sh" Validate --exclusive --working "$repo"); read -r wall cpu kb <<<"$out"; vc+=("$cpu"); vcw+=("$wall"); rv=$(( kb > rv ? kb : rv ))
    out=$(timed "$ROOT/build.sh" Validate --exclusive --working "$repo"); read -r _ cpu kb <<<"$out"; vw+=("$cpu"); rv=$(( kb > rv ? kb : rv ))
    if [ -n "$KUBECONFORM" ]; then
      # shellcheck disable=SC2086 # KUBECONFORM_ARGS is a list of options (e.g. -schema-location for local schemas)
      out=$(cd "$repo" && timed "$KUBECONFORM" -strict -summary ${KUBECONFORM_ARGS:-} deploy/manifest.yaml deploy/argocd/application.yaml); read -r _ cpu _ <<<"$out"; kc+=("$cpu")
    fi
  done
  PIPE[$n]=$(printf '%s\n' "${pipe[@]}" | median) HASHC[$n]=$(printf '%s\n' "${hc[@]}" | median) HASHW[$n]=$(printf '%s\n' "${hw[@]}" | median)
  GEN[$n]=$(printf '%s\n' "${gc[@]}" | median) GENW[$n]=$(printf '%s\n' "${gw[@]}" | median)
  VAL[$n]=$(printf '%s\n' "${vc[@]}" | median) VALW[$n]=$(printf '%s\n' "${vw[@]}" | median) VALWALL[$n]=$(printf '%s\n' "${vcw[@]}" | median)
  PEAKH[$n]=$((rh / 1024)) PEAKG[$n]=$((rg / 1024)) PEAKV[$n]=$((rv / 1024)) PEAK[$n]=$(( (rh > rg ? (rh > rv ? rh : rv) : (rg > rv ? rg : rv)) / 1024 ))
  # Without kubeconform its CPU is taken as linear in the documents: the issue's 1,000-image figure times n/1000.
  if [ -n "$KUBECONFORM" ]; then KC[$n]=$(printf '%s\n' "${kc[@]}" | median); else KC[$n]=$(awk -v c="$KUBECONFORM_CPU" -v n="$n" 'BEGIN { printf "%.2f", c * n / 1000 }'); fi
  printf '%7d %7d %9s %9s %9s %6s %6s %9s %9s %9s %9s %6s %6s %13s\n' "$n" "$files" "${PIPE[$n]}" "${HASHC[$n]}" "${HASHW[$n]}" \
    "$(ratio "${HASHC[$n]}" "${PIPE[$n]}")" "$(ratio "${HASHW[$n]}" "${PIPE[$n]}")" "${GEN[$n]}" "${GENW[$n]}" "${VAL[$n]}" "${VALW[$n]}" \
    "$([ -n "${KC[$n]:-}" ] && ratio "${VAL[$n]}" "${KC[$n]}" || echo -)" "$([ -n "${KC[$n]:-}" ] && ratio "${VALW[$n]}" "${KC[$n]}" || echo -)" "${PEAKH[$n]}/${PEAKG[$n]}/${PEAKV[$n]}"
  if [ -n "$KUBECONFORM" ]; then echo "        kubeconform -strict -summary on the same files: ${KC[$n]} s CPU"; fi
done

# The fixed cost of a run: the same commands, warm, on a repository of one image. A size's warm budget minus this
# is what its work may take (printed with the targets).
make_repository 1
one="$BENCH_DIR/$SHAPE-1"
"$ROOT/build.sh" GenerateManifests --working "$one" >/dev/null
"$ROOT/build.sh" Validate --exclusive --working "$one" >/dev/null
declare -a fh=() fv=()
for i in $(seq 1 "$RUNS"); do
  out=$(timed "$ROOT/build.sh" HashImages --working "$one"); fh+=("${out%% *}")
  out=$(timed "$ROOT/build.sh" Validate --exclusive --working "$one"); read -r _ cpu _ <<<"$out"; fv+=("$cpu")
done
FIXEDH=$(printf '%s\n' "${fh[@]}" | median) FIXEDV=$(printf '%s\n' "${fv[@]}" | median)
echo "one image, warm (the fixed cost of a run): HashImages ${FIXEDH} s wall, Validate --exclusive ${FIXEDV} s CPU"
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"

# The CI job on main: ./build.sh Publish (the whole graph) after one image changed, pushing to a local bare remote.
n="${SIZES[-1]}" work="$BENCH_DIR/publish-$n"
rm -rf "$work" && mkdir -p "$work" && git init -q --bare "$work/remote.git"
git clone -q "$BENCH_DIR/$SHAPE-$n" "$work/clone" && cp -r "$BENCH_DIR/$SHAPE-$n/deploy" "$work/clone/"
git -C "$work/clone" remote set-url origin "$work/remote.git"
git -C "$work/clone" add deploy && git -C "$work/clone" -c user.name=bench -c user.email=bench@example.com commit -qm deploy
git -C "$work/clone" push -q origin main
walls=() rss=0
for i in $(seq 1 "$RUNS"); do
  echo "change $i" >>"$work/clone/images/image-1/src/file01.txt"
  git -C "$work/clone" -c user.name=bench -c user.email=bench@example.com commit -qam "change image-1"
  git -C "$work/clone" push -q origin main # as CI after a merge: Publish pushes only its own commit
  /usr/bin/time -o "$BENCH_DIR/time" -f '%e %M' "$ROOT/build.sh" Publish --working "$work/clone" \
    --git-author-name=bench --git-author-email=bench@example.com >/dev/null 2>"$BENCH_DIR/stderr" ||
    { echo "bench: Publish failed:" >&2; cat "$BENCH_DIR/stderr" >&2; exit 1; }
  read -r wall kb <"$BENCH_DIR/time"
  walls+=("$wall") && [ "$kb" -gt "$rss" ] && rss=$kb
done
echo
echo "./build.sh Publish, $n images, one image changed: $(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p") s, peak $((rss / 1024)) MB (no target; the CI job)"

# The targets (issues 12 and 19), for the sizes measured in this run.
check() { if awk -v v="$2" -v max="$3" 'BEGIN { exit !(v <= max) }'; then verdict=met; else verdict=MISSED; fi; printf '%-62s %8s (target <= %s) %s\n' "$1" "$2" "$3" "$verdict"; }
echo
check "./build.sh --tree / dotnet run --tree" "$(ratio "$tree" "$ref")" 0.40
[ -n "${GEN[1000]:-}" ] && check "GenerateManifests 1,000 images (cold) / dotnet run --tree" "$(ratio "${GEN[1000]}" "$ref")" 1.00
[ -n "${VALWALL[1000]:-}" ] && check "Validate --exclusive 1,000 images (cold, wall s)" "${VALWALL[1000]}" 2
[ -n "${GEN[10000]:-}" ] && check "GenerateManifests 10,000 images (cold, s)" "${GEN[10000]}" 8
[ -n "${PEAK[10000]:-}" ] && check "peak RSS 10,000 images (MB)" "${PEAK[10000]}" 400
[ -n "${PEAKG[10000]:-}" ] && check "GenerateManifests peak RSS 10,000 images (MB)" "${PEAKG[10000]}" 296
[ -n "${PEAKV[10000]:-}" ] && check "Validate peak RSS 10,000 images (MB)" "${PEAKV[10000]}" 151
[ -n "${GEN[1000]:-}" ] && [ -n "${GEN[10000]:-}" ] && check "GenerateManifests 10,000 / 1,000 images (linear: 10x images)" "$(ratio "${GEN[10000]}" "${GEN[1000]}")" 12
for n in 1000 10000; do
  [ -n "${HASHC[$n]:-}" ] || continue
  check "HashImages $n images, cold / pipeline (wall)" "$(ratio "${HASHC[$n]}" "${PIPE[$n]}")" 1.30
  check "HashImages $n images, warm / pipeline (wall)" "$(ratio "${HASHW[$n]}" "${PIPE[$n]}")" 0.65
  if [ -n "${KC[$n]:-}" ]; then
    check "Validate --exclusive $n images, cold / kubeconform (CPU)" "$(ratio "${VAL[$n]}" "${KC[$n]}")" 1.00
    check "Validate --exclusive $n images, warm / kubeconform (CPU)" "$(ratio "${VALW[$n]}" "${KC[$n]}")" 0.50
  fi
  echo "    warm budgets at $n images: HashImages $(awk -v p="${PIPE[$n]}" 'BEGIN { printf "%.2f", 0.65 * p }') s wall, Validate $(awk -v k="${KC[$n]:-0}" 'BEGIN { printf "%.2f", 0.5 * k }') s CPU; one image takes ${FIXEDH} s and ${FIXEDV} s"
done
exit 0
