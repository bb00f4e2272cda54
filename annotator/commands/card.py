"""The dataset card of an export: ``README.md`` (with the YAML header the Hugging Face Hub reads)
and ``manifest.json`` (the same facts for scripts, and the sha256 of every file written)."""

from __future__ import annotations

import hashlib
import json
import shlex
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import annotator
from annotator.formats import LABELS, Format, Written
from annotator.formats.hf import HF_LABELS
from annotator.model import SCHEMA_VERSION
from annotator.splits import Splits

if TYPE_CHECKING:
    from annotator.commands.export import Gathered

CARD = "README.md"
MANIFEST = "manifest.json"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def counts(gathered: Gathered, splits: Splits) -> dict[str, dict[str, Any]]:
    """Per split: articles, quotes (positives), spans per label, quotes per type, rejected kept aside."""
    result: dict[str, dict[str, Any]] = {}
    for name in splits.names:
        items = [i for i in gathered.items if i.split == name]
        quotes = [q for i in items for q in i.positives()]
        labels = Counter({label: 0 for label in LABELS.values()})
        for quote in quotes:
            for role, span in quote.all_spans():
                labels[LABELS[role]] += 1 if span else 0
        result[name] = {
            "articles": len(items),
            "quotes": len(quotes),
            "rejected_quotes": sum(len(i.annotation.quotes) - len(i.positives()) for i in items),
            "labels": dict(labels),
            "types": dict(sorted(Counter(q.type for q in quotes).items())),
        }
    return result


def _agreement(gathered: Gathered) -> dict[str, Any] | None:
    report = gathered.agreement
    if report is None or not report.articles:
        return None
    pooled = report.pooled
    return {
        "annotators": report.annotators,
        "articles_compared": len(report.articles),
        "quote_f1": {level: round(prf.f1, 3) for level, prf in pooled.quotes.items()},
        "token_f1": {role: round(prf.f1, 3) for role, prf in pooled.roles.items()},
        "speaker_kappa": _round(pooled.speaker_kappa),
        "type_kappa": _round(pooled.type_kappa),
        "token_alpha": _round(report.alpha.value),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def write_card(
    folder: Path,
    gathered: Gathered,
    written: Written,
    fmt: Format,
    splits: Splits,
    *,
    text: bool,
    command: Sequence[str],
) -> dict[str, str]:
    """Write README.md and manifest.json into ``folder``; the sha256 of every file, by path."""
    files = {p.relative_to(folder).as_posix(): sha256_of(p) for p in sorted(folder.rglob("*")) if p.is_file()}
    detectors = sorted(
        {f"{a.detector.name} {a.detector.version} ({a.detector.model})" for a in _annotations(gathered) if a.detector}
    )
    annotators = Counter(a.annotator for a in _annotations(gathered))
    manifest: dict[str, Any] = {
        "command": shlex.join(command),
        "tool": {"name": "quote-annotator", "version": annotator.__version__},
        "schema_version": SCHEMA_VERSION,
        "detectors": detectors,
        "format": fmt.name,
        "texts": text,
        "splits": {"ratios": dict(splits.shares), "seed": splits.seed},
        "counts": counts(gathered, splits),
        "annotators": dict(sorted(annotators.items())),
        "agreement": _agreement(gathered),
        "taken": gathered.taken,
        "skipped": gathered.skipped,
        "notes": written.notes,
        "files": files,
    }
    (folder / CARD).write_text(render(manifest, fmt, splits), encoding="utf-8")
    manifest["files"][CARD] = sha256_of(folder / CARD)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return dict(manifest["files"])


def _annotations(gathered: Gathered) -> list[Any]:
    return [item.annotation for item in gathered.items]


def _size_category(n: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if n < limit:
            return name
    return "100K<n<1M"


def _header(manifest: dict[str, Any], fmt: Format, splits: Splits) -> list[str]:
    """The YAML front matter the Hub reads (configs and features only for the hf layout)."""
    total = sum(c["articles"] for c in manifest["counts"].values())
    lines = [
        "---",
        "license: other  # the licence of the article texts: set it before publishing",
        "language:",
        "- en",
        "task_categories:",
        "- token-classification",
        "task_ids:",
        "- named-entity-recognition",
        "size_categories:",
        f"- {_size_category(total)}",
        "pretty_name: Quotations and their speakers",
    ]
    if fmt.name == "hf":
        lines += ["configs:", "- config_name: default", "  data_files:"]
        lines += [f"  - split: {name}\n    path: {name}.jsonl" for name in splits.names]
        lines += ["dataset_info:", "  features:", "  - name: id", "    dtype: string", "  - name: tokens"]
        lines += ["    sequence: string", "  - name: ner_tags", "    sequence:", "      class_label:", "        names:"]
        lines += [f"          '{n}': {label}" for n, label in enumerate(HF_LABELS)]
    return [*lines, "---"]


def render(manifest: dict[str, Any], fmt: Format, splits: Splits) -> str:
    lines = _header(manifest, fmt, splits)
    lines += [
        "",
        "# Quotations and their speakers",
        "",
        f"Exported by quote-annotator {manifest['tool']['version']} (annotation schema {SCHEMA_VERSION}) "
        f"as **{fmt.name}**: {fmt.summary}.",
        "",
        f"Command: `{manifest['command']}`",
        "",
        "Each article's gold by the one gold rule: its gold file when done, else the one annotator's done "
        "file; never a detector draft or a file not done. Pending quotes are left out; rejected quotes are "
        "never positives.",
        "",
    ]
    if not manifest["texts"]:
        lines += [f"**Without the article texts** (--no-text): {fmt.no_text}.", ""]
    seed = splits.seed
    lines += [f"## Splits (seed {seed}: hash of seed and doc id; an article added later moves no other)", ""]
    lines += ["| split | articles | quotes | rejected (not positives) | CONTENT | CUE | SOURCE | types |"]
    lines += ["|---|---|---|---|---|---|---|---|"]
    for name, c in manifest["counts"].items():
        types = ", ".join(f"{t} {n}" for t, n in c["types"].items()) or "-"
        labels = " | ".join(str(c["labels"][label]) for label in LABELS.values())
        lines.append(f"| {name} | {c['articles']} | {c['quotes']} | {c['rejected_quotes']} | {labels} | {types} |")
    if fmt.name == "hf":
        lines += ["", "`ner_tags`: " + ", ".join(f"{n} = {label}" for n, label in enumerate(HF_LABELS))]
    lines += ["", "## Annotators", ""]
    lines += [f"- {who}: {n} articles" for who, n in manifest["annotators"].items()]
    if manifest["detectors"]:
        lines += ["", "Detector versions behind the drafts: " + "; ".join(manifest["detectors"])]
    lines += ["", "## Agreement", ""]
    agreement = manifest["agreement"]
    if agreement is None:
        lines.append("No article has two annotators' files: no agreement figures.")
    else:
        lines.append(
            f"Over {agreement['articles_compared']} articles annotated by several of "
            f"{', '.join(agreement['annotators'])}: quote F1 "
            + ", ".join(f"{level} {f1}" for level, f1 in agreement["quote_f1"].items())
            + "; token F1 "
            + ", ".join(f"{role} {f1}" for role, f1 in agreement["token_f1"].items())
            + f"; speaker kappa {agreement['speaker_kappa']}, type kappa {agreement['type_kappa']}, "
            f"token alpha {agreement['token_alpha']}."
        )
    lines += ["", f"## Skipped ({len(manifest['skipped'])})", ""]
    lines += [f"- {line}" for line in manifest["skipped"]] or ["Nothing."]
    if manifest["notes"]:
        lines += ["", f"## Notes from the {fmt.name} writer ({len(manifest['notes'])})", ""]
        lines += [f"- {line}" for line in manifest["notes"]]
    lines += ["", "## Files (sha256)", ""]
    lines += [f"- `{path}` {digest}" for path, digest in manifest["files"].items()]
    lines += ["", "manifest.json holds the same facts, every article taken and why, and the hash of this card.", ""]
    return "\n".join(lines)
