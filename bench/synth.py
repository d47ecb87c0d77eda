#!/usr/bin/env python3
"""Builds the synthetic documents of the scaling run from the SP 800-53 Rev. 5 HIGH file.

synth.py SOURCE.xml K OUT_DIR writes OUT_DIR/old-K.xml and OUT_DIR/new-K.xml:
- old-K holds K copies of every control family (copy 0 is the original; copy i has every id
  suffixed "-sI" and about 3% of its words replaced), so it is about K times the source;
- new-K is old-K revised: about 3% of words changed, 5% of controls given a new id (found
  again by title) and 1% a new id and a new title too (found again by text similarity).
Deterministic (fixed seeds), standard library only, string-level so that the files keep
NIST's own markup and go through the same loader as the real workload.
"""

import random
import re
import sys

WORDS = "assess monitor protect review system process record control update verify".split()
TEXT = re.compile(r">([^<]+)<")
WORD = re.compile(r"[A-Za-z]{4,}")
IDS = re.compile(r'\b(id|id-ref|control-id)="([^"]+)"|href="#([^"]+)"')


def perturb(xml: str, rng: random.Random, rate: float) -> str:
    """Replaces about `rate` of the longer words of the text nodes."""

    def text(m: re.Match) -> str:
        words = WORD.sub(lambda w: rng.choice(WORDS) if rng.random() < rate else w.group(0), m.group(1))
        return f">{words}<"

    return TEXT.sub(text, xml)


def rename(xml: str, suffix: str) -> str:
    """Suffixes every id and reference to one, so a copy is a new set of controls."""

    def one(m: re.Match) -> str:
        if m.group(3) is not None:
            return f'href="#{m.group(3)}{suffix}"'
        return f'{m.group(1)}="{m.group(2)}{suffix}"'

    return IDS.sub(one, xml)


def revise(xml: str, rng: random.Random) -> str:
    """The "new" version: some controls renumbered or retitled, some words changed."""

    def control(m: re.Match) -> str:
        head, cid, body = m.group(1), m.group(2), m.group(3)
        roll = rng.random()
        if roll < 0.01:
            body = re.sub(r"<title>", "<title>Revised ", body, count=1)
        if roll < 0.05:
            cid += "-r"
        return f'{head}id="{cid}">{body}'

    xml = re.sub(r'(<control [^>]*?)id="([^"]+)">(.{0,200}?<title>)', control, xml, flags=re.S)
    return perturb(xml, rng, 0.03)


def main() -> None:
    source, k, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    xml = open(source, encoding="utf-8").read()
    start = xml.index("<group ")
    end = xml.rindex("</group>") + len("</group>")
    head, groups, tail = xml[:start], xml[start:end], xml[end:]
    copies = [groups]
    for i in range(1, k):
        copies.append(perturb(rename(groups, f"-s{i}"), random.Random(i), 0.03))
    old = head + "\n".join(copies) + tail
    new = revise(old, random.Random(1000 + k))
    for name, text in (("old", old), ("new", new)):
        with open(f"{out}/{name}-{k}.xml", "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
