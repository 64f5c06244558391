// gsd dashboard: everything arrives over /api/events (server-sent events); the page never polls.
"use strict";
(() => {
  const token = new URLSearchParams(location.search).get("token") || "";
  const $ = id => document.getElementById(id);
  const state = { snapshot: null, logFor: null, logKey: null, events: [] };
  const SVG = "http://www.w3.org/2000/svg";

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      // Styles through the CSSOM: the page's CSP allows no inline style attributes.
      if (k === "class") e.className = v; else if (k === "style") e.style.cssText = v; else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    return e;
  }
  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) e.append(c instanceof Node ? c : String(c));
    return e;
  }
  const money = n => "$" + Number(n || 0).toFixed(2);
  const age = s => s < 0 ? "" : s < 90 ? Math.round(s) + " s" : s < 5400 ? Math.round(s / 60) + " min" : Math.round(s / 3600) + " h";
  const pct = (done, total) => total > 0 ? Math.min(100, Math.round(100 * done / total)) : 0;

  // --- live feed -----------------------------------------------------------------------------------------------
  function connect() {
    const source = new EventSource("api/events");
    source.onopen = () => { $("conn").textContent = "live"; $("conn").className = "pill live"; };
    source.onerror = () => { $("conn").textContent = "reconnecting…"; $("conn").className = "pill down"; };
    source.addEventListener("snapshot", e => render(JSON.parse(e.data)));
    source.addEventListener("events", e => addEvents(JSON.parse(e.data)));
  }

  function render(snap) {
    state.snapshot = snap;
    document.body.dataset.updated = String(Date.now());
    $("problem").hidden = !snap.problem;
    $("problem").textContent = snap.problem || "";
    if (!snap.status) return;
    const s = snap.status;
    $("run").textContent = s.runId ? "run " + s.runId : "";
    renderCost(s);
    renderCoordinator(s.coordinator);
    renderWorkers(s.workers);
    renderGraph(snap.queue, s);
    renderMerges(s, snap.merges);
    renderConflicts(s.predictedConflicts);
    refreshLogIfChanged(s.workers);
  }

  function renderCost(s) {
    const run = s.runCost || 0, ceiling = s.budgetCeiling;
    $("run-cost").textContent = money(run);
    $("total-cost").textContent = money(s.totalCost);
    $("ceiling").textContent = ceiling ? "of " + money(ceiling) + " ceiling" + (s.budgetReached ? " — reached" : "") : "(no budget ceiling)";
    const bar = $("cost-bar");
    bar.style.width = (ceiling ? pct(run, ceiling) : 0) + "%";
    bar.classList.toggle("over", !!s.budgetReached);
  }

  function renderCoordinator(c) {
    const text = !c || c.pid === null ? "No coordinator has run here; Start launches one."
      : c.alive ? `Coordinator pid ${c.pid} alive, heartbeat ${age(c.heartbeatAgeSeconds ?? 0)} ago${c.paused ? " — paused" : ""}${c.stopping ? " — stopping" : ""}.`
      : `Coordinator pid ${c.pid} not running${c.exitReason ? " (" + c.exitReason + ")" : ""}.`;
    $("coordinator").textContent = text;
  }

  function renderWorkers(workers) {
    const box = $("workers");
    if (!workers.length) { box.replaceChildren(el("p", { class: "muted" }, "No workers yet.")); return; }
    const ready = new Set((state.snapshot.status.readyToMerge) || []);
    box.replaceChildren(...workers.map(w => {
      const live = ["starting", "running", "paused", "pausing", "waiting"].includes(w.state);
      const p = w.progress || {};
      const unit = w.currentUnit ? `${w.currentUnit.type} ${w.currentUnit.id}` : "—";
      const tasks = p.tasksTotal ? `${p.tasksDone}/${p.tasksTotal} tasks` : "";
      const slices = p.slicesTotal ? `${p.slicesDone}/${p.slicesTotal} slices` : "";
      const activity = w.activity ?? null;
      const cost = w.unitCostSoFar != null ? `${money(w.cost)} (+${money(w.unitCostSoFar)} this unit)` : money(w.cost);
      return el("article", { class: "worker", "data-mid": w.milestoneId, "data-state": w.state },
        el("header", {}, el("span", { class: "title" }, w.milestoneId), el("span", { class: "state s-" + w.state }, w.state),
          el("span", { class: "muted" }, w.title || "")),
        el("div", { class: "row" }, el("span", { class: "unit" }, "unit: " + unit), el("span", { class: "muted" }, [slices, tasks].filter(Boolean).join(" · "))),
        el("div", { class: "bar", title: "slices" }, barFill(pct(p.slicesDone, p.slicesTotal))),
        el("div", { class: "bar", title: "tasks", style: "margin-top:3px" }, barFill(pct(p.tasksDone, p.tasksTotal))),
        el("div", { class: "activity muted", title: activity || "" }, activity ? "▸ " + activity : ""),
        el("div", { class: "row muted" }, el("span", {}, "cost " + cost), el("span", { class: "heartbeat" }, w.pid ? `pid ${w.pid} · heartbeat ${age(w.heartbeatAgeSeconds)} ago` : "")),
        w.error ? el("div", { class: "s-error" }, w.error) : null,
        el("div", { class: "actions" },
          live ? button("pause", w.milestoneId, "Pause") : null, live ? button("resume", w.milestoneId, "Resume") : null,
          live ? button("stop", w.milestoneId, "Stop", "danger") : null, ready.has(w.milestoneId) ? button("merge", w.milestoneId, "Merge") : null,
          el("button", { "data-log": w.milestoneId }, "Log")));
    }));
  }
  const barFill = n => { const d = el("div"); d.style.width = n + "%"; return d; };
  const button = (action, mid, label, cls) => el("button", { "data-action": action, "data-mid": mid, class: cls }, label);

  // The milestone dependency graph: columns by depth (a milestone sits right of everything it depends on).
  function renderGraph(queue, status) {
    const box = $("graph");
    const ms = (queue && queue.milestones) || [];
    if (!ms.length) { box.replaceChildren(el("p", { class: "muted" }, "No milestones planned.")); return; }
    const byId = new Map(ms.map(m => [m.id, m]));
    const workers = new Map(status.workers.map(w => [w.milestoneId, w]));
    const depth = new Map();
    const depthOf = (id, seen = new Set()) => {
      if (depth.has(id)) return depth.get(id);
      if (seen.has(id)) return 0;
      seen.add(id);
      const m = byId.get(id);
      const d = m ? Math.max(-1, ...m.dependsOn.filter(x => byId.has(x)).map(x => depthOf(x, seen))) + 1 : 0;
      depth.set(id, d);
      return d;
    };
    ms.forEach(m => depthOf(m.id));
    const cols = [];
    ms.forEach(m => (cols[depth.get(m.id)] ||= []).push(m));
    const W = 150, H = 46, GX = 60, GY = 16;
    const pos = new Map();
    cols.forEach((col, x) => col.forEach((m, y) => pos.set(m.id, { x: 10 + x * (W + GX), y: 10 + y * (H + GY) })));
    const width = 20 + cols.length * (W + GX) - GX, height = 20 + Math.max(...cols.map(c => c.length)) * (H + GY) - GY;
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "milestone dependency graph" });
    root.style.maxWidth = width + "px";
    for (const m of ms) for (const dep of m.dependsOn) {
      const a = pos.get(dep), b = pos.get(m.id);
      if (!a || !b) continue;
      const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2;
      root.append(svg("path", { class: "edge", d: `M${x1},${y1} C${x1 + GX / 2},${y1} ${x2 - GX / 2},${y2} ${x2},${y2}`, "marker-end": "" }));
    }
    for (const m of ms) {
      const p = pos.get(m.id), w = workers.get(m.id);
      // A queue milestone "blocked" only waits for its dependencies: shown as waiting, not as a failure.
      const st = w ? (w.runState === "merged" ? "merged" : w.state) : m.status === "blocked" ? "waiting" : m.status;
      const g = svg("g", { class: "node s-" + st, "data-mid": m.id, transform: `translate(${p.x},${p.y})` },
        svg("rect", { width: W, height: H, rx: 6, stroke: "currentColor" }),
        svg("text", { x: 8, y: 18, "font-weight": "600" }, m.id + " · " + st),
        svg("text", { x: 8, y: 36 }, (m.title || "").slice(0, 22)),
        svg("title", {}, `${m.id}: ${m.title}\n${st}${m.waitingFor.length ? "\nwaits for " + m.waitingFor.join(", ") : ""}`));
      root.append(g);
    }
    box.replaceChildren(root);
  }

  function renderMerges(status, ledger) {
    const items = [];
    for (const id of status.readyToMerge) items.push(el("li", {}, el("b", {}, id), " ready to merge ", button("merge", id, "Merge")));
    const records = Object.entries((ledger && ledger.milestones) || {}).sort((a, b) => String(b[1].at).localeCompare(String(a[1].at)));
    for (const [id, r] of records) {
      items.push(el("li", {}, el("b", {}, id), " ", el("span", { class: "state s-" + r.outcome }, r.outcome),
        r.commit ? " " + r.commit.slice(0, 8) : "", r.error ? " — " + r.error : "",
        r.conflictFiles && r.conflictFiles.length ? " — conflicts in " + r.conflictFiles.join(", ") : ""));
    }
    $("merges").replaceChildren(...(items.length ? items : [el("li", { class: "muted" }, "Nothing waiting or merged yet.")]));
  }

  function renderConflicts(conflicts) {
    const items = (conflicts || []).map(c => el("li", {}, c.b ? `${c.a} ↔ ${c.b}: ` : `${c.a}: `, c.files.join(", ")));
    $("conflicts").replaceChildren(...(items.length ? items : [el("li", { class: "muted" }, "None predicted.")]));
  }

  function addEvents(list) {
    const ol = $("events");
    for (const e of list) {
      const t = new Date(e.time).toLocaleTimeString();
      ol.prepend(el("li", {}, `${t} ${e.event}${e.milestoneId ? " " + e.milestoneId : ""}: ${e.message}`));
    }
    while (ol.children.length > 300) ol.lastElementChild.remove();
  }

  // --- worker log ------------------------------------------------------------------------------------------------
  async function openLog(mid) {
    state.logFor = mid;
    state.logKey = null;
    $("log-pane").hidden = false;
    $("log-title").textContent = mid;
    await loadLog();
    $("log-pane").scrollIntoView({ block: "nearest" });
  }
  async function loadLog() {
    const mid = state.logFor;
    if (!mid) return;
    const r = await fetch("api/logs/" + encodeURIComponent(mid));
    const text = r.ok ? await r.text() : (await r.json()).error;
    if (state.logFor !== mid) return;
    const pre = $("log");
    const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.textContent = text;
    if (atEnd) pre.scrollTop = pre.scrollHeight;
  }
  // Re-read the open log only when its worker changed (new unit, progress, activity, state), not on every heartbeat.
  function refreshLogIfChanged(workers) {
    if (!state.logFor) return;
    const w = workers.find(x => x.milestoneId === state.logFor);
    if (!w) return;
    const key = JSON.stringify([w.state, w.currentUnit, w.completedUnits, w.progress, w.activity ?? null, w.cost]);
    if (key !== state.logKey) { state.logKey = key; loadLog(); }
  }

  // --- controls --------------------------------------------------------------------------------------------------
  async function act(action, mid, btn) {
    if (action === "stop" && !confirm(mid ? `Stop ${mid}?` : "Stop every worker?")) return;
    btn.disabled = true;
    const box = $("result");
    try {
      const r = await fetch("api/" + action, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Gsd-Token": token },
        body: JSON.stringify(mid ? { milestoneId: mid } : {}),
      });
      const body = await r.json();
      box.hidden = false;
      box.className = "result" + (r.ok ? "" : " bad");
      box.textContent = describe(action, mid, r.status, body);
    } catch (err) {
      box.hidden = false;
      box.className = "result bad";
      box.textContent = `${action}: ${err}`;
    } finally {
      btn.disabled = false;
    }
  }
  function describe(action, mid, status, body) {
    const head = `gsd parallel ${action}${mid ? " " + mid : ""} → ${status}`;
    if (body.error) return `${head}\n${body.error}`;
    if (Array.isArray(body.results) && body.results.length && body.results[0].message !== undefined) return `${head}\n${body.results.map(r => r.message).join("\n")}`;
    if (Array.isArray(body.results)) return `${head}\n${body.results.length ? body.results.map(r => `${r.milestoneId}: ${r.outcome}${r.error ? " — " + r.error : ""}`).join("\n") : "Nothing to merge."}`;
    if (body.started) return `${head}\nstarted: ${body.started.join(", ") || "none"}${body.message ? "\n" + body.message : ""}`;
    return `${head}\n${JSON.stringify(body, null, 2)}`;
  }

  document.addEventListener("click", e => {
    const t = e.target.closest("button");
    if (!t) return;
    if (t.dataset.action) act(t.dataset.action, t.dataset.mid || null, t);
    else if (t.dataset.log) openLog(t.dataset.log);
    else if (t.id === "log-close") { state.logFor = null; $("log-pane").hidden = true; }
  });
  connect();
})();
