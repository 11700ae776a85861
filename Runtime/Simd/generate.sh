#!/usr/bin/env bash
# Writes Simd{512,256,128}{F,D}.cs from SimdTemplate.txt: the six vector widths share one text, so a
# fix to tanh or softplus is made once. Runtime.Tests checks the files still match the template.
# Placeholders: VecW (Vector512…), WBITS, SUFFIX (F/D), ELEM (float/double), LIT (f/d), SINT, ASSINT, UINT, ASUINT,
# REINTERPRET, MANT (mantissa bits), EXPBIAS, DEGREE. A line ending in "// float-only" is kept (marker
# removed) for float and dropped for double; "// double-only" the other way round.
set -euo pipefail
cd "$(dirname "$0")"
for w in 512 256 128; do
  for t in float double; do
    if [ "$t" = float ]; then
      s=F; lit=f; uint=uint; asuint=AsUInt32; sint=int; assint=AsInt32; aselem=AsSingle; mant=23; bias=127; degree=7; keep=float; drop=double
    else
      s=D; lit=d; uint=ulong; asuint=AsUInt64; sint=long; assint=AsInt64; aselem=AsDouble; mant=52; bias=1023; degree=13; keep=double; drop=float
    fi
    sed -e "/\/\/ $drop-only\$/d" -e "s/ \/\/ $keep-only\$//" \
      -e "s/VecW/Vector$w/g" -e "s/WBITS/$w/g" -e "s/SUFFIX/$s/g" -e "s/ELEM/$t/g" -e "s/LIT/$lit/g" \
      -e "s/ASSINT/$assint/g" -e "s/SINT/$sint/g" -e "s/ASUINT/$asuint/g" -e "s/REINTERPRET/$aselem/g" -e "s/UINT/$uint/g" -e "s/MANT/$mant/g" -e "s/EXPBIAS/$bias/g" -e "s/DEGREE/$degree/g" \
      SimdTemplate.txt > "Simd$w$s.cs"
  done
done
