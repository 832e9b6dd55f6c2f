"""The Argos package index: where it is, what it offers, and installing a pair from it.

The index is read as JSON (as argospm reads it), without argostranslate; a downloaded package
goes through :func:`localize.models.install_package`'s checks like any other.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from localize.errors import LocalizeError, ModelError
from localize.lang import check_locale
from localize.models import (
    MAX_METADATA_BYTES,
    MAX_UNPACKED_BYTES,
    ModelPackage,
    find_model,
    inspect_archive,
    install_dir,
    install_package,
)

__all__ = [
    "ARGOS_INDEX",
    "OFFLINE_HINT",
    "IndexPackage",
    "index_url",
    "install_from_index",
    "parse_index",
    "read_index",
]

OFFLINE_HINT = (
    "download the .argosmodel on a connected machine, copy it here and run: "
    "localize models install FILE"
)


#: The Argos package index argospm reads; ``ARGOS_PACKAGE_INDEX`` (a folder URL) moves it for
#: both, ``LOCALIZE_PACKAGE_INDEX`` (an index.json URL, file or folder) for localize alone.
ARGOS_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main"


@dataclass(frozen=True)
class IndexPackage:
    """One translation package of the index: its pair, version and download links."""

    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"


def index_url(index: str | os.PathLike[str] | None = None) -> str:
    """The index's URL: ``index`` (a URL, an index.json or a folder holding one), else
    $LOCALIZE_PACKAGE_INDEX, else argospm's ($ARGOS_PACKAGE_INDEX/index.json)."""
    import urllib.parse

    where = str(index or os.environ.get("LOCALIZE_PACKAGE_INDEX") or "")
    if not where:
        return os.environ.get("ARGOS_PACKAGE_INDEX", ARGOS_INDEX).rstrip("/") + "/index.json"
    if urllib.parse.urlparse(where).scheme in ("http", "https", "file"):
        return where
    path = Path(where).expanduser().resolve()
    return (path / "index.json" if path.is_dir() else path).as_uri()


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version))


def parse_index(raw: bytes, where: str) -> list[IndexPackage]:
    """The translation packages of an index (a JSON list of package metadata objects, as
    argospm reads it); entries of other types or unknown languages are left out."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ModelError(f"the package index is not valid JSON ({exc})", path=where) from None
    if not isinstance(data, list):
        raise ModelError("the package index must be a JSON list of packages", path=where)
    out = []
    for item in data:
        if not isinstance(item, dict) or item.get("type", "translate") != "translate":
            continue
        links = item.get("links")
        codes = item.get("from_code"), item.get("to_code")
        if not all(isinstance(c, str) and c for c in codes) or not isinstance(links, list):
            continue
        try:
            from_code, to_code = check_locale(codes[0]), check_locale(codes[1])
        except LocalizeError:
            continue
        out.append(
            IndexPackage(
                from_code,
                to_code,
                str(item.get("package_version", "0")),
                tuple(link for link in links if isinstance(link, str)),
            )
        )
    return out


def _open(url: str, timeout: float):
    import urllib.parse
    import urllib.request

    if urllib.parse.urlparse(url).scheme not in ("http", "https", "file"):
        raise OSError(f"unsupported URL {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": "localize"})
    return urllib.request.urlopen(request, timeout=timeout)  # schemes checked above


def read_index(
    index: str | os.PathLike[str] | None = None, *, timeout: float = 5.0
) -> tuple[str, list[IndexPackage]]:
    """The index's URL and its packages; ModelError when it cannot be read."""
    import socket
    import urllib.parse

    url = index_url(index)
    parts = urllib.parse.urlparse(url)
    if parts.scheme in ("http", "https"):
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:  # fail at once when offline instead of waiting for a download to time out
            socket.create_connection((parts.hostname, port), timeout=timeout).close()
        except OSError:
            raise ModelError(
                f"cannot reach the Argos package index (offline?); {OFFLINE_HINT}"
            ) from None
    try:
        with _open(url, timeout) as response:
            raw = response.read(MAX_METADATA_BYTES * 64 + 1)
    except OSError as exc:
        raise ModelError(
            f"the Argos package index could not be read ({exc}); {OFFLINE_HINT}", path=url
        ) from None
    if len(raw) > MAX_METADATA_BYTES * 64:
        raise ModelError(f"the package index is larger than {MAX_METADATA_BYTES * 64} bytes")
    return url, parse_index(raw, url)


def _download(url: str, target: Path, timeout: float) -> None:
    """``url`` into ``target``, at most MAX_UNPACKED_BYTES (the installer checks the rest)."""
    done = 0
    with _open(url, timeout) as response, open(target, "wb") as out:
        while chunk := response.read(1024 * 1024):
            done += len(chunk)
            if done > MAX_UNPACKED_BYTES:
                raise OSError(f"larger than {MAX_UNPACKED_BYTES} bytes; refused")
            out.write(chunk)


def install_from_index(
    from_code: str,
    to_code: str,
    models_dir: Path | None = None,
    *,
    index: str | os.PathLike[str] | None = None,
    replace: bool = False,
    timeout: float = 5.0,
) -> ModelPackage:
    """Download a pair from the Argos package index (its newest version) and install it with
    :func:`install_package`'s checks. No argostranslate: the index is a JSON list."""
    import urllib.parse

    url, packages = read_index(index, timeout=timeout)
    available = sorted(
        (p for p in packages if (p.from_code, p.to_code) == (from_code, to_code)),
        key=lambda p: _version_key(p.version),
    )
    if not available:
        raise ModelError(f"the Argos package index has no {from_code}-{to_code} package")
    wanted = available[-1]
    if not replace:
        old = find_model(from_code, to_code, models_dir)
        if old is not None:  # before a download of a hundred MB
            raise ModelError(
                f"{old.pair} is already installed (version {old.version} in {old.path})",
                setting="replace",
            )
    root = install_dir(models_dir)
    root.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".download-", suffix=".argosmodel", dir=root)
    os.close(fd)
    archive = Path(name)
    try:
        errors = []
        for link in wanted.links:
            source = urllib.parse.urljoin(url, link)
            try:
                _download(source, archive, timeout)
                break
            except (OSError, ValueError) as exc:
                errors.append(f"{source}: {exc}")
        else:
            failed = "; ".join(errors) or "the index gives no link"
            raise ModelError(f"download failed: {failed}; {OFFLINE_HINT}")
        try:
            _, pkg = inspect_archive(archive)
            if pkg.pair != wanted.pair:
                raise ModelError(f"the index's {wanted.pair} package holds {pkg.pair}; refused")
            return install_package(archive, models_dir, replace=replace)[0]
        except ModelError as exc:  # named by where it came from, not the temporary file
            raise ModelError(exc.message, path=source, setting=exc.setting) from None
    finally:
        archive.unlink(missing_ok=True)
