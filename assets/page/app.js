// The live page: draws the scenario as a form from the server's parameter
// rows, sends the scenario to the server, and draws the days it streams
// back. No model logic lives here: every number shown was computed by the
// server (means, intervals, paired differences, verdicts). Every value
// that came from a user or a file is inserted as text, never as HTML.
"use strict";

const TACTICS = ["email-blast", "networking", "social-ads", "link-bait", "community"];
const STORE = "outreach-live-page";
const $ = (id) => document.getElementById(id);

let rows = [];        // the parameter rows (/api/form)
let limits = {};
let state = null;     // the scenario, as the server's JSON
let started = null;   // the scenario the server started with
let lessonName = "";
let current = null;   // the run being shown: {controller, start, days, charts, ...}
let ghost = null;     // the previous run's means, drawn faint
let timer = 0;
let openKeys = new Set(); // sections open before the form was redrawn
const clientId = sessionStorage.getItem(STORE + "-client") || Math.random().toString(36).slice(2) + Date.now().toString(36);
sessionStorage.setItem(STORE + "-client", clientId);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

function status(text, kind) {
  const s = $("status");
  s.textContent = text;
  s.className = kind || "";
}

// ---- the scenario as a form ----

// The arm-independent path of a row as applied to one arm.
function quoteKey(k) {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k);
}

function tableOf(path, arm) {
  // Returns [object holding the key, key]; creates missing tables.
  const parts = path.split(".");
  const key = parts.pop();
  let t = state;
  for (const p of parts) {
    const name = p === "<arm>" ? arm : p;
    if (p === "arms") { t = t.arms; continue; }
    if (!(name in t) || typeof t[name] !== "object") t[name] = {};
    t = t[name];
  }
  return [t, key];
}

function concretePath(path, arm) {
  return path.replace("<arm>", quoteKey(arm || ""));
}

function control(row, arm) {
  const [table, key] = tableOf(row.path, arm);
  const path = concretePath(row.path, arm);
  const id = "p-" + path.replace(/[^A-Za-z0-9]/g, "_") + "-" + Math.random().toString(36).slice(2, 6);
  const wrap = el("div", { class: "row", "data-param": row.path, "data-path": path });
  const unit = row.unit && row.unit !== "-" ? " (" + row.unit + ")" : "";
  wrap.append(el("label", { for: id, text: row.label }, el("span", { class: "unit", text: unit })));
  const value = key in table ? table[key] : row.default;
  const set = (v) => {
    if (v === undefined) delete table[key]; else table[key] = v;
    changed();
  };
  const line = el("div", { class: "inputs" });
  switch (row.control) {
    case "number":
    case "whole": {
      const whole = row.control === "whole";
      const box = el("input", {
        id, type: "number", min: row.min, max: row.max, step: whole ? 1 : "any",
        value: value ?? "", "aria-describedby": id + "-m", inputmode: whole ? "numeric" : "decimal",
      });
      let slider = null;
      if (row.teach) {
        slider = el("input", {
          type: "range", min: row.teach.min, max: row.teach.max, step: row.teach.step,
          value: value ?? row.teach.min, "aria-label": row.label + " (slider)", tabindex: 0,
        });
        slider.addEventListener("input", () => {
          box.value = slider.value;
          set(Number(slider.value));
        });
        line.append(slider);
      }
      box.addEventListener("input", () => {
        // An empty box unsets a value whose default is derived (budget shares).
        if (box.value.trim() === "") {
          if (row.default === null) set(undefined);
          return;
        }
        const v = Number(box.value);
        if (!Number.isFinite(v)) return;
        if (slider) slider.value = String(v);
        set(v);
      });
      line.append(box);
      break;
    }
    case "flag": {
      const box = el("input", { id, type: "checkbox", role: "switch", checked: value === true, "aria-describedby": id + "-m" });
      box.addEventListener("change", () => set(box.checked));
      line.append(box);
      break;
    }
    case "choice": {
      const choices = row.path === "population.network.kind" ? row.choices : row.choices;
      const sel = el("select", { id, "aria-describedby": id + "-m" });
      for (const c of choices) sel.append(el("option", { value: c, text: c, selected: c === value }));
      sel.addEventListener("change", () => {
        if (row.path === "population.network.kind") {
          // Keys of the old kind do not apply to the new one.
          state.population.network = { kind: sel.value };
          changed();
          drawForm();
        } else set(sel.value);
      });
      line.append(sel);
      break;
    }
    case "text": {
      let input;
      if (row.path === "baseline") {
        input = el("select", { id, "aria-describedby": id + "-m" });
        for (const name of Object.keys(state.arms || {})) {
          input.append(el("option", { value: name, text: name, selected: name === value }));
        }
        input.addEventListener("change", () => set(input.value));
      } else {
        input = el("input", { id, type: "text", value: value ?? "", maxlength: 100, "aria-describedby": id + "-m" });
        input.addEventListener("change", () => set(input.value === "" ? undefined : input.value));
      }
      line.append(input);
      break;
    }
  }
  if (row.default !== null) {
    line.append(el("button", {
      type: "button", class: "reset", title: "Back to the default, " + row.default_text,
      "aria-label": "Reset " + row.label + " to its default " + row.default_text,
      text: "↺", onclick: () => { table[key] = row.default; changed(); drawForm(); },
    }));
  }
  wrap.append(line);
  wrap.append(el("p", { class: "meaning", id: id + "-m", text: row.meaning + (row.default !== null ? " Default " + row.default_text + "." : "") }));
  wrap.append(el("p", { class: "error", hidden: true }));
  return wrap;
}

function group(title, rowsOf, arm) {
  const fs = el("fieldset", { class: "group" });
  fs.append(el("legend", { text: title }));
  for (const r of rowsOf) fs.append(control(r, arm));
  return fs;
}

function drawForm() {
  const form = $("form");
  const open = new Set([...form.querySelectorAll("details[open]")].map((d) => d.dataset.key));
  form.replaceChildren();
  const byGroup = (g) => rows.filter((r) => r.group === g);
  const kind = (state.population && state.population.network && state.population.network.kind) || "small-world";
  const sections = [
    ["Run", byGroup("Run")],
    ["Population", byGroup("Population")],
    ["Network", byGroup("Network").filter((r) => !r.kinds || r.kinds.includes(kind))],
    ["Behaviour", byGroup("Behaviour")],
    ["Money", byGroup("Money")],
  ];
  const first = !form.dataset.drawn;
  for (const [title, rs] of sections) {
    const d = el("details", { "data-key": title, open: open.has(title) || (first && title === "Run") });
    d.append(el("summary", { text: title }));
    d.append(group(title, rs, null));
    form.append(d);
  }
  const arms = el("details", { "data-key": "arms", open: true });
  arms.append(el("summary", { text: "Arms (strategies) and their tactics" }));
  openKeys = open;
  for (const name of Object.keys(state.arms || {})) arms.append(armForm(name));
  arms.append(el("button", { type: "button", text: "+ Add an arm", onclick: addArm }));
  form.append(arms);
  form.dataset.drawn = "1";
}

function armForm(name) {
  const arm = state.arms[name];
  const box = el("fieldset", { class: "arm", "data-arm": name });
  const rename = el("input", { type: "text", value: name, "aria-label": "Name of arm " + name, maxlength: 60 });
  rename.addEventListener("change", () => renameArm(name, rename.value.trim()));
  const remove = el("button", { type: "button", text: "Remove arm", onclick: () => removeArm(name) });
  box.append(el("legend", {}, el("span", { text: "Arm " }), rename, remove));
  for (const r of rows.filter((r) => r.group === "Arm")) box.append(control(r, name));
  for (const t of TACTICS) {
    if (!(t in arm)) continue;
    const ts = rows.filter((r) => r.path.startsWith("arms.<arm>." + t + "."));
    const title = ts[0] ? ts[0].group : t;
    const drop = el("button", { type: "button", class: "small", text: "remove", "aria-label": "Remove " + title + " from " + name,
      onclick: (e) => { e.preventDefault(); delete arm[t]; changed(); drawForm(); } });
    const d = el("details", { "data-key": name + "/" + t, open: openKeys.has(name + "/" + t) });
    d.append(el("summary", {}, el("span", { text: title }), drop));
    d.append(group(title, ts, name));
    box.append(d);
  }
  const missing = TACTICS.filter((t) => !(t in arm));
  if (missing.length) {
    const sel = el("select", { "aria-label": "Tactic to add to " + name });
    sel.append(el("option", { value: "", text: "+ Add a tactic…" }));
    for (const t of missing) sel.append(el("option", { value: t, text: t }));
    sel.addEventListener("change", () => {
      if (!sel.value) return;
      arm[sel.value] = {};
      changed();
      drawForm();
    });
    box.append(sel);
  }
  return box;
}

function addArm() {
  let n = 1;
  while (("arm-" + n) in state.arms) n++;
  state.arms["arm-" + n] = { networking: {} };
  changed();
  drawForm();
}

function removeArm(name) {
  delete state.arms[name];
  if (state.baseline === name) delete state.baseline;
  changed();
  drawForm();
}

function renameArm(from, to) {
  if (!to || to === from || to in state.arms) { drawForm(); return; }
  const arms = {};
  for (const [k, v] of Object.entries(state.arms)) arms[k === from ? to : k] = v;
  state.arms = arms;
  if (state.baseline === from) state.baseline = to;
  changed();
  drawForm();
}

function changed() {
  localStorage.setItem(STORE, JSON.stringify({ state, lessonName }));
  if ($("auto").checked) {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  }
}

// ---- lessons ----

function showLesson(s) {
  const box = $("lesson-text");
  box.replaceChildren();
  const l = s && s.lesson;
  if (!l) { box.hidden = true; return; }
  box.hidden = false;
  box.append(el("h2", { text: l.question }));
  box.append(el("p", {}, el("strong", { text: "Try: " }), l.change));
  box.append(el("p", {}, el("strong", { text: "Look for: " }), l.look_for));
}

async function loadLesson(name) {
  lessonName = name;
  if (!name) {
    state = structuredClone(started);
  } else {
    const r = await fetch("/api/lessons/" + encodeURIComponent(name));
    if (!r.ok) { status("Could not load the lesson " + name, "bad"); return; }
    state = await r.json();
  }
  showLesson(state);
  drawForm();
  changed();
  run();
}

// ---- a run ----

function refusal(r) {
  document.querySelectorAll(".row .error").forEach((p) => { p.hidden = true; p.textContent = ""; });
  document.querySelectorAll(".row.bad").forEach((p) => p.classList.remove("bad"));
  const box = $("refusal");
  if (!r) { box.hidden = true; return; }
  box.hidden = false;
  box.replaceChildren(el("strong", { text: "Not run: " }), r.message, r.help ? el("div", { text: "Help: " + r.help }) : null,
    el("pre", { text: r.text }));
  const row = [...document.querySelectorAll(".row")].find((e) => e.dataset.path === r.field);
  if (row) {
    row.classList.add("bad");
    const p = row.querySelector(".error");
    p.hidden = false;
    p.textContent = r.message + (r.help ? " (" + r.help + ")" : "");
    row.closest("details")?.setAttribute("open", "");
  }
}

async function run() {
  clearTimeout(timer);
  if (paused) pause(); // a new run plays: Pause holds one run's drawing
  if (current) {
    current.controller.abort();
    if (current.shown) ghost = { start: current.start, days: current.days.slice(0, current.shown) };
  }
  const controller = new AbortController();
  // The scenario as sent: what this run shows, whatever the form holds later.
  const sent = JSON.stringify(state);
  const me = { controller, sent, start: null, days: [], shown: 0, charts: [], pressed: performance.now(), firstDrawn: null };
  current = me;
  $("stop").disabled = false;
  status("Starting…", "busy");
  let response;
  try {
    response = await fetch("/api/run", {
      method: "POST", signal: controller.signal,
      headers: { "Content-Type": "application/json", "X-Outreach-Client": clientId },
      body: sent,
    });
  } catch (e) {
    if (current === me && e.name !== "AbortError") disconnected();
    return;
  }
  if (current !== me) return;
  if (!response.ok) {
    $("stop").disabled = true;
    if (response.status === 400) {
      refusal(await response.json());
      status("The scenario has a mistake: see the message on the left.", "bad");
    } else {
      status("The server refused the run: " + (await response.text()), "bad");
    }
    return;
  }
  refusal(null);
  try {
    await readEvents(response.body, (name, data) => {
      if (current !== me) return;
      if (name === "start") begin(me, data);
      else if (name === "day") day(me, data);
      else if (name === "done") done(me, data);
      else if (name === "variant") variantChecked(me, data);
    });
  } catch (e) {
    if (current === me && e.name !== "AbortError") disconnected();
  }
}

// Server-sent events from a fetch body (EventSource cannot POST). Events
// are cut from the buffer by index (no copy per event), and the page gets
// the thread back every few milliseconds, so a burst of days never blocks it.
async function readEvents(body, each) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let since = performance.now();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let at = 0, end;
    while ((end = buffer.indexOf("\n\n", at)) >= 0) {
      const block = buffer.slice(at, end);
      at = end + 2;
      let name = "message", data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trimStart();
      }
      if (data) each(name, JSON.parse(data));
      if (performance.now() - since > 8) {
        await new Promise((r) => setTimeout(r, 0));
        since = performance.now();
      }
    }
    buffer = buffer.slice(at);
  }
}

function begin(me, start) {
  me.started = performance.now() - me.pressed;
  me.start = start;
  stopReplay();
  net.follow = true;
  net.day = 0;
  status(start.queued ? "Waiting for a free core…" : "Running…", "busy");
  drawCharts(me);
}

// Days are drawn by a ticker, so that Pause, Step and the speed control
// act on drawing only: the server's run goes on, and what it sent is kept.
let paused = false;
let ticking = false;

function speed() {
  return Number($("speed").value); // days a second; 0: as fast as they come
}

function day(me, frame) {
  if (me.firstArrived === undefined) me.firstArrived = performance.now() - me.pressed;
  if (frame.network) {
    me.network = frame.network;
    delete frame.network;
    networkLayout(me);
  }
  me.days.push(frame);
  ensureTicking();
}

function done(me, d) {
  me.doneData = d;
  me.variants = [];
  delete document.body.dataset.variantsChecked;
  ensureTicking();
}

// A lesson's "try this" variant, checked by a run of its own on the
// server after the main run: shown as it arrives, once the days are drawn.
function variantChecked(me, v) {
  me.variants[v.index] = v.outcomes;
  if (me.finished) verdicts(me);
}

function ensureTicking() {
  if (ticking) return;
  ticking = true;
  let last = performance.now();
  const tick = (now) => {
    const me = current;
    const dt = (now - last) / 1000;
    last = now;
    if (!me || !me.start || me.finished) { ticking = false; return; }
    const have = me.days.length;
    let want = have;
    if (paused) want = Math.min(have, me.shown);
    else if (speed() > 0) want = Math.min(have, (me.shownExact ?? 0) + speed() * dt);
    me.shownExact = want;
    const whole = Math.floor(want);
    if (whole !== me.shown) show(me, whole);
    if (me.doneData && me.shown === me.start.days) finish(me);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function show(me, n) {
  me.shown = n;
  redraw(me);
  if (n > 0 && me.firstDrawn === null) {
    me.firstDrawn = performance.now() - me.pressed;
    // Where the time to the first day went: the server's answer (start),
    // the first day's arrival, and its drawing (browser tests read these).
    window.outreachTimings = { firstDay: me.firstDrawn, started: me.started, firstArrived: me.firstArrived };
  }
  networkFollow(me, n);
  if (n > 0) {
    const what = paused ? "Paused at day " : "Day ";
    status(what + me.days[n - 1].day + " of " + me.start.days + (paused ? " (Step adds one day)" : "…"), "busy");
    if (paused) finalTable(me);
  }
}

function finish(me) {
  me.finished = true;
  networkFollow(me, me.shown, true);
  finalTable(me);
  verdicts(me);
  $("stop").disabled = true;
  const total = performance.now() - me.pressed;
  window.outreachTimings = { firstDay: me.firstDrawn, started: me.started, firstArrived: me.firstArrived, total, serverSeconds: me.doneData.seconds };
  document.body.dataset.finished = String(me.start.days);
  status("Done: " + me.start.days + " days, " + me.start.replicates + " replicates, in " + (total / 1000).toFixed(1) + " s.", "good");
}

function pause() {
  paused = !paused;
  $("pause").textContent = paused ? "Play" : "Pause";
  $("pause").setAttribute("aria-pressed", String(paused));
  $("step").disabled = !paused;
  if (current && current.start) show(current, current.shown || 0);
}

function step() {
  const me = current;
  if (!me || !me.start || me.shown >= me.days.length) return;
  me.shownExact = me.shown + 1;
  show(me, me.shown + 1);
  if (me.doneData && me.shown === me.start.days) finish(me);
}

// The server is asked every few seconds whether it is there: if it stops
// or the laptop sleeps, the page says so, keeps the form (local storage)
// and, once the server answers again, runs the scenario again.
let away = false;

function disconnected() {
  $("stop").disabled = true;
  if (!away) status("Disconnected from the server: your settings are kept; reconnecting…", "bad");
  away = true;
}

function watchServer() {
  setInterval(async () => {
    try {
      const r = await fetch("/api/ping", { cache: "no-store" });
      if (!r.ok) throw new Error(String(r.status));
      if (away) {
        away = false;
        status("Reconnected.", "good");
        run();
      }
    } catch (e) {
      disconnected();
    }
  }, 3000);
}

// ---- charts ----

// Each arm's colour comes with the run (s.colours): a shade of its tactic
// family, as in the PNG charts (src/output/palette.rs).
function rgba(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
}

// Two charts side by side: the pane's width less the gap, each figure's
// padding and border.
function chartWidth() {
  const pane = $("charts");
  return Math.max(260, Math.floor((pane.clientWidth - 8) / 2) - 12);
}

function makeChart(target, title, names, colors, unit) {
  const series = [{ label: "day" }];
  const bands = [];
  names.forEach((name, i) => {
    const c = colors[i % colors.length];
    const at = series.length;
    series.push({ label: name, stroke: c, width: 2, points: { show: false } });
    series.push({ label: name + " low", stroke: "transparent", width: 0, points: { show: false } });
    series.push({ label: name + " high", stroke: "transparent", width: 0, points: { show: false } });
    bands.push({ series: [at + 2, at + 1], fill: rgba(c, 0.18) });
    series.push({ label: name + " (previous run)", stroke: rgba(c, 0.35), width: 1, dash: [4, 4], points: { show: false } });
  });
  const width = chartWidth();
  const box = el("figure", { class: "chart" });
  // The figure takes the chart's width, and a long title wraps inside it.
  box.style.width = width + 10 + "px";
  box.append(el("figcaption", { text: title }));
  target.append(box);
  const opts = {
    width, height: 210, series, bands,
    legend: { show: false }, cursor: { drag: { x: false, y: false } },
    axes: [{ label: "day" }, { label: unit, size: 60 }],
    scales: { x: { time: false } },
  };
  const empty = series.map(() => []);
  return new uPlot(opts, empty, box);
}

// The charts drawn last, kept for a rerun of the same shape: a slider
// drag restarts runs many times a second, and making six uPlot charts
// again each time costs the page more than the server's first day.
let drawnCharts = null;

function drawCharts(me) {
  const s = me.start;
  const sig = JSON.stringify([s.arms, s.colours, s.baseline, s.compared, s.charts, $("compare-metric").value, chartWidth()]);
  if (drawnCharts && drawnCharts.sig === sig) {
    me.charts = drawnCharts.charts;
    me.compareChart = drawnCharts.compareChart;
    networkLayout(me);
    redraw(me); // the last run's lines become the dashed ghost at once
    return;
  }
  const legend = $("legend");
  legend.replaceChildren();
  s.arms.forEach((name, i) => {
    legend.append(el("span", { class: "key" }, el("span", { class: "swatch", style: "background:" + s.colours[i] }), name + (name === s.baseline ? " (baseline)" : "")));
  });
  legend.append(el("span", { class: "key note", text: "line: mean; band: 95% interval; dashed: previous run" }));
  const charts = $("charts");
  charts.replaceChildren();
  // The network picture first, across the pane: seen with the first charts.
  charts.append(networkTile);
  networkLayout(me);
  me.charts = s.charts.map((c) => makeChart(charts, c.title, s.arms, s.colours, c.unit));
  const sel = $("compare-metric");
  const keep = sel.value || "conversions";
  sel.replaceChildren();
  for (const c of s.charts) sel.append(el("option", { value: c.metric, text: c.metric, selected: c.metric === keep }));
  const compare = $("compare");
  compare.replaceChildren();
  me.compareChart = null;
  if (s.compared.length) {
    const colors = s.compared.map((n) => s.colours[s.arms.indexOf(n)]);
    const idx = s.charts.findIndex((c) => c.metric === sel.value);
    me.compareChart = makeChart(compare, s.charts[idx].title.split(":")[0] + ": each arm minus " + s.baseline, s.compared, colors, s.charts[idx].unit);
  }
  // Signed after the metric list is filled, so a rerun compares alike.
  drawnCharts = { sig: JSON.stringify([s.arms, s.colours, s.baseline, s.compared, s.charts, sel.value, chartWidth()]), charts: me.charts, compareChart: me.compareChart };
}

function seriesData(days, arms, pick, ghostDays) {
  const x = days.map((f) => f.day);
  const data = [x];
  for (let a = 0; a < arms; a++) {
    data.push(days.map((f) => pick(f, a)[0]));
    data.push(days.map((f) => pick(f, a)[1]));
    data.push(days.map((f) => pick(f, a)[2]));
    data.push(days.map((f, i) => (ghostDays && ghostDays[i] ? pick(ghostDays[i], a)[0] : null)));
  }
  return data;
}

function redraw(me) {
  const s = me.start;
  const sameShape = ghost && ghost.start && ghost.start.arms.join("\n") === s.arms.join("\n");
  // The previous run, over the days it has, as a faint line.
  const ghostDays = sameShape ? ghost.days : null;
  const drawn = me.days.slice(0, me.shown);
  const shown = ghostDays && ghostDays.length > drawn.length ? padDays(drawn, ghostDays) : drawn;
  me.charts.forEach((chart, c) => {
    chart.setData(seriesData(shown, s.arms.length, (f, a) => (f.arms ? f.arms[a].bands[c] : [null, null, null]), ghostDays));
  });
  if (me.compareChart) {
    const c = s.charts.findIndex((ch) => ch.metric === $("compare-metric").value);
    me.compareChart.setData(seriesData(shown, s.compared.length, (f, a) => (f.compared ? f.compared[a][c] : [null, null, null]), null));
  }
}

// Days not yet in, drawn empty so the previous run's line shows in full.
function padDays(days, ghostDays) {
  const out = days.slice();
  for (let i = days.length; i < ghostDays.length; i++) out.push({ day: ghostDays[i].day });
  return out;
}

function finalTable(me) {
  const s = me.start;
  const last = me.days[me.shown - 1];
  if (!last) return;
  const fmt = (v) => (v === null || v === undefined ? "–" : Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
  const table = el("table", {});
  table.append(el("caption", { text: "Day " + last.day + ", " + s.replicates + " replicates" }));
  const head = el("tr", {}, el("th", { scope: "col", text: "arm" }));
  for (const c of s.charts) head.append(el("th", { scope: "col", text: c.metric + " (" + c.unit + ")" }));
  table.append(el("thead", {}, head));
  const body = el("tbody", {});
  s.arms.forEach((name, a) => {
    const tr = el("tr", {}, el("th", { scope: "row", text: name }));
    last.arms[a].bands.forEach((b) => {
      // The mean, its interval below it: narrow columns fit a projector.
      const interval = b[1] === null ? null : el("span", { class: "ci", text: "[" + fmt(b[1]) + ", " + fmt(b[2]) + "]" });
      tr.append(el("td", { "data-mean": b[0] === null ? "" : String(b[0]) }, el("span", { text: fmt(b[0]) }), interval));
    });
    body.append(tr);
  });
  table.append(body);
  $("final").replaceChildren(table);
}

// The lesson's verdicts, then its variants' as the server checks them
// (each a run of its own: "checking…" until its lines arrive).
function verdicts(me) {
  const box = $("verdicts");
  box.replaceChildren();
  const { outcomes, variants: labels } = me.doneData;
  if (!outcomes.length && !labels.length) return;
  box.append(el("h3", { text: "The lesson's expected outcomes" }));
  const line = (o) => el("li", { class: !o.checked ? "unchecked" : o.holds ? "holds" : "open", text: o.text });
  box.append(el("ul", {}, ...outcomes.map(line)));
  if (!labels.length) return;
  box.append(el("p", { class: "note", text: "The lesson's \"try this\" changes, each checked by a run of its own:" }));
  const more = el("ul", { id: "variant-verdicts" });
  labels.forEach((label, i) => {
    const got = me.variants[i];
    if (got) more.append(...got.map(line));
    else more.append(el("li", { class: "checking", text: "with " + label + ": checking…" }));
  });
  box.append(more);
  document.body.dataset.variantsChecked = String(me.variants.filter(Boolean).length);
}

// ---- the network, alive ----

// The report's spread picture for every day: the server sends the layout
// with the first day and, each day, one digit per sampled person and arm
// (its state's place in the legend). Drawn on canvases, one per arm, as
// the report draws it (same colours and shapes). The picture follows the
// run as it is drawn, unless the day slider was moved back (it then stays
// there until Replay or the slider's end). With reduced motion it never
// plays by itself: it shows the last day drawn once the run is done or
// paused, and the slider still moves through the days.
const networkTile = $("network");
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const net = { day: 0, follow: true, replay: 0 };
const SIDE = 240, MARGIN = 8; // the report's picture units (src/output/spread_svg.rs)

function mark(ctx, key, x, y, k) {
  ctx.fillStyle = key.fill;
  ctx.strokeStyle = key.stroke;
  ctx.beginPath();
  if (key.shape === "circle") {
    ctx.lineWidth = 0.9 * k;
    ctx.arc(x, y, 3.2 * k, 0, 2 * Math.PI);
    ctx.fill(); ctx.stroke();
  } else if (key.shape === "diamond") {
    ctx.lineWidth = 0.9 * k;
    const r = 4.6 * k;
    ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
    ctx.fill(); ctx.stroke();
  } else if (key.shape === "square") {
    ctx.lineWidth = 1.1 * k;
    ctx.rect(x - 3.8 * k, y - 3.8 * k, 7.6 * k, 7.6 * k);
    ctx.fill(); ctx.stroke();
  } else {
    ctx.lineWidth = 2.2 * k;
    const r = 3.5 * k;
    ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r); ctx.moveTo(x - r, y + r); ctx.lineTo(x + r, y - r);
    ctx.stroke();
  }
}

// One small canvas per legend entry, so the legend shows the very marks.
function networkLegend(layout) {
  const ul = $("net-legend");
  ul.replaceChildren();
  for (const key of layout.legend) {
    const c = el("canvas", { width: 28, height: 28, "aria-hidden": "true" });
    c.style.width = c.style.height = "14px";
    mark(c.getContext("2d"), key, 14, 14, 2);
    ul.append(el("li", {}, c, el("span", { text: key.label })));
  }
}

// Canvases for the run's arms (none until the layout is in).
function networkLayout(me) {
  const box = $("net-arms");
  const layout = me.network;
  const s = me.start;
  // Until the run's first day brings its layout, the last picture stays.
  if (!layout || !s) {
    $("net-day").max = "0";
    $("net-day-text").textContent = "–";
    return;
  }
  if (!$("net-legend").childElementCount) networkLegend(layout);
  // The arms side by side left of the controls (about 230 px), each
  // picture at most 240 px square, at least 120 (then they wrap).
  const width = $("charts").clientWidth - 250;
  const n = s.arms.length;
  const side = Math.max(120, Math.min(240, Math.floor((width - 8 * (n - 1)) / n)));
  const ratio = window.devicePixelRatio || 1;
  // A rerun of the same arms at the same size keeps its canvases (a
  // slider drag restarts runs many times a second): only drawn again.
  const sig = JSON.stringify([s.arms, s.colours, layout.arms, side, ratio]);
  if (box.dataset.sig === sig && box.netViews) {
    me.netCanvases = box.netViews;
    networkDraw(me, net.day);
    return;
  }
  box.replaceChildren();
  me.netCanvases = [];
  s.arms.forEach((name, a) => {
    const fig = el("div", { class: "net-arm" });
    fig.style.width = side + "px";
    const title = el("div", { class: "net-name" }, el("span", { class: "swatch", style: "background:" + s.colours[a] }), name);
    fig.append(title);
    if (layout.arms[a] === null) {
      fig.append(el("p", { class: "note", text: "A well-mixed population: no friendships to draw." }));
      me.netCanvases.push(null);
    } else {
      const c = el("canvas", { width: Math.round(side * ratio), height: Math.round(side * ratio), role: "img" });
      c.style.width = c.style.height = side + "px";
      const counts = el("p", { class: "net-counts" });
      fig.append(c, counts);
      me.netCanvases.push({ canvas: c, counts, side, ratio });
    }
    box.append(fig);
  });
  box.dataset.sig = sig;
  box.netViews = me.netCanvases;
  networkDraw(me, net.day);
}

// Draws day `d` (1-based; 0 draws the people before any state is in).
function networkDraw(me, d) {
  const layout = me.network;
  if (!layout || !me.netCanvases) return;
  const frame = d > 0 ? me.days[d - 1] : null;
  $("net-day-text").textContent = frame ? "day " + frame.day + " of " + me.start.days : "–";
  me.netCanvases.forEach((view, a) => {
    if (!view) return;
    const sample = layout.samples[layout.arms[a]];
    const states = frame && frame.states ? frame.states[a] : null;
    const ctx = view.canvas.getContext("2d");
    const k = (view.side * view.ratio) / SIDE;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, view.canvas.width, view.canvas.height);
    const place = (p) => [(MARGIN + p[0] * (SIDE - 2 * MARGIN)) * k, (MARGIN + p[1] * (SIDE - 2 * MARGIN)) * k];
    ctx.strokeStyle = "#c8c8c8";
    ctx.lineWidth = 0.6 * k;
    ctx.beginPath();
    for (const [i, j] of sample.lines) {
      const [x1, y1] = place(sample.at[i]);
      const [x2, y2] = place(sample.at[j]);
      ctx.moveTo(x1, y1); ctx.lineTo(x2, y2);
    }
    ctx.stroke();
    const counts = new Array(layout.legend.length).fill(0);
    // Legend order: not-reached people first, everyone else on top.
    for (let st = 0; st < layout.legend.length; st++) {
      for (let p = 0; p < sample.at.length; p++) {
        const here = states ? states.charCodeAt(p) - 48 : 0;
        if (here !== st) continue;
        counts[st]++;
        const [x, y] = place(sample.at[p]);
        mark(ctx, layout.legend[st], x, y, k);
      }
    }
    const text = layout.legend.map((key, st) => counts[st] + " " + (counts[st] === 1 ? key.label : key.many)).filter((_, st) => counts[st] > 0).join(", ");
    view.counts.textContent = text;
    view.canvas.setAttribute("aria-label", me.start.arms[a] + (frame ? ", day " + frame.day : "") + ": " + text);
  });
}

// Called as days are drawn (`final` once the run is done).
function networkFollow(me, n, final) {
  const slider = $("net-day");
  slider.max = String(n);
  if (!net.follow || net.replay) return;
  if (reducedMotion.matches && !final && !paused) return;
  net.day = n;
  slider.value = String(n);
  networkDraw(me, n);
}

function networkSlide() {
  stopReplay();
  const slider = $("net-day");
  net.day = Number(slider.value);
  // Back at the newest day: follow the run again.
  net.follow = net.day >= Number(slider.max);
  if (current) networkDraw(current, net.day);
}

function stopReplay() {
  if (!net.replay) return;
  cancelAnimationFrame(net.replay);
  net.replay = 0;
  $("net-play").textContent = "Replay";
}

// Plays the days drawn so far from the first, 30 days a second.
function replay() {
  const me = current;
  if (net.replay) { stopReplay(); return; }
  if (!me || !me.network || !me.shown) return;
  $("net-play").textContent = "Stop replay";
  net.follow = false;
  let start = null;
  const tick = (now) => {
    if (start === null) start = now;
    const d = Math.min(me.shown, 1 + Math.floor(((now - start) / 1000) * 30));
    net.day = d;
    $("net-day").value = String(d);
    networkDraw(me, d);
    if (d >= me.shown || current !== me) { net.replay = 0; net.follow = true; $("net-play").textContent = "Replay"; return; }
    net.replay = requestAnimationFrame(tick);
  };
  net.replay = requestAnimationFrame(tick);
}

// ---- downloads ----

async function exportFile(name) {
  status("Preparing " + name + "…", "busy");
  const r = await fetch("/api/export/" + name, {
    method: "POST", headers: { "Content-Type": "application/json", "X-Outreach-Client": clientId },
    body: JSON.stringify(state),
  });
  if (!r.ok) {
    if (r.status === 400) refusal(await r.json());
    status("Could not prepare " + name + ".", "bad");
    return;
  }
  save(await r.blob(), name);
  status(name + " saved.", "good");
}

function save(blob, name) {
  const a = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function savePngs() {
  if (!current || !current.charts.length) return;
  current.start.charts.forEach((c, i) => {
    current.charts[i].ctx.canvas.toBlob((b) => save(b, c.metric + ".png"));
  });
}

// ---- start ----

async function main() {
  try {
    const [form, start, lessons] = await Promise.all([
      fetch("/api/form").then((r) => r.json()),
      fetch("/api/start").then((r) => r.json()),
      fetch("/api/lessons").then((r) => r.json()),
    ]);
    rows = form.rows;
    limits = form;
    started = start;
    for (const l of lessons) $("lesson").append(el("option", { value: l.name, text: l.name + ": " + l.question }));
  } catch (e) {
    status("Cannot reach the server. Is `outreach serve` still running?", "bad");
    return;
  }
  const kept = JSON.parse(localStorage.getItem(STORE) || "null");
  state = kept && kept.state ? kept.state : structuredClone(started);
  lessonName = kept ? kept.lessonName || "" : "";
  $("lesson").value = lessonName;
  showLesson(state);
  drawForm();
  $("lesson").addEventListener("change", (e) => loadLesson(e.target.value));
  $("run").addEventListener("click", run);
  $("stop").addEventListener("click", () => {
    if (current) current.controller.abort();
    $("stop").disabled = true;
    status("Stopped.", "");
  });
  $("compare-metric").addEventListener("change", () => {
    if (current && current.start) { drawCharts(current); redraw(current); }
  });
  document.querySelectorAll("[data-export]").forEach((b) => b.addEventListener("click", () => exportFile(b.dataset.export)));
  $("png").addEventListener("click", savePngs);
  $("pause").addEventListener("click", pause);
  $("net-day").addEventListener("input", networkSlide);
  $("net-play").addEventListener("click", replay);
  const motion = () => { $("net-motion").hidden = !reducedMotion.matches; };
  reducedMotion.addEventListener("change", motion);
  motion();
  // Charts take the pane's width: drawn again when the window changes size.
  let resized = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resized);
    resized = setTimeout(() => {
      if (current && current.start) { drawCharts(current); redraw(current); }
    }, 200);
  });
  $("step").addEventListener("click", step);
  const reset = el("button", { type: "button", text: "Reset all to the start", onclick: () => loadLesson(lessonName) });
  $("form-pane").prepend(reset);
  watchServer();
  // Kept in view below the form (the status line is the runs').
  $("limits").textContent = "This server runs at most " + limits.max_people.toLocaleString() + " people and " +
    limits.max_agent_days.toLocaleString() + " agent-days (people × days × arms × replicates) a run.";
  run();
}

main();
