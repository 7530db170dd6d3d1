"""The words of the demo team: what its cards, actions, kudos and lessons say."""

from __future__ import annotations

# --- text pools ------------------------------------------------------------------------------

GOOD = (
    "Pairing on the migration made the hand-over painless",
    "The new deploy dashboard caught a bad canary in minutes",
    "Feature flags let us ship the billing change dark",
    "Runbooks were up to date when the pager went off",
    "Staging now mirrors production config",
    "Fast reviews: median PR wait under 3 hours",
    "Chaos day found two real gaps before customers did",
    "Clear owner for every alert",
    "Incident channel stayed calm and focused",
    "Shared on-call calendar ended the double-booking",
    "Blue/green switch took 40 s instead of 10 min",
    "Postgres upgrade went out with zero downtime 🎉",
)
BAD = (
    "Flaky integration tests blocked merges twice a week",
    "Alert titles like [P1][db] are unreadable on phones",
    "Too many meetings on Wednesdays",
    "Nobody owned the Terraform drift",
    "Secrets rotation is still manual",
    "Build cache misses doubled CI time",
    "Deploy freeze was announced the same morning",
    "We found out about the quota limit from a customer",
    "Context switching between tickets and interrupts",
    "The on-call pager woke people for non-urgent warnings",
    "Docs for the ingress controller are out of date",
    "Rollback needed three people and 25 minutes",
)
IDEAS = (
    "Quarantine flaky tests automatically",
    "Make Wednesday afternoons meeting-free",
    "Add a 'first deploy' guide for new joiners",
    "Rotate the interrupt shield weekly",
    "Auto-open a ticket when Terraform drifts",
    "Page only on customer-facing symptoms",
    "Run a game day every month",
    "Publish the deploy calendar a week ahead",
    "Keep a one-page architecture map",
    "Time-box spikes to two days",
)
TIMELINE = (
    "14:02 error rate on checkout rises to 8%",
    "14:09 on-call paged; starts investigating the load balancer",
    "14:21 bad config push identified in ingress",
    "14:26 rollback started",
    "14:38 error rate back to baseline",
)
IMPACT = (
    "36 minutes of degraded checkout for EU customers",
    "About 1,900 failed payments retried automatically",
    "Support received 140 tickets",
)
ACTIONS = (
    "Quarantine flaky tests in CI",
    "Write the rollback runbook for ingress",
    "Move the Wednesday sync to async updates",
    "Automate secrets rotation for the payments service",
    "Add config validation to the ingress pipeline",
    "Split alerts into page and ticket severities",
    "Set up Terraform drift detection",
    "Document the first-deploy path for new joiners",
    "Add a canary stage to the deploy pipeline",
    "Tag every alert with an owner",
)
KUDOS = (
    "for staying calm and clear as incident commander",
    "for the ingress rollback script that saved the day",
    "for reviewing every PR within hours this sprint",
    "for the onboarding guide — the new joiner shipped on day two",
    "for untangling the Terraform state by hand",
)
LESSONS = (
    ("Config changes need the same canary as code changes", ("deploy", "config")),
    ("A rollback you have not rehearsed is a rollback you do not have", ("incident", "deploy")),
    ("Page on symptoms customers feel, not on causes", ("alerting", "oncall")),
    ("Small PRs get reviewed faster and break less", ("review", "flow")),
    ("Write the runbook while the incident is fresh", ("incident", "docs")),
    ("Flaky tests are bugs: quarantine, then fix within a week", ("ci", "testing")),
    ("Estimate spikes in days, not points", ("planning",)),
    ("Name one owner per alert or nobody owns it", ("alerting", "ownership")),
    ("Freeze windows must be announced a week ahead", ("deploy", "communication")),
    ("Measure before optimising: the slow step was not the one we thought", ("ci", "performance")),
    ("Drift detection is cheaper than drift archaeology", ("terraform", "infra")),
    ("Pairing on migrations halves the hand-over time", ("pairing", "flow")),
    ("Keep secrets rotation automated or it will be forgotten", ("security",)),
    ("Dashboards nobody looks at are noise; delete them", ("observability",)),
    ("Ask 'what would make this boring?' before building", ("design",)),
    ("Use [brackets] freely: titles like [P1] are text, not markup", ("alerting",)),
)
WHY = (
    "The flaky test suite ate a day every week",
    "Two people were out for a week",
    "The vendor API change was not announced",
    "We underestimated the data migration",
    "Interrupts from other teams took a third of our time",
)
TAGS = ("ci", "deploy", "oncall", "alerting", "flow", "meetings", "infra", "docs", "security")
