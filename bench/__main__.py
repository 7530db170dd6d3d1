"""`make bench`: run every benchmark and print its figures."""

from __future__ import annotations

from bench import writes

print("## Write cost (in process, median of 40)")
print(writes.main())
