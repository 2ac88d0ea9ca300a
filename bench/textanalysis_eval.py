"""Precision and recall of the business-plan theme matcher, per theme.

Reads the labelled passages in bench/data/textanalysis_eval.yaml (real ones
from the source documents and written ones in the same register, with hard
negatives), runs the default vocabulary over each and prints, per theme, the
number of labelled passages, precision and recall. Target: at least 0.8 for
both on every theme with ten or more labelled passages.

    .venv/bin/python bench/textanalysis_eval.py [--show-misses]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lika.textanalysis.evaluation import evaluate, load_set  # noqa: E402
from lika.textanalysis.vocabulary import default_vocabulary  # noqa: E402

SET = Path(__file__).with_name("data") / "textanalysis_eval.yaml"
TARGET = 0.8


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="only the passages written after the vocabulary was tuned")
    parser.add_argument("--show-misses", action="store_true", help="print every passage where matcher and label disagree")
    args = parser.parse_args()
    passages = load_set(SET.read_text(encoding="utf-8"), SET.name, heldout_only=args.heldout)
    results, disagreements = evaluate(passages, default_vocabulary())
    print(f"{len(passages)} labelled passages, {sum(1 for _t, labels in passages if not labels)} without any theme")
    print(f"{'theme':28} {'labelled':>8} {'found':>6} {'precision':>9} {'recall':>7}")
    failing = []
    for r in results:
        flag = ""
        if r.labelled >= 10 and (r.precision < TARGET or r.recall < TARGET):
            flag = "  below target"
            failing.append(r.key)
        print(f"{r.key:28} {r.labelled:8} {r.found:6} {r.precision:9.2f} {r.recall:7.2f}{flag}")
    tp = sum(r.true_positives for r in results)
    print(f"{'all themes (micro-average)':28} {sum(r.labelled for r in results):8} {sum(r.found for r in results):6} "
          f"{tp / max(1, sum(r.found for r in results)):9.2f} {tp / max(1, sum(r.labelled for r in results)):7.2f}")
    if args.show_misses:
        for text, missed, extra in disagreements:
            print(f"\n{text}\n  missed: {missed}  extra: {extra}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
