"""Integrity checks run by `zhoob check` and at start."""

from __future__ import annotations

from collections.abc import Callable

from zhoob_desktop.services.backups import quick_check
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync.labels import SYNC_KEYS_CHECK

Check = Callable[[Store], list[str]]


def _database(store: Store) -> list[str]:
    verdict = quick_check(store.db_path, store.key)
    return [] if verdict == "ok" else [verdict]


def _register(store: Store) -> list[str]:
    from zhoob_desktop.services.register.checks import register_problems

    return register_problems(store)


def _journals(store: Store) -> list[str]:
    from zhoob_desktop.services.meeting.journal import journal_problems

    return journal_problems(store)


def _papers(store: Store) -> list[str]:
    from zhoob_desktop.services.documents.issue import paper_problems

    return paper_problems(store)


def _decisions(store: Store) -> list[str]:
    from zhoob_desktop.services.decisions.checks import decision_problems

    return decision_problems(store)


def _sync_keys(store: Store) -> list[str]:
    from zhoob_desktop.services.i18n import _
    from zhoob_desktop.services.sync.export import key_problems
    from zhoob_desktop.services.sync.keys import key_file_states

    problems = key_problems(store)
    for found in key_file_states(store):  # the district's keys too, and a file gone that a copy remembers
        if found.state != "sound" and found.problem not in problems:
            problems.append(found.problem)
        if found.state in ("damaged", "missing") and found.has_copy:
            problems.append(
                _("{path}: a copy is kept in the data: zhoob keys restore").format(path=found.path)
            )
    return problems


def _audit(store: Store) -> list[str]:
    from zhoob_desktop.services.security.audit import verify

    verify(store)  # a broken chain raises, naming the first bad entry
    return []


def all_checks() -> list[tuple[str, Check]]:
    """(name msgid, check) pairs; each check returns a list of problems, empty when sound."""
    checks: list[tuple[str, Check]] = [
        (N_("database"), _database),
        (N_("register of residents"), _register),
        (N_("meeting journals"), _journals),
        (N_("issued papers"), _papers),
        (N_("decisions"), _decisions),
        (SYNC_KEYS_CHECK, _sync_keys),
        (N_("audit of who did what"), _audit),
    ]
    return checks


def run_checks(store: Store) -> dict[str, list[str]]:
    """Every check's problems; a check refused by damaged data reports that damage as its problem."""
    results: dict[str, list[str]] = {}
    for name, check in all_checks():
        try:
            results[name] = check(store)
        except ZhoobError as exc:  # e.g. a damaged journal met by a check that reads sittings
            results[name] = [exc.message()]
    return results
