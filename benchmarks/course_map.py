"""How long the list page's course map takes to build from a large journal (one read of it).

    .venv/bin/python benchmarks/course_map.py

A made-up journal of 2,000 reflections (4 MB of text) and 10,000 answers, in a
temporary folder; prints the first build and the median of eight more.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time


def main() -> None:
    folder = tempfile.mkdtemp(prefix="sbs-bench-")
    os.environ["SBS_TRAINING_DATA_DIR"] = folder
    from sbs_training.cohort.workbook_list import list_page
    from sbs_training.store.journal import Journal

    with Journal.open(folder) as journal, journal.transaction() as db:
        stamp = "2026-11-01T00:00:00+00:00"
        for n in range(2000):
            db.execute(
                "INSERT INTO reflections (workbook, prompt, text, created_at, updated_at, label)"
                " VALUES ('13-after-a-session', ?, ?, ?, ?, '')",
                (f"p{n}", "x" * 2000, stamp, stamp),
            )
        for n in range(10000):
            db.execute(
                "INSERT INTO answers (workbook, activity, item, value, updated_at)"
                " VALUES ('09-when-someone-is-struggling', ?, ?, '{\"choice\": \"a\"}', ?)",
                (f"a{n % 50}", f"i{n}", stamp),
            )
    times = []
    for _ in range(9):
        start = time.perf_counter()
        list_page("/", "")
        times.append(time.perf_counter() - start)
    print(
        "course map, 2,000 reflections and 10,000 answers: "
        f"first {times[0]:.3f} s, then median {statistics.median(times[1:]):.3f} s"
    )


if __name__ == "__main__":
    main()
