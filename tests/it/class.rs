//! Class mode's rules (issue 15), through the library as the web layer will
//! call it: who may do what, plans refused with their reason, a class
//! resumed mid-game from its file, and a round that `outreach run`
//! reproduces byte for byte.

use crate::support::{check, outreach};
use outreach::class::{
    escape_html, leaderboard, Class, ClassError, Plan, RankBy, RoundState, Rules, TacticKind,
};
use outreach::engine;
use std::fs;
use std::sync::atomic::AtomicU64;

/// A small market, so a round runs in a moment.
const BASE: &str = "days = 30\nseed = 7\n[population]\nsize = 1500\n\
                    [population.network]\nmean_degree = 20\n[arms.unused.networking]\n";

fn rules() -> Rules {
    Rules {
        tactics: vec![
            TacticKind::EmailBlast,
            TacticKind::Networking,
            TacticKind::Community,
        ],
        days: 30,
        replicates: 3,
        daily_budget: 100.0,
        reference_arms: true,
    }
}

fn plan(json: &str) -> Plan {
    serde_json::from_str(json).unwrap()
}

fn new_class(path: Option<std::path::PathBuf>) -> (Class, outreach::class::Token) {
    let base = outreach::scenario::from_str(BASE).unwrap();
    Class::new(&base, rules(), 40, path).unwrap()
}

const BLAST: &str = r#"{"tactics":{"email-blast":{"budget_share":0.25,"cadence_days":7},"networking":{"budget_share":0.75}}}"#;
const GROUPS: &str = r#"{"tactics":{"community":{}}}"#;

#[test]
fn a_student_token_cannot_act_as_teacher_or_on_another_team() {
    let (mut class, teacher) = new_class(None);
    let (a, token_a) = class.join("Team A").unwrap();
    let (b, token_b) = class.join("Team B").unwrap();
    class.submit(&token_a, plan(BLAST)).unwrap();
    class.submit(&token_b, plan(GROUPS)).unwrap();
    // A's token changes A's plan only: no student action names a team.
    class.submit(&token_a, plan(GROUPS)).unwrap();
    let s = class.state();
    assert_eq!(s.team(b).unwrap().plan, Some(plan(GROUPS)));
    assert_eq!(s.team(a).unwrap().plan, Some(plan(GROUPS)));
    // Every teacher action refuses a student's token, and a forged one.
    let forged = outreach::class::Token::presented("0".repeat(64));
    for token in [&token_a, &forged] {
        let not_teacher = |e: ClassError| {
            assert!(
                matches!(e, ClassError::NotTeacher | ClassError::UnknownToken),
                "{e}"
            )
        };
        not_teacher(class.lock(token).unwrap_err());
        not_teacher(class.set_rules(token, rules()).unwrap_err());
        not_teacher(class.remove_team(token, b).unwrap_err());
        not_teacher(class.start(token).unwrap_err());
        not_teacher(class.next_round(token, None).unwrap_err());
    }
    assert!(matches!(class.lock(&token_a), Err(ClassError::NotTeacher)));
    assert!(matches!(class.lock(&forged), Err(ClassError::UnknownToken)));
    assert!(matches!(
        class.submit(&forged, plan(BLAST)),
        Err(ClassError::UnknownToken)
    ));
    // The teacher's token is no team's.
    assert!(class.submit(&teacher, plan(BLAST)).is_err());
    // A removed team's device can no longer act.
    class.remove_team(&teacher, b).unwrap();
    assert!(matches!(
        class.submit(&token_b, plan(BLAST)),
        Err(ClassError::UnknownToken)
    ));
    // After the lock nobody changes a plan.
    class.lock(&teacher).unwrap();
    let e = class.submit(&token_a, plan(BLAST)).unwrap_err();
    assert!(e.to_string().contains("locked"), "{e}");
}

#[test]
fn plans_are_refused_with_the_reason() {
    let (mut class, _) = new_class(None);
    let (_, token) = class.join("Shares").unwrap();
    let refused = |class: &mut Class, json: &str| match class.submit(&token, plan(json)) {
        Err(ClassError::Plan(e)) => e,
        other => panic!("{json}: {other:?}"),
    };
    let e = refused(
        &mut class,
        r#"{"tactics":{"email-blast":{"budget_share":0.6},"networking":{"budget_share":0.6}}}"#,
    );
    assert_eq!(e.message, "the budget shares add up to 120 %, not 100 %");
    assert_eq!(e.key.as_deref(), Some("budget_share"));
    // Validated exactly as a file: a knob out of range, an unknown knob.
    let e = refused(
        &mut class,
        r#"{"tactics":{"networking":{"pitch_trust":1.5}}}"#,
    );
    assert_eq!(
        (e.tactic.as_deref(), e.key.as_deref()),
        (Some("networking"), Some("pitch_trust"))
    );
    check(&e.to_string(), &["from 0 to 1"]);
    let e = refused(
        &mut class,
        r#"{"tactics":{"networking":{"conversations_per_dya":3}}}"#,
    );
    check(&e.to_string(), &["unknown key", "conversations_per_day"]);
    let e = refused(&mut class, r#"{"tactics":{"social-ads":{}}}"#);
    check(
        &e.to_string(),
        &[
            "social-ads is not allowed",
            "email-blast, networking, community",
        ],
    );
    assert_eq!(class.state().submitted(), 0, "nothing refused was kept");
}

#[test]
fn hostile_names_are_kept_as_data_and_shown_as_text() {
    let (mut class, _) = new_class(None);
    let name = "<script>alert('x')</script> & \"co\"";
    let (id, _) = class.join(name).unwrap();
    let team = class.state().team(id).unwrap();
    assert_eq!(team.name, name);
    assert_eq!(team.arm, "script-alert-x-script-co");
    let shown = escape_html(&team.name);
    assert!(!shown.contains(['<', '>', '"', '\'']), "{shown}");
    assert!(
        class.join("<SCRIPT>alert('x')</SCRIPT> & \"CO\"").is_err(),
        "same name"
    );
    let (other, _) = class.join("script alert x script co!").unwrap();
    assert_eq!(
        class.state().team(other).unwrap().arm,
        "script-alert-x-script-co-2"
    );
}

#[test]
fn the_class_takes_at_most_its_teams() {
    let base = outreach::scenario::from_str(BASE).unwrap();
    let (mut class, _) = Class::new(&base, rules(), 2, None).unwrap();
    class.join("one").unwrap();
    class.join("two").unwrap();
    assert!(matches!(class.join("three"), Err(ClassError::Full(2))));
}

/// Runs the current round as the server will: start, engine, finish.
fn run_round(class: &mut Class, teacher: &outreach::class::Token) -> engine::RunResult {
    class.lock(teacher).unwrap();
    let scenario = class.start(teacher).unwrap();
    let run = engine::run(&scenario, &Default::default(), &AtomicU64::new(0));
    let number = class.state().current().number;
    class.finish(number, &run).unwrap();
    run
}

#[test]
fn resume_restores_the_class_mid_game_with_every_token_valid() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("class.json");
    let (mut class, teacher) = new_class(Some(file.clone()));
    let (_, a) = class.join("Ärzte").unwrap();
    let (_, b) = class.join("Blue").unwrap();
    class.submit(&a, plan(BLAST)).unwrap();
    class.submit(&b, plan(GROUPS)).unwrap();
    run_round(&mut class, &teacher);
    let ads = Rules {
        tactics: vec![TacticKind::SocialAds, TacticKind::Community],
        ..rules()
    };
    // Round 2 allows ads but not email: A's plan is cleared, B's carries over.
    let cleared = class.next_round(&teacher, Some(ads)).unwrap();
    assert_eq!(cleared, [class.state().team_of(&a).unwrap().id]);
    let before = class.state().clone();
    drop(class);
    let text = fs::read_to_string(&file).unwrap();
    for secret in [&teacher, &a, &b] {
        assert!(!text.contains(secret.as_str()), "the file holds no secret");
    }

    let mut class = Class::resume(&file).unwrap();
    assert_eq!(*class.state(), before);
    assert_eq!(class.state().rounds.len(), 2);
    assert!(leaderboard(&class.state().rounds[0], RankBy::Profit).is_some());
    // Cookies issued before the restart still work, for the right party only.
    class.submit(&a, plan(r#"{"tactics":{"social-ads":{"budget_share":0.5},"community":{"budget_share":0.5}}}"#)).unwrap();
    assert!(matches!(class.lock(&b), Err(ClassError::NotTeacher)));
    run_round(&mut class, &teacher);
    // A new teacher link after the restart, the old one still valid.
    let second = class.issue_teacher_token().unwrap();
    assert!(class.state().is_teacher(&second) && class.state().is_teacher(&teacher));
    let resumed = Class::resume(&file).unwrap();
    assert_eq!(resumed.state(), class.state(), "every change was saved");
}

#[test]
fn a_round_running_when_the_process_stopped_is_locked_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("class.json");
    let (mut class, teacher) = new_class(Some(file.clone()));
    class.lock(&teacher).unwrap();
    class.start(&teacher).unwrap();
    drop(class);
    let class = Class::resume(&file).unwrap();
    assert_eq!(class.state().current().state, RoundState::Locked);
}

#[test]
fn a_round_reproduces_byte_for_byte_with_outreach_run() {
    let (mut class, teacher) = new_class(None);
    let (_, a) = class.join("Blast & co").unwrap();
    let (_, b) = class.join("Réseau").unwrap();
    class.submit(&a, plan(BLAST)).unwrap();
    class.submit(&b, plan(GROUPS)).unwrap();
    let run = run_round(&mut class, &teacher);
    let round = class.state().current();
    let toml = round.scenario_toml.clone().unwrap();
    let arms: Vec<&str> = round.arms.iter().map(|a| a.arm.as_str()).collect();
    assert_eq!(
        arms,
        [
            "reference-blaster",
            "reference-networker",
            "blast-co",
            "réseau"
        ]
    );

    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("round.toml"), &toml).unwrap();
    outreach(dir.path())
        .args(["run", "round.toml", "--quiet", "--out", "out"])
        .assert()
        .success();
    let out = dir.path().join("out");
    assert_eq!(fs::read_to_string(out.join("scenario.toml")).unwrap(), toml);
    let mine = dir.path().join("mine.csv");
    outreach::output::csv_files::write_timeseries(&mine, &run).unwrap();
    assert!(
        fs::read(out.join("timeseries.csv")).unwrap() == fs::read(&mine).unwrap(),
        "outreach run gives the round's every replicate and day"
    );
    let board = leaderboard(round, RankBy::Profit).unwrap();
    assert_eq!(board.rows.len(), 4);
    assert_eq!(board.replicates, 3);
    // The debrief shows each team's plan beside what came of it: the same
    // last-day means as the run's own summary.
    let summary = outreach::summary::summarise(&run);
    let rows = outreach::class::debrief(round).unwrap();
    assert_eq!(rows[2].name, "Blast & co");
    assert_eq!(rows[2].plan, plan(BLAST));
    for (a, row) in rows.iter().enumerate() {
        for (metric, value) in &row.values {
            assert_eq!(value.mean, summary.final_value(a, metric).mean, "{metric}");
        }
    }
}
