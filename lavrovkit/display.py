"""Tables and the footer as a report shows them: escaped HTML, top rows, provenance kept.

>>> import pandas as pd
>>> html = table_html(pd.DataFrame({"doc_id": ["000", "001"], "words": [425, 1310]}), top=1).data
>>> "2 rows; first 1 shown, 1 more not shown." in html
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from lavrovkit.compat import RENAMED, old_names
from lavrovkit.version import __version__


def footer(corpus: Any, parameters: Mapping[str, Any] | None = None) -> Any:
    """The reproducibility footer a report ends with: kit, spaCy model, corpus fingerprint, parameters, date.

    Returns an ``IPython.display.HTML`` object (displayed as the notebook's last output).
    """
    from IPython.display import HTML

    from lavrovkit.annotate import model_spec
    from lavrovkit.corpus import annotation_languages

    params = ", ".join(f"{k}={v!r}" for k, v in (parameters or {}).items()) or "defaults"
    models = []
    for lang in annotation_languages(corpus.documents):
        spec = model_spec(corpus.options.model if lang == "en" else None, corpus.options.components, lang)
        models.append((f"spaCy model ({lang})", f"{spec.name} {spec.version} ({', '.join(spec.components)})"))
    if len(models) == 1:
        models = [("spaCy model", models[0][1])]
    rows = [
        ("lavrovkit", __version__),
        *models,
        ("corpus", f"{corpus.root or 'bundled seeds'}: {len(corpus)} documents, fingerprint {corpus.fingerprint()}"),
        ("duplicates", _duplicates_line(corpus)),
        ("parameters", params),
        ("rendered", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
    ]
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return HTML(
        '<div class="lk-footer" style="margin-top:2em;border-top:1px solid #999;font-size:85%;color:#333">'
        f"<p><strong>Reproducibility</strong></p><table>{cells}</table></div>"
    )


def _duplicates_line(corpus: Any) -> str:
    """What the report's counts did with documents saved more than once."""
    from lavrovkit.duplicates import duplicate_ids

    groups = corpus.duplicates()
    copies = len(duplicate_ids(groups)) if len(groups) else 0
    if corpus.duplicate_policy == "drop":
        return f"dropped: {copies} copies of {groups['group'].nunique() if copies else 0} text(s); one copy counted"
    return f"kept: {copies} copies of {groups['group'].nunique()} text(s) counted" if copies else "none found"


def labelled(table: pd.DataFrame, documents: Any) -> pd.DataFrame:
    """``table`` with each document named readably (:func:`lavrovkit.corpus.document_labels`): empty
    titles filled in, or a ``document`` column after ``doc_id`` when the table has no title column.
    ``documents`` is a corpus or its documents table; a table without doc_id comes back as it is.

    >>> labelled(pd.DataFrame({"doc_id": ["000"], "words": [425]}), corpus).columns.tolist()
    ['doc_id', 'document', 'words']
    """
    from lavrovkit.corpus import document_labels

    if documents is None or "doc_id" not in table.columns:
        return table
    docs = documents.documents if hasattr(documents, "documents") else documents
    memo = getattr(documents, "memo", None)  # a corpus: its labels made once (a report shows many tables)
    if isinstance(memo, dict):
        if "document_labels" not in memo:
            memo["document_labels"] = document_labels(docs)
        names = memo["document_labels"]
    else:
        names = document_labels(docs)
    label = table["doc_id"].astype(str).map(names)
    out = table.copy()
    if "title" in out.columns:
        empty = out["title"].isna() | (out["title"].astype("string").str.strip() == "")
        out["title"] = out["title"].where(~empty, label)
    elif "document" not in out.columns:
        out.insert(list(out.columns).index("doc_id") + 1, "document", label.to_numpy())
    return out


def table_html(table: Any, top: int = 20, caption: str | None = None, documents: Any = None) -> Any:
    """Show the first ``top`` rows of a table with a note of how many more there are (text escaped).

    Text is left-aligned and wraps; numbers are right-aligned; dates print as
    YYYY-MM-DD and never wrap. With ``documents`` (a corpus or its documents
    table), each document is named readably beside its doc_id (see :func:`labelled`).

    >>> "<td>425</td>" in table_html(pd.DataFrame({"doc_id": ["000"], "words": [425]})).data
    True
    >>> "None" in table_html(pd.DataFrame({"doc_id": ["000"], "best": [None]})).data  # a missing value is blank
    False
    """
    from IPython.display import HTML

    shown = labelled(table.head(top), documents).copy()
    nowrap: list[int] = []
    right: list[int] = []
    for i, col in enumerate(shown.columns, start=1):
        if pd.api.types.is_datetime64_any_dtype(shown[col]):
            shown[col] = shown[col].dt.strftime("%Y-%m-%d").fillna("")
            nowrap.append(i)
        elif pd.api.types.is_numeric_dtype(shown[col]) and not pd.api.types.is_bool_dtype(shown[col]):
            right.append(i)
        elif shown[col].dtype == object:
            shown[col] = shown[col].map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else v)
    more = len(table) - len(shown)
    note = f"<p class=\"lk-note\"><em>{len(table):,} rows; first {len(shown)} shown, {more:,} more not shown.</em></p>" if more else \
        f"<p class=\"lk-note\"><em>{len(table):,} row{'' if len(table) == 1 else 's'}.</em></p>"
    cap = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
    body = shown.to_html(index=False, escape=True, na_rep="", classes="lk-table", border=0)
    table_id = "lk-" + hashlib.sha1(body.encode()).hexdigest()[:10]
    body = body.replace("<table ", f'<table id="{table_id}" ', 1)
    rules = [f"#{table_id} th, #{table_id} td {{text-align:left; vertical-align:top}}"]
    rules += [f"#{table_id} td:nth-child({i}), #{table_id} th:nth-child({i}) {{white-space:nowrap}}" for i in nowrap]
    rules += [f"#{table_id} td:nth-child({i}), #{table_id} th:nth-child({i}) {{text-align:right; white-space:nowrap}}"
              for i in right]
    return HTML(f"<style>{' '.join(rules)}</style>" + cap + body + note)


def evidence_html(table: Any, top: int = 10, caption: str | None = None, text: str = "text",
                   evidence: str = "evidence", documents: Any = None) -> Any:
    """Sentences with their evidence words highlighted (text escaped first, then marked), plus provenance columns.

    ``table`` needs ``text`` and ``evidence`` (a list of matched strings); other
    columns (doc_id, date, source, speaker ...) are shown as they are; with
    ``documents`` each document is named readably beside its doc_id (see :func:`labelled`).
    """
    from IPython.display import HTML

    shown = labelled(table.head(top), documents).copy()
    marked = []
    for body, words in zip(shown[text], shown[evidence], strict=True):
        escaped = html.escape(str(body))
        for w in sorted(set(words or ()), key=len, reverse=True):
            ew = html.escape(str(w))
            escaped = re.sub(rf"(?<![\w>]){re.escape(ew)}(?![\w<])", f"<mark>{ew}</mark>", escaped)
        marked.append(escaped)
    shown[text] = marked
    shown[evidence] = [", ".join(map(str, e or ())) for e in shown[evidence]]
    for col in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[col]):
            shown[col] = shown[col].dt.strftime("%Y-%m-%d").fillna("")
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{v if c == text else html.escape('' if pd.isna(v) else str(v))}</td>"
                         for c, v in r.items()) + "</tr>"
        for _, r in shown.iterrows())
    more = len(table) - len(shown)
    note = f"<p class=\"lk-note\"><em>{len(table):,} sentences; {more:,} more not shown.</em></p>" if more else ""
    cap = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
    style = ("<style>table.lk-evidence td,table.lk-evidence th{text-align:left!important;vertical-align:top;"
             "padding:.25em .5em} table.lk-evidence td:nth-child(2){white-space:nowrap}"
             " table.lk-evidence mark{background:#ffe08a}</style>")
    return HTML(f"{style}{cap}<table class=\"lk-evidence\"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
                f"{note}")


#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('display_table', 'evidence_table')})
