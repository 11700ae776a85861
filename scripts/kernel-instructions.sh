#!/usr/bin/env bash
# Instruction counts of the generated kernels under callgrind (Debian's `valgrind`), per call, at the current
# working tree and optionally at a base revision, side by side. Timing on these shared machines moves by more
# than the 2 % a generator change may cost (issue 17); instruction counts do not.
#
#   scripts/kernel-instructions.sh [--base REV] [--widths "256 128 scalar"] [--gate PCT] [kernel ...]
#
# Each kernel runs twice under callgrind in a fresh process, with a few calls and with a few plus EXTRA calls
# (Tests/KernelInstructions: the same setup, the same first call that compiles it, TieredCompilation off); the
# difference divided by EXTRA is the kernel's count per call, free of startup, JIT and setup. Repeated runs
# of the same binary agree to about one call's worth of instructions, so EXTRA is chosen per kernel to make
# that under 0.1 %. Valgrind emulates no AVX-512, so .NET sees Vector256 as the widest accelerated width and
# 512 cannot be counted here. With --gate, exits 1 if any kernel at the working tree takes more than PCT %
# more instructions than at the base. Under valgrind a run takes 20-40 s: the default (11 kernels, one
# width, one build) takes about 15 minutes on 2 cores, with --base twice that.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base="" widths="256" gate="" kernels=()
while (($#)); do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --widths) widths="$2"; shift 2 ;;
    --gate) gate="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) kernels+=("$1"); shift ;;
  esac
done
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

work="$(mktemp -d /tmp/kernel-instructions.XXXXXX)"
cleanup() { if [[ -n "$base" && -d "$work/base-tree" ]]; then git -C "$root" worktree remove --force "$work/base-tree" >/dev/null 2>&1 || true; fi; rm -rf "$work"; }
trap cleanup EXIT

build() { # <tree> <out>
  dotnet build "$1/Tests/KernelInstructions" -c Release -o "$2" -v quiet -nologo >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; echo "build of $1 failed" >&2; exit 1; }
}

echo "building the working tree's harness" >&2
build "$root" "$work/head"
if [[ -n "$base" ]]; then
  echo "building $base's harness" >&2
  git -C "$root" worktree add --detach "$work/base-tree" "$base" >/dev/null 2>&1
  # The harness calls only the public model surface, so the working tree's (with any kernel added since) builds
  # against an older generator as it is: both sides count the same kernels of the same models.
  rm -rf "$work/base-tree/Tests/KernelInstructions"
  cp -r "$root/Tests/KernelInstructions" "$work/base-tree/Tests/"
  rm -rf "$work/base-tree/Tests/KernelInstructions/bin" "$work/base-tree/Tests/KernelInstructions/obj"
  build "$work/base-tree" "$work/base"
fi

((${#kernels[@]})) || mapfile -t kernels < <("$work/head/KernelInstructions" --list)

# Extra calls per kernel: enough that the run-to-run noise (about one call) is under 0.1 %.
extra_calls() {
  case "$1" in
    seed-gradient-50k) echo 20 ;;
    wide128-gradient) echo 100 ;;
    seed-advi-100-steps) echo 50 ;;
    schools-gradient|schools-nc-gradient) echo 5000 ;;
    *) echo 1000 ;;
  esac
}

count() { # <bin dir> <kernel> <calls> <width> -> total instructions
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$1/KernelInstructions" "$2" "$3" "$4" 2>&1 >/dev/null \
    | sed -n 's/.*I[[:space:]]*refs:[[:space:]]*\([0-9,]*\).*/\1/p' | tr -d ,
}

per_call() { # <bin dir> <kernel> <width>
  local extra few=2 a b
  extra="$(extra_calls "$2")"
  a="$(count "$1" "$2" "$few" "$3")"
  b="$(count "$1" "$2" "$((few + extra))" "$3")"
  echo $(((b - a) / extra))
}

echo "CPU: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'); valgrind $(valgrind --version | sed 's/valgrind-//')"
if [[ -n "$base" ]]; then
  echo "| kernel | width | $base | working tree | ratio |"
  echo "|---|---|---:|---:|---:|"
else
  echo "| kernel | width | instructions per call |"
  echo "|---|---|---:|"
fi
failed=0
for kernel in "${kernels[@]}"; do
  for width in $widths; do
    head_count="$(per_call "$work/head" "$kernel" "$width")"
    if [[ -n "$base" ]]; then
      base_count="$(per_call "$work/base" "$kernel" "$width")"
      ratio="$(awk -v h="$head_count" -v b="$base_count" 'BEGIN { printf "%.4f", h / b }')"
      printf '| %s | %s | %s | %s | %s |\n' "$kernel" "$width" "$base_count" "$head_count" "$ratio"
      if [[ -n "$gate" ]] && awk -v r="$ratio" -v g="$gate" 'BEGIN { exit !(r > 1 + g / 100) }'; then failed=1; fi
    else
      printf '| %s | %s | %s |\n' "$kernel" "$width" "$head_count"
    fi
  done
done
if ((failed)); then echo "some kernel takes more than $gate % more instructions than at $base" >&2; exit 1; fi
