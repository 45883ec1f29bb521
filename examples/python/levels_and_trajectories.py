"""Participation levels and trajectories of the flask history, as of its last commit."""
from pathlib import Path

import numpy as np

import cop

data = Path(__file__).resolve().parents[1] / "data" / "flask-commits.csv"
landscape = cop.Landscape.from_csv(data)
analysis = landscape.participation()  # as of the last event; quantile levels, monthly timeline

print(f"Levels as of {analysis.as_of:%Y-%m-%d} ({analysis.policy} policy):")
for level, count in analysis.level_counts.items():
    print(f"  {level:<14}{count:>5}")

print("Trajectories:")
for kind, count in analysis.trajectory_counts.items():
    if count:
        print(f"  {kind:<14}{count:>5}")

print("Most central members:")
columns = analysis.levels()
for i in np.argsort(-columns["score"], kind="stable")[:5]:
    key = columns["member"][i]
    level, trajectory = analysis.level(key), analysis.trajectory(key)
    print(f"  {key}  {level.level:<13} score {level.score:6.1f}  {trajectory.kind:<9} {trajectory.rule}")
