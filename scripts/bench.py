#!/usr/bin/env python3
"""Benchmark temapakker against pandoc on generated packs of 20, 200 and 1000 slides.

Not a test: it prints figures (median wall time and peak memory of each tool run as a
fresh subprocess) and checks them against the performance targets.

    python scripts/bench.py                  # table + targets (exit 0)
    python scripts/bench.py --check          # exit 1 if a target is missed
    python scripts/bench.py --repeat 5       # more runs per measurement
    python scripts/bench.py --profile 1000   # cProfile an in-process build of 1000 slides

pandoc comes from ``pip install pypandoc-binary`` (extra ``bench``); without it the script
says so and reports temapakker alone.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
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

SIZES = (20, 200, 1000)
SECTION_EVERY = 10

TARGET_SECONDS_1000 = 3.0
TARGET_LINEAR_RATIO = 1.5  # seconds per slide at 1000 / at 200
TARGET_PEAK_MIB = 150.0
TARGET_SMALL_RATIO = 1.5  # temapakker / pandoc at 20 slides

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


@dataclass
class Runs:
    """Repeated runs of one command on one pack."""

    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.seconds)

    @property
    def median_s(self) -> float | None:
        return statistics.median(self.seconds) if self.ok else None

    @property
    def peak_mib(self) -> float | None:
        return max(self.peak_kib) / 1024 if self.ok else None


def run_once(argv: Sequence[str], cwd: Path) -> tuple[float, int, int, str]:
    """Run *argv* as a fresh child; return (wall seconds, peak RSS KiB, exit code, stderr).

    The peak comes from ``os.wait4`` on that child's pid, so it is this child's own
    maximum resident set (Linux reports ru_maxrss in KiB), not a total over children.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    peak = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    return elapsed, peak, proc.returncode, stderr


def measure(argv_for: Callable[[Path], list[str]], pack: Path, work: Path, label: str,
            repeat: int, expect: Callable[[Path], Path]) -> Runs:
    """Run the command *repeat* times, each into a fresh output folder."""
    runs = Runs()
    for i in range(repeat):
        out = work / f"{label}-{pack.name}-{i}"
        out.mkdir(parents=True)  # pandoc does not create the output folder
        argv = argv_for(out)
        seconds, peak, code, stderr = run_once(argv, pack)
        if code != 0 or not expect(out).is_file():
            tail = "\n".join(stderr.strip().splitlines()[-15:])
            runs.error = f"exit {code}: {' '.join(argv)}\n{tail}"
            return runs
        runs.seconds.append(seconds)
        runs.peak_kib.append(peak)
        shutil.rmtree(out, ignore_errors=True)
    return runs


def temapakker_argv(command: list[str], pack: Path) -> Callable[[Path], list[str]]:
    def argv(out: Path) -> list[str]:
        return [*command, "build", str(pack), "--out", str(out), "--formats", "pptx"]
    return argv


def pandoc_argv(pandoc: str) -> Callable[[Path], list[str]]:
    def argv(out: Path) -> list[str]:
        return [pandoc, "slides.md", "-o", str(out / "out.pptx")]
    return argv


def deck_path(pack: Path) -> Callable[[Path], Path]:
    def path(out: Path) -> Path:
        return out / pack.name / f"{pack.name}.pptx"
    return path


# --------------------------------------------------------------------------- machine


def find_pandoc() -> str | None:
    try:
        import pypandoc  # type: ignore[import-untyped]
    except ImportError:
        return None
    try:
        path = str(pypandoc.get_pandoc_path())
    except OSError:
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


def console_script() -> str | None:
    """The ``temapakker`` console script, if it is on PATH.

    The one pip installed beside this interpreter is preferred over a PATH hit such as a
    pyenv shim, whose shell wrapper would be timed along with the build.
    """
    on_path = shutil.which("temapakker")
    if on_path is None:
        return None
    beside = Path(sys.executable).parent / "temapakker"
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else on_path


# --------------------------------------------------------------------------- report


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def verdict(ok: bool | None) -> str:
    return {True: "PASS", False: "MISS", None: "SKIP"}[ok]


def bench(args: argparse.Namespace) -> int:
    pandoc = find_pandoc()
    script = console_script()
    print("machine:")
    print(f"  nproc       {os.cpu_count()}  ({platform.machine()}, {platform.system()} "
          f"{platform.release()})")
    print(f"  python      {platform.python_version()}  ({sys.executable})")
    print(f"  pandoc      {pandoc_version(pandoc) + '  (' + pandoc + ')' if pandoc else '-'}")
    print(f"  temapakker  {temapakker_version()}")
    print(f"  repeat      {args.repeat} (median time, max peak RSS of the child process)")
    if pandoc is None:
        print("pandoc not found (pip install pypandoc-binary); reporting temapakker alone")
    if script is None:
        print("temapakker console script not on PATH; measuring `python -m temapakker` only")
    else:
        print(f"  script      {script}")
    print()

    results: dict[int, dict[str, Runs]] = {}
    with tempfile.TemporaryDirectory(prefix="temapakker-bench-") as tmp:
        root = Path(tmp)
        work = root / "out"
        work.mkdir()
        for count in args.sizes:
            pack = make_pack(root / "packs", count)
            row: dict[str, Runs] = {}
            row["m"] = measure(temapakker_argv([sys.executable, "-m", "temapakker"], pack),
                               pack, work, "m", args.repeat, deck_path(pack))
            if script is not None:
                row["script"] = measure(temapakker_argv([script], pack),
                                        pack, work, "script", args.repeat, deck_path(pack))
            if pandoc is not None:
                row["pandoc"] = measure(pandoc_argv(pandoc), pack, work, "pandoc",
                                        args.repeat, lambda out: out / "out.pptx")
            results[count] = row
            for name, runs in row.items():
                if runs.error:
                    print(f"error ({name}, {count} slides): {runs.error}\n", file=sys.stderr)

    return report(results, has_script=script is not None, has_pandoc=pandoc is not None,
                  check=args.check)


def report(results: dict[int, dict[str, Runs]], *, has_script: bool, has_pandoc: bool,
           check: bool) -> int:
    header = ["slides", "temapakker s", "pandoc s", "ratio", "temapakker MiB", "pandoc MiB"]
    if has_script:
        header += ["script s", "script MiB"]
    rows: list[list[str]] = []
    for count, row in results.items():
        tp, pd = row["m"], row.get("pandoc", Runs())
        ratio = (tp.median_s / pd.median_s
                 if tp.median_s is not None and pd.median_s else None)
        cells = [str(count), fmt(tp.median_s, ".3f"), fmt(pd.median_s, ".3f"),
                 fmt(ratio, ".2f"), fmt(tp.peak_mib, ".1f"), fmt(pd.peak_mib, ".1f")]
        if has_script:
            sc = row["script"]
            cells += [fmt(sc.median_s, ".3f"), fmt(sc.peak_mib, ".1f")]
        rows.append(cells)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print(" | ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
    print("(temapakker = python -m temapakker; ratio = temapakker / pandoc"
          + ("; script = the temapakker console script)" if has_script else ")"))
    print()

    def median(count: int, tool: str = "m") -> float | None:
        runs = results.get(count, {}).get(tool)
        return runs.median_s if runs else None

    checks: list[tuple[str, bool | None]] = []
    t1000 = median(1000)
    checks.append((f"1000 slides <= {TARGET_SECONDS_1000:g} s: {fmt(t1000, '.3f')} s",
                   None if t1000 is None else t1000 <= TARGET_SECONDS_1000))

    t200 = median(200)
    if t200 is not None and t1000 is not None:
        per200, per1000 = t200 / 200, t1000 / 1000
        growth = per1000 / per200
        line = (f"about linear: {per200 * 1000:.2f} ms/slide at 200, "
                f"{per1000 * 1000:.2f} ms/slide at 1000, ratio {growth:.2f} "
                f"(<= {TARGET_LINEAR_RATIO:g})")
        t20 = median(20)
        if t20 is not None:
            lo, hi = (t200 - t20) / 180, (t1000 - t200) / 800
            line += (f"; marginal {lo * 1000:.2f} ms/slide 20→200, "
                     f"{hi * 1000:.2f} ms/slide 200→1000")
        checks.append((line, growth <= TARGET_LINEAR_RATIO))
    else:
        checks.append(("about linear: needs 200 and 1000 slides", None))

    peaks = [r["m"].peak_mib for r in results.values() if r["m"].peak_mib is not None]
    peak = max(peaks) if peaks else None
    checks.append((f"peak memory <= {TARGET_PEAK_MIB:g} MiB: {fmt(peak, '.1f')} MiB",
                   None if peak is None else peak <= TARGET_PEAK_MIB))

    t20, p20 = median(20), median(20, "pandoc")
    if not has_pandoc:
        checks.append(("20 slides within 1.5x of pandoc: no pandoc", None))
    elif t20 is None or p20 is None:
        checks.append(("20 slides within 1.5x of pandoc: no figures", None))
    else:
        checks.append((f"20 slides within {TARGET_SMALL_RATIO:g}x of pandoc: "
                       f"{t20 / p20:.2f}x", t20 / p20 <= TARGET_SMALL_RATIO))

    failed = any(r.error for row in results.values() for r in row.values())
    print("targets:")
    for text, ok in checks:
        print(f"  {verdict(ok)}  {text}")
    missed = failed or any(ok is False for _, ok in checks)
    if failed:
        print("  some runs failed; see the errors above")
    return 1 if check and missed else 0


# --------------------------------------------------------------------------- profile


def profile(count: int, top: int = 25) -> int:
    import temapakker.build

    with tempfile.TemporaryDirectory(prefix="temapakker-profile-") as tmp:
        pack = make_pack(Path(tmp) / "packs", count)
        out = Path(tmp) / "out"
        options = temapakker.build.Options(packs=[pack], out=out)
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        temapakker.build.run(options)
        profiler.disable()
        elapsed = time.perf_counter() - start
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.sort_stats(pstats.SortKey.CUMULATIVE).print_stats(top)
    print(f"profile of an in-process build of {count} slides: {elapsed:.3f} s "
          f"(under cProfile)")
    print(buffer.getvalue().rstrip())
    return 0


# --------------------------------------------------------------------------- main


def sizes(text: str) -> tuple[int, ...]:
    values = tuple(int(part) for part in text.split(",") if part.strip())
    if not values or any(v <= 0 for v in values):
        raise argparse.ArgumentTypeError("give positive slide counts, e.g. 20,200,1000")
    return values


REPO = Path(__file__).resolve().parents[1]
NOOP_TARGET_S = 0.15
FULL_TARGET_S = 2.0


def bench_bundled(repeat: int, check: bool) -> int:
    """Full, no-op and PDF builds of the bundled packs, each as a fresh process."""
    print("bundled packs (packs/ of this repository):")
    no_pdf = "pptx,html,docx,site,zip"
    rows: list[tuple[str, list[float], list[int]]] = []
    with tempfile.TemporaryDirectory(prefix="temapakker-bundled-") as tmp:
        work = Path(tmp)
        shutil.copytree(REPO / "packs", work / "packs")
        shutil.copytree(REPO / "templates", work / "templates")
        base = [sys.executable, "-m", "temapakker", "build", "--out", "out"]
        for label, extra in (("full build, every format but PDF", ["--formats", no_pdf,
                                                                    "--force"]),
                             ("no-op rebuild (nothing changed)", ["--formats", no_pdf]),
                             ("PDFs only (run sheets, handouts)", ["--formats", "pdf",
                                                                   "--force", "--out",
                                                                   "out-pdf"])):
            seconds, peaks = [], []
            for _ in range(repeat if "no-op" not in label else max(repeat, 5)):
                took, peak, code, stderr = run_once([*base, *extra], work)
                if code != 0:
                    print(f"error ({label}): exit {code}\n{stderr}", file=sys.stderr)
                    return 1
                seconds.append(took)
                peaks.append(peak)
            rows.append((label, seconds, peaks))
    for label, seconds, peaks in rows:
        print(f"  {label:<36} {statistics.median(seconds):6.3f} s   "
              f"peak {max(peaks) / 1024:6.1f} MiB")
    full, noop = statistics.median(rows[0][1]), statistics.median(rows[1][1])
    hits = [(f"no-op rebuild <= {NOOP_TARGET_S} s: {noop:.3f} s", noop <= NOOP_TARGET_S),
            (f"full build (no PDF) <= {FULL_TARGET_S} s: {full:.3f} s", full <= FULL_TARGET_S)]
    print("targets:")
    for text, ok in hits:
        print(f"  {verdict(ok)}  {text}")
    print()
    return 1 if check and not all(ok for _, ok in hits) else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="runs per tool and size; the median time is reported (default 3)")
    parser.add_argument("--sizes", type=sizes, default=SIZES, metavar="A,B,C",
                        help="slide counts (default 20,200,1000)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a target is missed")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="instead, profile an in-process build of N slides (top 25 "
                             "cumulative)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.profile is not None:
        return profile(args.profile)
    # pip compiles a package's modules when it installs it; an editable install (and an
    # environment with PYTHONDONTWRITEBYTECODE) would compile them again on every run.
    import compileall

    import temapakker

    compileall.compile_dir(Path(temapakker.__file__).parent, quiet=1)
    bundled = bench_bundled(args.repeat, args.check)
    return bench(args) or bundled


if __name__ == "__main__":
    sys.exit(main())
