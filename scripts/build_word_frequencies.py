"""Regenerate lika/textanalysis/data/word_frequencies_sv.tsv.gz from wordfreq's Swedish list.

    cd /tmp && pip download wordfreq==3.1.1 --no-deps && unzip -o wordfreq-3.1.1-py3-none-any.whl 'wordfreq/data/large_sv*'
    pip install msgpack   # only to read wordfreq's file; Lika does not need it
    .venv/bin/python scripts/build_word_frequencies.py /tmp/wordfreq/data/large_sv.msgpack.gz

wordfreq stores words in bins of centibels (bin i: frequency 10^(-i/100)). The output is UTF-8,
one word a line, `word<TAB>zipf` (zipf = 9 - i/100, one decimal), for the words of zipf 2.5 or
more (about 58 000), in the list's order, gzipped without a timestamp so the same input gives the
same bytes. Licence: see data/README.md.
"""

import gzip
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "lika" / "textanalysis" / "data" / "word_frequencies_sv.tsv.gz"
MIN_ZIPF = 2.5


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    import msgpack

    with gzip.open(sys.argv[1], "rb") as packed:
        bins = msgpack.load(packed, raw=False)
    lines = []
    for index, words in enumerate(bins[1:], start=1):
        zipf = 9 - index / 100
        if zipf < MIN_ZIPF:
            break
        lines += [f"{word}\t{zipf:.1f}\n" for word in words if word.isalpha()]
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write("".join(lines).encode("utf-8"))
    print(f"{len(lines)} words -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
