"""A long scripted meeting shared by the crash and benchmark runs (deterministic keys and times)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from zhoob_desktop.services.meeting import Command

BASE = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)


def members(n: int) -> list[dict]:
    return [
        {
            "id": f"00000000-0000-0000-0000-{i + 1:012d}",
            "name": f"Мүше {i + 1:03d}",
            "iin": f"{900101300000 + i:012d}",
        }
        for i in range(n)
    ]


def long_meeting(n_members: int = 40, items: int = 30, rounds: int = 8) -> list[Command]:
    """Registration, opening, officers, ``items`` agenda items with speeches, votes and ties."""
    ids = [m["id"] for m in members(n_members)]
    present = ids[: n_members * 3 // 4]
    out: list[dict] = [{"cmd": "register", "member": m} for m in present]
    out += [
        {"cmd": "register_guest", "guest": "guest-1", "name": "Депутат", "role": "deputy"},
        {"cmd": "announce_registration"},
        {"cmd": "open", "by": "Әкім"},
        {"cmd": "elect", "role": "chair", "person": ids[0], "for": len(present)},
        {"cmd": "elect", "role": "secretary", "person": ids[1], "for": len(present)},
    ]
    for i in range(items):
        out.append({"cmd": "propose_item", "item": f"I{i}", "title": f"Мәселе {i}"})
        out.append({"cmd": "vote_item", "item": f"I{i}", "for": len(present)})
    out.append({"cmd": "approve_agenda"})
    for i in range(items):
        out.append({"cmd": "start_item", "item": f"I{i}"})
        for r in range(rounds):
            speaker = present[(i + r) % len(present)]
            kind = ("report", "debate", "question", "answer")[r % 4]
            sp = f"S{i}-{r}"
            out.append({"cmd": "add_speaker", "speech": sp, "person": speaker, "kind": kind})
            out.append({"cmd": "start_speech", "speech": sp})
            out.append({"cmd": "stop_speech", "speech": sp})
        out.append({"cmd": "decision_text", "item": f"I{i}", "text": f"Шешім {i}"})
        if i % 3 == 0:  # a tie at exactly half of the members present: the chair decides (Reg §12)
            half = len(present) // 2
            out.append({"cmd": "vote", "item": f"I{i}", "for": half, "against": len(present) - half})
            out.append({"cmd": "casting_vote", "choice": "for" if i % 2 == 0 else "against"})
        else:
            out.append({"cmd": "vote", "item": f"I{i}", "for": len(present) - 2, "against": 2})
        out.append({"cmd": "end_item"})
    out.append({"cmd": "close"})
    return [Command.from_json({**c, "key": f"c{n}"}) for n, c in enumerate(out)]


class StepClock:
    """The time of command ``n`` is BASE + n seconds, so every run writes the same journal."""

    def __init__(self):
        self.now = BASE

    def at(self, n: int) -> None:
        self.now = BASE + timedelta(seconds=n + 1)

    def __call__(self) -> datetime:
        return self.now
