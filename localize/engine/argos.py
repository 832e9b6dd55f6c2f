"""Argos Translate packages driven directly through CTranslate2, batched.

argostranslate's own ``translate()`` splits sentences again (downloading splitter models) and
decodes about one sentence per batch. Here every segment of a pair goes to the model in one call,
sorted by length, with the package's own tokenizer; nothing touches the network.
"""

from __future__ import annotations

import io
import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from localize.engine.base import Translation
from localize.errors import EngineError, ModelError, UsageError

__all__ = [
    "ArgosEngine",
    "PivotEngine",
    "DEFAULT_BEAM_SIZE",
    "BATCH",
    "DEVICES",
    "DEFAULT_COMPUTE_TYPE",
    "GPU_BATCH_TOKENS",
    "cuda_device_count",
    "resolve_device",
    "thread_split",
    "BPE",
]

# Measured with bench/throughput.py (Argos-size model, 2 cores, batched): greedy decoding runs
# ~2.5x faster than beam 2 and ~3x faster than beam 4 (Argos's default). Output is fuzzy and
# reviewed by an editor anyway, so speed wins by default; beam 4 buys quality.
DEFAULT_BEAM_SIZE = 1
# Sentences per translate_batch chunk; each chunk gets its own decoding cap. Two chunks decode at
# once, one core each (inter_threads): on an Argos-size model with 2 cores that ran ~10% faster
# than one chunk of 32 on both cores, with a lower memory peak (bench/throughput.py).
BATCH = 16
DEFAULT_MAX_INPUT = 1024  # tokens; a package may say less (metadata "max_input_length")
DEVICES = ("auto", "cpu", "cuda")
#: compute_type when none is asked for. CPU: int8, the weights Argos ships. CUDA: int8 weights
#: with float16 activations — CTranslate2's fastest type for int8 models on a GPU with tensor
#: cores, at half the memory of float16 (``compute_type="float16"`` trades memory for accuracy).
DEFAULT_COMPUTE_TYPE = {"cpu": "int8", "cuda": "int8_float16"}
#: On a GPU a batch is sized in source tokens, not sentences: a GPU wants large batches, and
#: tokens bound its memory where a count of sentences does not (CTranslate2 batch_type="tokens").
GPU_BATCH_TOKENS = 4096


def cuda_device_count() -> int:
    """CUDA devices CTranslate2 can use (0 without a GPU, a driver or a CUDA build)."""
    import ctranslate2

    try:
        return int(ctranslate2.get_cuda_device_count())
    except (RuntimeError, OSError):  # a broken driver install
        return 0


def resolve_device(device: str | None) -> str:
    """``cpu`` or ``cuda`` for ``auto``/``cpu``/``cuda``; UsageError for cuda without a GPU."""
    wanted = (device or "auto").lower()
    if wanted not in DEVICES:
        raise UsageError(
            f"unknown device {device!r} (known: {', '.join(DEVICES)})", setting="device"
        )
    if wanted == "cpu":
        return "cpu"
    count = cuda_device_count()
    if wanted == "cuda" and count == 0:
        raise UsageError(
            "device cuda: CTranslate2 finds no CUDA device here (no NVIDIA GPU or driver, or "
            "CUDA_VISIBLE_DEVICES hides it)",
            setting="device",
        )
    return "cuda" if count else "cpu"


def thread_split(cores: int | None = None) -> tuple[int, int]:
    """(inter_threads, intra_threads) for ``cores``: chunks in parallel, 2 at most (memory)."""
    cores = cores or os.cpu_count() or 1
    inter = 2 if cores >= 2 else 1
    return inter, max(1, cores // inter)


_MODELS: dict[tuple[str, str, str, int, int], object] = {}
_LOCK = threading.Lock()


def _translator(model_dir: Path, device: str, compute_type: str, inter: int, intra: int):
    """One CTranslate2 Translator per model, device and settings, per process. A process
    (a Dask worker) uses the first GPU it sees: give each worker its own via
    CUDA_VISIBLE_DEVICES, and it holds one copy of the model there."""
    key = (str(model_dir), device, compute_type, inter, intra)
    with _LOCK:
        if key not in _MODELS:
            import ctranslate2

            supported = ctranslate2.get_supported_compute_types(device)
            if compute_type not in {*supported, "auto", "default"}:
                raise UsageError(
                    f"compute type {compute_type!r} is not supported on {device} here "
                    f"(supported: {', '.join(sorted(supported))})",
                    setting="compute_type",
                )
            try:
                _MODELS[key] = ctranslate2.Translator(
                    str(model_dir),
                    device=device,
                    device_index=0,
                    compute_type=compute_type,
                    inter_threads=inter,
                    intra_threads=intra,
                )
            except (RuntimeError, ValueError, OSError) as exc:
                raise ModelError(
                    f"cannot load the CTranslate2 model on {device}: {exc}", path=model_dir
                ) from None
        return _MODELS[key]


class _SentencePiece:
    def __init__(self, path: Path) -> None:
        import sentencepiece as spm

        from localize.fileio import read_regular_file

        proto = read_regular_file(path, "tokenizer model", ModelError)  # a FIFO would hang
        try:
            self.sp = spm.SentencePieceProcessor(model_proto=proto)
        except (RuntimeError, OSError) as exc:
            raise ModelError(f"cannot load the tokenizer: {exc}", path=path) from None

    def encode(self, text: str) -> list[str]:
        return self.sp.encode(text, out_type=str)

    def decode(self, tokens: list[str]) -> str:
        return self.sp.decode(tokens)


class BPE:
    """Argos's BPE packages (``bpe.model``): Moses normalisation and tokenization, then
    subword-nmt's BPE, as argostranslate does it (its ``apply_bpe`` is a copy of subword-nmt's)."""

    def __init__(self, path: Path, from_code: str = "en", to_code: str = "en") -> None:
        from sacremoses import MosesDetokenizer, MosesPunctNormalizer, MosesTokenizer
        from subword_nmt.apply_bpe import BPE

        from localize.fileio import open_regular_file

        self.normalizer = MosesPunctNormalizer(from_code)
        self.tokenizer = MosesTokenizer(from_code)
        self.detokenizer = MosesDetokenizer(to_code)

        with open_regular_file(path, "tokenizer model", ModelError) as raw:  # a FIFO would hang
            data = raw.read()
        try:
            codes = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ModelError("tokenizer model is not UTF-8 text", path=path) from None
        # Read whole and closed here: a text wrapper left around the file closes it again later.
        self.bpe = BPE(io.StringIO(codes))

    def encode(self, text: str) -> list[str]:
        words = " ".join(self.tokenizer.tokenize(self.normalizer.normalize(text)))
        return self.bpe.segment_tokens(words.strip("\r\n ").split(" "))

    def decode(self, tokens: list[str]) -> str:
        return self.detokenizer.detokenize(" ".join(tokens).replace("@@ ", "").split(" "))


class ArgosEngine:
    """Translate with one installed Argos package; 1:1 aligned, one model load per process."""

    name = "argos"

    def __init__(
        self,
        package_dir: Path,
        *,
        beam_size: int = DEFAULT_BEAM_SIZE,
        threads: int | None = None,
        compute_type: str | None = None,
        device: str = "cpu",
    ) -> None:
        from localize.fileio import check_regular_files, read_regular_file

        self.path = Path(package_dir)
        try:
            raw = read_regular_file(self.path / "metadata.json", "metadata file", ModelError)
            meta = json.loads(raw.decode("utf-8"))
        except ModelError as exc:
            raise ModelError(
                f"not a valid Argos package (metadata.json: {exc.message})", path=self.path
            ) from None
        except (RecursionError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
            raise ModelError(f"not a valid Argos package ({exc})", path=self.path) from None
        self.from_code = meta.get("from_code", "")
        self.to_code = meta.get("to_code", "")
        from localize.models import printable

        # Into comments of catalogs and onto terminals: a newline or an escape must not ride along.
        self.version = printable(str(meta.get("package_version", "0")))
        self.target_prefix = meta.get("target_prefix") or ""
        self.max_input = int(meta.get("max_input_length") or DEFAULT_MAX_INPUT)
        self.beam_size = beam_size
        # A fixed decoding cap, for benchmarks that compare paths on random-weight models.
        cap = os.environ.get("LOCALIZE_DECODING_CAP", "")
        self.fixed_cap = int(cap) if cap.isdigit() else None
        if (self.path / "sentencepiece.model").is_file():
            self.tokenizer: _SentencePiece | BPE = _SentencePiece(self.path / "sentencepiece.model")
        elif (self.path / "bpe.model").is_file():
            self.tokenizer = BPE(self.path / "bpe.model", self.from_code, self.to_code)
        else:
            raise ModelError("no tokenizer (sentencepiece.model or bpe.model)", path=self.path)
        # "auto" here (a Dask worker) looks at this machine's GPUs, not the client's.
        self.device = resolve_device(device)
        self.compute_type = compute_type or DEFAULT_COMPUTE_TYPE[self.device]
        # On a GPU one translator decodes the batches; CPU threads only feed it.
        inter, intra = thread_split(threads) if self.device == "cpu" else (1, 1)
        # CTranslate2 opens its files by name: a FIFO there (a vocabulary swapped) would hang it.
        check_regular_files(self.path / "model", "model file", ModelError)
        self.translator = _translator(
            self.path / "model", self.device, self.compute_type, inter, intra
        )

    @property
    def description(self) -> str:
        return f"argos {self.from_code}-{self.to_code} {self.version}"

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        """All texts in length-sorted chunks; each chunk capped at 1.5 × source + 10 tokens."""
        out: list[Translation | None] = [None] * len(texts)
        tokens: list[tuple[int, list[str], str]] = []
        for i, text in enumerate(texts):
            if not text.strip():
                out[i] = Translation(text, None, "")
                continue
            toks = self.tokenizer.encode(text)
            note = ""
            if len(toks) > self.max_input:
                toks = toks[: self.max_input]
                note = (
                    f"truncated: source longer than the model's {self.max_input} "
                    "tokens; the end is untranslated"
                )
            tokens.append((i, toks, note))
        tokens.sort(key=lambda t: len(t[1]))
        # Argos passes target_prefix as one token (e.g. a language tag) and strips it again.
        prefix = [self.target_prefix] if self.target_prefix else None
        if self.device == "cuda":
            chunks = _token_chunks(tokens, GPU_BATCH_TOKENS)
            batching: dict[str, object] = {
                "max_batch_size": GPU_BATCH_TOKENS,
                "batch_type": "tokens",
            }
        else:
            chunks = [tokens[start : start + BATCH] for start in range(0, len(tokens), BATCH)]
            batching = {"max_batch_size": BATCH}
        try:
            # Submitted together, so the translator's workers (inter_threads) share them out.
            pending = [
                self.translator.translate_batch(
                    [t[1] for t in chunk],
                    target_prefix=[prefix] * len(chunk) if prefix else None,
                    beam_size=self.beam_size,
                    **batching,
                    max_decoding_length=(
                        self.fixed_cap or int(1.5 * max(len(t[1]) for t in chunk) + 10)
                    )
                    + (len(prefix) if prefix else 0),
                    max_input_length=0,  # already truncated above, with a note
                    return_scores=True,
                    asynchronous=True,
                )
                for chunk in chunks
            ]
            for chunk, futures in zip(chunks, pending, strict=True):
                for (i, _, note), future in zip(chunk, futures, strict=True):
                    result = future.result()
                    hyp = result.hypotheses[0]
                    if prefix and hyp[: len(prefix)] == prefix:
                        hyp = hyp[len(prefix) :]
                    score = result.scores[0] if result.scores else None
                    out[i] = Translation(self.tokenizer.decode(hyp), score, note)
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"{self.description} failed: {exc}") from None
        return [t for t in out if t is not None]


def _token_chunks(
    items: list[tuple[int, list[str], str]], budget: int
) -> list[list[tuple[int, list[str], str]]]:
    """Length-sorted items in runs of at most ``budget`` tokens (one item at least), each run
    with its own decoding cap."""
    chunks: list[list[tuple[int, list[str], str]]] = []
    size = 0
    for item in items:
        if not chunks or size + len(item[1]) > budget:
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += len(item[1])
    return chunks


class PivotEngine:
    """Two engines chained through a pivot language (en→de→uk when en→uk is missing)."""

    name = "argos"

    def __init__(self, first: ArgosEngine, second: ArgosEngine) -> None:
        self.first, self.second = first, second

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        middle = self.first.translate(texts)
        final = self.second.translate([t.text for t in middle])
        out = []
        for a, b in zip(middle, final, strict=True):
            notes = [n for n in (a.note, b.note) if n]
            score = None if a.score is None or b.score is None else a.score + b.score
            out.append(Translation(b.text, score, "; ".join(notes)))
        return out
