"""Loads the requests history and prints its member count (the README's Python example)."""
from pathlib import Path

import cop

data = Path(__file__).resolve().parents[1] / "data" / "requests-commits.csv"
landscape = cop.Landscape.from_csv(data)
print("members:", len(landscape.members))
