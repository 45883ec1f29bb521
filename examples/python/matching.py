"""Mentor suggestions on the coffee Stack Exchange (early 2015): who should learn from whom, and why."""
from collections import Counter
from pathlib import Path

import cop

data = Path(__file__).resolve().parents[1] / "data" / "stackexchange-coffee-2015-events.csv"
landscape = cop.Landscape.from_csv(data)
participation = landscape.participation()  # as of the last event
matching = participation.suggest_mentors(landscape)  # optimal assignment, 2 places per mentor

print(
    f"Mentor suggestions as of {matching.as_of:%Y-%m-%d} ({matching.mode}): "
    f"{len(matching.pairs)} pairs for {matching.mentees} mentees and {matching.mentors} mentors, "
    f"total score {matching.total_score:.2f}"
)
print("Pairs (the best of three mentors):")
best = {}  # each mentor's best pair
for pair in sorted(matching.pairs, key=lambda p: -p.score):
    best.setdefault(pair.mentor, pair)
for pair in list(best.values())[:3]:
    print(f"  {pair.mentee} <- {pair.mentor}  score {pair.score:.2f}  topic {pair.domain}")
    for reason in pair.reasons:
        print(f"      {reason}")
reasons = Counter(u.reason for u in matching.unmatched)
print("Unmatched: " + ", ".join(f"{n} {reason}" for reason, n in reasons.most_common()))

topic = matching.pairs[0].domain
experts = landscape.find_experts(topic, k=3)
print(f"Experts in {topic}: " + ", ".join(f"{e.member} ({e.score:.2f})" for e in experts))
