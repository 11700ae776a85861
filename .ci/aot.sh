#!/usr/bin/env bash
# Publishes the Moons sample with Native AOT (instruction set of this machine), runs it and the JIT
# build with the same seed, and requires the same results: identical lines where both run at the
# same vector width (the usual case: both take the widest this CPU accelerates).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=artifacts/moons-aot
rm -rf "$out"
start=$(date +%s)
dotnet publish Samples/Moons -c Release -r linux-x64 -p:IlcInstructionSet=native -o "$out" 2>&1 | tee artifacts/aot-publish.log
if grep -E "warning (IL|AOT)[0-9]+" artifacts/aot-publish.log; then
  echo "aot: the publish has trim/AOT warnings"; exit 1
fi
echo "aot: published in $(( $(date +%s) - start )) s, binary $(du -h "$out/Moons" | cut -f1)"

args=(--iterations 20000 --draws 2000 --summaries 40)
"$out/Moons" "${args[@]}" --out artifacts/moons-aot-run > artifacts/aot.txt
dotnet run --project Samples/Moons -c Release -- "${args[@]}" --out artifacts/moons-jit-run > artifacts/jit.txt
cat artifacts/aot.txt

# Timing lines differ; everything computed must not.
compare() { grep -E '^(simd|elbo|psis|posterior|accuracy)' "$1" | sed -E 's/; sampled and predicted in [0-9.]+ s//'; }
if diff <(compare artifacts/jit.txt) <(compare artifacts/aot.txt); then
  echo "aot: the AOT binary's ELBO trace, 40 posterior summaries and accuracies equal the JIT run's"
else
  echo "aot: the AOT binary and the JIT run disagree (lines above)"; exit 1
fi

# Pinned to another width than the one both took above (README: "pin the width"), the two still agree bit for bit.
"$out/Moons" "${args[@]}" --simd 256 --out artifacts/moons-aot-256 > artifacts/aot-256.txt
dotnet run --project Samples/Moons -c Release --no-build -- "${args[@]}" --simd 256 --out artifacts/moons-jit-256 > artifacts/jit-256.txt
if diff <(compare artifacts/jit-256.txt) <(compare artifacts/aot-256.txt); then
  echo "aot: pinned to 256 bits (--simd 256), the AOT binary and the JIT run agree too"
else
  echo "aot: pinned to 256 bits, the AOT binary and the JIT run disagree (lines above)"; exit 1
fi

# The prediction path alone: load the posterior the AOT run saved, draw, predict; AOT too, no warnings.
predict=artifacts/moons-predict-aot
rm -rf "$predict"
dotnet publish Samples/MoonsPredict -c Release -r linux-x64 -p:IlcInstructionSet=native -o "$predict" 2>&1 | tee artifacts/aot-predict-publish.log
if grep -E "warning (IL|AOT)[0-9]+" artifacts/aot-predict-publish.log; then
  echo "aot: the MoonsPredict publish has trim/AOT warnings"; exit 1
fi
"$predict/MoonsPredict" --fit artifacts/moons-aot-run/fit.mgfit --draws 2000 | tee artifacts/predict.txt
saved=$(grep '^accuracy:' artifacts/aot.txt | head -1 | sed -E 's/; sampled and predicted in [0-9.]+ s//')
loaded=$(grep '^accuracy:' artifacts/predict.txt | head -1)
if [ "$saved" = "$loaded" ]; then
  echo "aot: the loaded posterior predicts exactly as the fit that saved it ($loaded)"
else
  echo "aot: loaded posterior disagrees: fit '$saved', loaded '$loaded'"; exit 1
fi
