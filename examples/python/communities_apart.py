"""Three communities analysed apart, as the workers of a cluster would, and merged: the same as
one process. Needs pyarrow (`pip install 'cop[arrow]'`); on Spark or Dask, `cop.distributed`'s
`analyse_spark` / `analyse_dask` run `analyse_partition` on the workers."""
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv

import cop
import cop.distributed as cd

data = Path(__file__).resolve().parents[1] / "data"
files = {"requests": "requests-commits.csv", "flask": "flask-commits.csv", "coffee": "stackexchange-coffee-2015-events.csv"}
events = {}
for community, name in files.items():
    table = pcsv.read_csv(data / name)
    events[community] = table.append_column("community", pa.array([community] * table.num_rows))

whole = cop.Landscape.from_arrow(pa.concat_tables(events.values()))  # one process, Arrow in
as_of = whole.participation().as_of  # one date for every community: the last event

# Each community on its own (a worker's partition), then the merge on the driver.
parts = [cd.analyse_partition(table, as_of=as_of) for table in events.values()]
summary = pa.concat_tables([pa.table(p["summary"]) for p in parts])
members = pa.concat_tables([pa.table(p["members"]) for p in parts])
merged = cd.merge(summary, members)

print("Communities:")
for row in summary.to_pylist():
    print(f"  {row['community']:<9} {row['events']:>6} events  {row['acting_members']:>4} acting  {row['settled']}")
landscape = pa.table(merged["landscape"]).to_pylist()[0]
print(f"Landscape: {landscape['acting_members']} acting members, {landscape['brokers']} brokers, "
      f"{landscape['boundary_members']} boundary, stage {landscape['stage']}")
print(f"  {landscape['stage_rule']}")
same = all(pa.table(merged[n]).equals(pa.table(t)) for n, t in whole.rollup(as_of).items())
print(f"Equal to one process: {same}")
