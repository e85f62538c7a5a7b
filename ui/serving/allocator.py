"""Keep the C allocator from holding memory the lab has already freed (glibc's malloc).

Streamlit runs every page in a thread of its own, and glibc gives a thread that allocates while
others do an arena of its own (up to 8 per core), each keeping what its scripts' numpy arrays
needed at their largest; big blocks freed also raise glibc's threshold for mapping them on
their own, after which they stay in the arenas too. In the 30-reader benchmark
(benchmarks/bench_new_pages.py) the server's peak was 453-498 MB without these bounds and
412-429 MB with them (three runs; CPU per action within the runs' noise).

They are set from inside the process, when the app is first imported (arenas made before that
stay): a host such as Streamlit Community Cloud does not let the lab set MALLOC_ARENA_MAX
before the server starts. Elsewhere (macOS, musl) nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from functools import cache

from ui.serving.activity import wait_for_lull

# mallopt's parameters (glibc's malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
ARENAS = 2
# Blocks from this size up are mapped on their own and unmapped when freed (glibc's default
# starts at 128 kB but rises to 32 MB as big blocks are freed, after which freed arrays stay
# in the arenas): a fixed threshold stops that rise.
MMAP_FROM = 1 * 2**20
# Free memory at the top of an arena beyond this is handed back at once.
TRIM_FROM = 8 * 2**20
# Freed pages are handed back once readers' scripts pause this long: once per lull in a class,
# not after every page view (a trim walks the arenas: 0.5 ms and more of a view's 20).
LULL_S = 0.5


@cache
def _glibc() -> ctypes.CDLL | None:
    """glibc, if this process runs on it (None elsewhere)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        libc.gnu_get_libc_version  # noqa: B018 -- only glibc has it
    except (OSError, AttributeError, TypeError):
        return None
    return libc


@cache
def bound_allocator() -> bool:
    """Set the arenas and thresholds above for the rest of the process (once); whether this
    is glibc and took them."""
    libc = _glibc()
    if libc is None:
        return False
    return all(libc.mallopt(option, value) == 1 for option, value in (
        (_M_ARENA_MAX, ARENAS), (_M_MMAP_THRESHOLD, MMAP_FROM),
        (_M_TRIM_THRESHOLD, TRIM_FROM)))


def hand_back() -> None:
    """Return the arenas' free pages to the system (a few ms; call when no script runs)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


@cache
def hand_back_in_lulls() -> None:
    """Start (once) the thread that calls hand_back whenever readers' scripts pause."""
    def trim() -> None:
        ended = 0
        while True:
            ended = wait_for_lull(ended, LULL_S)
            hand_back()

    threading.Thread(target=trim, name="hand-back", daemon=True).start()
