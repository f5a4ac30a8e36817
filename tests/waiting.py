"""The one way a test waits: on a condition, checked every few milliseconds, never for a fixed time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def until(condition: Callable[[], object], timeout: float = 20.0, what: str = "condition",
                nudge: Callable[[], object] | None = None, nudge_every: float = 1.0) -> None:
    """Returns once `condition()` is true; fails the test after `timeout` seconds.

    `nudge` (e.g. saving a file again) runs every `nudge_every` seconds meanwhile.
    """
    deadline = last_nudge = time.monotonic()
    deadline += timeout
    while not condition():
        now = time.monotonic()
        assert now < deadline, f"timed out after {timeout} s waiting for {what}"
        if nudge is not None and now - last_nudge > nudge_every:
            nudge()
            last_nudge = now
        await asyncio.sleep(0.01)
