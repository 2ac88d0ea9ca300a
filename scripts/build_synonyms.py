"""Regenerate lika/textanalysis/data/synonyms_sv.tsv.gz from Viggo Kann's Swedish synonym lexicon.

    cd /tmp && apt-get download mythes-sv && dpkg-deb -x mythes-sv_*.deb x
    .venv/bin/python scripts/build_synonyms.py /tmp/x/usr/share/mythes/th_sv_SE_v2.dat

The .dat is MyThes format (first line the encoding, then `word|senses` followed by one
`|synonym|synonym...` line per sense, optionally with a `(pos)` first field). The output is
UTF-8, one headword a line: `word<TAB>synonym|synonym...`, senses merged, sorted, gzipped
without a timestamp so the same input gives the same bytes. Licence: see data/README.md.
"""

import gzip
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "lika" / "textanalysis" / "data" / "synonyms_sv.tsv.gz"


def read_mythes(path: Path) -> dict[str, list[str]]:
    raw = path.read_bytes()
    encoding, _newline, body = raw.partition(b"\n")
    lines = body.decode(encoding.decode("ascii").strip() or "iso-8859-1").splitlines()
    entries: dict[str, list[str]] = {}
    index = 0
    while index < len(lines):
        head, _bar, count = lines[index].rpartition("|")
        index += 1
        synonyms = entries.setdefault(head.strip(), [])
        for line in lines[index : index + int(count or 0)]:
            fields = [f.strip() for f in line.split("|")]
            for word in fields[1:]:
                if word and word != head and word not in synonyms:
                    synonyms.append(word)
        index += int(count or 0)
    return {word: synonyms for word, synonyms in entries.items() if word and synonyms}


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    entries = read_mythes(Path(sys.argv[1]))
    text = "".join(f"{word}\t{'|'.join(synonyms)}\n" for word, synonyms in sorted(entries.items()))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(text.encode("utf-8"))
    print(f"{len(entries)} headwords -> {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
