"""The maturity stage of the flask community: why, what to do next, and how it got there."""
from pathlib import Path

import cop

data = Path(__file__).resolve().parents[1] / "data" / "flask-commits.csv"
landscape = cop.Landscape.from_csv(data)
maturity = landscape.maturity()  # as of the last event

settled, indicated = maturity.settled, maturity.indicated  # typed results: attributes
print(f"Settled: {settled.stage} ({settled.tension}), {settled.share:.0%} of the votes: {settled.rule}")
print(f"Indicated: {indicated.stage}, {indicated.share:.0%} of the votes")
print("Evidence:")
for indicator in maturity.evidence:
    print(f"  {indicator.name:<16} -> {indicator.points_to:<14} {indicator.rule}")
print("Next steps:")
for step in maturity.next_steps:
    print(f"  [{step.priority}] {step.advice}")

history = landscape.stage_history()  # one settled stage per month; it moves one step at a time
print(f"Stage history ({len(history)} months):")
for stage in cop.STAGES:
    months = sum(point.settled == stage for point in history)
    print(f"  {stage:<15}{months:>4} months")
changes = [b for a, b in zip(history, history[1:]) if a.settled != b.settled]
print("  last changes: " + ", ".join(f"{p.date:%Y-%m} {p.settled}" for p in changes[-4:]))
