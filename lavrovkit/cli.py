"""The ``lavrovkit`` command line: the package's helpers for the shell.

Every command takes an optional corpus PATH (default: the bundled seeds) and
``--pattern``; tables print as text, CSV or JSON (``--format``). Errors in the
input print one line naming the file and the problem, and exit with status 2.

Example
-------
    lavrovkit corpus info                      # the bundled seeds
    lavrovkit corpus info speeches/ --pattern '{country}_{session}_{year}.txt' --format json
    lavrovkit corpus export --level sentence --out sentences.csv
    lavrovkit annotate speeches/ --jobs 2
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from lavrovkit.errors import PhraseError
from lavrovkit.selection import PEOPLE_SPEAKER
from lavrovkit.version import __version__

EXAMPLES = {
    "corpus info": "lavrovkit corpus info seeds/ --format json",
    "corpus check": "lavrovkit corpus check seeds/",
    "corpus export": "lavrovkit corpus export seeds/ --level sentence --out sentences.csv",
    "corpus duplicates": "lavrovkit corpus duplicates saved_pages/ --format csv > copies.csv",
    "annotate": "lavrovkit annotate speeches/ --pattern '{country}_{session}_{year}.txt' --jobs 2",
    "embed": "lavrovkit embed speeches/ --level sentence --jobs 2",
    "similar": "lavrovkit similar 'Мы готовы к диалогу с Вашингтоном' speeches/ --top 5 --speaker all --format csv",
    "translations": "lavrovkit translations mixed/ --window 3 --format csv > pairs.csv",
    "init": "lavrovkit init my_study && cd my_study && jupyter lab",
    "report": "lavrovkit report --all -p corpus speeches/ -p start 2016-01-01 --out reports",
    "themes": "lavrovkit themes seeds/ --level doc --format csv > themes.csv",
    "counterparts": "lavrovkit counterparts seeds/ --side 'United States' --format csv",
    "interactions": "lavrovkit interactions seeds/ --format json",
    "phrases": "lavrovkit phrases --phrase dialogue --phrase 'our American partners' --by year --speaker all",
    "kwic": "lavrovkit kwic seeds/ dialogue --window 6 --speaker all",
    "keyness": "lavrovkit keyness --target 2025-01-01: --reference 2016-01-01:2018-12-31 --speaker all --min-freq 2",
    "collocations": "lavrovkit collocations dialogue --window 5 --speaker all",
    "cache info": "lavrovkit cache info",
    "cache prune": "lavrovkit cache prune            # a dry run; --yes removes, --unknown adds unrecorded ones",
}


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def _corpus_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", default=None,
                   help="corpus folder, text file, .tar.gz/.zip archive or CSV/JSONL/Parquet table (default: the bundled seeds)")
    p.add_argument("--pattern", default=None,
                   help="filename pattern whose {fields} become metadata, e.g. '{country}_{session}_{year}.txt'")
    p.add_argument("--catalog", default=None, help="catalog CSV (default: catalog.csv beside the files)")
    p.add_argument("--catalog-on", default=None, metavar="FIELD=COLUMN,...",
                   help="join a metadata table without a file/id column on these filename fields, "
                        "e.g. 'country=country_code,year' (default: inferred from the values)")
    p.add_argument("--text-column", default=None,
                   help="the text column of a table corpus (default: text, content, body, ... whichever exists)")
    p.add_argument("--id-column", default=None, help="the id column of a table corpus (default: id or doc_id)")
    p.add_argument("--max-member-bytes", type=int, default=None, metavar="N",
                   help="skip archive members larger than N bytes uncompressed (default 50 MiB)")
    p.add_argument("--max-archive-bytes", type=int, default=None, metavar="N",
                   help="refuse archives that expand beyond N bytes in total (default 4 GiB)")
    p.add_argument("--cache-dir", default=None, help="annotation cache folder (default: $LAVROVKIT_CACHE or ~/.cache/lavrovkit)")
    p.add_argument("--duplicates", choices=["keep", "drop"], default="keep",
                   help="documents saved more than once: count every copy (keep) or the fullest only (drop)")
    p.add_argument("--jobs", type=int, default=1,
                   help="local processes that clean and annotate what the cache lacks (default 1)")
    p.add_argument("--lang", default=None,
                   help="only the documents in this language: en or ru (default: all; see documents.lang)")


SPEAKER_HELP = ("whose words: auto (default: Sergey Lavrov where he speaks, all text where he never does), "
                "all, or any speaker's name (e.g. Putin, Zakharova)")


def _speaker_arg(p: argparse.ArgumentParser, default: str = "auto") -> None:
    if default == "auto":
        p.add_argument("--speaker", default="auto", help=SPEAKER_HELP)
    else:  # people and events: contacts are reported in narration, so all text unless asked
        p.add_argument("--speaker", default=default,
                       help=f"whose sentences: {default} (default: narration included, where readouts report "
                            "calls and talks), auto (Lavrov's own words where he speaks), or any speaker's name")


def _format_arg(p: argparse.ArgumentParser, choices: Sequence[str] = ("table", "csv", "json")) -> None:
    p.add_argument("--format", choices=list(choices), default="table", help="output format (default: table)")


def _load(args: argparse.Namespace, **kw: Any) -> Any:
    from lavrovkit.corpus import corpus_load
    from lavrovkit.selection import language_scope

    caps = {k: v for k in ("max_member_bytes", "max_archive_bytes") if (v := getattr(args, k)) is not None}
    corpus = corpus_load(args.path, args.pattern, catalog=args.catalog, catalog_on=args.catalog_on,
                         text_column=args.text_column, id_column=args.id_column, cache_dir=args.cache_dir,
                         duplicates=getattr(args, "duplicates", "keep"), **caps,
                         **{"jobs": getattr(args, "jobs", 1), **kw})
    return language_scope(corpus, getattr(args, "lang", None))


#: The widest a text cell prints in table form.
CELL_WIDTH = 60


def emit(df: pd.DataFrame, fmt: str, out: Any = None) -> None:
    """Print a table as text, CSV or JSON records."""
    out = out or sys.stdout
    if fmt == "csv":
        df.to_csv(out, index=False)
    elif fmt in ("json", "jsonl"):
        records = json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False))
        if fmt == "jsonl":
            for rec in records:
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:  # text: long cells cut to CELL_WIDTH characters (CSV and JSON keep them whole)
        shown = df.astype(object).where(df.notna(), "").map(
            lambda v: v if not isinstance(v, str) or len(v) <= CELL_WIDTH else v[:CELL_WIDTH - 1] + "…")
        out.write(shown.to_string(index=False) + "\n")


def _info_table(corpus: Any) -> pd.DataFrame:
    docs = corpus.documents.drop(columns=["text", "key", "notes", "encoding"], errors="ignore").copy()
    docs["date"] = docs["date"].dt.strftime("%Y-%m-%d")
    return docs.rename(columns={"doc_id": "id"})


def cmd_corpus_info(args: argparse.Namespace) -> int:
    corpus = _load(args)
    table = _info_table(corpus)
    if args.format == "json":
        payload = {
            "documents": json.loads(table.to_json(orient="records", force_ascii=False)),
            "skipped": corpus.skipped.to_dict(orient="records"),
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        emit(table, args.format)
        if len(corpus.skipped) and args.format == "table":
            sys.stdout.write(f"\nskipped {len(corpus.skipped)} file(s):\n")
            emit(corpus.skipped, "table")
    return 0


def cmd_corpus_check(args: argparse.Namespace) -> int:
    corpus = _load(args)
    prov = corpus.provenance
    rows = []
    for (doc_id, fld), group in prov.groupby(["doc_id", "field"], sort=False):
        used = group[group["used"]]
        heur = group[group["origin"] == "heuristic"]
        if used.empty or heur.empty or (used["origin"] == "heuristic").all():
            continue
        chosen = used.iloc[0]
        for _, h in heur.iterrows():
            if not _same_value(fld, str(chosen["value"]), str(h["value"])):
                rows.append({"doc_id": doc_id, "field": fld, "used": chosen["value"], "from": chosen["origin"],
                             "element": chosen["evidence"] if chosen["origin"] == "page" else "",
                             "text clue": h["value"], "evidence": h["evidence"]})
    table = pd.DataFrame(rows)
    if table.empty:
        print(f"{len(corpus)} documents: text clues agree with the catalog, tables, file names and the pages' "
              "own metadata everywhere they found a value.")
    else:
        print(f"{len(corpus)} documents; {len(table)} disagreement(s) between text clues and the catalog, a table, "
              "the file name or the page's own metadata (whose value is used: column 'from'):")
        emit(table.fillna(""), "table")
    undated = corpus.documents[corpus.documents["date"].isna()]
    if len(undated):
        print(f"\n{len(undated)} document(s) without a date: {', '.join(undated['doc_id'].head(20))}")
    if len(corpus.skipped):
        print(f"\nskipped {len(corpus.skipped)} file(s):")
        emit(corpus.skipped, "table")
    return 0


#: Typographic characters that differ between a catalog and a page without changing a value.
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def _same_value(fld: str, a: str, b: str) -> bool:
    """Do a catalog value and a heuristic guess agree? ("unknown" precision is no finding.)"""
    a, b = (" ".join(v.translate(_TYPOGRAPHY).lower().split()) for v in (a, b))
    if fld == "date_precision" and "unknown" in (a, b):
        return True
    if fld == "date":
        return a.startswith(b) or b.startswith(a)
    return a == b or a in b or b in a


def cmd_corpus_duplicates(args: argparse.Namespace) -> int:
    corpus = _load(args)
    table = corpus.duplicates(threshold=args.threshold)
    if args.format == "table":
        from lavrovkit.duplicates import duplicate_ids

        copies = len(duplicate_ids(table)) if len(table) else 0
        verb = "dropped" if corpus.duplicate_policy == "drop" else "counted (pass --duplicates drop to keep one)"
        print(f"{len(corpus)} documents; {copies} copies in {table['group'].nunique() if len(table) else 0} "
              f"group(s), {verb}")
    if len(table):
        out = table.assign(date=table["date"].dt.strftime("%Y-%m-%d"), similarity=table["similarity"].round(3))
        emit(out, args.format)
    return 0


def cmd_corpus_export(args: argparse.Namespace) -> int:
    from lavrovkit.files import write_table

    corpus = _load(args)
    level = args.level
    if level == "doc":
        table = corpus.documents.drop(columns=["key"])
    elif level == "paragraph":
        table = corpus.paragraphs
    elif level == "sentence":
        table = corpus.sentences
    else:
        table = corpus.tokens
    path = write_table(table, args.out)
    print(f"wrote {len(table)} {level} rows to {path}")
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    corpus = _load(args, jobs=args.jobs, scheduler=args.scheduler, progress=not args.quiet)
    corpus.annotate(args.tier)
    run = corpus.last_run
    tiers = corpus.tiers()
    counts = [f"{len(corpus.sentences)} sentences", f"{len(corpus.forms)} tokens"]
    if "entities" in tiers:
        counts.append(f"{len(corpus.entities)} entities")
    if run is None:  # every tier was loaded already
        print(f"{len(corpus)} documents, tiers {', '.join(tiers)}: {', '.join(counts)}")
        return 0
    done = "; ".join(f"{tier}: {n['cached']} from cache, {n['annotated']} annotated" for tier, n in run.per_tier.items())
    print(f"{len(corpus)} documents ({run.backend}): {done}; {', '.join(counts)}")
    for lang, one in (run.by_lang or {"": run}).items():  # a corpus in several languages: each one's pipeline
        print(f"model{f' ({lang})' if lang else ''} {one.spec.name} {one.spec.version} "
              f"[{', '.join(one.spec.components)}]; cache {one.folder.parent}")
    return 0


def cmd_embed(args: argparse.Namespace) -> int:
    import time

    from lavrovkit.embed import embedding_folder

    corpus = _load(args, jobs=args.jobs, scheduler=args.scheduler, progress=not args.quiet)
    for level in (["sentence", "paragraph"] if args.level == "all" else [args.level]):
        start = time.perf_counter()
        e = corpus.embeddings(level, model=args.model)
        print(f"{len(e)} {level}s of {len(corpus)} documents: {e.vectors.shape[1]}-dimensional vectors "
              f"({e.model}) in {time.perf_counter() - start:.1f} s")
    print(f"cache {embedding_folder(args.model, args.cache_dir)}")
    return 0


def cmd_similar(args: argparse.Namespace) -> int:
    from lavrovkit.errors import ParameterError
    from lavrovkit.similar import similar

    query: Any = args.query
    if args.sentence:
        if args.query is not None and args.path is None:  # `similar --sentence D:S PATH`: the one positional is PATH
            args.path, query = args.query, None
        if query is not None:
            raise ParameterError("similar: give a QUERY text or --sentence DOC_ID:SENTENCE_ID, not both")
        doc, sep, sid = args.sentence.rpartition(":")
        if not sep or not doc or not sid.strip().isdigit():
            raise ParameterError(f"similar: --sentence takes DOC_ID:SENTENCE_ID (e.g. 000:12), not {args.sentence!r}")
        query = (doc, int(sid))
    elif query is None:
        raise ParameterError("similar: give a QUERY text, or --sentence DOC_ID:SENTENCE_ID for more like it")
    filters = {k: v for k, v in (("source", args.source), ("genre", args.genre)) if v}
    table = similar(_load(args, progress=not args.quiet), query, top=args.top, level=args.level,
                    speaker=args.speaker, min_score=args.min_score, model=args.model, **_date_filters(args),
                    **filters)
    if args.format == "table":
        table = table.assign(date=table["date"].dt.strftime("%Y-%m-%d"))
    emit(table, args.format)
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    from lavrovkit.translations import translation_pairs, translation_sentences, translation_terms

    corpus = _load(args, progress=not args.quiet)
    options = {"window": args.window, "threshold": args.threshold, "min_score": args.min_score,
               "model": args.model}
    pairs = translation_pairs(corpus, **options)
    left = pairs.attrs["unpaired"]
    if args.phrase:
        table = translation_terms(corpus, args.phrase, pairs=pairs, top=args.top, **options)
        a = table.attrs
        print(f"{args.phrase!r}: {a['english_sentences']} English sentence(s) in the pairs use it, {a['aligned']} "
              f"aligned with Russian; {a['outside_pairs']} use(s) outside the pairs not counted", file=sys.stderr)
        if args.format != "json":
            table = table.assign(examples=table["examples"].map(" | ".join))
    elif args.sentences:
        table = translation_sentences(corpus, pairs, threshold=args.threshold, model=args.model)
    else:
        table = pairs
        shown = left.head(20)
        print(f"{len(pairs)} pair(s); {len(left)} document(s) unpaired"
              + "".join(f"\n  {d} ({lang}): {r}" for d, lang, r in zip(shown["doc_id"], shown["lang"],
                                                                        shown["reason"], strict=True))
              + (f"\n  ... {len(left) - len(shown)} more" if len(left) > len(shown) else ""), file=sys.stderr)
    if args.format in ("table", "csv"):
        dates = [c for c in table.columns if c.startswith("date_")]
        table = table.assign(**{c: table[c].dt.strftime("%Y-%m-%d") for c in dates})
    emit(table, args.format)
    return 0


def _date_filters(args: argparse.Namespace) -> dict[str, str]:
    """The --start/--end options that were given, as corpus filters."""
    return {k: v for k, v in (("start", args.start), ("end", args.end)) if v}


def cmd_themes(args: argparse.Namespace) -> int:
    from lavrovkit.themes import taxonomy_load, theme_docs, theme_paragraphs, theme_sentences

    taxonomy = taxonomy_load(args.taxonomy)
    corpus = _load(args)
    filters = {**_date_filters(args), "speaker": args.speaker, "method": args.method}
    if args.level == "doc":
        table = theme_docs(corpus, taxonomy, **filters)
        table["date"] = table["date"].dt.strftime("%Y-%m-%d")
    else:
        fn = theme_sentences if args.level == "sentence" else theme_paragraphs
        table = fn(corpus, taxonomy, **filters)
        table["date"] = table["date"].dt.strftime("%Y-%m-%d")
        if args.only_tagged:
            table = table[table["themes"].str.len() > 0]
        if args.format in ("table", "csv"):  # lists have no CSV form: joined, as in every other command
            table = table.assign(**{c: table[c].str.join("; ") for c in ("themes", "evidence", "model_themes",
                                                                           "model_evidence")})
    emit(table.reset_index(drop=True), args.format)
    return 0


def _listed(table: pd.DataFrame, fmt: str, columns: Sequence[str]) -> pd.DataFrame:
    """Dates as YYYY-MM-DD; list columns joined for text and CSV output (kept as lists in JSON)."""
    table = table.copy()
    if "date" in table:
        table["date"] = table["date"].dt.strftime("%Y-%m-%d")
    if fmt in ("table", "csv"):
        for col in columns:
            table[col] = table[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
    return table


def cmd_counterparts(args: argparse.Namespace) -> int:
    from lavrovkit.actors import actors_load
    from lavrovkit.counterparts import counterparts

    actors = actors_load(args.actors) if args.actors else None
    corpus = _load(args, actors=actors)
    table = counterparts(corpus, actors, side=args.side, speaker=args.speaker, **_date_filters(args))
    emit(_listed(table, args.format, ["interactions", "themes"]), args.format)
    return 0


def cmd_interactions(args: argparse.Namespace) -> int:
    from lavrovkit.actors import actors_load
    from lavrovkit.counterparts import interactions

    actors = actors_load(args.actors) if args.actors else None
    corpus = _load(args, actors=actors)
    table = interactions(corpus, actors, speaker=args.speaker, **_date_filters(args))
    emit(_listed(table, args.format, ["participants", "sides"]), args.format)
    return 0


def _phrasing_filters(args: argparse.Namespace) -> dict[str, Any]:
    # without --lemma, each phrase in its language's way (English as written, Russian in every form)
    return {"speaker": args.speaker, "lemma": True if args.lemma else None}


def _case(args: argparse.Namespace) -> str | bool:
    """The --case choice as the helpers' ``case`` argument."""
    return "auto" if args.case == "auto" else args.case == "yes"


def cmd_phrases(args: argparse.Namespace) -> int:
    from lavrovkit.phrasing import phrase_trend

    if not args.phrase and not args.family:
        raise PhraseError("give at least one --phrase or --family")
    table = phrase_trend(_load(args), args.phrase or [], families=args.family or [], by=args.by,
                         phrasebook=args.phrasebook, case=_case(args), **_phrasing_filters(args))
    emit(table, args.format)
    return 0


def cmd_kwic(args: argparse.Namespace) -> int:
    from lavrovkit.phrasing import kwic

    table = kwic(_load(args), args.pattern_text, window=args.window, case=_case(args), **_phrasing_filters(args))
    emit(_listed(table, args.format, []), args.format)
    return 0


def cmd_keyness(args: argparse.Namespace) -> int:
    from lavrovkit.phrasing import keyness

    table = keyness(_load(args), target=args.target, reference=args.reference, min_freq=args.min_freq, n=args.n,
                    **_phrasing_filters(args))
    emit(table.head(args.top) if args.top else table, args.format)
    return 0


def cmd_collocations(args: argparse.Namespace) -> int:
    from lavrovkit.phrasing import collocations

    table = collocations(_load(args), args.word, window=args.window, min_freq=args.min_freq, top=args.top,
                         case=_case(args), **_phrasing_filters(args))
    emit(table, args.format)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from lavrovkit.parameters import curated_notebooks, parameters_file, parameters_parse
    from lavrovkit.reports import render_all

    sets = parameters_file(args.params) if args.params else [{}]
    names = curated_notebooks() if args.all or not args.names else args.names
    common = parameters_parse([tuple(p) for p in args.param or []], names)
    results = render_all(names, [{**s, **common} for s in sets], args.out, show_code=args.show_code,
                         jobs=args.jobs)
    for r in results:
        state = "ok" if r.ok else f"FAILED ({r.error})"
        print(f"{r.name}: {state} -> {r.html} ({r.seconds:.1f} s)")
    print(f"index: {args.out}/index.html")
    return 0 if all(r.ok for r in results) else 1


def cmd_init(args: argparse.Namespace) -> int:
    from lavrovkit.study import study_init

    written = study_init(args.folder)
    notebooks = sum(p.suffix == ".ipynb" for p in written)
    print(f"{args.folder}: {notebooks} notebooks, {sum(p.parent.name == 'data' for p in written)} data files, "
          f"corpus/ and reports/ folders, README.md\nnext: cd {args.folder} && jupyter lab")
    return 0


def cmd_cache_info(args: argparse.Namespace) -> int:
    from lavrovkit.cache import cache_root
    from lavrovkit.housekeeping import cache_info, info_text

    info = cache_info(args.cache_dir)
    if args.format == "table":
        sys.stdout.write(info_text(info, cache_root(args.cache_dir)))
    else:
        emit(info, args.format)
    return 0


def cmd_cache_prune(args: argparse.Namespace) -> int:
    from lavrovkit.cache import cache_root
    from lavrovkit.housekeeping import cache_info, megabytes, prune_rows, prune_summary, text_table

    info = cache_info(args.cache_dir)
    pruned = prune_rows(info, dry_run=not args.yes, unknown=args.unknown)
    print(f"cache: {cache_root(args.cache_dir)}")
    if len(pruned):
        shown = pruned.assign(size=pruned["bytes"].map(megabytes))
        if args.yes:
            shown = shown.assign(removed=shown["removed"].map({True: "yes", False: "NO"}))
        cols = ["table", "generation", "status", "size", *(["removed"] if args.yes else []), "reason"]
        print(text_table(shown[cols], right=("size",)))
    print(prune_summary(pruned, info, dry_run=not args.yes, unknown=args.unknown))
    return 0


Command = Callable[[argparse.Namespace], int]


# ---------------------------------------------------------------------- topics (lavrovkit.topic_model)
TOPICS_EXAMPLE = "lavrovkit topics speeches/ --level paragraph --table prevalence --format csv > topics.csv"


def cmd_topics(args: argparse.Namespace) -> int:
    from lavrovkit.topic_model import topic_model, topic_prevalence

    n_topics: int | str = args.n_topics if args.n_topics == "auto" else int(args.n_topics)
    corpus = _load(args)
    filters: dict[str, Any] = _date_filters(args)
    model = topic_model(corpus, n_topics, level=args.level, taxonomy=args.taxonomy, speaker=args.speaker,
                        seed=args.seed, terms=args.terms, **filters)
    print(f"{model.how}; {len(model.uncovered())} of {model.n_topics} topics no theme covers ({model.scope})",
          file=sys.stderr)
    if args.table == "topics":
        table = model.topics
    elif args.table == "assignments":
        table = model.assignments
    else:
        table = topic_prevalence(model, by=args.by)
    emit(_listed(table, args.format, [c for c in ("keywords", "central", "central_ids", "doc_ids") if c in table]),
         args.format)
    return 0


def _topics_parser(sub: Any) -> None:
    p = sub.add_parser("topics", help="topics the embeddings find: keywords, central passages, the theme that "
                                      "covers each (or none), assignments, prevalence per period",
                       formatter_class=_Formatter, epilog="example:\n  " + TOPICS_EXAMPLE)
    _corpus_args(p)
    p.add_argument("--level", choices=["paragraph", "sentence"], default="paragraph",
                   help="the units clustered (default paragraph)")
    p.add_argument("--n-topics", default="auto",
                   help="number of topics, or auto (default: the best silhouette within bounds set by the size)")
    p.add_argument("--table", choices=["topics", "assignments", "prevalence"], default="topics",
                   help="topics (default: one row per topic), assignments (one row per unit) or prevalence "
                        "(share of each period's units per topic, with the documents behind each point)")
    p.add_argument("--by", choices=["auto", "month", "quarter", "year"], default="auto",
                   help="time grain of --table prevalence (default auto: fits the corpus's span)")
    p.add_argument("--seed", type=int, default=15, help="seed of the clustering (default 15)")
    p.add_argument("--terms", choices=["lemma", "form"], default="lemma",
                   help="keywords from lemmas (default) or word forms (no tagger needed)")
    p.add_argument("--taxonomy", default=None, help="taxonomy YAML (default: the shipped themes.yaml)")
    p.add_argument("--start", default=None, help="first date, YYYY-MM-DD")
    p.add_argument("--end", default=None, help="last date, YYYY-MM-DD")
    _speaker_arg(p)
    _format_arg(p, ("table", "csv", "json", "jsonl"))
    p.set_defaults(func=cmd_topics)
# ---------------------------------------------------------------------- end of topics


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command (``lavrovkit --help``)."""
    parser = argparse.ArgumentParser(
        prog="lavrovkit", formatter_class=_Formatter,
        description="Research kit for how Sergey Lavrov speaks about Russia-US relations.",
        epilog="examples:\n  " + "\n  ".join(EXAMPLES.values()),
    )
    parser.add_argument("--version", action="version", version=f"lavrovkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    corpus = sub.add_parser("corpus", help="inspect, check and export a corpus", formatter_class=_Formatter,
                            epilog="examples:\n  " + "\n  ".join(v for k, v in EXAMPLES.items() if k.startswith("corpus")))
    csub = corpus.add_subparsers(dest="corpus_command", metavar="SUBCOMMAND")
    info = csub.add_parser("info", help="one row per document with its metadata", formatter_class=_Formatter,
                           epilog="example:\n  " + EXAMPLES["corpus info"])
    _corpus_args(info)
    _format_arg(info)
    info.set_defaults(func=cmd_corpus_info)
    check = csub.add_parser("check", help="where text heuristics and the catalog disagree", formatter_class=_Formatter,
                            epilog="example:\n  " + EXAMPLES["corpus check"])
    _corpus_args(check)
    check.set_defaults(func=cmd_corpus_check)
    dups = csub.add_parser("duplicates", help="documents saved more than once (exact and near copies)",
                           formatter_class=_Formatter, epilog="example:\n  " + EXAMPLES["corpus duplicates"])
    _corpus_args(dups)
    _format_arg(dups)
    dups.add_argument("--threshold", type=float, default=0.8,
                      help="near copies: Jaccard similarity of word 5-grams at least this (default 0.8)")
    dups.set_defaults(func=cmd_corpus_duplicates)
    export = csub.add_parser("export", help="write documents, paragraphs, sentences or tokens to a file",
                             formatter_class=_Formatter, epilog="example:\n  " + EXAMPLES["corpus export"])
    _corpus_args(export)
    export.add_argument("--level", choices=["doc", "paragraph", "sentence", "token"], default="sentence")
    export.add_argument("--out", required=True, help="output file; format from the extension: .csv, .parquet, .jsonl")
    export.set_defaults(func=cmd_corpus_export)

    annotate = sub.add_parser("annotate", help="run spaCy over a corpus and fill the cache", formatter_class=_Formatter,
                              epilog="example:\n  " + EXAMPLES["annotate"])
    _corpus_args(annotate)
    annotate.add_argument("--scheduler", default=None,
                          help="Dask scheduler address (tcp://host:8786) to annotate on a cluster; "
                               "default $LAVROVKIT_SCHEDULER or local")
    annotate.add_argument("--quiet", action="store_true", help="no progress bar")
    annotate.add_argument("--tier", default="all", choices=["forms", "lemmas", "entities", "all"],
                          help="how much to compute: forms (sentences, word forms, speakers: enough for phrase "
                               "trends, KWIC, keyness), lemmas (adds lemmas and part of speech), entities (adds "
                               "named entities), all (default)")
    annotate.set_defaults(func=cmd_annotate)

    embed = sub.add_parser("embed", help="compute the sentence or paragraph vectors of a corpus and fill the cache",
                           formatter_class=_Formatter, epilog="example:\n  " + EXAMPLES["embed"])
    _corpus_args(embed)
    embed.add_argument("--level", choices=["sentence", "paragraph", "all"], default="sentence",
                       help="which units to embed (default sentence)")
    embed.add_argument("--model", default=None, help="embedding model (default e5-small)")
    embed.add_argument("--scheduler", default=None,
                       help="Dask scheduler address (tcp://host:8786) to embed on a cluster")
    embed.add_argument("--quiet", action="store_true", help="no progress bar")
    embed.set_defaults(func=cmd_embed)

    similar = sub.add_parser("similar", help="the passages closest in meaning to a text (any language) or to a "
                                             "sentence of the corpus", formatter_class=_Formatter,
                             epilog="examples:\n  " + EXAMPLES["similar"] +
                             "\n  lavrovkit similar --sentence 000:12 speeches/ --level paragraph   # more like it")
    similar.add_argument("query", nargs="?", default=None, metavar="QUERY",
                         help="a sentence or phrase in English, Russian or another language")
    _corpus_args(similar)
    similar.add_argument("--sentence", default=None, metavar="DOC_ID:SENTENCE_ID",
                         help="more like this sentence of the corpus (itself and copies of it left out), "
                              "instead of QUERY")
    similar.add_argument("--top", type=int, default=10, help="passages to show (default 10)")
    similar.add_argument("--level", choices=["sentence", "paragraph"], default="sentence",
                         help="compare sentences (default) or paragraphs")
    _speaker_arg(similar)
    similar.add_argument("--start", default=None, help="first date, YYYY-MM-DD")
    similar.add_argument("--end", default=None, help="last date, YYYY-MM-DD")
    similar.add_argument("--source", action="append", default=None, help="only this source (repeat for several)")
    similar.add_argument("--genre", action="append", default=None, help="only this genre (repeat for several)")
    similar.add_argument("--min-score", type=float, default=None, help="leave out passages scoring less (cosine)")
    similar.add_argument("--model", default=None, help="embedding model (default e5-small)")
    similar.add_argument("--quiet", action="store_true", help="no progress bar while the corpus is embedded")
    _format_arg(similar, ("table", "csv", "json", "jsonl"))
    similar.set_defaults(func=cmd_similar)

    translations = sub.add_parser(
        "translations", help="which document translates which (catalog translation_of or matched by date and "
        "aligned sentences); the aligned sentences; the Russian words behind an English phrase",
        formatter_class=_Formatter,
        epilog="examples:\n  " + EXAMPLES["translations"] +
        "\n  lavrovkit translations mixed/ --sentences --format jsonl   # each English sentence beside its Russian"
        "\n  lavrovkit translations mixed/ --phrase irritants         # the Russian words behind it")
    _corpus_args(translations)
    translations.add_argument("--sentences", action="store_true", help="the aligned sentences, not the pairs")
    translations.add_argument("--phrase", default=None, help="an English phrase: the Russian words behind it")
    translations.add_argument("--window", type=int, default=3,
                              help="days between an original and its translation (default 3)")
    translations.add_argument("--threshold", type=float, default=0.85,
                              help="least cosine of two aligned sentences (default 0.85)")
    translations.add_argument("--min-score", type=float, default=0.5,
                              help="least share of the shorter document's sentences aligned (default 0.5)")
    translations.add_argument("--top", type=int, default=30, help="terms shown with --phrase (default 30)")
    translations.add_argument("--model", default=None, help="embedding model (default e5-small)")
    translations.add_argument("--quiet", action="store_true", help="no progress bar while the corpus is embedded")
    _format_arg(translations, ("table", "csv", "json", "jsonl"))
    translations.set_defaults(func=cmd_translations)

    themes = sub.add_parser("themes", help="themes per sentence, paragraph or document, with evidence",
                            formatter_class=_Formatter, epilog="example:\n  " + EXAMPLES["themes"] +
                            "\n  lavrovkit themes --level sentence --only-tagged --format jsonl")
    _corpus_args(themes)
    themes.add_argument("--taxonomy", default=None, help="taxonomy YAML (default: the shipped themes.yaml)")
    themes.add_argument("--level", choices=["sentence", "paragraph", "doc"], default="sentence",
                        help="sentence and paragraph rows list themes and evidence; doc rows one share per theme")
    themes.add_argument("--start", default=None, help="first date, YYYY-MM-DD")
    themes.add_argument("--end", default=None, help="last date, YYYY-MM-DD")
    _speaker_arg(themes)
    themes.add_argument("--only-tagged", action="store_true", help="leave out sentences/paragraphs with no theme")
    themes.add_argument("--method", choices=["rules", "rules+model", "auto"], default=None,
                        help="rules: the taxonomy's rules alone; rules+model: plus the themes the trained model "
                             "adds (model_themes, model_evidence); auto (default): rules+model when a model fits "
                             "the taxonomy, else rules")
    _format_arg(themes, ("table", "csv", "json", "jsonl"))
    themes.set_defaults(func=cmd_themes)
    _topics_parser(sub)

    for name, func, helptext in (
        ("counterparts", cmd_counterparts, "one row per document and person: side, role on that date, "
                                           "how resolved, mentions, interactions, themes"),
        ("interactions", cmd_interactions, "one row per event (phone call, talks, letter, invitation, "
                                           "joint statement): date, participants, place, evidence"),
    ):
        p = sub.add_parser(name, help=helptext, formatter_class=_Formatter, epilog="example:\n  " + EXAMPLES[name])
        _corpus_args(p)
        p.add_argument("--actors", default=None, help="actors YAML (default: the shipped actors.yaml)")
        p.add_argument("--start", default=None, help="first date, YYYY-MM-DD")
        p.add_argument("--end", default=None, help="last date, YYYY-MM-DD")
        _speaker_arg(p, default=PEOPLE_SPEAKER)
        if name == "counterparts":
            p.add_argument("--side", default=None, help="only people of this side, e.g. 'United States'")
        _format_arg(p)
        p.set_defaults(func=func)

    def phrasing_parser(name: str, helptext: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=helptext, formatter_class=_Formatter, epilog="example:\n  " + EXAMPLES[name])
        _corpus_args(p)
        _speaker_arg(p)
        p.add_argument("--lemma", action="store_true", help="match lemmas instead of exact (lower-cased) forms "
                       "(a Russian phrase matches every form without it)")
        if name != "keyness":
            p.add_argument("--case", choices=["auto", "yes", "no"], default="auto",
                           help="auto (default): words in capitals (US, EU, NATO) match only so, others any case; "
                                "yes: every word as written; no: any case")
        _format_arg(p)
        return p

    p = phrasing_parser("phrases", "counts of words and phrases per document, month, quarter or year (per 10,000 words)")
    p.add_argument("--phrase", action="append", help="a word or phrase (repeat for several)")
    p.add_argument("--family", action="append", help="a phrase family from phrases.yaml (repeat for several)")
    p.add_argument("--phrasebook", default=None, help="phrase families YAML (default: the shipped phrases.yaml)")
    p.add_argument("--by", choices=["auto", "doc", "month", "quarter", "year"], default="auto",
                   help="time grain; auto (default): months for a corpus up to two years, quarters up to six, "
                        "else years")
    p.set_defaults(func=cmd_phrases)
    p = phrasing_parser("kwic", "concordance: every hit with words of context, document, date, source and speaker")
    p.add_argument("pattern_text", metavar="PATTERN", help="the word or phrase to find")
    p.add_argument("--window", type=int, default=8, help="words of context on each side (default 8)")
    p.set_defaults(func=cmd_kwic)
    p = phrasing_parser("keyness", "words that mark one period against another: G2, p, log ratio")
    p.add_argument("--target", required=True, help="START:END, either side open (2019-01-01:)")
    p.add_argument("--reference", required=True, help="START:END, either side open (:2018-12-31)")
    p.add_argument("--min-freq", type=int, default=2, help="minimum count in both periods together (default 2)")
    p.add_argument("--n", type=int, default=1, help="n-gram length (default 1: words)")
    p.add_argument("--top", type=int, default=None, help="only the first N rows")
    p.set_defaults(func=cmd_keyness)
    p = phrasing_parser("collocations", "words near a node word: frequency, log-likelihood, logDice, PMI")
    p.add_argument("word", help="the node word or phrase")
    p.add_argument("--window", type=int, default=5, help="words on each side (default 5)")
    p.add_argument("--min-freq", type=int, default=2, help="minimum co-occurrences (default 2)")
    p.add_argument("--top", type=int, default=30, help="rows to show (default 30)")
    p.set_defaults(func=cmd_collocations)

    report = sub.add_parser("report", help="render curated notebooks to HTML reports", formatter_class=_Formatter,
                            epilog="examples:\n  " + EXAMPLES["report"])
    report.add_argument("names", nargs="*", metavar="NAME", help="notebook stems, e.g. 01_corpus_overview")
    report.add_argument("--all", action="store_true", help="every curated notebook")
    report.add_argument("-p", "--param", nargs=2, action="append", metavar=("KEY", "VALUE"),
                        help="a notebook parameter; typed like its default (text as given; numbers, "
                             "true/false and lists [a, b] parsed)")
    report.add_argument("--params", default=None,
                        help="YAML file of parameters: a mapping, or a list of mappings for one report per set")
    report.add_argument("--out", default="reports", help="output folder (default: reports)")
    report.add_argument("--show-code", action="store_true", help="show code cells in the HTML")
    report.add_argument("--jobs", type=int, default=1, help="notebooks rendered at a time, each in its own kernel "
                                                            "(default 1)")
    report.set_defaults(func=cmd_report)

    cache = sub.add_parser("cache", help="what the cache holds, and removing what no current code reads",
                           formatter_class=_Formatter,
                           epilog="examples:\n  " + "\n  ".join(v for k, v in EXAMPLES.items() if k.startswith("cache")))
    kcache = cache.add_subparsers(dest="cache_command", metavar="SUBCOMMAND")
    cinfo = kcache.add_parser("info", help="one row per cache generation: size, documents, current/stale/unknown "
                                           "and why; totals per table and status", formatter_class=_Formatter,
                              epilog="example:\n  " + EXAMPLES["cache info"])
    cprune = kcache.add_parser("prune", help="remove cache generations no installed code or model reads "
                                             "(a dry run unless --yes)", formatter_class=_Formatter,
                               epilog="example:\n  " + EXAMPLES["cache prune"])
    for p in (cinfo, cprune):
        p.add_argument("--cache-dir", default=None, help="the cache folder (default: $LAVROVKIT_CACHE or "
                                                         "~/.cache/lavrovkit)")
    _format_arg(cinfo)
    cinfo.set_defaults(func=cmd_cache_info)
    cprune.add_argument("--yes", action="store_true", help="remove them (without it: list what would go)")
    cprune.add_argument("--unknown", action="store_true",
                        help="also remove generations with no record of what wrote them (older kit versions)")
    cprune.set_defaults(func=cmd_cache_prune)

    init = sub.add_parser("init", help="start a new study folder: notebooks, editable data files, corpus/",
                          formatter_class=_Formatter, epilog="example:\n  " + EXAMPLES["init"])
    init.add_argument("folder", help="the new folder (must not exist, or be empty)")
    init.set_defaults(func=cmd_init)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Command | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    from lavrovkit.errors import LavrovkitError

    def one_line(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                 line: str | None = None) -> str:
        return f"lavrovkit: warning: {message}\n"

    # The format is the kit's only while the command runs (catch_warnings restores the filters; the
    # format is put back by hand), so callers such as notebooks and tests keep theirs afterwards.
    previous = warnings.formatwarning
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.formatwarning = one_line
        try:
            return func(args)
        except (LavrovkitError, FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            print(f"lavrovkit: error: {exc}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("lavrovkit: interrupted", file=sys.stderr)
            return 130
        except BrokenPipeError:
            return 0
        finally:
            warnings.formatwarning = previous


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
