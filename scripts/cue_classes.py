#!/usr/bin/env python3
"""Recall of PolNeAR attributions by the class of their cue (issue #10's "where the recall goes").

Usage:
    cargo run --release --features training --example eval_polnear -- DIR --dump dump.jsonl
    python3 scripts/cue_classes.py dump.jsonl DIR/text

A gold attribution is found when a prediction's content overlaps its content (the matching
`eval_polnear` uses before it checks source and cue). Classes follow the cue's first word:
`said`, `says`, `told`, `according`, evidence verbs, intention and stance verbs, multi-word cue
phrases opening with has/have/had, a colon, a dateline dash, everything else. The last line
lists the most frequent cue words among predictions that match no gold attribution.
"""
import collections
import json
import os
import sys

EVIDENCE = {"found", "find", "finds", "show", "shows", "showed"}
STANCE = {"plans", "plan", "support", "supports", "wants", "want", "seems", "seem",
          "pledged", "agreed", "proposes", "proposed"}


def cue_class(cue):
    words = cue.lower().split()
    if not words:
        return "no cue"
    if cue.strip() == ":":
        return "colon"
    if cue.strip() in ("―", "—", "–", "--", "-"):
        return "dash"
    first = words[0]
    if first in ("has", "have", "had") and len(words) > 1:
        return first + " …"
    if first in ("said", "says", "told", "according"):
        return first
    if first in EVIDENCE:
        return "evidence"
    if first in STANCE:
        return "intention/stance"
    return "other"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    dump, text_dir = sys.argv[1], sys.argv[2]
    texts = {}
    for f in os.listdir(text_dir):
        with open(os.path.join(text_dir, f), "rb") as fh:
            texts[f.rsplit(".", 1)[0]] = fh.read()
    gold, missed, unmatched = collections.Counter(), collections.Counter(), collections.Counter()
    with open(dump, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            names = sorted(k for k in texts if k.startswith(d["name"]))
            if not names:
                sys.exit(f"no text for {d['name']} in {text_dir}")
            text = texts[names[0]]
            found = {g for g, _ in d["all_pairs"]}
            used = {p for _, p in d["all_pairs"]}
            for i, g in enumerate(d["golds"]):
                cue = " ".join(text[a:b].decode("utf-8", "replace") for a, b in g["cues"])
                c = cue_class(cue)
                gold[c] += 1
                missed[c] += i not in found
            for j, p in enumerate(d["preds"]):
                if j not in used and p["cue"]:
                    a, b = p["cue"]
                    unmatched[text[a:b].decode("utf-8", "replace").lower()] += 1
    print("cue class          missed / gold")
    for c, n in gold.most_common():
        print(f"  {c:16s} {missed[c]:5d} / {n}")
    print(f"  {'total':16s} {sum(missed.values()):5d} / {sum(gold.values())}")
    print("cues of predictions matching no gold:",
          ", ".join(f"{w} {n}" for w, n in unmatched.most_common(8)))


if __name__ == "__main__":
    main()
