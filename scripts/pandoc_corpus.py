"""Rebuild tests/corpus/pandoc-pptx from pandoc's own PowerPoint test inputs.

Usage: python3 scripts/pandoc_corpus.py PANDOC_GIT_DIR PANDOC_BINARY

For every ``test/pptx/**/input.native`` of a pandoc checkout (read with ``git show``, so a
bare mirror does), this writes a case folder: ``slides.md`` (the input as pandoc's own
Markdown writer writes it, front matter included), ``pack.yaml`` (its title), and
``expected.json``: the words pandoc itself puts on the slides and in the notes when it
makes a deck of the same input, and how many native tables and pictures that deck has.
tests/test_pandoc_corpus.py builds each case and compares. Needs pandoc; the tests do not.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "corpus" / "pandoc-pptx"
sys.path.insert(0, str(ROOT))
from tests.test_pandoc_corpus import deck_facts as count_deck  # noqa: E402

MEDIA = ("lalune.jpg", "movie.jpg")
WORD = re.compile(r"\w+")
TITLE_WORDS = ("title", "subtitle", "author", "date")


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={repo}", *args], check=True,
                          capture_output=True).stdout


def deck_facts(pptx: Path) -> dict[str, object]:
    """Words on slides and in notes, and counts of tables and pictures, of a pandoc deck:
    counted by the very function the test counts our decks with."""
    words, tables, pictures = count_deck(pptx)
    return {"words": sorted(words), "tables": tables, "pictures": pictures}


def main(repo: Path, pandoc: str) -> None:
    commit = git(repo, "rev-parse", "HEAD").decode().strip()
    names = git(repo, "ls-tree", "-r", "--name-only", "HEAD", "test/pptx").decode().split()
    (OUT / "media").mkdir(parents=True, exist_ok=True)
    for media in MEDIA:
        (OUT / "media" / media).write_bytes(git(repo, "show", f"HEAD:test/{media}"))
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for media in MEDIA:
            (work / media).write_bytes((OUT / "media" / media).read_bytes())
        for name in sorted(n for n in names if n.endswith("/input.native")):
            case = name.removeprefix("test/pptx/").removesuffix("/input.native") \
                .replace("/", "--")
            native = work / f"{case}.native"
            native.write_bytes(git(repo, "show", f"HEAD:{name}"))
            folder = OUT / case
            folder.mkdir(exist_ok=True)
            markdown = subprocess.run([pandoc, "-s", "-f", "native", "-t", "markdown",
                                       str(native)], check=True, capture_output=True,
                                      text=True).stdout
            (folder / "slides.md").write_text(markdown, encoding="utf-8")
            meta = json.loads(subprocess.run(
                [pandoc, "-f", "native", "-t", "json", str(native)], check=True,
                capture_output=True, text=True).stdout)["meta"]
            title = _plain(meta.get("title")) or case
            (folder / "pack.yaml").write_text(f"title: {json.dumps(title)}\nlanguage: en\n",
                                              encoding="utf-8")
            deck = work / f"{case}.pptx"
            subprocess.run([pandoc, "-f", "native", "-t", "pptx", "-o", str(deck),
                            str(native)], check=True, capture_output=True, cwd=work)
            facts = deck_facts(deck)
            # the title slide's metadata (author, date) has no place in our pack.yaml test
            # case beyond the title: those words are left out of the comparison
            meta_words = {w.lower() for key in TITLE_WORDS[1:]
                          for w in WORD.findall(_plain(meta.get(key)))}
            facts["metadata_words"] = sorted(meta_words)
            # words pandoc makes up itself, such as the title 'Notes' of its end-notes slide
            source = {w.lower() for w in WORD.findall(markdown)}
            facts["generated_words"] = sorted(set(facts["words"]) - source)  # type: ignore[arg-type]
            facts["source"] = name
            (folder / "expected.json").write_text(json.dumps(facts, indent=1,
                                                             ensure_ascii=False) + "\n")
            cases.append(case)
    (OUT / "SOURCES.md").write_text(SOURCES.format(commit=commit, count=len(cases)),
                                    encoding="utf-8")


def _plain(value: dict[str, object] | None) -> str:
    """The text of a pandoc JSON metadata value."""
    if value is None:
        return ""
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Str":
                out.append(str(node["c"]))
            elif node.get("t") in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            else:
                walk(node.get("c"))
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str) and not out:
            out.append(node)

    walk(value)
    return "".join(out).strip()


SOURCES = """\
# Where these cases come from

Each folder here is one of pandoc's PowerPoint writer tests, `test/pptx/**/input.native`
in https://github.com/jgm/pandoc at commit {commit} ({count} cases), and `media/` holds the
pictures they use (`test/lalune.jpg`, `test/movie.jpg`).

- `slides.md` is the input converted with `pandoc -s -f native -t markdown` (pandoc 3.9).
- `expected.json` lists the words pandoc itself writes on the slides and in the notes when
  it makes a deck of the same input (`pandoc -f native -t pptx`), with its count of native
  tables and pictures. `metadata_words` are the words of the title slide's author and date,
  which the test's `pack.yaml` (title only) does not carry; `generated_words` are words
  pandoc writes that are not in the input (the title «Notes» of its end-notes slide).
- `pack.yaml` gives the case its title (pandoc's `title`, else the case's name).

Regenerate with `python3 scripts/pandoc_corpus.py <pandoc git dir> <pandoc binary>`.

## Licence

Pandoc, its test inputs and test pictures are © John MacFarlane and contributors, released
under the GNU General Public License, version 2 or later (pandoc's COPYRIGHT file). These
short inputs are kept here, converted, as test data only: they are not part of the
temapakker package that is installed, and they stay under pandoc's licence.
"""


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
