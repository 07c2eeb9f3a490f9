// The student's page: join with a team name, design one arm within the
// round's rules (budget shares on a gauge that must show 100 %), revise
// until the teacher locks the round, then watch the race and the board.
"use strict";

// The form's values: tactic -> key -> value; `shares` in whole percent.
const draft = { tactics: {}, shares: {}, touched: {}, round: null, loadedFrom: null };

function show(id, on) { $(id).hidden = !on; }

function say(id, text, kind) {
  const m = $(id);
  m.textContent = text || "";
  m.className = "msg " + (kind || "");
}

async function join() {
  const name = $("name").value;
  say("join-msg", "Joining…");
  const r = await api("/api/class/join", { name });
  if (!r.ok) { say("join-msg", r.data.error, "bad"); return; }
  say("join-msg", "");
  await refresh();
}

function rowsOf(st, kind) {
  return st.tactics.find((t) => t.kind === kind).rows.filter((r) => r.control === "number" || r.control === "whole" || r.control === "flag");
}

// The draft from the team's saved plan, once per round (coming back on the
// same device finds it again).
function loadPlan(st) {
  const round = currentRound(st);
  const key = round.number + ":" + JSON.stringify(st.me.plan);
  if (draft.loadedFrom === key) return;
  draft.loadedFrom = key;
  draft.tactics = {}; draft.shares = {}; draft.touched = {};
  const plan = st.me.plan;
  if (!plan) return;
  for (const [kind, knobs] of Object.entries(plan.tactics)) {
    if (!round.rules.tactics.includes(kind)) continue;
    draft.tactics[kind] = {};
    draft.touched[kind] = {};
    for (const [k, v] of Object.entries(knobs)) {
      if (k === "budget_share") draft.shares[kind] = Math.round(v * 100);
      else { draft.tactics[kind][k] = v; draft.touched[kind][k] = true; }
    }
  }
  const kinds = Object.keys(draft.tactics);
  if (kinds.length === 1) draft.shares[kinds[0]] = 100;
}

let formKey = null;

function chosen() { return Object.keys(draft.tactics); }

function shareSum() { return chosen().reduce((s, k) => s + (draft.shares[k] ?? 0), 0); }

function splitEqually() {
  const kinds = chosen();
  if (!kinds.length) return;
  const each = Math.floor(100 / kinds.length / 5) * 5;
  kinds.forEach((k) => (draft.shares[k] = each));
  draft.shares[kinds[kinds.length - 1]] += 100 - each * kinds.length;
  dirty();
  drawForm(classView.state);
}

// Why the plan cannot be sent yet, or null.
function blocked() {
  const kinds = chosen();
  if (!kinds.length) return "Choose at least one tactic.";
  if (kinds.length > 1 && shareSum() !== 100) return "The budget shares add up to " + shareSum() + " %: they must add up to 100 % before you can submit.";
  return null;
}

function knobControl(kind, r) {
  const value = draft.tactics[kind][r.key] ?? r.default;
  const id = "k-" + kind + "-" + r.key;
  const wrap = el("div", { class: "knob" });
  const label = el("label", { for: id }, r.label + (r.unit && r.control !== "flag" ? " (" + r.unit + ")" : ""));
  const set = (v) => { draft.tactics[kind][r.key] = v; draft.touched[kind][r.key] = true; dirty(); };
  if (r.control === "flag") {
    const box = el("input", { id, type: "checkbox", checked: !!value, onchange: (e) => set(e.target.checked) });
    wrap.append(el("div", { class: "flag" }, box, label));
  } else {
    const lo = r.teach ? r.teach.min : r.min, hi = r.teach ? r.teach.max : r.max;
    const step = r.teach ? r.teach.step : (r.control === "whole" ? 1 : (hi - lo) / 100);
    const shown = value === null || value === undefined ? (lo + hi) / 2 : value;
    const out = el("output", { for: id }, value === null || value === undefined ? "(" + r.default_text + ")" : fmt(shown));
    const slider = el("input", {
      id, type: "range", min: String(lo), max: String(hi), step: String(step), value: String(shown),
      oninput: (e) => {
        const v = r.control === "whole" ? Math.round(Number(e.target.value)) : Number(e.target.value);
        set(v); out.textContent = fmt(v);
      },
    });
    wrap.append(label, el("div", { class: "slide" }, slider, out));
  }
  wrap.append(el("p", { class: "meaning" }, r.meaning));
  return wrap;
}

function drawForm(st) {
  const round = currentRound(st);
  const form = $("tactics");
  form.replaceChildren();
  const kinds = chosen();
  for (const kind of round.rules.tactics) {
    const on = kind in draft.tactics;
    const card = el("fieldset", { class: "tactic" + (on ? " on" : "") });
    const id = "use-" + kind;
    card.append(el("legend", {},
      el("input", { id, type: "checkbox", checked: on, onchange: (e) => {
        if (e.target.checked) { draft.tactics[kind] = {}; draft.touched[kind] = {}; } else { delete draft.tactics[kind]; delete draft.shares[kind]; }
        dirty();
        if (chosen().length && chosen().every((k) => draft.shares[k] === undefined || chosen().length === 1)) splitEqually();
        else drawForm(st);
      } }),
      el("label", { for: id }, TACTIC_LABELS[kind])));
    if (on) {
      if (kinds.length > 1) {
        const sid = "share-" + kind;
        const v = draft.shares[kind] ?? 0;
        const out = el("output", { for: sid }, v + " %");
        card.append(el("div", { class: "knob share" },
          el("label", { for: sid }, "Share of the daily budget"),
          el("div", { class: "slide" },
            el("input", { id: sid, type: "range", min: "0", max: "100", step: "5", value: String(v), oninput: (e) => {
              draft.shares[kind] = Number(e.target.value); out.textContent = e.target.value + " %"; gauge(); dirty();
            } }), out)));
      }
      const knobs = el("details", {}, el("summary", {}, "Knobs of " + TACTIC_LABELS[kind].toLowerCase()));
      rowsOf(st, kind).filter((r) => r.key !== "budget_share").forEach((r) => knobs.append(knobControl(kind, r)));
      card.append(knobs);
    }
    form.append(card);
  }
  gauge();
}

// The budget gauge: one coloured part per tactic; the submit button waits
// for 100 %.
function gauge() {
  const g = $("gauge");
  g.replaceChildren();
  const kinds = chosen();
  const colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"];
  const total = kinds.length === 1 ? 100 : shareSum();
  kinds.forEach((k, i) => {
    const part = kinds.length === 1 ? 100 : draft.shares[k] ?? 0;
    g.append(el("span", { class: "part", style: "width:" + Math.min(part, 100) + "%;background:" + colours[i % colours.length], title: TACTIC_LABELS[k] + " " + part + " %" }));
  });
  $("gauge-text").textContent = kinds.length ? "Budget: " + total + " % of " + fmt(currentRound(classView.state).rules.daily_budget) + " a day" + (total === 100 ? " ✓" : "") : "";
  $("gauge-text").className = total === 100 ? "good" : "bad";
  const why = blocked();
  $("submit").disabled = why !== null || currentRound(classView.state).state !== "open";
  say("why", why || "", "bad");
}

// A change not yet sent: say so, so that nobody thinks the screen is the plan.
function dirty() {
  say("plan-msg", "Changes not sent yet: press Submit plan.", "");
}

async function submit() {
  const why = blocked();
  if (why) { say("why", why, "bad"); return; }
  const tactics = {};
  for (const kind of chosen()) {
    const knobs = {};
    if (chosen().length > 1) knobs.budget_share = draft.shares[kind] / 100;
    for (const [k, v] of Object.entries(draft.tactics[kind])) if (draft.touched[kind][k]) knobs[k] = v;
    tactics[kind] = knobs;
  }
  $("submit").disabled = true;
  say("plan-msg", "Sending…");
  const r = await api("/api/class/plan", { tactics });
  $("submit").disabled = false;
  if (!r.ok) {
    const where = r.data.tactic ? TACTIC_LABELS[r.data.tactic] + (r.data.key ? ", " + r.data.key.replace(/_/g, " ") : "") + ": " : "";
    say("plan-msg", where + r.data.error + (r.data.help ? " (" + r.data.help + ")" : ""), "bad");
    return;
  }
  draft.loadedFrom = null;
  say("plan-msg", "Plan submitted. You can change it until the teacher locks the round.", "good");
  await refresh();
}

// Where the team came in a finished round, in words.
function placeText(round, me) {
  const rows = round.board ? round.board.rows : [];
  const row = rows.find((r) => r.team === me);
  if (!row) return "The round is over. Your team had no plan in it.";
  const how = row.from_leader === null ? "you lead" : row.tied ? "tied with the leader: the data cannot tell you apart" : "behind the leader";
  return "The round is over: place " + row.place + " of " + rows.length + " (" + how + "). See the race and the board below.";
}

function onState(st) {
  const joined = st.role === "team" && st.me;
  show("join", !joined);
  show("team", !!joined);
  const round = currentRound(st);
  race.myArm = joined ? st.me.arm : null;
  $("count").textContent = st.teams.length + " team(s) have joined; " + st.submitted + " have a plan.";
  if (!joined) {
    if (st.teams.length >= st.max_teams) say("join-msg", "The class is full (" + st.max_teams + " teams).", "bad");
    return;
  }
  $("team-name").textContent = st.me.name;
  const r = round.rules;
  $("rules").textContent = "Round " + round.number + " (" + STATE_WORDS[round.state] + "): " + r.days + " days, " + fmt(r.daily_budget) + " a day for every team, " + r.replicates + " replicates. Allowed: " + r.tactics.map((k) => TACTIC_LABELS[k]).join(", ") + ".";
  loadPlan(st);
  const open = round.state === "open";
  show("plan", open);
  // Drawn again only when the rules or the saved plan change: another
  // team joining must not pull a slider from under a student's finger.
  const key = draft.loadedFrom + ":" + round.state + ":" + JSON.stringify(round.rules);
  if (open && key !== formKey) { formKey = key; drawForm(st); }
  $("status").textContent = open
    ? (st.me.plan ? "Your plan is in. You can still change it." : "Your team has no plan yet for this round.")
    : round.state === "finished" ? placeText(round, st.me.id) : (round.arms.some((a) => a[2] === st.me.id) ? "The round is locked: your plan is in the race." : "The round is locked without a plan from your team: you can plan again in the next round.");
  const finished = st.rounds.filter((x) => x.board);
  const last = finished[finished.length - 1];
  const box = $("board");
  box.replaceChildren();
  if (last) box.append(boardTable(last.board, st.me.id));
}

window.addEventListener("DOMContentLoaded", () => {
  classView.onState = onState;
  $("join-form").addEventListener("submit", (e) => { e.preventDefault(); join(); });
  $("submit").addEventListener("click", submit);
  $("split").addEventListener("click", splitEqually);
  metricPicker($("metric"));
  window.addEventListener("resize", () => { race.chartKey = ""; race.redraw(); });
  connect();
  refresh();
});
