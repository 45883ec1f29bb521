"""Writes the three-places example: one small community — the makers of a (made-up) plotting
library, Tidewater — that lives on a Discourse forum, a Slack workspace and GitHub at once.
Every file is in the platform's own export format (Discourse topic JSON and categories.json; a
Slack export folder; GH Archive hourly JSON lines), written by hand from the formats'
documentation. Run `python3 make.py` to write them again; the files are committed."""

import datetime as dt
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def at(day, hour, minute=0):
    return dt.datetime(2024, 3, day, hour, minute, tzinfo=dt.timezone.utc)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def write(path, value, lines=False):
    path = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        if lines:
            f.write("".join(json.dumps(v, separators=(",", ":")) + "\n" for v in value))
        else:
            json.dump(value, f, indent=2)
            f.write("\n")


# ----- the forum: forum.tidewater.dev -----------------------------------------------------------
USERS = {"ada": (1, "Ada Lind"), "ben_o": (2, "Ben Okafor"), "chenwu": (3, "Chen Wu"), "system": (-1, "system")}


def post(pid, number, username, t, topic, reply_to=None, accepted=False):
    uid, name = USERS[username]
    return {
        "id": pid, "name": name, "username": username, "user_id": uid, "created_at": iso(t),
        "updated_at": iso(t), "post_number": number, "post_type": 1, "reply_count": 0,
        "reply_to_post_number": reply_to, "topic_id": topic, "cooked": "<p>…</p>",
        "moderator": username == "ada", "admin": username == "ada", "staff": username == "ada",
        "accepted_answer": accepted, "deleted_at": None, "user_deleted": False,
    }


def topic(tid, title, category, tags, posts):
    return {
        "id": tid, "title": title, "category_id": category, "tags": tags,
        "created_at": posts[0]["created_at"], "posts_count": len(posts),
        "post_stream": {"posts": posts, "stream": [p["id"] for p in posts]},
    }


write("forum/categories.json", {"category_list": {"categories": [
    {"id": 5, "name": "Help", "slug": "help", "read_restricted": False},
    {"id": 6, "name": "Show and tell", "slug": "show-and-tell", "read_restricted": False},
    {"id": 7, "name": "Maintainers", "slug": "maintainers", "read_restricted": True},
]}})
write("forum/t_101.json", topic(101, "Legends overlap the plot on small screens", 5, ["legend"], [
    post(1001, 1, "chenwu", at(4, 9), 101),
    post(1002, 2, "ben_o", at(4, 11), 101, reply_to=1, accepted=True),
    post(1003, 3, "chenwu", at(4, 12), 101, reply_to=2),
    post(1004, 4, "ada", at(4, 15), 101, reply_to=1),
]))
write("forum/t_102.json", topic(102, "A tide chart of the Wadden Sea", 6, [], [
    post(1010, 1, "chenwu", at(12, 8), 102),
    post(1011, 2, "ada", at(12, 10), 102, reply_to=1),
    post(1012, 3, "ben_o", at(12, 14), 102, reply_to=1),
]))
write("forum/t_103.json", topic(103, "Release 2.4 plan", 7, [], [
    post(1020, 1, "ada", at(18, 9), 103),
    post(1021, 2, "ben_o", at(18, 10), 103, reply_to=1),
    post(1022, 3, "system", at(18, 10, 5), 103),
]))

# ----- the chat: tidewater.slack.com ------------------------------------------------------------
SLACK = [
    ("U01ADA", "ada", "Ada Lind", "ada@tidewater.dev", False),
    ("U02BEN", "ben", "Ben Okafor", "ben.okafor@example.org", False),
    ("U03CHEN", "chen", "Chen Wu", "chen.wu@example.net", False),
    ("U04DANA", "dana", "Dana Ruiz", "dana@example.com", False),
    ("U05CI", "ci-bot", "CI notifications", "", True),
]
write("chat/users.json", [
    {"id": uid, "name": name, "real_name": real, "deleted": False, "is_bot": bot, "is_app_user": False,
     "profile": {"real_name": real, "display_name": name, "email": email}}
    for uid, name, real, email, bot in SLACK
])
write("chat/channels.json", [
    {"id": "C01GENERAL", "name": "general", "created": 1704067200, "creator": "U01ADA", "is_archived": False,
     "members": [u[0] for u in SLACK]},
    {"id": "C02HELP", "name": "help", "created": 1704067200, "creator": "U01ADA", "is_archived": False,
     "members": [u[0] for u in SLACK]},
])
write("chat/groups.json", [
    {"id": "G01MAINT", "name": "maintainers", "created": 1704067200, "creator": "U01ADA", "is_archived": False,
     "members": ["U01ADA", "U02BEN"]},
])


def msg(user, t, text, thread=None, parent=None, reactions=None, extra=None):
    m = {"type": "message", "user": user, "text": text, "ts": f"{t.timestamp():.6f}"}
    if thread is not None:
        m["thread_ts"] = f"{thread.timestamp():.6f}"
        if parent:
            m["parent_user_id"] = parent
    if reactions:
        m["reactions"] = [{"name": n, "users": us, "count": len(us)} for n, us in reactions]
    m.update(extra or {})
    return m


# Slack day files are the exporter's local days; times come from `ts`.
q1 = at(5, 14)
write("chat/help/2024-03-05.json", [
    msg("U03CHEN", q1, "How do I put the legend below the plot?", thread=q1, extra={"reply_count": 2}),
    msg("U04DANA", at(5, 14, 20), "`legend(loc=\"below\")` since 2.3", thread=q1, parent="U03CHEN",
        reactions=[("pray", ["U03CHEN"])]),
    msg("U02BEN", at(5, 15), "and `ncol=3` keeps it short", thread=q1, parent="U03CHEN"),
])
q2 = at(13, 9)
write("chat/help/2024-03-13.json", [
    msg("U03CHEN", q2, "Is there a colour map for tides?", thread=q2, extra={"reply_count": 1}),
    msg("U04DANA", at(13, 9, 30), "try `tide.cmap`", thread=q2, parent="U03CHEN"),
])
write("chat/general/2024-03-12.json", [
    msg("U03CHEN", at(12, 8, 30), "I posted my Wadden Sea chart on the forum!",
        reactions=[("tada", ["U01ADA", "U02BEN", "U04DANA"])]),
    {"type": "message", "subtype": "channel_join", "user": "U04DANA", "text": "<@U04DANA> has joined the channel",
     "ts": f"{at(1, 10).timestamp():.6f}"},
    {"type": "message", "subtype": "bot_message", "bot_id": "B05CI", "username": "ci-bot",
     "text": "build 812 passed", "ts": f"{at(12, 9).timestamp():.6f}"},
])
write("chat/maintainers/2024-03-18.json", [
    msg("U01ADA", at(18, 8), "Release 2.4 next week? plan on the forum"),
    msg("U02BEN", at(18, 8, 15), "<@U01ADA> yes, I'll review the legend PR"),
])

# ----- GitHub: tidewater/tidewater, as GH Archive hours ------------------------------------------
REPO = {"id": 4242, "name": "tidewater/tidewater", "url": "https://api.github.com/repos/tidewater/tidewater"}
LOGINS = {"ada-lind": 11, "bokafor": 12, "chen-wu": 13, "eli-v": 14, "dependabot[bot]": 49699333}
n = 0


def gh(kind, login, t, payload):
    global n
    n += 1
    actor = {"id": LOGINS[login], "login": login, "display_login": login.replace("[bot]", ""),
             "url": f"https://api.github.com/users/{login}"}
    return {"id": str(30000000000 + n), "type": kind, "actor": actor, "repo": REPO, "payload": payload,
            "public": True, "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ")}


def user(login):
    return {"login": login, "id": LOGINS[login], "type": "Bot" if login.endswith("[bot]") else "User"}


issue = {"number": 12, "title": "Legend overlaps the plot on small screens", "user": user("chen-wu"),
         "state": "open", "comments": 2}
pr = {"number": 13, "title": "Legend below the plot", "user": user("chen-wu"), "state": "open",
      "merged": False, "html_url": "https://github.com/tidewater/tidewater/pull/13"}
bump = {"number": 14, "title": "Bump numpy from 1.26.3 to 1.26.4", "user": user("dependabot[bot]"),
        "state": "open", "merged": False}
merged = dict(pr, state="closed", merged=True, merged_by=user("bokafor"))
write("github/2024-03-05-10.json", [
    gh("IssuesEvent", "chen-wu", at(5, 10), {"action": "opened", "issue": issue}),
    gh("IssueCommentEvent", "bokafor", at(5, 10, 40), {"action": "created", "issue": issue,
       "comment": {"id": 1, "user": user("bokafor"), "body": "Same on my phone.", "created_at": iso(at(5, 10, 40))}}),
    gh("IssueCommentEvent", "ada-lind", at(5, 10, 50), {"action": "created", "issue": issue,
       "comment": {"id": 2, "user": user("ada-lind"), "body": "PR welcome!", "created_at": iso(at(5, 10, 50))}}),
    gh("WatchEvent", "eli-v", at(5, 10, 55), {"action": "started"}),
], lines=True)
write("github/2024-03-14-16.json", [
    gh("PullRequestEvent", "chen-wu", at(14, 16), {"action": "opened", "number": 13, "pull_request": pr}),
    gh("PullRequestEvent", "dependabot[bot]", at(14, 16, 5), {"action": "opened", "number": 14, "pull_request": bump}),
    gh("PullRequestReviewEvent", "eli-v", at(14, 16, 30), {"action": "created", "pull_request": pr,
       "review": {"id": 7, "user": user("eli-v"), "state": "commented", "submitted_at": iso(at(14, 16, 30))}}),
    gh("PullRequestReviewCommentEvent", "eli-v", at(14, 16, 31), {"action": "created", "pull_request": pr,
       "comment": {"id": 8, "user": user("eli-v"), "body": "ncol?", "created_at": iso(at(14, 16, 31))}}),
], lines=True)
write("github/2024-03-19-09.json", [
    gh("PullRequestReviewEvent", "bokafor", at(19, 9), {"action": "created", "pull_request": pr,
       "review": {"id": 9, "user": user("bokafor"), "state": "approved", "submitted_at": iso(at(19, 9))}}),
    gh("PullRequestEvent", "bokafor", at(19, 9, 10), {"action": "closed", "number": 13, "pull_request": merged}),
    gh("PushEvent", "ada-lind", at(19, 9, 30), {"push_id": 1, "size": 1, "ref": "refs/heads/main",
       "commits": [{"sha": "a" * 40, "author": {"name": "Ada Lind", "email": "ada@tidewater.dev"},
                    "message": "Release 2.4", "distinct": True}]}),
    gh("ReleaseEvent", "ada-lind", at(19, 9, 45), {"action": "published",
       "release": {"tag_name": "v2.4.0", "author": user("ada-lind")}}),
], lines=True)
