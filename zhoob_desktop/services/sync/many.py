"""Importing several bundles at once: each all or nothing, going on past a refused one, then a summary.

The command line and the Sync page both import through ``import_many``; it
calls ``district.import_bundle`` for each file, so a refused file changes
nothing and the next one is still imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_number
from zhoob_desktop.services.sync.district import ImportResult, import_bundle
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.errors import AlreadyImported, BundleRejected
from zhoob_desktop.services.sync.keys import DistrictKeys
from zhoob_desktop.services.sync.labels import conflict_text, kind_label


class UnexpectedFailure(BundleRejected):
    template = N_(
        "The bundle {path} could not be imported because of an error in the program ({error}); "
        "nothing was written. Keep the file and report it."
    )


@dataclass(frozen=True)
class Outcome:
    """What became of one file: imported (``result``), already imported, or refused (``message``)."""

    path: Path
    result: ImportResult | None = None
    message: str = ""
    already: bool = False
    error: Exception | None = (
        None  # the typed error behind ``message`` (the district service answers with it)
    )

    @property
    def refused(self) -> bool:
        return self.result is None and not self.already


def import_many(
    dstore: DistrictStore,
    paths: list[Path],
    keys: DistrictKeys | None,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Outcome]:
    """Import each file in turn; a refused file is reported and the next one is imported.

    A SQLite district store is copied first (``DistrictStore.backup``), once for the batch.
    """
    dstore.backup("pre-import")
    out = []
    for number, path in enumerate(paths):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(number, len(paths), Path(path).name)
        try:
            out.append(Outcome(Path(path), import_bundle(dstore, Path(path), keys)))
        except AlreadyImported as exc:
            out.append(Outcome(Path(path), message=exc.message(), already=True, error=exc))
        except ZhoobError as exc:
            out.append(Outcome(Path(path), message=exc.message(), error=exc))
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the others
            error = f"{type(exc).__name__}: {str(exc)[:200]}"
            failure = UnexpectedFailure(path=str(path), error=error)
            failure.__cause__ = exc
            out.append(Outcome(Path(path), message=failure.message(), error=failure))
    if progress is not None:
        progress(len(paths), len(paths), "")
    return out


def result_lines(result: ImportResult) -> list[str]:
    """What one import added and updated, and its conflicts, one line each."""
    lines = []
    for label, bucket in ((_("added"), result.added), (_("updated"), result.updated)):
        items = ", ".join(f"{kind_label(k)} {format_number(v)}" for k, v in sorted(bucket.items()) if v)
        if items:
            lines.append(f"  {label}: {items}")
    if result.moves:
        lines.append(
            "  " + _("moves between okrugs linked: {count}").format(count=format_number(result.moves))
        )
    if result.closed:
        lines.append("  " + _("earlier conflicts closed: {count}").format(count=format_number(result.closed)))
    for c in result.conflicts:
        lines.append(
            _("  CONFLICT: {what}").format(
                what=conflict_text(c.kind, c.entity, c.subject or c.record_id, c.detail)
            )
        )
    return lines


def summary_lines(outcomes: list[Outcome]) -> list[str]:
    """The summary of a multi-file import: how many were imported, already there, refused, and why."""
    imported = [o for o in outcomes if o.result is not None]
    already = [o for o in outcomes if o.already]
    refused = [o for o in outcomes if o.refused]
    lines = [
        _("Summary: {imported} imported, {already} already imported, {refused} refused.").format(
            imported=len(imported), already=len(already), refused=len(refused)
        )
    ]
    for o in imported:
        lines.append(
            "  "
            + _("imported: {file} (bundle number {seq} of okrug {okrug})").format(
                file=o.path.name, seq=o.result.seq, okrug=o.result.okrug_name
            )
        )
    for o in refused:
        lines.append("  " + _("refused: {file}: {reason}").format(file=o.path.name, reason=o.message))
    return lines
