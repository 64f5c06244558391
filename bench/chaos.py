#!/usr/bin/env python3
"""Chaos run of `gsd parallel` (issue 8, item 7); started by bench/chaos.sh, which builds gsd and sets GSD.

A graph of milestones (two chains, a diamond, independents) runs with `auto_merge: auto` while this script kill -9s a
random worker, agent or coordinator every MIN..MAX seconds until KILLS kills are done. Whenever nothing runs it does
what a user would: `gsd parallel start --yes` (once, before that, `gsd doctor --fix`). Then it lets the run finish and
checks that nothing was lost. Every figure goes to stdout; the exit code is 0 only when every check passes.

Knobs (environment): MILESTONES (12, or 5 for the small graph), WORKERS (4), KILLS (30), MIN_KILLS (KILLS: fewer fails the run), KILL_MIN/KILL_MAX (2/4 s),
UNIT_DELAY (1s), SLICES/TASKS (4/4 per milestone, so 30 kills fit in the run on an idle machine), SEED (random), DEADLINE (900 s for the whole run), WORK (directory; a temp one by default).
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

GSD = os.environ["GSD"]
MILESTONES = int(os.environ.get("MILESTONES", "12"))
WORKERS = int(os.environ.get("WORKERS", "4"))
KILLS = int(os.environ.get("KILLS", "30"))
# A run that ends before this many kills proved less than it claims and fails (the full run: all of KILLS).
MIN_KILLS = int(os.environ.get("MIN_KILLS", str(KILLS)))
KILL_MIN = float(os.environ.get("KILL_MIN", "2"))
KILL_MAX = float(os.environ.get("KILL_MAX", "4"))
UNIT_DELAY = os.environ.get("UNIT_DELAY", "1s")
SLICES = os.environ.get("SLICES", "4")
TASKS = os.environ.get("TASKS", "4")
SEED = int(os.environ.get("SEED", str(random.randrange(1_000_000))))
DEADLINE = float(os.environ.get("DEADLINE", "900"))
rng = random.Random(SEED)

work = os.environ.get("WORK") or tempfile.mkdtemp(prefix="gsd-chaos.")
proj = os.path.join(work, "project")
env = dict(os.environ, GSD_HOME=os.path.join(work, "home"), NO_COLOR="1")
for k in ("GSD_PARALLEL_WORKER", "GSD_MILESTONE_LOCK", "GSD_PROJECT_ROOT", "GSD_RUN_ID"):
    env.pop(k, None)
os.makedirs(env["GSD_HOME"], exist_ok=True)


def graph(n):
    """Milestone id -> dependencies: two chains, a diamond, independents (the small graph: a chain, a fork, one alone)."""
    if n >= 12:
        return {
            "M001": [], "M002": ["M001"], "M003": ["M002"],               # chain
            "M004": [], "M005": ["M004"], "M006": ["M005"],               # chain
            "M007": [], "M008": ["M007"], "M009": ["M007"], "M010": ["M008", "M009"],  # diamond
            "M011": [], "M012": [],                                       # independents
        }
    return {"M001": [], "M002": ["M001"], "M003": [], "M004": ["M003"], "M005": []}


def git(*args, check=True):
    r = subprocess.run(["git", "-C", proj, *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise SystemExit(f"chaos: git {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


def gsd(*args, timeout=300):
    r = subprocess.run([GSD, "-C", proj, *args], capture_output=True, text=True, env=env, timeout=timeout)
    return r.returncode, r.stdout + r.stderr


def setup(deps):
    os.makedirs(os.path.join(proj, ".gsd", "milestones"))
    git("init", "-q", "-b", "main")
    for k, v in (("user.name", "chaos"), ("user.email", "chaos@gsd.invalid"), ("commit.gpgsign", "false")):
        git("config", k, v)
    with open(os.path.join(proj, "README.md"), "w") as f:
        f.write("# chaos project\n")
    gsd_dir = os.path.join(proj, ".gsd")
    with open(os.path.join(gsd_dir, ".gitignore"), "w") as f:
        f.write("parallel/\nworktrees/\nauto.lock\nmetrics.json\n*.lock\nactivity/\nreports/\n")
    with open(os.path.join(gsd_dir, "PREFERENCES.md"), "w") as f:
        f.write(f"""---
parallel:
  enabled: true
  max_workers: {WORKERS}
  auto_merge: auto
  max_restarts: 100
agent:
  kind: sim
  args: ["--delay", "{UNIT_DELAY}", "--slices", "{SLICES}", "--tasks", "{TASKS}", "--cost", "0.01"]
---
""")
    for mid, ds in deps.items():
        d = os.path.join(gsd_dir, "milestones", mid)
        os.makedirs(d)
        with open(os.path.join(d, f"{mid}-CONTEXT.md"), "w") as f:
            f.write(f"---\ndepends_on: [{', '.join(ds)}]\n---\n\n# {mid}: Chaos milestone {mid}\n")
    git("add", "-A")
    git("commit", "-q", "-m", f"{len(deps)} milestones")


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def start_ticks(pid):
    """Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return None if fields[0] == "Z" else int(fields[19])
    except (OSError, IndexError, ValueError):
        return None


def targets():
    """(kind, pid, recorded start ticks or None) of everything that may be killed now, read from gsd's own files."""
    pdir = os.path.join(proj, ".gsd", "parallel")
    found = []
    c = read_json(os.path.join(pdir, "coordinator.json"))
    if c and not c.get("exitReason") and c.get("pid"):
        found.append(("coordinator", c["pid"], c.get("processStartedAt")))
    try:
        names = os.listdir(pdir)
    except OSError:
        names = []
    for name in names:
        if not name.endswith(".status.json"):
            continue
        s = read_json(os.path.join(pdir, name))
        if not s or s.get("state") not in ("starting", "running", "pausing", "waiting"):
            continue
        found.append(("worker", s["pid"], s.get("processStartedAt")))
        if s.get("agentPid"):
            found.append(("agent", s["agentPid"], None))
    return [t for t in found if start_ticks(t[1]) is not None]


def verified(kind, pid, recorded):
    """Only a process whose identity holds is killed: its start time matches gsd's record, or, for an agent (no start time
    in the status file), it is gsd's sim agent (its command line says so) working in this project (its cwd is one of its
    worktrees): other sim agents run on a shared machine, and a recycled pid could be one of theirs."""
    now = start_ticks(pid)
    if now is None:
        return False
    if recorded:
        return now == recorded
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read()
        cwd = os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return False
    return b"sim-agent" in cmd and cwd.startswith(os.path.join(os.path.realpath(proj), ".gsd", "worktrees") + os.sep)


def coordinator_alive():
    c = read_json(os.path.join(proj, ".gsd", "parallel", "coordinator.json"))
    return bool(c and not c.get("exitReason") and start_ticks(c["pid"]) is not None
                and (not c.get("processStartedAt") or start_ticks(c["pid"]) == c["processStartedAt"]))


def sample_tips(tips):
    out = git("for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/milestone/")
    for line in out.splitlines():
        ref, commit = line.split()
        mid = ref.split("/", 1)[1]
        files = {}
        for entry in git("ls-tree", "-r", commit).splitlines():
            meta, path = entry.split("\t", 1)
            if not path.startswith(".gsd/"):
                files[path] = meta.split()[2]
        tips[mid] = files


def queue_status():
    code, out = gsd("queue", "--json")
    if code != 0:
        return {}
    try:
        doc = json.loads(out)
    except ValueError:
        return {}
    return {m["id"]: m["status"] for m in doc.get("milestones", [])}


def gsd_processes():
    """Live processes of this run: gsd binaries or sim agents started in this project (by cwd or command line)."""
    left = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            continue
        if start_ticks(pid) is None:
            continue
        if cwd.startswith(proj) or proj in cmd:
            left.append(f"{pid} {cmd.strip()[:100]}")
    return left


def main():
    deps = graph(MILESTONES)
    setup(deps)
    t0 = time.time()
    kills = {"worker": 0, "agent": 0, "coordinator": 0}
    restarts = 0
    doctor_fixed = False
    idle_starts = 0
    tips = {}
    log = []

    def user_start():
        nonlocal restarts, doctor_fixed
        if restarts > 0 and not doctor_fixed:
            code, out = gsd("doctor", "--fix")
            doctor_fixed = True
            log.append(f"doctor --fix: exit {code}")
        code, out = gsd("parallel", "start", "--yes")
        restarts += 1
        log.append(f"start #{restarts}: exit {code}: {out.strip().splitlines()[-1] if out.strip() else ''}")

    user_start()
    next_kill = time.time() + rng.uniform(KILL_MIN, KILL_MAX)
    done = False
    while time.time() - t0 < DEADLINE:
        time.sleep(0.25)
        sample_tips(tips)
        total = sum(kills.values())
        if total < KILLS and time.time() >= next_kill:
            candidates = [t for t in targets() if verified(*t)]
            if candidates:
                kind, pid, _ = rng.choice(candidates)
                try:
                    os.kill(pid, signal.SIGKILL)
                    kills[kind] += 1
                except ProcessLookupError:
                    pass
            next_kill = time.time() + rng.uniform(KILL_MIN, KILL_MAX)
        if coordinator_alive():
            continue
        # Nothing runs: finished, or a user starts it again.
        status = queue_status()
        if status and all(v == "complete" for v in status.values()):
            if not git("branch", "--list", "milestone/*").strip():
                done = True
                break
            # Everything is on main but a branch or worktree stays behind: starts have nothing left to run, so more of
            # them only wait out DEADLINE; after a few, stop and let the checks name what is left.
            idle_starts += 1
            if idle_starts > 3:
                break
        time.sleep(0.5)
        if not coordinator_alive():
            user_start()
    wall = time.time() - t0

    # Let whatever a kill left behind settle, then check as a user would.
    failures = []
    if not done and idle_starts > 3:
        failures.append("every milestone is complete on main, yet starts leave milestone branches behind")
    elif not done:
        failures.append(f"the run did not finish within {DEADLINE:.0f} s")
    if sum(kills.values()) < MIN_KILLS:
        # The issue asks for at least KILLS kills; a run that finished first proved less than it claims.
        failures.append(f"only {sum(kills.values())} of {MIN_KILLS} kills before the run finished (raise UNIT_DELAY or lower KILL_MAX)")
    status = queue_status()
    incomplete = sorted(m for m in deps if status.get(m) != "complete")
    if incomplete:
        failures.append(f"not complete on main: {', '.join(incomplete)}")
    log_main = git("log", "--format=%H%x1f%s%x1f%b%x1e", "main")
    merges = {m: 0 for m in deps}
    for rec in log_main.split("\x1e"):
        parts = rec.strip().split("\x1f")
        if len(parts) < 3:
            continue
        _, subject, body = parts
        for m in deps:
            if subject.startswith(f"feat({m}):") and f"GSD-Milestone: {m}" in body and "GSD-Unit:" not in body:
                merges[m] += 1
    wrong = {m: n for m, n in merges.items() if n != 1}
    if wrong:
        failures.append("squash merges per milestone not exactly one: " + ", ".join(f"{m}={n}" for m, n in sorted(wrong.items())))
    main_files = {}
    for entry in git("ls-tree", "-r", "main").splitlines():
        meta, path = entry.split("\t", 1)
        main_files[path] = meta.split()[2]
    lost = [f"{m}:{p}" for m, files in tips.items() for p, blob in files.items() if main_files.get(p) != blob]
    if lost:
        failures.append(f"{len(lost)} file(s) of a milestone branch tip not on main with that content: {', '.join(sorted(lost)[:10])}")
    time.sleep(1)
    left = gsd_processes()
    if left:
        failures.append(f"{len(left)} process(es) left: {'; '.join(left[:5])}")
    worktrees = [l for l in git("worktree", "list", "--porcelain").splitlines() if l.startswith("worktree ")]
    if len(worktrees) != 1:
        failures.append(f"worktrees left: {', '.join(w[9:] for w in worktrees[1:])}")
    branches = git("branch", "--list", "milestone/*").split()
    if branches:
        failures.append(f"milestone branches left: {', '.join(b for b in branches if b != '*')}")
    code, out = gsd("doctor")
    if code != 0 or "No problems found" not in out:
        failures.append(f"gsd doctor not clean (exit {code}): {out.strip()[:400]}")

    print(f"seed {SEED}; {len(deps)} milestones, {WORKERS} workers, units of {UNIT_DELAY}")
    print(f"kills: {sum(kills.values())} (workers {kills['worker']}, agents {kills['agent']}, coordinators {kills['coordinator']})")
    print(f"restarts by the user: {restarts} (`gsd parallel start --yes`), doctor --fix: {'once' if doctor_fixed else 'never'}")
    print(f"branch files sampled: {sum(len(f) for f in tips.values())} across {len(tips)} milestone branches")
    print(f"wall time: {wall:.1f} s")
    if failures:
        print("CHAOS FAILED:")
        for f in failures:
            print(f"  - {f}")
        print("run log:")
        for line in log[-20:]:
            print(f"  {line}")
        print(f"project kept in {proj}")
        return 1
    print("CHAOS PASSED: every milestone complete on main and squash-merged once; every sampled branch file on main; "
          "no process, worktree or branch left; gsd doctor clean")
    if not os.environ.get("WORK"):
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
