"""Precision and recall of ``lk.interactions``: are the contacts real, between the right people, on their date?

Two labelled sets:

- ``--labels`` (default ``/work/labels/contacts-dev.jsonl``, not committed: built from the Kremlin pages, CC BY
  4.0, Presidential Executive Office of Russia): one JSON line per sentence of the pages in ``--corpus``
  (default ``/tmp/kdev/kremlin-en-dev-300``), labelled by reading it: ``file``, ``doc_date``, ``sentence_id``,
  ``text`` and ``contacts`` (each ``type``, ``participants`` (canonical names), ``date`` ISO day, ``YYYY-MM`` when
  only the month is known, or null when the text gives none: an earlier, habitual or undated planned contact).
  The labelled sentences are every sentence of the labelled documents that names a person next to a contact
  word, plus every sentence the old or new code turned into an event; negatives have ``contacts: []``.
- ``NEWS_HELD_OUT``: twelve more, written after the rules were frozen and not used to tune them.
- ``NEWS_HELD_OUT_NEW``: ten more, written before the second round of rules and not looked at while tuning
  them (reported as "held-out (new)").
- ``NEWS``: news-shaped texts written for this bench (English reports in the style of TASS, Reuters and MFA
  posts about Lavrov/Rubio/Putin contacts, with the tricky cases), each with its contacts.

An event is right when its document, type, participants and date all match a labelled contact of that
document (labelled contacts are unique per document: a contact several sentences report counts once).
Precision = right events / events listed for the labelled documents; recall = labelled contacts found /
labelled contacts. Per field: of the events whose document and participants match a labelled contact, the
share with its type; of those matching document, type and participants, the share with its date; of those
matching document, type and date, the share with its participants.

Labelling conventions: a readout's headline "Meeting with X" is the meeting of the document's principal with X
on the post's date; attendance lists ("Taking part in the meeting were ...") add no contact when the meeting
already has its parties, and make the meeting of its chair with them when it has none; multilateral
meetings whose participants the sentence does not name are not contacts; interviews are not contacts.

Run (prints the table; ``--json`` for a machine-readable one)::

    PYTHONPATH=. LAVROVKIT_CACHE=/tmp/cache-events python bench/contacts.py
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

#: (date, text, contacts): contacts are (type, participants, date or None).
NEWS: list[tuple[str, str, list[tuple[str, list[str], str | None]]]] = [
    ("2025-03-01",
     "MOSCOW, March 1. /TASS/. On February 28, Russian Foreign Minister Sergey Lavrov had a telephone conversation "
     "with US Secretary of State Marco Rubio. The ministers discussed the preparation of a new round of "
     "consultations on the work of the embassies.",
     [("phone_call", ["Marco Rubio", "Sergey Lavrov"], "2025-02-28")]),
    ("2025-02-19",
     "RIYADH, February 18 (Reuters) - Sergey Lavrov and Marco Rubio held talks in Riyadh on Tuesday, the first "
     "face-to-face meeting of the two countries' top diplomats in years. The two ministers agreed to appoint "
     "negotiators.",
     [("meeting", ["Marco Rubio", "Sergey Lavrov"], "2025-02-18")]),
    ("2025-01-20",
     "Vladimir Putin congratulated Donald Trump on his inauguration. Earlier, on 3 January, Putin and Trump spoke "
     "by phone, the Kremlin said.",
     [("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-01-03")]),
    ("2025-03-19",
     "Vladimir Putin and Donald Trump had a telephone conversation on Tuesday. During their telephone conversation "
     "in February, the two presidents had agreed to instruct their teams to start talks.",
     [("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-03-18"),
      ("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-02")]),
    ("2025-04-02",
     "Putin and Trump seek solutions that meet the interests of both countries, Kremlin spokesman Dmitry Peskov "
     "told reporters.",
     []),
    ("2025-04-10",
     "Sergey Lavrov handed Abbas Araghchi an invitation from Vladimir Putin for an official visit to Moscow.",
     [("invitation", ["Abbas Araghchi", "Vladimir Putin"], "2025-04-10")]),
    ("2025-05-05",
     "Maria Zakharova said there will be no talks between Sergey Lavrov and Antony Blinken in Geneva.",
     []),
    ("2025-05-06",
     "Lavrov talks about talks: the minister told students that contacts with Washington continue at working level.",
     []),
    ("2025-05-14",
     "Sergey Lavrov will meet Hakan Fidan in Antalya next week, the Foreign Ministry said.",
     [("planned", ["Hakan Fidan", "Sergey Lavrov"], None)]),
    ("2025-06-03",
     "Yesterday Sergey Lavrov met with Belarusian Foreign Minister Maxim Ryzhenkov in Minsk. The ministers signed a "
     "plan of consultations for 2025-2026.",
     [("meeting", ["Maxim Ryzhenkov", "Sergey Lavrov"], "2025-06-02")]),
    ("2025-06-20",
     "Russian Foreign Minister Sergey Lavrov held talks with Foreign Minister of Morocco Nasser Bourita in Moscow "
     "on June 19.",
     [("meeting", ["Nasser Bourita", "Sergey Lavrov"], "2025-06-19")]),
    ("2025-07-11",
     "KUALA LUMPUR, July 10. Sergey Lavrov and Marco Rubio met on the sidelines of the ASEAN ministerial meetings. "
     "The sides had a frank exchange of views, the Russian Foreign Ministry said.",
     [("meeting", ["Marco Rubio", "Sergey Lavrov"], "2025-07-10")]),
    ("2025-08-08",
     "Kremlin aide Yuri Ushakov said Vladimir Putin and Donald Trump agreed to hold a summit in the coming days. "
     "Steve Witkoff met Putin in the Kremlin on Wednesday.",
     [("planned", ["Donald Trump", "Vladimir Putin"], None),
      ("meeting", ["Steve Witkoff", "Vladimir Putin"], "2025-08-06")]),
    ("2025-08-16",
     "Vladimir Putin and Donald Trump held talks in Anchorage, Alaska, on August 15. The two presidents spoke for "
     "almost three hours.",
     [("meeting", ["Donald Trump", "Vladimir Putin"], "2025-08-15")]),
    ("2025-09-25",
     "NEW YORK, September 24. Sergey Lavrov and Marco Rubio met at the UN headquarters on Wednesday. "
     "Last month the two ministers spoke by phone.",
     [("meeting", ["Marco Rubio", "Sergey Lavrov"], "2025-09-24"),
      ("phone_call", ["Marco Rubio", "Sergey Lavrov"], "2025-08")]),
    ("2025-10-21",
     "Sergey Lavrov and Marco Rubio had a phone conversation on Monday, October 20, the Russian Foreign Ministry "
     "said. The ministers discussed possible steps to implement the understandings reached by the presidents.",
     [("phone_call", ["Marco Rubio", "Sergey Lavrov"], "2025-10-20")]),
    ("2026-01-05",
     "On 30 December, Vladimir Putin had a telephone conversation with Alexander Lukashenko, the Kremlin press "
     "service reported.",
     [("phone_call", ["Alexander Lukashenko", "Vladimir Putin"], "2025-12-30")]),
    ("2025-11-12",
     "Wang Yi sent a letter to Sergey Lavrov proposing a meeting of the ministers in Beijing. The Security "
     "Council held several meetings on Ukraine last month.",
     [("letter", ["Sergey Lavrov", "Wang Yi"], "2025-11-12"),
      ("invitation", ["Sergey Lavrov", "Wang Yi"], "2025-11-12")]),
    ("2025-12-02",
     "Kirill Dmitriev said he did not meet Steve Witkoff during his trip. Dmitriev met with members of Congress.",
     []),
    ("2025-12-10",
     "The Foreign Ministry's spokeswoman Maria Zakharova said Moscow is open to contacts, but no date has been set "
     "for a meeting between Sergey Lavrov and Marco Rubio.",
     [("planned", ["Marco Rubio", "Sergey Lavrov"], None)]),
    ("2025-12-15",
     "Sergey Lavrov recalled his previous meeting with Antony Blinken, which was in Geneva. The minister said he "
     "had spoken with Rubio by phone yesterday.",
     [("meeting", ["Antony Blinken", "Sergey Lavrov"], None),
      ("phone_call", ["Marco Rubio", "Sergey Lavrov"], "2025-12-14")]),
    ("2025-12-18",
     "Vladimir Putin received a message from Recep Tayyip Erdoğan. Putin thanked the Turkish leader and invited him "
     "to visit Russia next year.",
     [("letter", ["Recep Tayyip Erdoğan", "Vladimir Putin"], "2025-12-18"),
      ("invitation", ["Recep Tayyip Erdoğan", "Vladimir Putin"], "2025-12-18")]),
]

#: Written after the rules were frozen and never used to tune them (reported as a set of its own).
NEWS_HELD_OUT: list[tuple[str, str, list[tuple[str, list[str], str | None]]]] = [
    ("2025-02-13",
     "Russian President Vladimir Putin and US President Donald Trump held a lengthy phone conversation on "
     "Wednesday, Kremlin spokesman Dmitry Peskov said.",
     [("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-02-12")]),
    ("2025-03-14",
     "Steve Witkoff arrived in Moscow on Thursday and was received by Vladimir Putin late in the evening.",
     []),
    ("2025-04-12",
     "ST. PETERSBURG, April 11. /TASS/. Vladimir Putin held talks with US Special Envoy Steve Witkoff in St. "
     "Petersburg on Friday. The meeting lasted more than four hours, Kremlin aide Yuri Ushakov said.",
     [("meeting", ["Steve Witkoff", "Vladimir Putin"], "2025-04-11")]),
    ("2025-05-20",
     "Sergey Lavrov said Moscow has not received any proposal from Washington to hold a new summit.",
     []),
    ("2025-06-15",
     "Vladimir Putin and Donald Trump spoke by telephone on June 14. The presidents discussed the situation in "
     "the Middle East and agreed to stay in contact.",
     [("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-06-14")]),
    ("2025-07-04",
     "Yuri Ushakov told reporters that the two presidents could meet in person, but no preparations are under way.",
     []),
    ("2025-08-01",
     "Foreign Minister Sergey Lavrov met with Foreign Minister of the Democratic People's Republic of Korea "
     "Choe Son-hui in Wonsan on July 12.",
     [("meeting", ["Choe Son-hui", "Sergey Lavrov"], "2025-07-12")]),
    ("2025-09-02",
     "TIANJIN, September 1 (Reuters) - Vladimir Putin met Indian Prime Minister Narendra Modi on the sidelines of "
     "the SCO summit on Monday, days after Modi spoke with Volodymyr Zelensky by phone.",
     [("meeting", ["Narendra Modi", "Vladimir Putin"], "2025-09-01"),
      ("phone_call", ["Narendra Modi", "Volodymyr Zelensky"], None)]),
    ("2025-10-17",
     "Donald Trump said he had a long and productive call with Vladimir Putin on Thursday and that the two "
     "leaders will meet in Budapest.",
     [("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-10-16"),
      ("planned", ["Donald Trump", "Vladimir Putin"], None)]),
    ("2025-10-23",
     "Marco Rubio and Sergey Lavrov will not meet this week, the White House said, after the Budapest summit "
     "was put on hold.",
     []),
    ("2025-11-20",
     "Maria Zakharova said that Sergey Lavrov received a letter from Marco Rubio last week.",
     [("letter", ["Marco Rubio", "Sergey Lavrov"], None)]),
    ("2025-12-03",
     "Vladimir Putin received Steve Witkoff and Jared Kushner in the Kremlin on Tuesday. Kirill Dmitriev and Yuri "
     "Ushakov also took part in the meeting.",
     [("meeting", ["Jared Kushner", "Steve Witkoff", "Vladimir Putin"], "2025-12-02")]),
]


#: Ten more, written before the second round of rules (issue 13, item 4) and never looked at while tuning them:
#: reported as "held-out (new)".
NEWS_HELD_OUT_NEW: list[tuple[str, str, list[tuple[str, list[str], str | None]]]] = [
    ("2025-03-13",
     "On March 12, Foreign Minister Sergey Lavrov met with Minister of Foreign Affairs of the Republic of Turkiye "
     "Hakan Fidan, who is in Moscow on a working visit. The ministers exchanged views on the situation in Syria "
     "and the South Caucasus.",
     [("meeting", ["Hakan Fidan", "Sergey Lavrov"], "2025-03-12")]),
    ("2025-04-03",
     "MOSCOW, April 3. /TASS/. Russian Deputy Foreign Minister Sergey Ryabkov held consultations with US "
     "Ambassador Lynne Tracy at the Foreign Ministry on Wednesday, the ministry's press service said.",
     [("meeting", ["Lynne Tracy", "Sergey Ryabkov"], "2025-04-02")]),
    ("2025-05-09",
     "WASHINGTON, May 9 (Reuters) - U.S. Secretary of State Marco Rubio spoke by telephone with Russian Foreign "
     "Minister Sergei Lavrov on Friday and urged Moscow to agree to a ceasefire, the State Department said.",
     [("phone_call", ["Marco Rubio", "Sergey Lavrov"], "2025-05-09")]),
    ("2025-06-24",
     "Foreign Minister Sergey Lavrov's telephone conversation with Minister of Foreign Affairs of Egypt Badr "
     "Abdelatty\n\nOn June 24, Foreign Minister Sergey Lavrov had a telephone conversation with Minister of "
     "Foreign Affairs of Egypt Badr Abdelatty at the Egyptian side's initiative. The ministers discussed the "
     "escalation around Iran.",
     [("phone_call", ["Badr Abdelatty", "Sergey Lavrov"], "2025-06-24")]),
    ("2025-07-10",
     "Dmitry Peskov said on Thursday that Vladimir Putin has no plans to speak with Donald Trump in the near "
     "future. The two leaders last spoke by phone on July 3.",
     [("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-07-03")]),
    ("2025-07-12",
     "Sergey Lavrov is expected to hold talks with Chinese Foreign Minister Wang Yi in Beijing later this month, "
     "TASS reported, citing a diplomatic source.",
     [("planned", ["Sergey Lavrov", "Wang Yi"], None)]),
    ("2025-06-13",
     "Vladimir Putin sent a message of condolences to Prime Minister of India Narendra Modi over the plane crash "
     "in Ahmedabad.",
     [("letter", ["Narendra Modi", "Vladimir Putin"], "2025-06-13")]),
    ("2025-09-05",
     "Kazakh President Kassym-Jomart Tokayev invited Vladimir Putin to pay a state visit to Astana in November, "
     "the Akorda press service said.",
     [("invitation", ["Kassym-Jomart Tokayev", "Vladimir Putin"], "2025-09-05")]),
    ("2025-08-21",
     "Sergey Lavrov held talks with his Indian counterpart Subrahmanyam Jaishankar in Moscow on August 21. "
     "Jaishankar also met First Deputy Prime Minister Denis Manturov.",
     [("meeting", ["Sergey Lavrov", "Subrahmanyam Jaishankar"], "2025-08-21"),
      ("meeting", ["Denis Manturov", "Subrahmanyam Jaishankar"], "2025-08-21")]),
    ("2025-11-01",
     "Question: Have you spoken with Marco Rubio recently?\n\nSergey Lavrov: We spoke by phone last week and "
     "agreed to continue the dialogue.",
     [("phone_call", ["Marco Rubio", "Sergey Lavrov"], None)]),
]


def _key(doc: str, typ: str, parties: Iterable[str]) -> tuple[str, str, tuple[str, ...]]:
    return doc, typ, tuple(sorted(parties))


def _date_ok(gold: Any, pred: Any) -> bool:
    if gold is None:
        return bool(pd.isna(pred))
    if pd.isna(pred):
        return False
    text = pd.Timestamp(pred).strftime("%Y-%m-%d")
    return text == gold if len(str(gold)) == 10 else text.startswith(str(gold))


def score(gold: list[tuple[str, str, list[str], Any]], pred: pd.DataFrame) -> dict[str, Any]:
    """Precision, recall and per-field agreement of ``pred`` (doc, type, participants, date) against ``gold``."""
    uniq: list[tuple[str, str, list[str], Any]] = []
    for g in gold:
        if not any(_key(*g[:3]) == _key(*u[:3]) and g[3] == u[3] for u in uniq):
            uniq.append(g)
    rows = [(str(r.doc), str(r.type), list(r.participants), r.date) for r in pred.itertuples()]
    used: set[int] = set()
    right = 0
    for doc, typ, parties, date in rows:
        for i, (gd, gt, gp, gdate) in enumerate(uniq):
            if i not in used and _key(doc, typ, parties) == _key(gd, gt, gp) and _date_ok(gdate, date):
                used.add(i)
                right += 1
                break
    def share(hits: list[bool]) -> float | None:
        return round(sum(hits) / len(hits), 3) if hits else None
    type_ok = [any(_key(gd, gt, gp) == _key(d, t, p) for gd, gt, gp, _ in uniq)
               for d, t, p, _ in rows if any(gd == d and sorted(gp) == sorted(p) for gd, _, gp, _ in uniq)]
    date_ok = [any(_key(gd, gt, gp) == _key(d, t, p) and _date_ok(gdate, dt) for gd, gt, gp, gdate in uniq)
               for d, t, p, dt in rows if any(_key(gd, gt, gp) == _key(d, t, p) for gd, gt, gp, _ in uniq)]
    parties_ok = [any(_key(gd, gt, gp) == _key(d, t, p) and _date_ok(gdate, dt) for gd, gt, gp, gdate in uniq)
                  for d, t, p, dt in rows
                  if any(gd == d and gt == t and _date_ok(gdate, dt) for gd, gt, _, gdate in uniq)]
    return {"events": len(rows), "contacts": len(uniq), "right": right,
            "precision": round(right / len(rows), 3) if rows else None,
            "recall": round(right / len(uniq), 3) if uniq else None,
            "type": share(type_ok), "date": share(date_ok), "participants": share(parties_ok)}


def dev_set(labels: Path, corpus_dir: Path) -> tuple[list[tuple[str, str, list[str], Any]], pd.DataFrame]:
    import lavrovkit as lk

    lines = [json.loads(x) for x in labels.read_text(encoding="utf-8").splitlines() if x.strip()]
    corpus = lk.corpus_load(corpus_dir).annotate(progress=False)
    files = {str(x["file"]) for x in lines}
    gold = [(str(x["file"]), c["type"], c["participants"], c["date"]) for x in lines for c in x["contacts"]]
    ev = lk.interactions(corpus, speaker="all")
    by_file = corpus.documents.set_index("doc_id")["file"].astype(str)
    ev = ev.assign(doc=ev["doc_id"].map(by_file))
    return gold, ev[ev["doc"].isin(files)]


def news_set(texts: list[tuple[str, str, list[tuple[str, list[str], str | None]]]] | None = None,
             ) -> tuple[list[tuple[str, str, list[str], Any]], pd.DataFrame]:
    import lavrovkit as lk

    texts = NEWS if texts is None else texts
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = ["id,file,date,source"]
        for i, (date, text, _) in enumerate(texts):
            (folder / f"n{i:02d}.txt").write_text(text, encoding="utf-8")
            rows.append(f"n{i:02d},n{i:02d}.txt,{date},news")
        (folder / "catalog.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        corpus = lk.corpus_load(folder).annotate(progress=False)
        ev = lk.interactions(corpus, speaker="all")
    ev = ev.assign(doc=ev["doc_id"].astype(str))
    gold = [(f"n{i:02d}", t, p, d) for i, (_, _, contacts) in enumerate(texts) for t, p, d in contacts]
    return gold, ev


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=Path("/work/labels/contacts-dev.jsonl"))
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/kdev/kremlin-en-dev-300"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true", help="list the events and contacts that do not match")
    args = ap.parse_args(argv)
    results = {}
    sets = {"news-shaped texts": news_set, "news, held out": lambda: news_set(NEWS_HELD_OUT),
            "held-out (new)": lambda: news_set(NEWS_HELD_OUT_NEW)}
    if args.labels.exists() and args.corpus.exists():
        sets = {"Kremlin dev pages": lambda: dev_set(args.labels, args.corpus), **sets}
    for name, make in sets.items():
        gold, ev = make()
        results[name] = score(gold, ev)
        if args.errors:
            for r in ev.itertuples():
                if not any(_key(str(r.doc), str(r.type), r.participants) == _key(g, t, p) and _date_ok(d, r.date)
                           for g, t, p, d in gold):
                    print(f"  FP {name}: {r.doc} {r.type} {r.participants} {r.date} [{r.date_from}] | {r.evidence[:120]}")
            for g, t, p, d in gold:
                if not any(_key(str(r.doc), str(r.type), r.participants) == _key(g, t, p) and _date_ok(d, r.date)
                           for r in ev.itertuples()):
                    print(f"  FN {name}: {g} {t} {p} {d}")
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    print(f"{'set':<20}{'events':>7}{'contacts':>9}{'right':>6}{'precision':>10}{'recall':>7}{'type':>6}{'date':>6}"
          f"{'parties':>8}")
    for name, r in results.items():
        print(f"{name:<20}{r['events']:>7}{r['contacts']:>9}{r['right']:>6}{r['precision']!s:>10}{r['recall']!s:>7}"
              f"{r['type']!s:>6}{r['date']!s:>6}{r['participants']!s:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
