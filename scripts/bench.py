"""Benchmark temapakker against pandoc where users feel the speed, and print the targets.

Not a test: it prints figures and checks them against the targets of issue 17. Every
comparison with pandoc is paired: the two tools run one after the other on the same pack,
in alternating order, and the ratio is the median of the pairs' ratios.

    python scripts/bench.py                   # every section, targets (exit 0)
    python scripts/bench.py --check           # exit 1 if a target is missed
    python scripts/bench.py --only small,pictures --repeat 15
    python scripts/bench.py --pandoc /tmp/pdtool/pypandoc/files/pandoc
    python scripts/bench.py --profile 1000    # cProfile an in-process build of 1000 slides
    python scripts/bench.py --gc-share 5000   # what the cycle collector would cost

pandoc is found by --pandoc, then $PANDOC, then PATH, then the pypandoc package (for one
run only: ``pip install --target /tmp/pdtool pypandoc-binary``); without it the script says
so and reports temapakker alone.

Sections (--only), in this order: small (20 slides; with pandoc, also the floor: Python
and the libraries the build imports, imported and nothing run, and the build in a process
that has built once), sizes (20 to 5000 slides), incremental
(slides.md edit, no-op build), bundled (this repository's packs), pictures (50 x 2 MB),
serve (edit to preview, in this process).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from unittest import mock

SIZES = (20, 200, 1000, 5000)
SECTION_EVERY = 10
# A child forked from a large process counts the parent's pages in its own peak memory, so
# the sections that make the parent grow come last: pictures (made here, with Pillow), and
# serve (which builds in this process).
SECTIONS = ("small", "sizes", "incremental", "bundled", "pictures", "serve")

TARGET_SMALL_RATIO = 1.0  # temapakker / pandoc, 20 slides
TARGET_PICTURE_RATIO = 0.6  # temapakker / pandoc, deck of 50 x 2 MB pictures
TARGET_PICTURE_EXTRA_MIB = 100.0  # peak memory above the pictures' own size
TARGET_SERVE_S = 0.3  # save to new preview, one slide changed
TARGET_GROWTH = 1.05  # seconds per slide at 5000 / at 1000
TARGET_NOOP_S = 0.05
PICTURES, PICTURE_BYTES = 50, 2_000_000



def the_command() -> list[str]:
    """``temapakker`` as users run it: the command pip installed beside this interpreter
    (so it runs in it), else ``python -m temapakker`` (which also imports runpy)."""
    script = Path(sys.executable).with_name("temapakker")
    if script.is_file() and os.access(script, os.X_OK):
        with script.open("rb") as handle:
            first = handle.readline()
        if first.startswith(b"#!") and Path(first[2:].decode(errors="replace").strip()) \
                .resolve() == Path(sys.executable).resolve():
            return [str(script)]
    return [sys.executable, "-m", "temapakker"]


TEMAPAKKER = the_command()

WORDS = ("kulturskole", "samarbeid", "elever", "lærere", "kommune", "dialog", "tilbud",
         "mangfold", "kvalitet", "ressurser", "fellesskap", "utvikling", "skole", "barnehage",
         "frivillighet")


# --------------------------------------------------------------------------- packs


def _words(seed: int, count: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(count))


def slides_markdown(count: int) -> str:
    """A slides.md of *count* slides: bullets (two levels, some bold), notes, sections."""
    lines: list[str] = []
    for n in range(1, count + 1):
        if (n - 1) % SECTION_EVERY == 0:
            lines += [f"# Part {(n - 1) // SECTION_EVERY + 1}", ""]
        lines += [f"## Slide {n}", ""]
        bullets = 4 + n % 2  # 4 or 5 top-level bullets
        for b in range(bullets):
            text = _words(n + b, 5 + (n + b) % 4)
            if (n + b) % 3 == 0:
                text = f"**{text.split()[0]}** {' '.join(text.split()[1:])}"
            lines.append(f"- {text}")
            if b % 2 == 1:  # second level under every other bullet
                lines.append(f"    - {_words(n * b + 1, 4)}")
        lines += ["", "::: notes", ""]
        for k in range(2 + n % 2):  # 2 or 3 note lines
            lines.append(f"- Merknad {k + 1}: {_words(n + 11 * k, 8)}")
        lines += ["", ":::", ""]
    return "\n".join(lines)


def make_pack(root: Path, count: int) -> Path:
    """Write a pack of *count* slides under *root*; return its folder."""
    pack = root / f"bench-{count}"
    pack.mkdir(parents=True, exist_ok=True)
    (pack / "pack.yaml").write_text(f'title: "Benchmark {count} slides"\nlanguage: nb\n',
                                    encoding="utf-8")
    (pack / "slides.md").write_text(slides_markdown(count), encoding="utf-8")
    return pack


# --------------------------------------------------------------------------- running


def make_picture_pack(root: Path, count: int = PICTURES, size: int = PICTURE_BYTES) -> Path:
    """A pack of *count* slides, each with its own picture of about *size* bytes (noise, so
    neither PNG nor JPEG can make it smaller), half PNG and half JPEG, and a handout."""
    from PIL import Image

    pack = root / f"pictures-{count}"
    media = pack / "media"
    media.mkdir(parents=True, exist_ok=True)
    rng = random.Random(17)
    # RGB noise: about three bytes a pixel in PNG, 1.2 in a JPEG of quality 95.
    sides = {"png": int((size / 3) ** 0.5), "jpg": int((size / 1.18) ** 0.5)}
    lines = []
    for n in range(1, count + 1):
        kind = "png" if n % 2 else "jpg"
        side = sides[kind]
        image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
        name = f"bilde-{n:02d}.{kind}"
        if kind == "png":
            image.save(media / name, compress_level=1)
        else:
            image.save(media / name, quality=95)
        lines += [f"## Bilde {n}", "", f"![Bilde nummer {n}](media/{name})", "",
                  "::: notes", "", f"Merknad til bilde {n}.", "", ":::", ""]
    (pack / "pack.yaml").write_text('title: "Benchmark pictures"\nlanguage: nb\n',
                                    encoding="utf-8")
    (pack / "slides.md").write_text("\n".join(lines), encoding="utf-8")
    (pack / "forberedelse.md").write_text(
        "# Forberedelse\n\n## Les dette\n\n" + _words(3, 40) + "\n", encoding="utf-8")
    return pack


def picture_bytes(pack: Path) -> int:
    return sum(p.stat().st_size for p in (pack / "media").iterdir())


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Run:
    """One run of a command: wall time, the child's peak memory and CPU time."""

    seconds: float
    peak_kib: int
    cpu: float  # user + system seconds: steadier than wall time on a machine others share


@dataclass
class Runs:
    """Repeated runs of one command."""

    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the child

    @property
    def median_s(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024

    def add(self, run: Run) -> Run:
        self.seconds.append(run.seconds)
        self.peak_kib.append(run.peak_kib)
        self.cpu.append(run.cpu)
        return run


class RunFailed(Exception):
    """A tool exited with an error; the message has its command and the end of stderr."""


def run_once(argv: Sequence[str], cwd: Path) -> Run:
    """Run *argv* as a fresh child and measure it.

    The peak comes from ``os.wait4`` on that child's pid, so it is this child's own
    maximum resident set (Linux reports ru_maxrss in KiB), not a total over children.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        if code != 0:
            err.seek(0)
            tail = "\n".join(err.read().decode("utf-8", "replace").strip().splitlines()[-15:])
            raise RunFailed(f"exit {code}: {' '.join(argv)}\n{tail}")
    peak = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    return Run(elapsed, peak, usage.ru_utime + usage.ru_stime)


@dataclass
class Tools:
    """The commands measured, and a scratch folder for their outputs."""

    work: Path
    pandoc: str | None
    runs: int = 0

    def fresh(self) -> Path:
        """An empty output folder (pandoc does not make its own)."""
        self.runs += 1
        out = self.work / f"out-{self.runs}"
        out.mkdir(parents=True)
        return out

    def temapakker(self, pack: Path, formats: str | None, out: Path) -> list[str]:
        argv = [*TEMAPAKKER, "build", str(pack), "--out", str(out)]
        return argv + (["--formats", formats] if formats else [])

    def run_temapakker(self, pack: Path, formats: str | None) -> Run:
        out = self.fresh()
        try:
            return run_once(self.temapakker(pack, formats, out), pack)
        finally:
            shutil.rmtree(out, ignore_errors=True)

    def run_pandoc(self, pack: Path) -> Run:
        assert self.pandoc is not None
        out = self.fresh()
        try:
            return run_once([self.pandoc, "slides.md", "-o", str(out / "out.pptx")], pack)
        finally:
            shutil.rmtree(out, ignore_errors=True)


def paired(tools: Tools, pack: Path, repeat: int,
           ours: Callable[[], Run] | None = None) -> tuple[Runs, Runs, list[float]]:
    """The deck alone from both tools (or *ours* against pandoc's deck), one after the
    other, the order alternating; the ratios are our time over pandoc's within each pair."""
    mine = ours or (lambda: tools.run_temapakker(pack, "pptx"))
    our_runs, theirs, ratios = Runs(), Runs(), []
    for i in range(repeat):
        order = ("ours", "theirs") if i % 2 == 0 else ("theirs", "ours")
        took: dict[str, Run] = {}
        for who in order:
            took[who] = (our_runs.add(mine()) if who == "ours"
                         else theirs.add(tools.run_pandoc(pack)))
        ratios.append(took["ours"].seconds / took["theirs"].seconds)
    return our_runs, theirs, ratios


# --------------------------------------------------------------------------- report


Target = tuple[str, bool | None]


def verdict(ok: bool | None) -> str:
    return {True: "PASS", False: "MISS", None: "SKIP"}[ok]


def say(text: str = "") -> None:
    print(text, flush=True)


def compare(tools: Tools, pack: Path, label: str, repeat: int, target: float) -> Target:
    """Print the deck-alone times of both tools on one pack; the paired ratio's target."""
    if tools.pandoc is None:
        ours = Runs()
        for _ in range(repeat):
            ours.add(tools.run_temapakker(pack, "pptx"))
        say(f"  temapakker  {ours.median_s:.3f} s  peak {ours.peak_mib:.1f} MiB  "
            f"(median of {repeat}; no pandoc to compare)")
        return f"{label} <= {target:g}x pandoc: no pandoc", None
    ours, theirs, ratios = paired(tools, pack, repeat)
    ratio = statistics.median(ratios)
    say(f"  temapakker  {ours.median_s:.3f} s  peak {ours.peak_mib:.1f} MiB")
    say(f"  pandoc      {theirs.median_s:.3f} s  peak {theirs.peak_mib:.1f} MiB")
    say(f"  ratio       {ratio:.2f}x  (median of {repeat} paired runs; pairs "
        f"{min(ratios):.2f}-{max(ratios):.2f})")
    return f"{label} <= {target:g}x pandoc: {ratio:.2f}x", ratio <= target


# --------------------------------------------------------------------------- sections


def section_small(tools: Tools, root: Path, repeat: int) -> list[Target]:
    say(f"20-slide deck (pptx only), {repeat} paired runs:")
    pack = make_pack(root, 20)
    target = compare(tools, pack, "20-slide deck", repeat, TARGET_SMALL_RATIO)
    if tools.pandoc is not None:
        floor(tools, pack, repeat)
    return [target]


def floor(tools: Tools, pack: Path, repeat: int) -> None:
    """What the 20-slide deck cannot go below with this interpreter and these libraries:
    the third-party modules the build imports, imported in a fresh process and nothing
    else done (paired against pandoc), plus the same build in a process that has built
    once (every module imported, every pattern compiled). What is left of the build's time
    is temapakker's own modules and what a first build compiles."""
    libraries = third_party_modules(pack)
    argv = [sys.executable, "-c", "import " + ", ".join(libraries)]
    imports, theirs, ratios = paired(tools, pack, repeat, lambda: run_once(argv, pack))
    warm = warm_build_seconds(pack)
    tops = sorted({name.split(".")[0] for name in libraries})
    say(f"  floor       {imports.median_s:.3f} s = {statistics.median(ratios):.2f}x pandoc: "
        f"Python and the libraries the build imports ({', '.join(tops)}), imported and "
        f"nothing run")
    say(f"  warm build  {warm:.3f} s: the same build in a process that has built once "
        f"(median of {WARM_RUNS})")
    say(f"  together    {(imports.median_s + warm) / theirs.median_s:.2f}x pandoc, before "
        f"any of temapakker's own modules is imported")


WARM_RUNS = 7
_WARM = """
import contextlib, io, shutil, statistics, sys, tempfile, time
from pathlib import Path
import temapakker.build as build
out = Path(tempfile.mkdtemp())
times = []
for n in range({runs} + 1):
    start = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        build.run(build.Options(packs=[Path({pack!r})], out=out / str(n), formats=("pptx",)))
    times.append(time.perf_counter() - start)
shutil.rmtree(out)
print(statistics.median(times[1:]))
"""
_MODULES = """
import contextlib, io, sys
before = set(sys.modules)
sys.argv = ["temapakker", *{argv!r}]
from temapakker.launch import main
with contextlib.suppress(SystemExit), contextlib.redirect_stderr(io.StringIO()):
    main()
print(" ".join(m for m, module in sys.modules.items()
               if m not in before and not m.startswith("temapakker")
               and getattr(module, "__spec__", None) is not None))  # not Cython's own
"""


def imported_modules(argv: Sequence[str], cwd: Path) -> list[str]:
    """The modules other than temapakker's that ``temapakker *argv*`` imports, in the order
    it imports them (those the interpreter has loaded before it starts left out)."""
    found = subprocess.run([sys.executable, "-c", _MODULES.format(argv=list(argv))], cwd=cwd,
                           capture_output=True, text=True, check=True)
    return found.stdout.split()


def third_party_modules(pack: Path) -> list[str]:
    """The modules outside the standard library that a deck build imports."""
    with tempfile.TemporaryDirectory() as out:
        found = imported_modules(["build", str(pack), "--out", out, "--formats", "pptx"],
                                 pack)
    return [m for m in found if m.split(".")[0] not in sys.stdlib_module_names]


def warm_build_seconds(pack: Path) -> float:
    """The median time of a deck build in a process that has already built it once."""
    found = subprocess.run([sys.executable, "-c", _WARM.format(pack=str(pack), runs=WARM_RUNS)],
                           capture_output=True, text=True, check=True)
    return float(found.stdout)


def section_pictures(tools: Tools, root: Path, repeat: int) -> list[Target]:
    pack = make_picture_pack(root)
    size = picture_bytes(pack) / 2**20
    say(f"{PICTURES} pictures of {PICTURE_BYTES / 1e6:g} MB ({size:.1f} MiB in all), "
        f"deck alone, {repeat} paired runs:")
    targets = [compare(tools, pack, "pictures, deck alone", repeat, TARGET_PICTURE_RATIO)]
    every = Runs()
    for _ in range(max(3, repeat // 3)):
        every.add(tools.run_temapakker(pack, None))
    say(f"  default formats  {every.median_s:.3f} s  peak {every.peak_mib:.1f} MiB "
        f"(median of {len(every.seconds)})")
    limit = size + TARGET_PICTURE_EXTRA_MIB
    targets.append((f"pictures, default formats, peak <= pictures + "
                    f"{TARGET_PICTURE_EXTRA_MIB:g} MiB = {limit:.0f} MiB: "
                    f"{every.peak_mib:.1f} MiB", every.peak_mib <= limit))
    return targets


def copy_bundled(root: Path) -> Path:
    """This repository's packs and templates, copied to be edited."""
    shutil.copytree(REPO / "packs", root / "packs")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def edit_slide(pack: Path, n: int) -> None:
    """Change the text of one slide: the first bullet of slides.md gets a word."""
    slides = pack / "slides.md"
    lines = slides.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("- "))
    lines[first] = lines[first].rstrip("\n") + f" endret{n}\n"
    slides.write_text("".join(lines), encoding="utf-8")


def section_serve(tools: Tools, root: Path, repeat: int) -> list[Target]:
    """serve's rebuild after a one-slide edit, in this process as serve runs it."""
    import temapakker.check
    from temapakker import build as build_module
    from temapakker import serve

    work = copy_bundled(root / "serve")
    packs = sorted(p for p in (work / "packs").iterdir() if p.is_dir())
    checks = 0
    check_pack = temapakker.check.check_pack

    def counted(*args: object, **kwargs: object) -> object:
        nonlocal checks
        checks += 1
        return check_pack(*args, **kwargs)  # type: ignore[arg-type]

    cwd = os.getcwd()
    os.chdir(work)
    temapakker.check.check_pack = counted  # type: ignore[assignment]
    try:
        options = build_module.Options(out=work / "preview", jobs=1,
                                       formats=("pptx", "html", "docx", "site", "zip"))
        state = serve.State()
        serve.rebuild(options, state)  # the first build, as serve starts
        seconds, counts = [], []
        for n in range(repeat):
            edit_slide(packs[0], n)
            checks = 0
            start = time.perf_counter()
            line = serve.rebuild(options, state)
            seconds.append(time.perf_counter() - start)
            counts.append(checks)
            if state.errors:
                raise RunFailed(f"serve rebuild failed: {line}")
    finally:
        temapakker.check.check_pack = check_pack
        os.chdir(cwd)
    took = statistics.median(seconds)
    say(f"serve, {len(packs)} packs, one slide of {packs[0].name} changed, {repeat} rebuilds:")
    say(f"  save -> preview  {took:.3f} s (median; the watcher adds its 50 ms step)")
    say(f"  packs checked    {statistics.median(counts):g} per rebuild "
        f"(of {len(packs)}; 1 is the changed pack once)")
    return [(f"serve, save -> preview <= {TARGET_SERVE_S:g} s: {took:.3f} s",
             took <= TARGET_SERVE_S),
            (f"serve checks the changed pack once and no other: "
             f"{statistics.median(counts):g} check(s)", statistics.median(counts) == 1)]


def section_incremental(tools: Tools, root: Path, repeat: int) -> list[Target]:
    """Every format built; then slides.md of one pack edited, and nothing at all."""
    work = copy_bundled(root / "incremental")
    pack = sorted(p for p in (work / "packs").iterdir() if p.is_dir())[0]
    out = work / "build"
    base = [*TEMAPAKKER, "build", "--out", str(out)]
    first = subprocess.run(base, cwd=work, stdin=subprocess.DEVNULL, capture_output=True,
                           text=True)
    if first.returncode != 0:
        raise RunFailed(f"exit {first.returncode}: {' '.join(base)}\n{first.stderr[-2000:]}")
    handout = out / pack.name / f"{pack.name}-forberedelse.pdf"
    # Without WeasyPrint the build makes no PDF and says why: nothing to watch.
    no_pdf = "" if handout.is_file() else next(
        (line for line in first.stderr.splitlines() if line.startswith("PDF skipped")),
        f"no {handout.name} was made")
    edits, rebuilt = Runs(), []
    for n in range(repeat):
        before = handout.stat().st_ino if not no_pdf else 0
        edit_slide(pack, n)
        edits.add(run_once(base, work))
        if not no_pdf:  # a new file is staged and moved in
            rebuilt.append(handout.stat().st_ino != before)
    # Paired with the bare interpreter, as the machine's load swings more than a no-op takes.
    # What a no-op build cannot go below: the interpreter and the standard library modules
    # it imports (pathlib, json, hashlib, …), imported and nothing run.
    stdlib = imported_modules(["build", "--out", str(out)], work)
    floor_argv = [sys.executable, "-c", "import " + ", ".join(stdlib)]
    noop, bare, floor, own_s = Runs(), Runs(), Runs(), []
    for _ in range(max(15, repeat)):
        took = noop.add(run_once(base, work)).seconds
        own_s.append(took - bare.add(run_once([sys.executable, "-c", "pass"], work)).seconds)
        floor.add(run_once(floor_argv, work))
    say(f"incremental, every format, {pack.name}:")
    if no_pdf:
        say(f"  slides.md edited  {edits.median_s:.3f} s (median of {repeat}); no handout "
            f"PDF to watch: {no_pdf}")
    else:
        say(f"  slides.md edited  {edits.median_s:.3f} s (median of {repeat}); handout PDF "
            f"made again in {sum(rebuilt)} of {repeat}")
    say(f"  no-op build       {noop.median_s:.3f} s (median of {len(noop.seconds)}); "
        f"the interpreter alone (python -c pass) {bare.median_s:.3f} s")
    # The interpreter's own start-up (site-packages, .pth files) is part of the target but
    # not temapakker's doing: say how much of the no-op build is left once it is taken out.
    own = statistics.median(own_s)
    say(f"  temapakker's own part of it (imports, fingerprints) {own:.3f} s (median of the "
        f"pairs' differences)")
    tops = sorted({name.split(".")[0] for name in stdlib if not name.startswith("_")})
    say(f"  floor             {floor.median_s:.3f} s: Python and the {len(stdlib)} modules of "
        f"the standard library a no-op build imports ({', '.join(tops)}), imported and "
        f"nothing run")
    handout_target: Target = (
        (f"slides.md edit leaves the handout alone: no PDFs here ({no_pdf})", None)
        if no_pdf else
        (f"slides.md edit leaves the handout alone: rebuilt {sum(rebuilt)} of {repeat} "
         f"times ({edits.median_s:.3f} s)", not any(rebuilt)))
    return [handout_target,
            (f"no-op build <= {TARGET_NOOP_S:g} s: {noop.median_s:.3f} s (python -c pass "
             f"{bare.median_s:.3f} s, temapakker's own {own:.3f} s)",
             noop.median_s <= TARGET_NOOP_S)]


def section_sizes(tools: Tools, root: Path, repeat: int, sizes: Sequence[int]) -> list[Target]:
    say(f"decks of {', '.join(map(str, sizes))} slides (pptx only, temapakker, median of "
        f"{repeat} rounds, each size once a round):")
    packs = {count: make_pack(root, count) for count in sizes}
    runs = {count: Runs() for count in sizes}
    growths: list[float] = []
    for _ in range(repeat):
        # Every size once a round, so that a machine that runs slower for a while (a shared
        # host does) slows all sizes alike instead of whichever size it happened to run.
        cpu = {count: runs[count].add(tools.run_temapakker(packs[count], "pptx")).cpu
               for count in sizes}
        if 1000 in cpu and 5000 in cpu:
            # CPU time per slide above the start-up, which the 20-slide deck measures
            start = cpu.get(20, 0.0)
            growths.append(((cpu[5000] - start) / 5000) / ((cpu[1000] - start) / 1000))
    for count in sizes:
        done = runs[count]
        say(f"  {count:>5} slides  {done.median_s:7.3f} s  CPU {done.median_cpu:7.3f} s  "
            f"{done.median_cpu / count * 1000:6.2f} CPU ms/slide  peak {done.peak_mib:6.1f} MiB")
    if not growths:
        return [("5000 slides within 5 % of 1000 per slide: needs both sizes", None)]
    growth = statistics.median(growths)
    return [(f"5000 slides per slide <= {TARGET_GROWTH:g}x of 1000: {growth:.2f}x (median of "
             f"{len(growths)} rounds; {min(growths):.2f}-{max(growths):.2f})",
             growth <= TARGET_GROWTH)]


REPO = Path(__file__).resolve().parents[1]


def section_bundled(tools: Tools, root: Path, repeat: int) -> list[Target]:
    """Full and PDF builds of this repository's packs, each as a fresh process."""
    work = copy_bundled(root / "bundled")
    base = [*TEMAPAKKER, "build", "--force"]
    say("bundled packs (packs/ of this repository):")
    for label, extra in (("full build, every format but PDF",
                          ["--formats", "pptx,html,docx,site,zip", "--out", "out"]),
                         ("PDFs only (run sheets, handouts)",
                          ["--formats", "pdf", "--out", "out-pdf"])):
        runs = Runs()
        for _ in range(repeat):
            runs.add(run_once([*base, *extra], work))
        say(f"  {label:<34} {runs.median_s:6.3f} s  peak {runs.peak_mib:6.1f} MiB")
    return []


# --------------------------------------------------------------------------- machine


def find_pandoc(given: str | None) -> str | None:
    """pandoc from --pandoc, $PANDOC, PATH or the pypandoc package, in that order."""
    for candidate in (given, os.environ.get("PANDOC"), shutil.which("pandoc")):
        if candidate:
            return candidate if Path(candidate).is_file() else None
    try:
        import pypandoc  # type: ignore[import-untyped]

        path = str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return None
    return path if Path(path).is_file() else None


def pandoc_version(pandoc: str) -> str:
    try:
        out = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.splitlines()[0] if out.stdout else "unknown"


def temapakker_version() -> str:
    try:
        return metadata.version("temapakker")
    except metadata.PackageNotFoundError:
        return "not installed"


def startup_hooks() -> list[str]:
    """The .pth files of this interpreter's site folders that run code at every start
    (a line beginning with ``import``), other than temapakker's own."""
    import site

    folders = [*site.getsitepackages(), site.getusersitepackages()]
    found = []
    for folder in dict.fromkeys(folders):
        for pth in sorted(Path(folder).glob("*.pth")):
            if "temapakker" in pth.name:
                continue
            try:
                lines = pth.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            if any(line.startswith(("import ", "import\t")) for line in lines):
                found.append(str(pth))
    return found


def interpreter_start(repeat: int = 9) -> tuple[float, float]:
    """Median wall seconds of ``python -c pass`` and of ``python -S -c pass`` (without the
    site folders and their .pth files), run in turn."""
    plain, bare = [], []
    for _ in range(repeat):
        plain.append(run_once([sys.executable, "-c", "pass"], Path.cwd()).seconds)
        bare.append(run_once([sys.executable, "-S", "-c", "pass"], Path.cwd()).seconds)
    return statistics.median(plain), statistics.median(bare)


def bench(args: argparse.Namespace) -> int:
    import temapakker

    pandoc = find_pandoc(args.pandoc)
    say("machine:")
    say(f"  nproc       {os.cpu_count()}  ({platform.machine()}, {platform.system()} "
        f"{platform.release()})")
    venv = " (a virtual environment)" if sys.prefix != sys.base_prefix else ""
    say(f"  python      {platform.python_version()}  ({sys.executable}{venv})")
    # Every build below starts this interpreter: say what its own start costs, and whether
    # code of others runs in it (a .pth file's import lines run at every start).
    plain, bare = interpreter_start()
    say(f"  start-up    python -c pass {plain * 1000:.0f} ms; python -S -c pass (no site "
        f"folders) {bare * 1000:.0f} ms")
    hooks = startup_hooks()
    say(f"  .pth hooks  {', '.join(hooks) if hooks else 'none'}"
        f"{' (not ours: they run at every start of every build)' if hooks else ''}")
    say(f"  temapakker  {temapakker_version()}  ({Path(temapakker.__file__).parent}); "
        f"run as {' '.join(TEMAPAKKER)}")
    if pandoc is None:
        say("  pandoc      NOT FOUND: give --pandoc or $PANDOC, or put it on PATH "
            "(pip install --target /tmp/pdtool pypandoc-binary); pandoc's ratios are skipped")
    else:
        say(f"  pandoc      {pandoc_version(pandoc)}  ({pandoc})")
    say()
    targets: list[Target] = []
    with tempfile.TemporaryDirectory(prefix="temapakker-bench-") as tmp:
        root = Path(tmp)
        tools = Tools(root / "out", pandoc)
        for name in args.only:
            try:
                if name == "small":
                    found = section_small(tools, root / "packs", max(args.repeat, 15))
                elif name == "pictures":
                    found = section_pictures(tools, root / "packs", args.repeat_large)
                elif name == "serve":
                    found = section_serve(tools, root, max(args.repeat, 5))
                elif name == "incremental":
                    found = section_incremental(tools, root, args.repeat_large)
                elif name == "sizes":
                    found = section_sizes(tools, root / "packs", args.repeat_large, args.sizes)
                else:
                    found = section_bundled(tools, root, args.repeat_large)
            except RunFailed as error:
                say(f"  FAILED: {error}")
                found = [(f"{name}: a run failed", False)]
            targets += found
            say()
    say("targets:")
    for text, ok in targets:
        say(f"  {verdict(ok)}  {text}")
    return 1 if args.check and any(ok is False for _, ok in targets) else 0


# --------------------------------------------------------------------------- profile


def profile(count: int, top: int = 25) -> int:
    import temapakker.build

    with tempfile.TemporaryDirectory(prefix="temapakker-profile-") as tmp:
        pack = make_pack(Path(tmp) / "packs", count)
        out = Path(tmp) / "out"
        options = temapakker.build.Options(packs=[pack], out=out, formats=("pptx",))
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        temapakker.build.run(options)
        profiler.disable()
        elapsed = time.perf_counter() - start
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.sort_stats(pstats.SortKey.CUMULATIVE).print_stats(top)
    say(f"profile of an in-process build of {count} slides: {elapsed:.3f} s (under cProfile)")
    say(buffer.getvalue().rstrip())
    return 0


def gc_share(count: int) -> int:
    """The CPU time the cycle collector would take in an in-process build of *count*
    slides, were the build not to turn it off."""
    import contextlib
    import gc

    import temapakker.build

    spent = {0: 0.0, 1: 0.0, 2: 0.0}
    runs = {0: 0, 1: 0, 2: 0}
    started = [0.0]

    def timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            spent[info["generation"]] += time.process_time() - started[0]
            runs[info["generation"]] += 1

    with tempfile.TemporaryDirectory(prefix="temapakker-gc-") as tmp:
        pack = make_pack(Path(tmp) / "packs", count)
        options = temapakker.build.Options(packs=[pack], out=Path(tmp) / "out",
                                           formats=("pptx",))
        with mock.patch.object(temapakker.build, "_no_cycle_collection",
                               contextlib.nullcontext):
            gc.callbacks.append(timed)
            start = time.process_time()
            try:
                temapakker.build.run(options)
            finally:
                gc.callbacks.remove(timed)
            total = time.process_time() - start
    collector = sum(spent.values())
    say(f"{count} slides, the cycle collector on: build {total:.2f} s CPU, of which the "
        f"collector {collector:.3f} s ({collector / total:.1%})")
    for generation in spent:
        say(f"  generation {generation}: {runs[generation]} collections, "
            f"{spent[generation]:.3f} s")
    return 0


# --------------------------------------------------------------------------- main


def counts(text: str) -> tuple[int, ...]:
    values = tuple(int(part) for part in text.split(",") if part.strip())
    if not values or any(v <= 0 for v in values):
        raise argparse.ArgumentTypeError("give positive slide counts, e.g. 20,1000,5000")
    return values


def sections(text: str) -> tuple[str, ...]:
    names = {part.strip() for part in text.split(",") if part.strip()}
    if not names or names - set(SECTIONS):
        raise argparse.ArgumentTypeError(f"choose from {', '.join(SECTIONS)}")
    return tuple(name for name in SECTIONS if name in names)  # always in SECTIONS' order


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=15, metavar="N",
                        help="paired runs of the 20-slide deck, rebuilds in serve "
                             "(default 15; the small deck takes at least 15)")
    parser.add_argument("--repeat-large", type=int, default=5, metavar="N",
                        help="runs of the larger measurements (default 5)")
    parser.add_argument("--sizes", type=counts, default=SIZES, metavar="A,B,C",
                        help="slide counts of the sizes section (default 20,200,1000,5000)")
    parser.add_argument("--only", type=sections, default=SECTIONS, metavar="A,B",
                        help=f"sections to run (default all: {','.join(SECTIONS)})")
    parser.add_argument("--pandoc", metavar="PATH", help="the pandoc program to compare with")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="instead, profile an in-process build of N slides (top 25 "
                             "cumulative)")
    parser.add_argument("--gc-share", type=int, metavar="N",
                        help="instead, time the cycle collector in an in-process build of "
                             "N slides with it left on")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.repeat_large < 1:
        parser.error("--repeat and --repeat-large must be at least 1")
    if args.profile is not None:
        return profile(args.profile)
    if args.gc_share is not None:
        return gc_share(args.gc_share)
    # pip compiles a package's modules when it installs it; an editable install (and an
    # environment with PYTHONDONTWRITEBYTECODE) would compile them again on every run.
    import compileall

    import temapakker

    compileall.compile_dir(Path(temapakker.__file__).parent, quiet=1)
    return bench(args)


if __name__ == "__main__":
    sys.exit(main())
