"""One community, three places: the makers of a plotting library meet on a Discourse forum, in a
Slack workspace and on GitHub. Each export is read in its own format into one landscape, an
identities file says which accounts are one person, and the report speaks of people.

python examples/python/three_places.py
"""

from pathlib import Path

import cop

places = Path(__file__).resolve().parents[1] / "data" / "three-places"
landscape = cop.Landscape()
for platform, folder in [("discourse", "forum"), ("slack", "chat"), ("github", "github")]:
    report = landscape.import_platform(platform, places / folder)
    print(f"{platform}: {report['recorded']} events, {report['members']} members, bots {report['bots']}")
merged = landscape.import_identities(places / "people.csv")
print(f"identities file: {merged.merged} accounts merged")
people = landscape.people()
print(f"people: {people['identities']} identities are {people['members']} people, {people['left_out']} left out (bots)")
for space in landscape.report()["spaces"]:
    print(f"spaces: {len(space['public'])} public {space['public']}, {len(space['private'])} private {space['private']}")
for member in landscape.participation().report()["members"]:
    if member["level"] != "outsider":
        print(f"{member['member']:<12} {member['level']}")
