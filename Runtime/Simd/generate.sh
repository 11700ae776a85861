#!/usr/bin/env bash
# Writes Simd{512,256,128}{F,D}.cs from SimdTemplate.txt: the six vector widths share one text, so a
# fix to tanh or softplus is made once. Runtime.Tests checks the files still match the template.
set -euo pipefail
cd "$(dirname "$0")"
for w in 512 256 128; do
  for t in float double; do
    if [ "$t" = float ]; then s=F; lit=f; else s=D; lit=d; fi
    sed -e "s/VecW/Vector$w/g" -e "s/WBITS/$w/g" -e "s/SUFFIX/$s/g" -e "s/ELEM/$t/g" -e "s/LIT/$lit/g" \
      SimdTemplate.txt > "Simd$w$s.cs"
  done
done
