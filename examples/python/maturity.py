"""The maturity stage of the flask community: why, what to do next, and how it got there."""
from pathlib import Path

import cop

data = Path(__file__).resolve().parents[1] / "data" / "flask-commits.csv"
landscape = cop.Landscape.from_csv(data)
maturity = landscape.maturity()  # as of the last event

print(f"Stage: {maturity['stage']} ({maturity['tension']}), confidence {maturity['confidence']:.0%}")
print("Evidence:")
for indicator in maturity["evidence"]:
    print(f"  {indicator['name']:<16} -> {indicator['points_to']:<14} {indicator['rule']}")
print("Next steps:")
for step in maturity["next_steps"]:
    print(f"  [{step['priority']}] {step['advice']}")

history = landscape.stage_history()  # one stage per month; it moves at most one step a month
print(f"Stage history ({len(history)} months):")
for stage in cop.STAGES:
    months = sum(point["stage"] == stage for point in history)
    print(f"  {stage:<15}{months:>4} months")
changes = [b for a, b in zip(history, history[1:]) if a["stage"] != b["stage"]]
print("  last changes: " + ", ".join(f"{p['date'][:7]} {p['stage']}" for p in changes[-4:]))
