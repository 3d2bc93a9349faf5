"""A whole saved site: thousands of saved web pages loaded, cleaned, annotated and checked for duplicates.

Usage::

    python bench/site.py SRC [--pages 7200] [--quick] [--subset 1000] [--jobs 2] [--rounds 2]
                         [--site-dir DIR] [--wait-quiet S] [--profile] [--out FILE]

``SRC`` is a folder of saved pages (``*.html``, e.g. the 300 en.kremlin.ru dev
pages). :func:`build_site` makes a site of ``--pages`` pages (default 7,200)
from them by repeating them: copy 0 of each page is the page as saved, copy
``n`` >= 1 gets `` (copy n)`` at the end of its ``<h1>`` and one sentence
naming the copy at the end of the first ``<p>`` of the article body
(``itemprop="articleBody"``), so no two texts are byte-identical (the
annotation cache is keyed by the text's hash) while the HTML keeps its
structure. The figures say so (``site.how``). The site goes to a temporary
folder, or to ``--site-dir`` (kept; it must be empty or a site built here, whose
manifest ``DIR.site.json`` lies beside it).

Each step runs in a fresh process with a fresh cache (``cache_dir`` and
``LAVROVKIT_CACHE`` in a temporary folder; the user's cache is never
touched), one step at a time:

1. ``clean_jobs1``, ``clean_jobs2``: ``corpus_load(..., cache=False)`` (read,
   clean, segment) of the first ``--subset`` pages (default 1,000: the 300
   pages as saved and 700 copies) with ``jobs=1`` and ``jobs=2`` (``--jobs``),
   ``--rounds`` times interleaved (default 2), the best of each counting; their
   ratio is ``clean_subset.speedup_jobs2_vs_jobs1``.
2. ``clean_site``: the same over the whole site with ``--jobs``, then
   ``duplicates_find`` over its documents in that process (timed apart).
3. ``pipeline``: the whole pipeline over the whole site: load and clean,
   ``annotate(jobs=...)`` (spaCy into a cold annotation cache, speakers
   attributed), ``corpus.sentences``.
4. with ``--profile``: ``clean_jobs1`` again under cProfile (its times are not
   used), the top functions by own time and by cumulative time.

Times are ``time.perf_counter`` around the kit's calls inside the step's
process (``*_s``; pages/s and MB/s come from these); ``process_wall_s`` adds
the interpreter's start and the imports. ``others_cpu_share`` is the share of
the cores other processes used meanwhile (see bench/parallel.py; 0 = quiet,
0.5 = one core of two); ``--wait-quiet S`` waits up to S s before each step
for them to go quiet. The pages are read from the OS page cache (they were
just written). ``--quick`` is ``--pages 1000`` (and the subset is all of it).
Prints JSON and writes it to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
COPY = re.compile(r"-copy\d+$")
BODY = 'itemprop="articleBody"'
MANIFEST = ".site.json"  # beside the folder (DEST.site.json): in it, the kit would skip it with a warning


# --------------------------------------------------------------------------- the site


def _copy_name(src: Path, copy: int) -> str:
    return src.name if copy == 0 else f"{src.stem}-copy{copy:02d}{src.suffix}"


def _mark_copy(html: str, copy: int) -> str:
    """The page with ``(copy n)`` ending its ``<h1>`` and a sentence ending the article's first paragraph.

    Plain string edits: the first ``</h1>``; the first ``</p>`` after the first ``<p`` that
    follows ``itemprop="articleBody"`` (or, without that, the first ``<p``). A page without
    either is changed where it has one; a page without a paragraph gets the sentence as a
    ``<p>`` of its own before ``</body>``, so that its text still differs.
    """
    if copy == 0:
        return html
    end = html.find("</h1>")
    if end >= 0:
        html = f"{html[:end]} (copy {copy}){html[end:]}"
    sentence = f" This is copy {copy} of the page."
    body = html.find(BODY)
    start = html.find("<p", body if body >= 0 else 0)
    close = html.find("</p>", start) if start >= 0 else -1
    if close >= 0:
        return f"{html[:close]}{sentence}{html[close:]}"
    end = html.rfind("</body>")
    end = end if end >= 0 else len(html)
    return f"{html[:end]}<p>{sentence.strip()}</p>{html[end:]}"


def build_site(src_folder: str | Path, dest: str | Path, pages: int = 7200) -> dict[str, Any]:
    """A folder of ``pages`` saved pages made by repeating the pages of ``src_folder`` (see the module doc).

    Page ``i`` is copy ``i // n`` of the ``i % n``-th source page (``n`` pages, sorted by
    name), so the first ``n`` are the pages as saved. ``dest`` must be empty, missing or a
    site built here before (its pages are replaced). Writes ``DEST.site.json`` beside it (the
    manifest) and
    returns its figures: pages, MB, copies, files in order.
    """
    src_folder, dest = Path(src_folder), Path(dest)
    sources = sorted(p for p in src_folder.iterdir() if p.suffix.lower() in (".html", ".htm") and p.is_file())
    if not sources:
        raise ValueError(f"no .html pages in {src_folder}")
    manifest = dest.with_name(dest.name + MANIFEST)
    if dest.exists() and any(dest.iterdir()):
        if not manifest.exists():
            raise ValueError(f"{dest} is neither empty nor a site built by bench/site.py ({manifest} missing)")
        for name in json.loads(manifest.read_text())["files"]:
            (dest / name).unlink(missing_ok=True)
    dest.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    files: list[str] = []
    total = 0
    texts = {p: p.read_bytes().decode("utf-8") for p in sources}
    for i in range(pages):
        page, copy = sources[i % len(sources)], i // len(sources)
        data = _mark_copy(texts[page], copy).encode("utf-8")
        name = _copy_name(page, copy)
        (dest / name).write_bytes(data)
        files.append(name)
        total += len(data)
    figures = {
        "source": str(src_folder),
        "source_pages": len(sources),
        "source_mb": round(sum(len(t.encode("utf-8")) for t in texts.values()) / 1e6, 1),
        "pages": pages,
        "mb": round(total / 1e6, 1),
        "copies_per_page": -(-pages // len(sources)),
        "how": (f"the {len(sources)} pages of {src_folder} repeated to {pages:,} pages: copy 0 is the page "
                "as saved; copy n >= 1 has ' (copy n)' at the end of its <h1> and 'This is copy n of the "
                "page.' at the end of the first paragraph of the article body, so no two texts are equal"),
        "build_s": round(time.perf_counter() - t0, 1),
    }
    manifest.write_text(json.dumps({**figures, "files": files}, indent=1) + "\n")
    return {**figures, "files": files}


def _subset(site: Path, files: list[str], dest: Path) -> float:
    """Hard links (copies across file systems) of ``files`` of ``site`` in ``dest``; their MB."""
    dest.mkdir(parents=True, exist_ok=True)
    size = 0
    for name in files:
        try:
            os.link(site / name, dest / name)
        except OSError:
            shutil.copy2(site / name, dest / name)
        size += (dest / name).stat().st_size
    return size / 1e6


# --------------------------------------------------------------------------- one step, in its own process


def _step(kind: str, folder: str, jobs: int, cache_dir: str) -> dict[str, Any]:
    """Run one step in this process and return its figures (see the module doc)."""
    from parallel import _machine_busy_s, _others_share, _own_cpu_s

    import lavrovkit

    profiler = None
    if kind == "profile":
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    busy0, own0 = _machine_busy_s(), _own_cpu_s()
    t0 = time.perf_counter()
    corpus = lavrovkit.corpus_load(folder, jobs=jobs, cache=False, progress=False, cache_dir=cache_dir)
    load_s = time.perf_counter() - t0
    out: dict[str, Any] = {"step": kind, "jobs": jobs, "documents": len(corpus),
                           "words": int(corpus.documents["words"].sum()), "skipped": len(corpus.skipped),
                           "load_clean_s": round(load_s, 2)}
    if profiler is not None:
        profiler.disable()
        out["top"] = _top(profiler)
    if kind == "pipeline":
        t1 = time.perf_counter()
        corpus.annotate(jobs=jobs, progress=False)
        sentences = corpus.sentences
        out["annotate_speakers_s"] = round(time.perf_counter() - t1, 1)
        out["sentences"] = len(sentences)
        out["sentences_with_speaker"] = int(sentences["speaker"].notna().sum())
        run = getattr(corpus, "last_run", None)
        out["annotated_now"] = run.annotated if run is not None else None
    wall = time.perf_counter() - t0
    out["total_s"] = round(wall, 2)
    out["others_cpu_share"] = _others_share(busy0, _machine_busy_s(), _own_cpu_s() - own0, wall)
    if kind == "clean_site":
        from lavrovkit.duplicates import duplicates_find

        t1 = time.perf_counter()
        groups = duplicates_find(corpus.documents)
        out["duplicates"] = {"s": round(time.perf_counter() - t1, 2),
                             **_duplicate_figures(groups, corpus.documents)}
    return out


def _top(profiler: Any, n: int = 15) -> dict[str, list[dict[str, Any]]]:
    import pstats

    stats = pstats.Stats(profiler)
    rows = []
    for (file, line, name), (_cc, calls, own, cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = file if file.startswith("~") else f"{Path(file).parent.name}/{Path(file).name}:{line}"
        rows.append({"function": f"{where}({name})", "calls": calls, "own_s": round(own, 3), "cumulative_s": round(cum, 3)})
    return {"by_own_time": sorted(rows, key=lambda r: -r["own_s"])[:n],
            "by_cumulative_time": sorted(rows, key=lambda r: -r["cumulative_s"])[:n]}


def _duplicate_figures(groups: Any, documents: Any) -> dict[str, Any]:
    """Groups, their kinds, and whether they are the copies of one source page (as expected) or mix pages."""
    source = {d: COPY.sub("", Path(f).stem) for d, f in zip(documents["doc_id"], documents["file"], strict=True)}
    members = groups.groupby("group")["doc_id"].apply(list) if len(groups) else []
    one_page = sum(1 for ids in members if len({source[d] for d in ids}) == 1)
    copies_of = {}
    for d in documents["doc_id"]:
        copies_of[source[d]] = copies_of.get(source[d], 0) + 1
    whole = sum(1 for ids in members if len({source[d] for d in ids}) == 1 and len(ids) == copies_of[source[ids[0]]])
    near = groups[groups["kind"] == "near"]["similarity"] if len(groups) else groups
    return {
        "groups": int(len(members)),
        "documents_in_groups": int(len(groups)),
        "documents": int(len(documents)),
        "kinds": {str(k): int(v) for k, v in groups["kind"].value_counts().items()} if len(groups) else {},
        "near_similarity_min": round(float(near.min()), 3) if len(near) else None,
        "near_similarity_median": round(float(near.median()), 3) if len(near) else None,
        "groups_of_one_source_page": one_page,
        "groups_holding_all_copies_of_a_page": whole,
        "groups_mixing_source_pages": int(len(members) - one_page),
        "source_pages": len(copies_of),
        "note": ("the site repeats its source pages, so the copies of a page are near copies (they differ by "
                 "the copy number in the heading and one sentence): groups of them are expected; a group "
                 "mixing source pages is a duplicate among the source pages themselves"),
    }


def _run_step(kind: str, folder: Path, jobs: int, tmp: Path, wait_quiet: float) -> dict[str, Any]:
    """``_step`` in a fresh interpreter with a fresh cache; adds the process's wall time."""
    from parallel import _wait_quiet

    quiet = _wait_quiet(wait_quiet) if wait_quiet > 0 else None
    cache = tmp / f"cache-{kind}"
    if cache.exists():
        shutil.rmtree(cache)
    env = {**os.environ, "LAVROVKIT_CACHE": str(cache), "PYTHONPATH": str(HERE.parent)}
    print(f"-- {kind}: {folder} (jobs {jobs})", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--step", kind, str(folder),
                           "--jobs", str(jobs), "--cache", str(cache)],
                          env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    shutil.rmtree(cache, ignore_errors=True)
    if done.returncode:
        raise RuntimeError(f"step {kind} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["process_wall_s"] = round(wall, 1)
    if quiet is not None:
        figures["busy_share_before"] = quiet
    print(f"   {kind}: {figures['total_s']} s", file=sys.stderr, flush=True)
    return figures


# --------------------------------------------------------------------------- all steps


def run(src: str | Path, *, pages: int = 7200, quick: bool = False, subset: int = 1000, jobs: int = 2, rounds: int = 2,
        site_dir: str | Path | None = None, wait_quiet: float = 0.0, profile: bool = False) -> dict[str, Any]:
    """Build the site and measure every step (see the module doc); the figures as one dict."""
    if quick:
        pages = min(pages, 1000)
    subset = min(subset, pages)
    sys.path.insert(0, str(HERE))  # bench/parallel.py's helpers
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lavrovkit-site-") as tmp_name:
        tmp = Path(tmp_name)
        site = Path(site_dir) if site_dir else tmp / "site"
        print(f"-- building {pages:,} pages in {site}", file=sys.stderr, flush=True)
        built = build_site(src, site, pages)
        files = built.pop("files")
        sub = tmp / f"subset-{subset}"
        sub_mb = _subset(site, files[:subset], sub)
        steps: dict[str, dict[str, Any]] = {}
        tries: dict[str, list[dict[str, Any]]] = {"clean_jobs1": [], f"clean_jobs{jobs}": []}
        for _round in range(rounds):  # interleaved: jobs 1, jobs N, jobs 1, ...; the best of each counts
            for label, n in (("clean_jobs1", 1), (f"clean_jobs{jobs}", jobs)):
                tries[label].append(_run_step(label, sub, n, tmp, wait_quiet))
        for label, runs in tries.items():
            steps[label] = {**min(runs, key=lambda f: f["load_clean_s"]),
                            "all_load_clean_s": [f["load_clean_s"] for f in runs],
                            "all_others_cpu_share": [f["others_cpu_share"] for f in runs]}
        steps["clean_site"] = _run_step("clean_site", site, jobs, tmp, wait_quiet)
        steps["pipeline"] = _run_step("pipeline", site, jobs, tmp, wait_quiet)
        if profile:
            steps["profile"] = _run_step("profile", sub, 1, tmp, wait_quiet)

    def rate(step: dict[str, Any], n: int, mb: float, key: str = "load_clean_s") -> dict[str, Any]:
        s = step[key]
        return {**step, "pages": n, "mb": round(mb, 1), "pages_per_s": round(n / s, 1), "mb_per_s": round(mb / s, 2)}

    j1, j2 = steps["clean_jobs1"], steps[f"clean_jobs{jobs}"]
    dup = steps["clean_site"].pop("duplicates")
    pipe = steps["pipeline"]
    from lavrovkit import __version__

    result: dict[str, Any] = {
        "benchmark": "saved site",
        "site": built,
        "site_is_7000_pages_or_more": pages >= 7000,
        "jobs": jobs,
        "clean_subset": {
            "pages": subset, "mb": round(sub_mb, 1), "rounds": rounds,
            "jobs1": rate(j1, subset, sub_mb), f"jobs{jobs}": rate(j2, subset, sub_mb),
            f"speedup_jobs{jobs}_vs_jobs1": round(j1["load_clean_s"] / j2["load_clean_s"], 2),
            f"speedup_jobs{jobs}_vs_jobs1_process_wall": round(j1["process_wall_s"] / j2["process_wall_s"], 2),
        },
        "clean_site": rate(steps["clean_site"], pages, built["mb"]),
        "pipeline": {**pipe, "pages": pages, "pages_per_s": round(pages / pipe["total_s"], 2),
                     "words_per_s": round(pipe["words"] / pipe["total_s"]),
                     "total_min": round(pipe["total_s"] / 60, 1)},
        "duplicates": dup,
        "reading": "the pages were just written, so they are read from the OS page cache",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}",
        "lavrovkit": __version__,
        "site_s": round(time.perf_counter() - t_start, 1),
    }
    if profile:
        result["profile_clean_jobs1"] = steps["profile"]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src", help="a folder of saved pages (.html), repeated into the site")
    parser.add_argument("--pages", type=int, default=7200, help="pages in the site (default 7200)")
    parser.add_argument("--quick", action="store_true", help="about 1,000 pages for everything")
    parser.add_argument("--subset", type=int, default=1000, help="pages for the jobs 1 / jobs 2 cleaning ratio")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved jobs 1 / jobs N cleaning runs; the best counts")
    parser.add_argument("--site-dir", default=None, help="build the site here and keep it (default: a temporary folder)")
    parser.add_argument("--wait-quiet", type=float, default=0.0, help="wait up to S s before each step for a quiet machine")
    parser.add_argument("--profile", action="store_true", help="also profile the jobs 1 cleaning of the subset")
    parser.add_argument("--out", default=None, help="also write the JSON here")
    parser.add_argument("--step", default=None, help=argparse.SUPPRESS)  # internal: one step, in this process
    parser.add_argument("--cache", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        sys.path.insert(0, str(HERE))
        print(json.dumps(_step(args.step, args.src, args.jobs, args.cache)))
        return 0
    result = run(args.src, pages=args.pages, quick=args.quick, subset=args.subset, jobs=args.jobs, rounds=args.rounds,
                 site_dir=args.site_dir, wait_quiet=args.wait_quiet, profile=args.profile)
    text = json.dumps(result, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
