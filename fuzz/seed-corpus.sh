#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the seed inputs: the committed text fixtures (our own
# compositions) and fuzz/seeds/analyze/ for the text targets, fuzz/seeds/<target>/ (small valid
# and cut-short model payloads, without their checksum) for the model loaders.
# libFuzzer then adds what it finds to these folders (ignored by git).
set -euo pipefail
cd "$(dirname "$0")"
for t in analyze quote_marks; do
  mkdir -p "corpus/$t"
  cp ../tests/fixtures/*.txt ../tests/fixtures/articles/*.txt ../tests/fixtures/mini_polnear/text/*.txt \
    seeds/analyze/* "corpus/$t/"
done
for t in ner_model attribution_model; do
  mkdir -p "corpus/$t"
  cp "seeds/$t"/* "corpus/$t/"
done
ls corpus/* | head -50
