// The teacher's page: the join address, the rules, the teams and their
// plans as they arrive, lock / run / next round, the race, the board by a
// chosen metric, the history of rounds with their files, and the debrief.
"use strict";

function planText(plan) {
  if (!plan) return "no plan yet";
  const kinds = Object.keys(plan.tactics);
  return kinds.map((k) => {
    const knobs = plan.tactics[k];
    const share = knobs.budget_share !== undefined ? Math.round(knobs.budget_share * 100) + " %" : (kinds.length === 1 ? "100 %" : "");
    const rest = Object.entries(knobs).filter(([key]) => key !== "budget_share").map(([key, v]) => key.replace(/_/g, " ") + " " + v);
    return TACTIC_LABELS[k] + (share ? " " + share : "") + (rest.length ? " (" + rest.join(", ") + ")" : "");
  }).join(" + ");
}

async function act(path, body, okText) {
  const r = await api(path, body || {});
  if (r.ok) await refresh();
  const m = $("act-msg");
  m.textContent = r.ok ? okText || "" : r.data.error;
  m.className = "msg " + (r.ok ? "good" : "bad");
  return r.ok;
}

function rulesFromForm() {
  const tactics = [...document.querySelectorAll("#rule-tactics input:checked")].map((i) => i.value);
  return {
    tactics,
    days: Number($("days").value),
    replicates: Number($("replicates").value),
    daily_budget: Number($("budget").value),
    reference_arms: $("refs").checked,
  };
}

let rulesShownFor = null;

function drawRules(st) {
  const round = currentRound(st);
  const key = round.number + ":" + round.state + ":" + JSON.stringify(round.rules);
  const editable = round.state === "open" || round.state === "finished";
  document.querySelectorAll("#rules-form input").forEach((i) => (i.disabled = !editable));
  $("apply").hidden = round.state !== "open";
  $("next").disabled = round.state !== "finished";
  if (rulesShownFor === key) return;
  rulesShownFor = key;
  const r = round.rules;
  const box = $("rule-tactics");
  box.replaceChildren();
  for (const t of st.tactics) {
    const id = "allow-" + t.kind;
    box.append(el("span", { class: "check" }, el("input", { id, type: "checkbox", value: t.kind, checked: r.tactics.includes(t.kind), disabled: !editable }), el("label", { for: id }, TACTIC_LABELS[t.kind])));
  }
  $("days").value = r.days;
  $("replicates").value = r.replicates;
  $("budget").value = r.daily_budget;
  $("refs").checked = r.reference_arms;
}

function drawTeams(st) {
  $("team-count").textContent = st.teams.length + " of at most " + st.max_teams + " teams; " + st.submitted + " with a plan";
  const list = $("teams");
  list.replaceChildren();
  if (!st.teams.length) list.append(el("li", { class: "hint" }, "No team yet: students open the address above."));
  st.teams.forEach((t) => {
    list.append(el("li", { class: t.submitted ? "in" : "waiting" },
      el("span", { class: "name" }, t.name),
      el("span", { class: "plan" }, planText(t.plan)),
      el("button", { type: "button", class: "small", "aria-label": "Remove team", onclick: () => { if (confirm("Remove this team? Its device can no longer act.")) act("/api/class/remove", { team: t.id }, "Team removed."); } }, "Remove")));
  });
}

let controlsFor = null;

function drawControls(st) {
  const round = currentRound(st);
  // A new round state: the last action's message is old news.
  const key = round.number + ":" + round.state;
  if (controlsFor !== null && key !== controlsFor) $("act-msg").textContent = "";
  controlsFor = key;
  $("round-state").textContent = "Round " + round.number + " is " + STATE_WORDS[round.state] + ".";
  $("lock").disabled = round.state !== "open";
  $("unlock").disabled = round.state !== "locked";
  $("run").disabled = round.state !== "locked";
}

function drawHistory(st) {
  const box = $("history");
  box.replaceChildren();
  st.rounds.slice().reverse().forEach((r) => {
    const rules = r.rules.days + " days, " + r.rules.replicates + " replicates, " + fmt(r.rules.daily_budget) + " a day; " + r.rules.tactics.map((k) => TACTIC_LABELS[k]).join(", ") + (r.rules.reference_arms ? "; reference arms" : "");
    const item = el("div", { class: "round" }, el("h3", {}, "Round " + r.number + " (" + r.state + ")"), el("p", {}, rules));
    if (r.board) {
      item.append(boardTable(r.board, null));
      const files = el("p", { class: "files" }, "Download: ");
      ["scenario.toml", "timeseries.csv", "summary.csv", "compare.csv", "report.html"].forEach((f) =>
        files.append(el("a", { href: "/api/class/rounds/" + r.number + "/" + f, download: "round-" + r.number + "-" + f }, f), " "));
      item.append(files);
    }
    box.append(item);
  });
}

const DEBRIEF_LABELS = {
  reach: "Reach", trust: "Trust", unsubscribes: "Unsub.", conversions: "Customers",
  conversions_email: "by email", conversions_conversation: "by conversation", conversions_referral: "by referral",
  conversions_need: "by need", conversions_ad: "by ad", cost: "Cost", revenue: "Revenue", profit: "Profit",
};

let debriefRound = null;

function drawDebrief(st) {
  const finished = st.rounds.filter((r) => r.debrief);
  const section = $("debrief-section");
  section.hidden = !finished.length;
  if (!finished.length) return;
  const pick = $("debrief-round");
  const want = debriefRound ?? finished[finished.length - 1].number;
  pick.replaceChildren(...finished.map((r) => el("option", { value: String(r.number), selected: r.number === want }, "Round " + r.number)));
  const round = finished.find((r) => r.number === want) || finished[finished.length - 1];
  const rows = round.debrief;
  const t = el("table", { class: "debrief" });
  const metrics = rows[0].values.map((v) => v[0]);
  t.append(el("thead", {}, el("tr", {}, el("th", {}, "Team"), el("th", {}, "What they chose"), metrics.map((m) => el("th", {}, DEBRIEF_LABELS[m] || m)))));
  const body = el("tbody");
  rows.forEach((r) => body.append(el("tr", {}, el("td", { class: "name" }, r.name), el("td", { class: "plan" }, planText(r.plan)),
    r.values.map(([, i]) => el("td", { class: "num" }, interval(i))))));
  t.append(body);
  $("debrief").replaceChildren(t);
  for (const side of ["a", "b"]) {
    const sel = $("spread-" + side);
    const before = sel.value;
    sel.replaceChildren(...rows.map((r, i) => el("option", { value: String(i) }, r.name)));
    sel.value = before && Number(before) < rows.length ? before : String(side === "a" ? 0 : Math.min(1, rows.length - 1));
  }
  drawSpreads(round.number);
}

function drawSpreads(number) {
  for (const side of ["a", "b"]) {
    const arm = $("spread-" + side).value;
    const img = $("spread-img-" + side);
    const src = "/api/class/spread/" + number + "/" + arm;
    if (img.getAttribute("src") !== src) { img.setAttribute("src", src); img.alt = "How the word spread for " + $("spread-" + side).selectedOptions[0].textContent; }
  }
}

function onState(st) {
  if (st.role !== "teacher") {
    $("not-teacher").hidden = false;
    $("teacher").hidden = true;
    return;
  }
  $("not-teacher").hidden = true;
  $("teacher").hidden = false;
  $("join-url").textContent = st.join_url;
  $("by").value = st.by;
  $("saved").textContent = st.saved ? "" : "This class is not saved to a file: if the server stops, the class is lost (start it with --class-file).";
  drawRules(st);
  drawControls(st);
  drawTeams(st);
  drawHistory(st);
  drawDebrief(st);
  const finished = st.rounds.filter((r) => r.board);
  const last = finished[finished.length - 1];
  $("board").replaceChildren(last ? boardTable(last.board, null) : el("p", { class: "hint" }, "After a round, the ranking shows here."));
}

window.addEventListener("DOMContentLoaded", () => {
  // The link's secret was exchanged for a cookie; keep it off the address
  // bar (and the projector) in any case.
  if (location.search) history.replaceState(null, "", "/teacher");
  classView.onState = onState;
  $("qr").src = "/api/class/qr.svg";
  $("another").addEventListener("click", async () => {
    const r = await api("/api/class/teacher-link", {});
    $("another-link").textContent = r.ok ? r.data.link + "  (works once; keep it off the projector)" : r.data.error;
  });
  $("lock").addEventListener("click", () => act("/api/class/lock", {}, "Locked: plans are frozen."));
  $("unlock").addEventListener("click", () => act("/api/class/unlock", {}, "Reopened: teams may change their plans."));
  $("run").addEventListener("click", () => act("/api/class/run", {}, ""));
  $("apply").addEventListener("click", () => act("/api/class/rules", rulesFromForm(), "Rules changed."));
  $("next").addEventListener("click", () => act("/api/class/next", { rules: rulesFromForm() }, "The next round is open."));
  const by = $("by");
  for (const [id, label] of [["profit", "Profit"], ["customers", "Customers"], ["trust", "Trust"], ["reach", "Reach"], ["unsubscribes", "Unsubscribes"]]) by.append(el("option", { value: id }, label));
  by.addEventListener("change", () => act("/api/class/rank", { by: by.value }, "Every page now ranks by " + by.selectedOptions[0].textContent.toLowerCase() + "."));
  $("debrief-round").addEventListener("change", (e) => { debriefRound = Number(e.target.value); refresh(); });
  for (const side of ["a", "b"]) $("spread-" + side).addEventListener("change", () => drawSpreads(debriefRound ?? currentRound(classView.state).number));
  metricPicker($("metric"));
  // The spread pictures' legend: the server's fixed markup (no user text),
  // parsed as a document and moved in node by node.
  fetch("/api/class/spread-legend").then((r) => r.text()).then((html) => {
    const doc = new DOMParser().parseFromString(html, "text/html");
    $("spread-legend").replaceChildren(...doc.body.childNodes);
  });
  window.addEventListener("resize", () => { race.chartKey = ""; race.redraw(); });
  connect();
  refresh();
});
