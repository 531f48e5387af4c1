"""A TCP proxy on 127.0.0.1 that drops and stalls connections at random (tests and the load bench).

A connection passes in stretches of a random number of bytes (both
directions counted together); each stretch ends cleanly, in a stall (longer
than the client waits, now and then), or in a cut that breaks the TLS stream
mid-request or mid-answer; then the next stretch begins. Kept-alive
connections meet faults as fresh ones do. The proxy never changes a byte:
what it lets through is exactly what was sent.
"""

from __future__ import annotations

import asyncio
import random
import threading
from dataclasses import dataclass, field


@dataclass
class Faults:
    drop: float = 0.15  # share of connections cut
    stall: float = 0.15  # share of connections stalled
    drop_after: tuple[int, int] = (200, 3_000_000)  # the length of a stretch, in bytes
    stall_seconds: tuple[float, float] = (0.5, 3.0)
    seed: int = 20


@dataclass
class Stats:
    connections: int = 0
    dropped: int = 0
    stalled: int = 0
    bytes: int = 0
    fates: list[str] = field(default_factory=list)


class FaultProxy:
    def __init__(self, target_port: int, faults: Faults | None = None, *, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.faults = faults or Faults()
        self.rng = random.Random(self.faults.seed)
        self.enabled = True
        self.stats = Stats()
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> FaultProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the proxy did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            self._server.close()
            self._loop.close()

    def _fate(self) -> tuple[str, int, float]:
        """The next stretch of a connection: how many bytes, then what happens."""
        f = self.faults
        length = self.rng.randint(*f.drop_after)
        if not self.enabled:
            return "clean", length, 0.0
        roll = self.rng.random()
        if roll < f.drop:
            return "drop", length, 0.0
        if roll < f.drop + f.stall:
            return "stall", length, self.rng.uniform(*f.stall_seconds)
        return "clean", length, 0.0

    async def _handle(self, reader, writer) -> None:
        self.stats.connections += 1
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        # One budget for both directions: each stretch of bytes ends clean, in a stall, or in a cut.
        stretch = {"fate": self._fate()}
        stretch["left"] = stretch["fate"][1]
        lock = asyncio.Lock()

        async def pipe(src, dst) -> None:
            try:
                while True:
                    data = await src.read(16384)
                    if not data:
                        break
                    async with lock:
                        while data:
                            fate, _length, pause = stretch["fate"]
                            take = data[: stretch["left"]]
                            data = data[len(take) :]
                            stretch["left"] -= len(take)
                            self.stats.bytes += len(take)
                            dst.write(take)
                            await dst.drain()
                            if stretch["left"] > 0:
                                continue
                            self.stats.fates.append(fate)
                            if fate == "drop":
                                self.stats.dropped += 1
                                raise ConnectionAbortedError
                            if fate == "stall":
                                self.stats.stalled += 1
                                await asyncio.sleep(pause)
                            stretch["fate"] = self._fate()
                            stretch["left"] = stretch["fate"][1]
            except (ConnectionError, OSError):
                pass
            finally:
                for w in (writer, up_writer):
                    try:
                        w.close()
                    except Exception:  # noqa: BLE001 - the other side may be gone already
                        pass

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
