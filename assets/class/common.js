// Class mode: what the teacher's, the projector's and the students' pages
// share. The server sends the class as JSON and the race as server-sent
// events; these functions draw them. Every name a person typed is put into
// the page with textContent (el() below), never as markup.
"use strict";

const $ = (id) => document.getElementById(id);

// An element with attributes and children; strings become text nodes, so
// user data can never become markup.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return e;
}

// A JSON request to this server: {ok, status, data} (data: the JSON answer,
// or {error: text} for a plain-text refusal).
async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  try {
    const r = await fetch(path, init);
    const text = await r.text();
    let data;
    try { data = JSON.parse(text); } catch (_) { data = { error: text || r.statusText }; }
    return { ok: r.ok, status: r.status, data };
  } catch (e) {
    return { ok: false, status: 0, data: { error: "the class server cannot be reached: is the teacher's laptop on?" } };
  }
}

function fmt(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString("en");
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toFixed(1);
  return v.toPrecision(2);
}

function interval(i) {
  if (!i) return "–";
  if (i.low === null || i.low === undefined) return fmt(i.mean);
  return fmt(i.mean) + " [" + fmt(i.low) + ", " + fmt(i.high) + "]";
}

const TACTIC_LABELS = {
  "email-blast": "Email blast",
  "networking": "Networking",
  "social-ads": "Social ads",
  "link-bait": "Link bait",
  "community": "Community",
};

// The class as last fetched, and what each page wants on a change.
const classView = { state: null, onState: () => {} };

async function refresh() {
  // The leaderboards rank by what the teacher chose (the state's `by`).
  const r = await api("/api/class/state");
  if (!r.ok) return;
  classView.state = r.data;
  race.names = {};
  // The race follows the ranking's metric unless this page picked another.
  const follow = { reach: 0, trust: 1, unsubscribes: 2, customers: 3, profit: 4 }[r.data.by];
  if (!race.picked && follow !== race.metric) { race.metric = follow; race.chartKey = ""; const m = $("metric"); if (m) m.value = String(follow); }
  r.data.rounds.forEach((round) => round.arms.forEach(([arm, name]) => (race.names[arm] = name)));
  classView.onState(r.data);
  race.redraw();
}

// The live connection: the class's version (fetch the state again when it
// changes) and the race. The browser reconnects by itself; the server
// then sends the race from its start.
function connect() {
  let seen = 0;
  const source = new EventSource("/api/class/events");
  source.addEventListener("state", (e) => {
    const v = JSON.parse(e.data).version;
    if (v !== seen) { seen = v; refresh(); }
  });
  source.addEventListener("start", (e) => race.begin(JSON.parse(e.data)));
  source.addEventListener("day", (e) => race.day(JSON.parse(e.data)));
  source.addEventListener("done", (e) => race.done(JSON.parse(e.data)));
  source.onerror = () => setLive(false);
  source.onopen = () => setLive(true);
}

function setLive(on) {
  const s = $("live");
  if (!s) return;
  s.textContent = on ? "connected" : "reconnecting…";
  s.className = on ? "live on" : "live off";
}

// Colours for arms in focus (Okabe-Ito, distinguishable with colour
// blindness); everyone else is a thin grey line.
const FOCUS = { mine: "#D55E00", leader: "#0072B2", "reference-blaster": "#E69F00", "reference-networker": "#009E73" };

function rgba(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
}

// The race: one chart of the chosen metric, every arm's mean by day; the
// student's own arm, the leader and the reference arms in colour with
// their 95% bands.
const race = {
  start: null, frames: [], finished: false, chart: null, chartKey: "", metric: 4, myArm: null,
  // Arm name -> the team's name as typed (from the class's state).
  names: {},
  begin(s) { this.start = s; this.frames = []; this.finished = false; this.chartKey = ""; this.redraw(); },
  day(f) { if (this.start && f.round === this.start.round) { this.frames.push(f); this.schedule(); } },
  done(d) { this.finished = d.finished; this.doneMessage = d.message; this.schedule(); },
  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.redraw(); });
  },
  // Which arm leads on the chosen metric on the last day drawn.
  leader() {
    const last = this.frames[this.frames.length - 1];
    if (!last) return null;
    const higher = this.start.charts[this.metric].metric !== "unsubscribes";
    let best = null;
    last.bands.forEach((b, a) => {
      const m = b[this.metric][0];
      if (m === null) return;
      if (best === null || (higher ? m > last.bands[best][this.metric][0] : m < last.bands[best][this.metric][0])) best = a;
    });
    return best;
  },
  focus(a, leader) {
    const name = this.start.arms[a];
    if (name === this.myArm) return FOCUS.mine;
    if (FOCUS[name]) return FOCUS[name];
    if (a === leader) return FOCUS.leader;
    return null;
  },
  redraw() {
    const box = $("race");
    if (!box) return;
    const head = $("race-status");
    if (!this.start) {
      if (head) head.textContent = "No round has run yet.";
      return;
    }
    const s = this.start;
    const n = this.frames.length;
    if (head) {
      const day = n ? this.frames[n - 1].day : 0;
      head.textContent = "Round " + s.round + ": " + (this.finished ? "finished, " + s.days + " days, " + s.replicates + " replicates" : (this.doneMessage ? this.doneMessage : "day " + day + " of " + s.days + "…"));
    }
    const leader = this.leader();
    const key = s.round + ":" + this.metric + ":" + leader + ":" + this.myArm + ":" + box.clientWidth;
    if (key !== this.chartKey) this.build(box, leader, key);
    const data = [this.frames.map((f) => f.day)];
    s.arms.forEach((_, a) => {
      data.push(this.frames.map((f) => f.bands[a][this.metric][0]));
      if (this.focus(a, leader)) {
        data.push(this.frames.map((f) => f.bands[a][this.metric][1]));
        data.push(this.frames.map((f) => f.bands[a][this.metric][2]));
      }
    });
    this.chart.setData(data);
    const legend = $("race-legend");
    if (legend) {
      legend.replaceChildren();
      s.arms.forEach((name, a) => {
        const c = this.focus(a, leader);
        if (!c) return;
        const shown = this.names[name] || name;
        const label = name === this.myArm ? shown + " (you)" : a === leader ? shown + " (leading)" : shown;
        legend.append(el("span", { class: "key" }, el("span", { class: "swatch", style: "background:" + c }), label));
      });
      legend.append(el("span", { class: "key" }, el("span", { class: "swatch grey" }), "other teams"));
    }
  },
  build(box, leader, key) {
    this.chartKey = key;
    const s = this.start;
    const series = [{ label: "day" }];
    const bands = [];
    s.arms.forEach((name, a) => {
      const c = this.focus(a, leader);
      if (c) {
        const at = series.length;
        series.push({ label: name, stroke: c, width: 2.5, points: { show: false } });
        series.push({ label: name + " low", stroke: "transparent", width: 0, points: { show: false } });
        series.push({ label: name + " high", stroke: "transparent", width: 0, points: { show: false } });
        bands.push({ series: [at + 2, at + 1], fill: rgba(c, 0.16) });
      } else {
        series.push({ label: name, stroke: "rgba(120,120,120,0.55)", width: 1, points: { show: false } });
      }
    });
    const chart = s.charts[this.metric];
    const width = Math.max(280, box.clientWidth || 600);
    const opts = {
      // Taller than wide on a phone, so the lines stay apart.
      width, height: width < 500 ? Math.round(width * 0.9) : Math.min(320, Math.round(width * 0.6)), series, bands,
      legend: { show: false }, cursor: { show: false },
      scales: { x: { time: false, range: [1, s.days] } },
      axes: [{ label: "day" }, { label: chart.unit, size: 60 }],
    };
    if (this.chart) this.chart.destroy();
    box.replaceChildren();
    this.chart = new uPlot(opts, series.map(() => []), box);
    const title = $("race-title");
    if (title) title.textContent = chart.title;
  },
};

// The metric picker of the race chart.
function metricPicker(select) {
  const names = ["Reach", "Trust", "Unsubscribes", "Customers", "Profit"];
  names.forEach((n, i) => select.append(el("option", { value: String(i), selected: i === 4 }, n)));
  select.addEventListener("change", () => { race.metric = Number(select.value); race.picked = true; race.chartKey = ""; race.redraw(); });
}

// The leaderboard of a finished round: place, team, value with its 95%
// interval, and whether the data can tell it from the leader.
function boardTable(board, myTeam) {
  const label = { profit: "Profit", customers: "Customers", trust: "Trust", reach: "Reach", unsubscribes: "Unsubscribes" }[board.by];
  const t = el("table", { class: "board" },
    el("caption", {}, "Round " + board.round + " by " + label.toLowerCase() + ": mean of " + board.replicates + " replicates and its 95% interval. \"Tied\": the data cannot tell it from the leader."),
    el("thead", {}, el("tr", {}, el("th", {}, "#"), el("th", {}, "Team"), el("th", {}, label))));
  const body = el("tbody");
  board.rows.forEach((r) => {
    const mine = myTeam !== null && myTeam !== undefined && r.team === myTeam;
    const verdict = r.from_leader === null ? "leader" : r.tied ? "tied with the leader" : "behind the leader";
    const low = r.value.low === null ? "" : "[" + fmt(r.value.low) + ", " + fmt(r.value.high) + "]";
    body.append(el("tr", { class: (mine ? "mine " : "") + (r.team === null ? "reference " : "") + (r.tied || r.from_leader === null ? "top" : "") },
      el("td", {}, String(r.place)),
      el("td", { class: "name" }, el("span", { class: "team-name" }, r.name), mine ? el("span", { class: "you" }, " (you)") : null,
        el("div", { class: "verdict" }, verdict)),
      el("td", { class: "num" }, el("div", { class: "mean" }, fmt(r.value.mean)), el("div", { class: "ci" }, low))));
  });
  t.append(body);
  return t;
}

function currentRound(st) {
  return st.rounds[st.rounds.length - 1];
}

const STATE_WORDS = { open: "open: teams submit and revise plans", locked: "locked: plans are frozen", running: "running", finished: "finished" };
