"""Helpers for tests (ours and users'): small, real Argos packages built offline.

``build_argos_package`` writes a genuine ``.argosmodel`` — metadata.json, a CTranslate2
Transformer, a SentencePiece model — whose network translates *word by word* through a
dictionary, deterministically, under greedy or beam search, int8 or float32. It does so with
hand-set weights, no training:

* the residual stream is [one-hot token | one-hot position];
* encoder layers are switched off (zero output projections), so each encoder state is its token
  and position;
* the decoder's cross-attention matches the decoder step to the same source position (queries
  and keys read the position block) and copies that source token (values read the token block);
* the output projection *is* the dictionary: source piece → target piece, every other piece to
  itself, ``</s>`` to ``</s>`` (the source gets ``</s>`` appended, so decoding stops there);
  ``</s>`` is otherwise held far down, so beam search collects no early endings.

Dictionary words become single SentencePiece pieces (``▁Crimea`` → ``▁Крым``); anything else is
copied piece by piece (bytes for unknown characters). Matching is by piece, so a word translates
where it starts the text or follows a space, case-sensitively; glued to punctuation before it
(``"Crimea``) it is copied, and a dictionary word that begins a longer word translates that
beginning (``Russian`` → ``Россияn``) unless the longer word is in the dictionary too.
``dictionary_translate`` gives, in pure Python, exactly what the model outputs.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

__all__ = [
    "build_argos_package",
    "build_random_package",
    "dictionary_translate",
    "run_localize_measured",
    "article_commands",
]

_BASE_CORPUS = (
    "The quick brown fox jumps over the lazy dog. 0123456789 , . ; : ! ? ' \" ( ) [ ] - – — "
    "« » „ “ ” ’ / % $ & @ # * + = _ < > • … abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ "
    "Russia Moscow Kremlin said that the and of in a to with on for was is by as at from "
)
_MAX_POSITIONS = 384  # the longest news sentence, in this small vocabulary's pieces


def _train_spm(dictionary: Mapping[str, str], corpus: Iterable[str]) -> bytes:
    """A small unigram SentencePiece model with every dictionary word as one piece."""
    return _train_spm_cached(tuple(sorted(dictionary.items())), tuple(corpus))


@lru_cache(maxsize=32)
def _train_spm_cached(items: tuple[tuple[str, str], ...], corpus: tuple[str, ...]) -> bytes:
    dictionary = dict(items)
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb

    words = sorted({w for pair in dictionary.items() for w in pair})
    lines = [_BASE_CORPUS, *corpus, *words, " ".join(words)]
    out = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=out,
        model_type="unigram",
        vocab_size=len(set("".join(lines))) + 256 + 40,  # chars + byte fallback + a few
        hard_vocab_limit=False,
        character_coverage=1.0,
        byte_fallback=True,
        bos_id=1,
        eos_id=2,
        unk_id=0,
        pad_id=-1,
        minloglevel=2,
        num_threads=1,
    )
    proto = pb.ModelProto()  # type: ignore[attr-defined]  # protobuf builds it at run time
    proto.ParseFromString(out.getvalue())
    have = {p.piece for p in proto.pieces}
    for word in words:
        piece = "▁" + word.replace(" ", "▁")
        if piece not in have:
            p = proto.pieces.add()
            p.piece, p.score, p.type = piece, 0.0, pb.ModelProto.SentencePiece.NORMAL  # type: ignore[attr-defined]
            have.add(piece)
        else:  # make sure whole words win over their parts
            for p in proto.pieces:
                if p.piece == piece:
                    p.score = 0.0
    return proto.SerializeToString()


def _bpe_tokenizer(codes: str, from_code: str, to_code: str):
    from localize.engine.argos import BPE

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bpe.model"
        path.write_text(codes, encoding="utf-8")
        return BPE(path, from_code, to_code)


@lru_cache(maxsize=32)
def _bpe_model(
    items: tuple[tuple[str, str], ...], corpus: tuple[str, ...], from_code: str, to_code: str
) -> tuple[str, list[str], dict[int, int]]:
    """subword-nmt codes that keep every corpus and dictionary word whole, the vocabulary
    (specials, the words, every merged symbol and character, alone and word-inside), and the
    dictionary as ids."""
    from contextlib import redirect_stderr

    from sacremoses import MosesPunctNormalizer, MosesTokenizer
    from subword_nmt.learn_bpe import learn_bpe

    norm, tok = MosesPunctNormalizer(from_code), MosesTokenizer(from_code)
    lines = [_BASE_CORPUS, *corpus, *(k for k, _ in items)]
    words = sorted({w for line in lines for w in tok.tokenize(norm.normalize(line))})
    out = io.StringIO()
    # Every word twice: learning goes on until each is one symbol (progress bars silenced).
    with redirect_stderr(io.StringIO()):
        learn_bpe(
            io.StringIO("".join(f"{w} 2\n" for w in words)),
            out,
            sum(len(w) for w in words) + 1,
            min_frequency=2,
            is_dict=True,
        )
    codes = out.getvalue()
    bpe = _bpe_tokenizer(codes, from_code, to_code)
    # Every symbol a merge can leave, inside a word (``ab@@``) and ending one (``ab``).
    symbols = {c for w in words for c in w}
    for line in codes.splitlines()[1:]:
        joined = line.replace(" ", "").removesuffix("</w>")
        symbols.add(joined)
    vocab = list(
        dict.fromkeys(
            ["<unk>", "<s>", "</s>", *words]
            + [t for sym in sorted(symbols) for t in (sym, sym + "@@")]
            + [v for _, v in items]
        )
    )
    index = {t: i for i, t in enumerate(vocab)}
    mapping = {}
    for key, value in items:
        pieces = bpe.encode(key)
        if len(pieces) != 1:
            raise ValueError(f"a BPE dictionary key must be one Moses token: {key!r}")
        mapping[index[pieces[0]]] = index[value]
    return codes, vocab, mapping


def _processor(model: bytes):
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_proto=model)


def _mapping(sp, dictionary: Mapping[str, str]) -> dict[int, int]:
    out = {}
    for src, tgt in dictionary.items():
        s = sp.piece_to_id("▁" + src.replace(" ", "▁"))
        t = sp.piece_to_id("▁" + tgt.replace(" ", "▁"))
        out[s] = t
    return out


def _build_spec(
    vocab: list[str],
    mapping: Mapping[int, int],
    positions: int,
    *,
    shift: bool = False,
    rivals: Mapping[int, Sequence[int]] | None = None,
):
    import numpy as np
    from ctranslate2.specs import transformer_spec as ts

    V, P = len(vocab), positions
    d = V + P
    spec = ts.TransformerSpec.from_config((1, 1), 1)
    f32 = np.float32

    def zeros(*shape: int):
        return np.zeros(shape, dtype=f32)

    def norm(ln) -> None:
        ln.gamma, ln.beta = np.ones(d, dtype=f32), zeros(d)

    pos = zeros(P, d)
    pos[np.arange(P), V + np.arange(P)] = 1.0
    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = np.eye(V, d, dtype=f32)
    enc.scale_embeddings = False
    enc.position_encodings.encodings = pos
    dec.embeddings.weight = zeros(V, d)
    dec.scale_embeddings = False
    # With a target prefix token, decoder step t copies source position t - 1.
    dec.position_encodings.encodings = np.roll(pos, 1, axis=0) if shift else pos.copy()
    for layer, attn_names in (
        (enc.layer[0], ("self_attention",)),
        (dec.layer[0], ("self_attention",)),
    ):
        for name in attn_names:
            att = getattr(layer, name)
            norm(att.layer_norm)
            att.linear[0].weight, att.linear[0].bias = zeros(3 * d, d), zeros(3 * d)
            att.linear[1].weight, att.linear[1].bias = zeros(d, d), zeros(d)
        norm(layer.ffn.layer_norm)
        layer.ffn.linear_0.weight, layer.ffn.linear_0.bias = zeros(4, d), zeros(4)
        layer.ffn.linear_1.weight, layer.ffn.linear_1.bias = zeros(d, 4), zeros(d)
    norm(enc.layer_norm)
    norm(dec.layer_norm)
    cross = dec.layer[0].attention
    norm(cross.layer_norm)
    q, kv, o = zeros(d, d), zeros(2 * d, d), zeros(d, d)
    idx = V + np.arange(P)
    q[idx, idx] = 20.0  # sharp: the step attends to its own source position only
    kv[idx, idx] = 1.0  # keys: the position block
    kv[d + np.arange(V), np.arange(V)] = 1.0  # values: the token block
    o[np.arange(V), np.arange(V)] = 1.0
    cross.linear[0].weight, cross.linear[0].bias = q, zeros(d)
    cross.linear[1].weight, cross.linear[1].bias = kv, zeros(2 * d)
    cross.linear[2].weight, cross.linear[2].bias = o, zeros(d)
    proj = zeros(V, d)
    for i in range(V):
        proj[mapping.get(i, i), i] = 10.0
    # A doubtful word: its rivals score above its translation, so the model picks a wrong
    # word with a low probability (a garbled, low-confidence output on purpose).
    for i, others in (rivals or {}).items():
        proj[mapping.get(i, i), i] = 9.0
        for r in others:
            proj[r, i] = 10.0
    # </s> only where the source has it: otherwise beam search would collect early endings
    # as finished hypotheses; where it is copied it wins by a wide margin.
    proj[2, 2] = 100.0
    bias = zeros(V)
    bias[2] = -1000.0
    dec.projection.weight, dec.projection.bias = proj, bias
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.config.add_source_eos = True
    spec.config.unk_token, spec.config.bos_token, spec.config.eos_token = (
        vocab[0],
        vocab[1],
        vocab[2],
    )
    return spec


def _write_package(
    path: Path,
    from_code: str,
    to_code: str,
    version: str,
    spec,
    tokenizer_model: bytes,
    *,
    quantization: str | None,
    target_prefix: str | None,
    max_positions: int,
    tokenizer_name: str = "sentencepiece.model",
) -> Path:
    from babel import Locale, UnknownLocaleError

    def name(code: str) -> str:
        try:
            return Locale.parse(code).get_display_name("en") or code
        except (UnknownLocaleError, ValueError):  # made-up codes are fine in tests
            return code

    path = Path(path)
    if path.is_dir():
        path = path / f"translate-{from_code}_{to_code}-{version.replace('.', '_')}.argosmodel"
    top = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    meta = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": name(from_code),
        "to_code": to_code,
        "to_name": name(to_code),
        "type": "translate",
        "links": [],
        "dependencies": [],
        "max_input_length": max_positions,
    }
    if target_prefix:
        meta["target_prefix"] = target_prefix
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        spec.validate()
        if quantization:
            spec.optimize(quantization=quantization)
        model_dir.mkdir()
        spec.save(str(model_dir))
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(f"{top}/metadata.json", json.dumps(meta, ensure_ascii=False, indent=2))
            zf.writestr(f"{top}/{tokenizer_name}", tokenizer_model)
            zf.writestr(f"{top}/README.md", "Built by localize.testing for tests.\n")
            for file in sorted(model_dir.iterdir()):
                zf.write(file, f"{top}/model/{file.name}")
    return path


def build_argos_package(
    path: str | Path,
    from_code: str,
    to_code: str,
    dictionary: Mapping[str, str],
    *,
    version: str = "1.0",
    target_prefix: str | None = None,
    quantization: str | None = "int8",
    corpus: Iterable[str] = (),
    tokenizer: str = "sentencepiece",
    doubt: Mapping[str, int] | None = None,
) -> Path:
    """Write a real ``.argosmodel`` translating word by word through ``dictionary``.

    ``path`` is the file to write, or a folder to put ``translate-<from>_<to>-<version>.argosmodel``
    in. Keys and values are words (a value may hold spaces). Returns the archive's path.

    ``tokenizer="bpe"`` writes a BPE package (``bpe.model``: Moses tokens, subword-nmt codes)
    as Argos's older packages are: keys must then be single Moses tokens, and characters
    absent from the corpus come out as ``<unk>``.

    ``doubt`` maps source words (dictionary keys) to a number of rival words: the model then
    renders such a word as one of its rivals with a probability of about 1 / (rivals + 1),
    which lowers the sentence's score (and so its confidence) by a chosen amount.
    """
    if tokenizer == "bpe":
        codes, vocab, mapping = _bpe_model(
            tuple(sorted(dictionary.items())), tuple(corpus), from_code, to_code
        )
        vocab = [*vocab, *([target_prefix] if target_prefix else [])]
        spec = _build_spec(vocab, mapping, _MAX_POSITIONS, shift=bool(target_prefix))
        return _write_package(
            Path(path),
            from_code,
            to_code,
            version,
            spec,
            codes.encode("utf-8"),
            quantization=quantization,
            target_prefix=target_prefix,
            max_positions=_MAX_POSITIONS - 1 - bool(target_prefix),
            tokenizer_name="bpe.model",
        )
    if tokenizer != "sentencepiece":
        raise ValueError(f"unknown tokenizer {tokenizer!r} (sentencepiece or bpe)")
    model = _train_spm(dictionary, corpus)
    sp = _processor(model)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    if target_prefix:  # one token, as Argos passes it to CTranslate2
        vocab.append(target_prefix)
    mapping = _mapping(sp, dictionary)
    rivals = {}
    if doubt:
        used = set(mapping) | set(mapping.values())
        plain = [  # whole words the dictionary does not use: a wrong word, visibly
            i for i, p in enumerate(vocab) if p[1:].isalpha() and p[0] == "▁" and i not in used
        ]
        for word, k in doubt.items():
            piece = sp.piece_to_id("▁" + word.replace(" ", "▁"))
            rivals[piece] = [r for r in plain if r != piece][:k]
    spec = _build_spec(vocab, mapping, _MAX_POSITIONS, shift=bool(target_prefix), rivals=rivals)
    return _write_package(
        Path(path),
        from_code,
        to_code,
        version,
        spec,
        model,
        quantization=quantization,
        target_prefix=target_prefix,
        max_positions=_MAX_POSITIONS - 1 - bool(target_prefix),  # room for </s> (and prefix)
    )


def dictionary_translate(
    text: str,
    dictionary: Mapping[str, str],
    *,
    corpus: Iterable[str] = (),
    tokenizer: str = "sentencepiece",
    from_code: str = "en",
    to_code: str = "en",
) -> str:
    """Exactly what a package from ``build_argos_package(…, dictionary)`` outputs for ``text``."""
    if tokenizer == "bpe":
        codes, vocab, mapping = _bpe_model(
            tuple(sorted(dictionary.items())), tuple(corpus), from_code, to_code
        )
        bpe = _bpe_tokenizer(codes, from_code, to_code)
        index = {t: i for i, t in enumerate(vocab)}
        ids = [index.get(t, 0) for t in bpe.encode(text)]  # 0: <unk>
        return bpe.decode([vocab[mapping.get(i, i)] for i in ids])
    model = _train_spm(dictionary, corpus)
    sp = _processor(model)
    mapping = _mapping(sp, dictionary)
    ids = sp.encode(text)
    return sp.decode([mapping.get(i, i) for i in ids])


def build_random_package(
    path: str | Path,
    from_code: str,
    to_code: str,
    *,
    layers: int = 6,
    d_model: int = 512,
    heads: int = 8,
    ffn: int = 2048,
    vocab: int = 32000,
    quantization: str = "int8",
    seed: int = 0,
    corpus: Iterable[str] = (),
) -> Path:
    """An Argos-size package with random weights, for benchmarks (it never emits ``</s>``:
    cap the decoding length)."""
    import numpy as np
    from ctranslate2.specs import transformer_spec as ts

    rng = np.random.default_rng(seed)
    model = _train_spm({}, corpus)
    sp = _processor(model)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    names = pieces + [f"<extra_{i}>" for i in range(max(0, vocab - len(pieces)))]
    spec = ts.TransformerSpec.from_config((layers, layers), heads)

    def fill(obj) -> None:
        for name, value in list(vars(obj).items()):
            if name.startswith("_"):
                continue
            if isinstance(value, list):
                for item in value:
                    if hasattr(item, "__dict__"):
                        fill(item)
            elif hasattr(value, "__dict__") and type(value).__module__.startswith("ctranslate2"):
                fill(value)

    # Shapes by role; every variable gets small random values.
    V, d = len(names), d_model
    enc, dec = spec.encoder, spec.decoder

    def r(*shape: int):
        return (rng.standard_normal(shape) * 0.02).astype(np.float32)

    def ln(x) -> None:
        x.gamma, x.beta = np.ones(d, np.float32), np.zeros(d, np.float32)

    enc.embeddings[0].weight = r(V, d)
    dec.embeddings.weight = r(V, d)
    for stack, cross in ((enc, False), (dec, True)):
        ln(stack.layer_norm)
        for layer in stack.layer:
            ln(layer.self_attention.layer_norm)
            layer.self_attention.linear[0].weight = r(3 * d, d)
            layer.self_attention.linear[0].bias = r(3 * d)
            layer.self_attention.linear[1].weight = r(d, d)
            layer.self_attention.linear[1].bias = r(d)
            if cross:
                ln(layer.attention.layer_norm)
                layer.attention.linear[0].weight, layer.attention.linear[0].bias = r(d, d), r(d)
                layer.attention.linear[1].weight = r(2 * d, d)
                layer.attention.linear[1].bias = r(2 * d)
                layer.attention.linear[2].weight, layer.attention.linear[2].bias = r(d, d), r(d)
            ln(layer.ffn.layer_norm)
            layer.ffn.linear_0.weight, layer.ffn.linear_0.bias = r(ffn, d), r(ffn)
            layer.ffn.linear_1.weight, layer.ffn.linear_1.bias = r(d, ffn), r(d)
    dec.projection.weight, dec.projection.bias = r(V, d), np.zeros(V, np.float32)
    bias = dec.projection.bias
    bias[2] = -1e4  # never </s>: every comparison runs to the same decoding cap
    spec.register_source_vocabulary(names)
    spec.register_target_vocabulary(names)
    spec.config.unk_token, spec.config.bos_token, spec.config.eos_token = (
        names[0],
        names[1],
        names[2],
    )
    return _write_package(
        Path(path),
        from_code,
        to_code,
        "1.0",
        spec,
        model,
        quantization=quantization,
        target_prefix=None,
        max_positions=1024,
    )


# The child reports its own high-water mark: rusage of a child counts the forked copy of the
# parent too (Linux keeps the pre-exec peak), and sampling misses short peaks.
_MEASURED = """\
import atexit, os, runpy, sys
def _peak():
    with open("/proc/self/status") as fh:
        kb = next(line.split()[1] for line in fh if line.startswith("VmHWM:"))
    with open(os.environ["LOCALIZE_PEAK_FILE"], "w") as out:
        out.write(kb)
atexit.register(_peak)
sys.argv[0] = "localize"
runpy.run_module("localize", run_name="__main__", alter_sys=True)
"""


def run_localize_measured(
    args: Sequence[str],
    *,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    quiet: bool = False,
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``python -m localize ARGS`` as a real process; its result and peak RSS in MB (Linux).

    ``quiet`` discards standard output (stderr is always kept).
    """
    with tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURED, *args],
            cwd=cwd,
            env={**(env if env is not None else os.environ), "LOCALIZE_PEAK_FILE": str(peak_file)},
            stdout=subprocess.DEVNULL if quiet else subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else float("nan")
    return proc, peak


def article_commands(article: str, lang: str, *, engine: str | None) -> list[list[str]]:
    """Every command an article goes through, in order: segment, extract, update, translate
    (only with an ``engine``) and build (fuzzy allowed, source where untranslated, to out.txt)."""
    runs = [["segment", article], ["extract", article], ["update", article, "--to", lang]]
    if engine:
        runs.append(["translate", article, "--to", lang, "--engine", engine])
    build = ["build", article, "--to", lang, "--allow-fuzzy", "--fallback", "source"]
    return [*runs, [*build, "-o", "out.txt"]]
