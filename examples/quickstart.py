"""Response deadlines for one ticket in each support region.

A Sev2 ticket arrives on Friday 27 March 2026 at 16:30 UTC, two days before
Europe changes to summer time. Each region works 12x5 (Mon–Fri 06:00–18:00
local) with its public holidays; the response target is 2 business hours.

Run: python examples/quickstart.py
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from slakit import regions

OPENED = datetime(2026, 3, 27, 16, 30, tzinfo=UTC)
TARGET = timedelta(hours=2)


def main() -> None:
    print(f"Ticket opened {OPENED:%a %Y-%m-%d %H:%M %Z}; response target 2 business hours (12x5)")
    print()
    print(f"{'region':<10}  {'local time at opening':<26}  response due (local)")
    for region in regions.all_regions():
        calendar = region.calendar("12x5")
        local_open = OPENED.astimezone(calendar.zone)
        due = calendar.add(local_open, TARGET)
        opened_text, due_text = f"{local_open:%a %d %b %H:%M %Z}", f"{due:%a %d %b %H:%M %Z}"
        print(f"{region.name:<10}  {opened_text:<26}  {due_text:<26}".rstrip())


if __name__ == "__main__":
    main()
