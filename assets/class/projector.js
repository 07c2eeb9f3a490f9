// The projector's page: the join address and QR code while teams join,
// then the race and the leaderboard. No controls: the teacher acts from
// their own page.
"use strict";

function onState(st) {
  const round = currentRound(st);
  $("join-url").textContent = st.join_url;
  $("round").textContent = "Round " + round.number + " is " + STATE_WORDS[round.state] + ". " + st.teams.length + " team(s), " + st.submitted + " with a plan.";
  const names = $("names");
  names.replaceChildren(...st.teams.map((t) => el("li", { class: t.submitted ? "in" : "waiting" }, t.name)));
  const finished = st.rounds.filter((r) => r.board);
  const last = finished[finished.length - 1];
  $("board").replaceChildren(last ? boardTable(last.board, null) : el("p", { class: "hint" }, "After a round, the ranking shows here."));
  $("joining").hidden = round.state !== "open";
}

window.addEventListener("DOMContentLoaded", () => {
  classView.onState = onState;
  $("qr").src = "/api/class/qr.svg";
  window.addEventListener("resize", () => { race.chartKey = ""; race.redraw(); });
  connect();
  refresh();
});
