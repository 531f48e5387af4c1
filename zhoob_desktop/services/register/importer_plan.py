"""Turning the rows of a list into residents: parse each row, then match it with the file and the register.

Duplicates (same IIN, or same name and birth date) are combined within the
file and merged into the register (empty fields filled, changed fields
updated) or flagged, never doubled.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhoob_desktop.models.register import Resident, SocialStatus, resident_status
from zhoob_desktop.services.i18n import N_, _, format_date
from zhoob_desktop.services.register import importer_cells as cells
from zhoob_desktop.services.register.errors import InvalidIIN
from zhoob_desktop.services.register.iin import check_digit, decode_iin, validate_iin
from zhoob_desktop.services.register.query import address_select
from zhoob_desktop.services.register.search import fold, fold_parts, name_key

ACTIONS = ("new", "update", "unchanged", "combined", "duplicate", "error")
TEXT_FIELDS = ("surname", "given_name", "patronymic", "phone")
# The cells a row is read from, in the order ``Parser.parse`` unpacks them.
READ_FIELDS = (
    "surname", "given_name", "patronymic", "full_name", "iin", "birth_date", "sex", "settlement", "street",
    "house", "apartment", "address", "phone", "statuses", "registered_on",
)  # fmt: skip


@dataclass(frozen=True, slots=True)  # slots: a list of 200,000 rows keeps one per row and issue
class RowIssue:
    """A problem of one row: ``row`` as numbered in the file, ``column`` its header text."""

    row: int
    column: str
    field: str
    severity: str  # "error": the row is refused; "warning": imported as explained
    message: str


@dataclass(slots=True)  # not frozen: its generated __init__ cost a third of reading a row
class ImportedValues:
    """A row as understood: names of places as written, statuses as codes.

    ``name_key`` (folded full name, birth date) is what duplicates are matched by.
    Never changed once made: ``dataclasses.replace`` makes a changed copy.
    """

    surname: str
    given_name: str
    patronymic: str = ""
    iin: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    settlement: str = ""
    street: str = ""
    house: str = ""
    apartment: str = ""
    phone: str = ""
    statuses: tuple[str, ...] = ()
    registered_on: date | None = None

    @property
    def name_key(self) -> tuple[str, date | None]:
        # Worked out when asked, not kept: a preview of 200,000 rows would hold 45 MB of keys.
        return fold_parts(self.surname, self.given_name, self.patronymic), self.birth_date

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)


@dataclass(slots=True)  # not frozen, as ImportedValues: one is made per row of the list
class PreviewRow:
    """One data row of the file and what the import will do with it (see ``ACTIONS``).

    Never changed once planned: the preview shows it and the import writes it as it is.
    """

    row: int
    values: ImportedValues | None
    action: str
    issues: tuple[RowIssue, ...] = ()
    match_id: uuid.UUID | None = None  # the resident updated or left unchanged
    same_as_row: int | None = None  # the earlier row this one was combined with
    changes: tuple[str, ...] = ()  # fields an update changes
    target: ImportedValues | None = None  # what is written: the row combined with its duplicates
    # A refused row has no values: its name and IIN as written in the file, to find it there.
    read_name: str = ""
    read_iin: str = ""

    @property
    def name(self) -> str:
        """The full name understood, or as written for a refused row."""
        return self.values.full_name if self.values is not None else self.read_name

    @property
    def iin(self) -> str:
        return (self.values.iin or "") if self.values is not None else self.read_iin

    @property
    def reason(self) -> str:
        """The first error (or else the first warning): what the list can be sorted by."""
        for severity in ("error", "warning"):
            for issue in self.issues:
                if issue.severity == severity:
                    return issue.message
        return ""


@dataclass(slots=True)
class ParsedRow:
    """A data row as read, before matching: ``values`` is None when an error refuses it."""

    row: int
    values: ImportedValues | None
    issues: tuple[RowIssue, ...] = ()
    read_name: str = ""  # as written, kept for a refused row
    read_iin: str = ""


class Parser:
    """Parses data rows with a column mapping; messages in the current language."""

    def __init__(
        self,
        headers: tuple[str, ...],
        mapping: dict[str, int],
        statuses: dict[str, str],
        known_settlements: set[str],
        today: date,
    ):
        self.headers = headers
        self.mapping = mapping
        self.statuses = statuses  # folded code or name in any language -> code
        self.known_settlements = known_settlements
        self.today = today
        self._addresses: dict[tuple[Any, ...], tuple[str, str, str, str]] = {}
        # Rows are cut or padded to ``width`` cells and one None; a field without a column reads that None.
        self._width = max(mapping.values(), default=-1) + 1
        self._pick = itemgetter(*(mapping.get(name, self._width) for name in READ_FIELDS))
        self._dates: dict[tuple[str, Any], tuple[date | None, str | None]] = {}  # a list repeats dates
        self._decoded: dict[str, tuple[date | None, str | None]] = {}  # ... and the IINs their dates
        self._sexes: dict[Any, str | None] = {}  # ... and writes the sex in a few ways
        self._statuses: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # ... and the same statuses
        self._same: dict[str, str] = {}

    def column(self, name: str) -> str:
        index = self.mapping.get(name)
        if index is None:
            return ""
        return self.headers[index] if index < len(self.headers) else str(index + 1)

    def parse(self, number: int, values: tuple[Any, ...]) -> ParsedRow:
        """A data row read with the mapping: its values, or None with the errors that refuse it."""
        return self._clean(number, values) or self._read(number, values)

    def _clean(self, number: int, values: tuple[Any, ...]) -> ParsedRow | None:
        """A row that reads without a single issue, read the short way; None for any other row.

        Most rows of a list are like this, and reading them is most of a preview. ``_read``
        reads every row the same way, saying what it had to interpret; this is what it does
        for a row where nothing needs saying, in the same order and through the same caches,
        so both give the same result. At the first thing that would be an issue it stops,
        and ``_read`` reads the row again from the start.
        """
        (surname, given, patronymic, whole, iin_value, birth_value, sex_value, *place, phone, statuses,
         registered_value) = self._cells(values)  # fmt: skip
        text = cells.text
        surname, given, patronymic = text(surname), text(given), text(patronymic)
        if not surname or not given:
            if "full_name" not in self.mapping:
                return None
            whole = text(whole)
            words = whole.split(" ")
            if len(words) < 2 or not words[0]:
                return None
            surname, given, patronymic = words[0], words[1], " ".join(words[2:])
        if iin_value is None:
            iin = encoded_birth = encoded_sex = None
        elif (
            type(iin_value) is str
            and len(iin_value) == 12
            and iin_value.isdigit()
            and iin_value.isascii()
            and check_digit(iin_value[:11]) == ord(iin_value[11]) - 48
        ):
            iin = iin_value
            encoded_birth, encoded_sex = self._encoded(iin)
        else:
            return None
        found = self._text_date("birth_date", birth_value)
        if found is None:
            return None
        birth, warning = found
        if warning or birth is None or birth > self.today or (encoded_birth and encoded_birth != birth):
            return None
        try:
            sex = self._sex(sex_value)
        except cells.CellError:
            return None
        if sex is None:
            sex = encoded_sex
        elif encoded_sex and sex != encoded_sex:
            return None
        settlement, street, house, apartment = self._address(tuple(place))
        if (house and not street) or (not settlement and (street or house)):
            return None
        codes, unknown = self._status_codes(statuses)
        if unknown:
            return None
        registered = None
        if registered_value is not None:
            found = self._text_date("registered_on", registered_value)
            if found is None or found[1]:
                return None
            registered = found[0]
        address = settlement, street, house, apartment
        return ParsedRow(
            number,
            self._values(surname, given, patronymic, iin, birth, sex, address, phone, codes, registered),
        )

    def _read(self, number: int, values: tuple[Any, ...]) -> ParsedRow:
        """A data row read with the mapping, every issue said (see ``parse``)."""
        issues: list[RowIssue] = []

        def issue(name: str, severity: str, template: str, /, **params: Any) -> None:
            issues.append(RowIssue(number, self.column(name), name, severity, _(template).format(**params)))

        (surname, given, patronymic, whole, iin_value, birth_value, sex_value, *place, phone, statuses,
         registered_value) = self._cells(values)  # fmt: skip
        surname, given, patronymic = cells.text(surname), cells.text(given), cells.text(patronymic)
        if (not surname or not given) and "full_name" in self.mapping:
            whole = cells.text(whole)
            if whole:
                try:
                    surname, given, patronymic = cells.split_full_name(whole)
                except cells.CellError as exc:
                    issue("full_name", "error", exc.template, **exc.params)
        if not surname or not given:
            if not issues:  # no full name error yet: the only issues so far
                name_field = "full_name" if "full_name" in self.mapping else "surname"
                issue(name_field, "error", N_("The row has no surname and given name."))
        iin = None
        try:
            raw_iin, warning = cells.iin_cell(iin_value)
            if raw_iin:
                iin = self._iin(raw_iin)
            if warning:
                issue("iin", "warning", warning)
        except cells.CellError as exc:
            issue("iin", "error", exc.template, **exc.params)
        except InvalidIIN as exc:
            issue("iin", "error", exc.template, **exc.params)
        encoded_birth, encoded_sex = self._encoded(iin) if iin else (None, None)
        before = len(issues)
        birth = self._date(birth_value, "birth_date", issue)
        birth_flagged = len(issues) > before  # what the birth date cell itself said
        if birth is None and encoded_birth and not birth_flagged:
            birth = encoded_birth
            issue("birth_date", "warning", N_("The birth date was taken from the IIN."))
        elif birth is None and not birth_flagged:
            issue("birth_date", "error", N_("The birth date is missing and the IIN does not encode it."))
        elif birth is not None and encoded_birth and encoded_birth != birth:
            issue(
                "birth_date",
                "warning",
                N_("The IIN encodes the birth date {date}; the date in the file was kept."),
                date=format_date(encoded_birth, "short"),
            )
        if birth is not None and birth > self.today:
            issue(
                "birth_date",
                "error",
                N_("The birth date {date} is in the future."),
                date=format_date(birth, "short"),
            )
        sex = None
        try:
            sex = self._sex(sex_value)
        except cells.CellError as exc:
            issue("sex", "warning", exc.template, **exc.params)
        if sex is None and encoded_sex:
            sex = encoded_sex
        elif sex and encoded_sex and sex != encoded_sex:
            issue("sex", "warning", N_("The IIN encodes the other sex; the sex in the file was kept."))
        settlement, street, house, apartment = self._address(tuple(place))
        if house and not street:
            issue("house", "warning", N_("A house number without a street was left out."))
            house = ""
        if not settlement and (street or house):
            issue("settlement", "warning", N_("The address names no settlement; it was left out."))
            street = house = apartment = ""
        codes, unknown = self._status_codes(statuses)
        for word in unknown:
            issue(
                "statuses",
                "warning",
                N_("The social status {name} is not in the list; it was left out."),
                name=word,
            )
        registered = (
            self._date(registered_value, "registered_on", issue) if registered_value is not None else None
        )
        if issues and any(i.severity == "error" for i in issues):
            # Refused: the name and IIN as written, so the preview says whose row it is.
            out = ParsedRow(number, None, tuple(issues))
            out.read_name = " ".join(p for p in (surname, given, patronymic) if p) or cells.text(whole)
            out.read_iin = cells.text(iin_value)
            return out
        address = settlement, street, house, apartment
        values = self._values(surname, given, patronymic, iin, birth, sex, address, phone, codes, registered)
        return ParsedRow(number, values, tuple(issues))

    def _text_date(self, name: str, value: Any) -> tuple[date | None, str | None] | None:
        """``_read_date`` of a text cell for the short way, or None when the cell is not text or
        not a date (the full reading says why)."""
        if type(value) is not str:
            return None
        try:
            return self._read_date(name, value)
        except cells.CellError:
            return None

    def _read_date(self, name: str, value: Any) -> tuple[date | None, str | None]:
        """(date, warning msgid) of a date cell (``date_cell``), a text read once per text;
        raises ``CellError``, which is not kept (said again for each row)."""
        key = (name, value)
        try:
            return self._dates[key]
        except (KeyError, TypeError):  # not read yet, or a cell that cannot be a key
            found = cells.date_cell(value, self.today)
            if type(value) is str:
                self._dates[key] = found
            return found

    def _values(
        self,
        surname: str,
        given: str,
        patronymic: str,
        iin: str | None,
        birth: date | None,
        sex: str | None,
        address: tuple[str, str, str, str],
        phone: Any,
        codes: tuple[str, ...],
        registered: date | None,
    ) -> ImportedValues:
        """A row as understood; the same few thousand names recur: one string of each is kept."""
        same = self._same
        return ImportedValues(
            same.setdefault(surname, surname),
            same.setdefault(given, given),
            same.setdefault(patronymic, patronymic),
            iin,
            birth,
            sex,
            *address,
            cells.text(phone),
            codes,
            registered,
        )

    def _cells(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        """A row's cells in ``READ_FIELDS`` order: cut or padded to the mapping, a field without a column None."""
        width = self._width
        return self._pick(values[:width] + (None,) * (width + 1 - min(len(values), width)))

    def _iin(self, raw: str) -> str:
        """``validate_iin``: twelve digits whose check digit holds are taken as they are."""
        if len(raw) == 12 and raw.isascii() and raw.isdigit() and check_digit(raw[:11]) == ord(raw[11]) - 48:
            return raw
        return validate_iin(raw)  # normalises, or says what is wrong

    def _encoded(self, iin: str) -> tuple[date | None, str | None]:
        """(birth date, sex) an IIN encodes (``decode_iin``), read once per date and century digit."""
        key = iin[:7]
        found = self._decoded.get(key)
        if found is None:
            info = decode_iin(iin)
            found = self._decoded[key] = info.birth_date, info.sex
        return found

    def _status_codes(self, value: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(the codes in order, the words not in the list) of a statuses cell; a list repeats a few."""
        key = cells.text(value)
        found = self._statuses.get(key)
        if found is None:
            codes: list[str] = []
            unknown: list[str] = []
            for word in _split_list(key):
                code = self.statuses.get(name_key(word))
                if code is None:
                    unknown.append(word)
                elif code not in codes:
                    codes.append(code)
            found = self._statuses[key] = tuple(sorted(codes)), tuple(unknown)
        return found

    def _date(self, value: Any, name: str, issue: Callable[..., None]) -> date | None:
        if value is None:
            return None  # no column, or a short row: nothing to read
        try:
            found, warning = self._read_date(name, value)
        except cells.CellError as exc:
            issue(name, "error", exc.template, **exc.params)
            return None
        if warning:
            issue(name, "warning", warning)
        return found

    def _sex(self, value: Any) -> str | None:
        if type(value) is not str:
            return cells.sex_cell(value)
        found = self._sexes.get(value, "")
        if found == "":
            found = self._sexes[value] = cells.sex_cell(value)  # a CellError is not kept: raised each time
        return found

    def _address(self, key: tuple[Any, ...]) -> tuple[str, str, str, str]:
        """(settlement, street, house, apartment) from the address cells, in ``READ_FIELDS`` order."""
        found = self._addresses.get(key)
        if found is None:  # members of a household share their address: each is read once
            found = self._addresses[key] = self._read_address(*key)
        return found

    def _read_address(self, settlement: Any, street: Any, house: Any, apartment: Any, whole: Any):
        settlement = cells.settlement_name(cells.text(settlement))
        street = cells.text(street)
        house = cells.house_number(house)
        apartment = cells.apartment_number(apartment)
        whole = cells.text(whole)
        if whole:
            s2, st2, h2, a2 = cells.split_address(whole, self.known_settlements)
            settlement, street = settlement or s2, street or st2
            house, apartment = house or h2, apartment or a2
        return settlement, street, house, apartment


def _split_list(value: str) -> list[str]:
    return [w.strip() for w in value.replace(";", ",").replace("/", ",").split(",") if w.strip()]


# --- matching --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Existing:
    """A resident of the register as the matcher compares it (place names as keys)."""

    id: uuid.UUID
    values: ImportedValues
    deleted: bool
    left_on: date | None


def status_lookup(s: Session) -> dict[str, str]:
    """Folded status code and names (kk, ru, en) -> status code."""
    out: dict[str, str] = {}
    for code, kk, ru, en in s.execute(
        select(SocialStatus.code, SocialStatus.name_kk, SocialStatus.name_ru, SocialStatus.name_en)
    ):
        for word in (code, kk, ru, en):
            if word:
                out.setdefault(name_key(word), code)
    return out


def load_existing(s: Session) -> tuple[dict[str, Existing], dict[tuple[str, date | None], list[Existing]]]:
    """Every resident indexed by IIN and by (folded full name, birth date)."""
    codes: dict[uuid.UUID, list[str]] = {}
    for rid, code in s.execute(
        select(resident_status.c.resident_id, SocialStatus.code).join(
            SocialStatus, SocialStatus.id == resident_status.c.status_id
        )
    ):
        codes.setdefault(rid, []).append(code)
    query = address_select(Resident.phone, Resident.registered_on, Resident.deleted_at, Resident.left_on)
    by_iin: dict[str, Existing] = {}
    by_name: dict[tuple[str, date | None], list[Existing]] = {}
    for rid, sur, giv, pat, iin, born, sex, sname, stname, hnum, apt, phone, reg, deleted, left in s.execute(
        query
    ):
        values = ImportedValues(
            sur, giv, pat, iin, born, sex, sname or "", stname or "", hnum or "", apt, phone,
            tuple(sorted(codes.get(rid, ()))), reg,
        )  # fmt: skip
        found = Existing(rid, values, deleted is not None, left)
        if iin:
            by_iin[iin] = found
        if deleted is None:
            by_name.setdefault(values.name_key, []).append(found)
    return by_iin, by_name


_PLACE_FIELDS = ("settlement", "street", "house", "apartment")


def merge_values(old: ImportedValues, new: ImportedValues) -> tuple[ImportedValues, list[str], list[str]]:
    """(merged, changed fields, conflicting fields): empty fields filled, changed ones updated.

    The address changes as a whole when the new row names a settlement;
    statuses are added, never taken away.
    """
    merged = old
    changed: list[str] = []
    conflicts: list[str] = []
    for name in (*TEXT_FIELDS, "iin", "birth_date", "sex", "registered_on"):
        before, after = getattr(old, name), getattr(new, name)
        if after in (None, "") or after == before:
            continue
        if name == "registered_on" and before is not None:
            continue  # the first registration date stands
        if name in TEXT_FIELDS and fold(str(after)) == fold(str(before or "")) and before:
            continue  # same text in other letters or case: keep what the register has
        if before not in (None, ""):
            conflicts.append(name)
        merged = replace(merged, **{name: after})
        changed.append(name)
    if new.settlement and tuple(name_key(getattr(new, f)) for f in _PLACE_FIELDS) != tuple(
        name_key(getattr(old, f)) for f in _PLACE_FIELDS
    ):
        if old.settlement:
            conflicts.append("address")
        merged = replace(merged, **{f: getattr(new, f) for f in _PLACE_FIELDS})
        changed.append("address")
    added = tuple(sorted(set(old.statuses) | set(new.statuses)))
    if added != old.statuses:
        merged = replace(merged, statuses=added)
        changed.append("statuses")
    return merged, changed, conflicts


FIELD_LABELS = {
    "surname": N_("Surname"),
    "given_name": N_("Given name"),
    "patronymic": N_("Patronymic"),
    "phone": N_("Phone"),
    "iin": N_("IIN"),
    "birth_date": N_("Birth date"),
    "sex": N_("Sex"),
    "registered_on": N_("Registered on"),
    "address": N_("Address"),
    "statuses": N_("Social status"),
}


def plan(
    parsed: list[ParsedRow],
    by_iin: dict[str, Existing],
    by_name: dict[tuple[str, date | None], list[Existing]],
    *,
    merge: bool,
    column: Callable[[str], str],
) -> list[PreviewRow]:
    """Decide each row's action: combine within the file, then match the register.

    ``parsed`` is emptied as its rows are planned (each row lives on in the plan), so that a
    list of 200,000 rows is not held twice.
    """
    rows: list[PreviewRow | None] = [None] * len(parsed)
    leaders: list[ImportedValues | None] = [None] * len(parsed)  # the first row of each person
    extra: dict[int, list[RowIssue]] = {}
    file_iin: dict[str, int] = {}
    numbers = [item.row for item in parsed]
    # The first row of each (folded full name, birth date), by the key's hash: 200,000 keys kept as
    # text would be a third of a large preview's memory. A row found by its hash is compared by its
    # key (worked out again, for that row only); keys that share a hash by chance go by their text.
    by_hash: dict[int, int] = {}
    collided: dict[tuple[str, date | None], int] = {}

    def same_name(key: tuple[str, date | None]) -> int | None:
        other = by_hash.get(hash(key))
        if other is None:
            return None
        first = parsed[other].values
        assert first is not None
        return other if first.name_key == key else collided.get(key)

    def add_name(key: tuple[str, date | None], i: int) -> None:
        other = by_hash.setdefault(hash(key), i)
        if other != i:
            first = parsed[other].values
            assert first is not None
            if first.name_key != key:
                collided.setdefault(key, i)

    def warn(i: int, fld: str, template: str, **params: Any) -> None:
        extra.setdefault(i, []).append(
            RowIssue(numbers[i], column(fld), fld, "warning", _(template).format(**params))
        )

    for i, item in enumerate(parsed):
        if item.values is None:
            rows[i] = PreviewRow(
                item.row, None, "error", tuple(item.issues), read_name=item.read_name, read_iin=item.read_iin
            )
            continue
        v = item.values
        lead = file_iin.get(v.iin) if v.iin else None
        key = v.name_key if lead is None else None
        other = same_name(key) if key is not None else None
        if other is not None:
            first = leaders[other]
            assert first is not None
            if v.iin and first.iin and first.iin != v.iin:
                warn(
                    i,
                    "iin",
                    N_("Same name and birth date as row {row}, but a different IIN."),
                    row=parsed[other].row,
                )
            else:
                lead = other
        if lead is None:
            leaders[i] = v
            if v.iin:
                file_iin[v.iin] = i
            add_name(key if key is not None else v.name_key, i)
            continue
        if not merge:
            warn(i, "", N_("The same person as row {row}; this row was left out."), row=parsed[lead].row)
            rows[i] = PreviewRow(
                item.row, v, "duplicate", item.issues + tuple(extra.get(i, ())), same_as_row=parsed[lead].row
            )
            continue
        first = leaders[lead]
        assert first is not None
        combined, _changed, conflicts = merge_values(first, v)
        leaders[lead] = combined
        if combined.iin:
            file_iin.setdefault(combined.iin, lead)
        for name in conflicts:
            warn(i, name, N_("Differs from row {row} ({field}); the value of this later row was taken."),
                 row=parsed[lead].row, field=_(FIELD_LABELS.get(name, name)))  # fmt: skip
        rows[i] = PreviewRow(
            item.row, v, "combined", item.issues + tuple(extra.get(i, ())), same_as_row=parsed[lead].row
        )

    claimed: dict[uuid.UUID, int] = {}  # resident -> the row (as numbered in the file) matched with it
    for i, v in enumerate(leaders):
        if v is None:
            continue
        item = parsed[i]
        parsed[i] = None  # type: ignore[call-overload]  # planned below: the row's values live on in the plan
        match = by_iin.get(v.iin) if v.iin else None
        if match is None:
            for candidate in by_name.get(v.name_key, ()) if by_name else ():
                if v.iin and candidate.values.iin and candidate.values.iin != v.iin:
                    warn(i, "iin", N_("Same name and birth date as {name} in the register, but a different IIN."),
                         name=candidate.values.full_name)  # fmt: skip
                    continue
                match = candidate
                break
        if match is None:
            rows[i] = PreviewRow(
                item.row, item.values, "new", item.issues + tuple(extra.get(i, ())), target=v
            )
            continue
        if match.id in claimed:
            warn(
                i,
                "",
                N_("The same resident as row {row}; this row was left out."),
                row=claimed[match.id],
            )
            rows[i] = PreviewRow(
                item.row, item.values, "duplicate", item.issues + tuple(extra.get(i, ())), match.id
            )
            continue
        claimed[match.id] = item.row
        if not merge:
            warn(
                i,
                "",
                N_("{name} is already in the register; this row was left out."),
                name=match.values.full_name,
            )
            rows[i] = PreviewRow(
                item.row, item.values, "duplicate", item.issues + tuple(extra.get(i, ())), match.id
            )
            continue
        merged, changed, _conflicts = merge_values(match.values, v)
        if match.deleted:
            warn(i, "", N_("{name} had been removed from the register; the import brings the entry back."),
                 name=match.values.full_name)  # fmt: skip
            changed.append("deleted")
        elif match.left_on is not None:
            warn(i, "", N_("{name} left the register on {date}; the entry stays marked as left."),
                 name=match.values.full_name, date=format_date(match.left_on, "short"))  # fmt: skip
        action = "update" if changed else "unchanged"
        issues = item.issues + tuple(extra.get(i, ()))
        rows[i] = PreviewRow(item.row, item.values, action, issues, match.id, None, tuple(changed), merged)
    return [r for r in rows if r is not None]
