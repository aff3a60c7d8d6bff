"""The markdown report of bench/failover.sh, from the two scenarios' result.json files."""
import json
import sys
from datetime import datetime, timezone

out, cluster_up, cores, postgres, patroni, etcd = sys.argv[1:7]
runs = {s: json.load(open(f"{out}/{s}/result.json")) for s in ("machine", "postmaster")}


def cell(value, unit=""):
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    return f"{value}{unit}"


rows = [
    ("what was killed (SIGKILL)", lambda r: "Patroni + postmaster + backends of " + r["victim"] if r["scenario"] == "machine" else "postmaster of " + r["victim"]),
    ("Patroni REST `/primary` answered 200 again after", lambda r: cell(r.get("promotedAfterSeconds"), " s")),
    ("first write sent after the kill that was acknowledged, after", lambda r: cell(r.get("firstWriteAfterSeconds"), " s")),
    ("requests sent in that gap / answered 503 / other 5xx", lambda r: f'{r["requestsInGap"]} / {r["status503InGap"]} / {r["status5xxInGap"] - r["status503InGap"]}'),
    ("5xx other than 503, whole run", lambda r: cell(r["status500Total"])),
    ("connection errors at nginx", lambda r: cell(r["transportErrors"])),
    ("clients added (acknowledged) / lost", lambda r: f'{r["clientsAcknowledged"]} / **{r["clientsLost"]}**'),
    ("invitations sent (acknowledged) / lost", lambda r: f'{r["invitationsAcknowledged"]} / **{r["invitationsLost"]}**'),
    ("sign-ins (acknowledged) / still signed in", lambda r: f'{r["signInsAcknowledged"]} / {r["signInsStillSignedIn"]}'),
    ("e-mails sent by the outbox / received", lambda r: f'{r["emailsSentByOutbox"]} / {r["emailsReceived"]}'),
    ("e-mails lost / doubled / invitations without e-mail", lambda r: f'**{r["emailsLost"]}** / **{r["emailsDoubled"]}** / **{r["invitationsWithoutEmail"]}**'),
    ("sessions signed in before the kill that still work", lambda r: f'{r["sessionsSurvived"]} of {r["sessionsBeforeKill"]}'),
    ("both LISTEN connections back (ready = Healthy) after the load", lambda r: cell(r.get("listenersBackAfterSeconds"), " s")),
    ("logout on instance 1 refused on instance 2 within 2 s", lambda r: cell(r["revocationRefusedOnBWithin2s"]) + (f' ({r["revocationSeconds"]} s)' if r.get("revocationSeconds") is not None else "")),
    ("old primary rejoined as synchronous standby after", lambda r: cell(r.get("rejoinedAsSyncStandbyAfterSeconds"), " s") if r["scenario"] == "machine" else "leader afterwards: " + r.get("leaderAfter", "?")),
]
print(f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC with `bench/failover.sh --record` on {cores} cores: {postgres}, {patroni}, {etcd}; "
      f"Patroni cluster (leader + synchronous standby) up in {cluster_up} s; two portal instances (Release, Production) behind nginx.")
print()
print("| | machine dies | postmaster dies |")
print("|---|---|---|")
for label, value in rows:
    print(f"| {label} | {value(runs['machine'])} | {value(runs['postmaster'])} |")
others = {s: r["otherStatuses"] for s, r in runs.items() if r["otherStatuses"]}
if others:
    print()
    print("Other answers: " + "; ".join(f"{s}: " + ", ".join(f"{k} ×{v}" for k, v in o.items()) for s, o in others.items()))
