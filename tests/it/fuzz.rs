//! Fuzzing on the stable toolchain: property-based generators for the four
//! readers of user input (the scenario reader, `--set`, the `[sweep]` table
//! and the edge-list loader), each with a fixed case budget so the whole
//! file runs inside `cargo test` in well under two minutes. The property is
//! the same for all: no panic, no hang, and every refusal is located (a line
//! and column, or the `--set` argument).
//!
//! Inputs are valid files mutated a little (a value replaced, bytes
//! inserted or cut), so most cases get past the first syntax check and
//! reach the deeper validation. Every input that ever failed is kept in
//! tests/corpus/<reader>/ and replayed first, as a regression case.

use outreach::population::edge_list;
use outreach::scenario::{self, Override, SourceText, DEFAULT_SCENARIO};
use outreach::sweep::grid::{self, MAX_COMBINATIONS};
use proptest::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// Cases per reader. Measured: the four together take 1.4 s in the
/// test profile (`cargo test --test fuzz`), far inside two minutes.
const CASES: u32 = 400;

/// Longest any one case may take: a hang is a failure.
const PER_CASE: Duration = Duration::from_secs(5);

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Values a scenario's fields are replaced with: edges of every type.
fn odd_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("9223372036854775807".to_string()),
        Just("9223372036854775808".to_string()),
        Just("18446744073709551616".to_string()),
        Just("1e308".to_string()),
        Just("-0.0".to_string()),
        Just("nan".to_string()),
        Just("inf".to_string()),
        Just("\"\"".to_string()),
        Just("\"café\"".to_string()),
        Just("\".hidden\"".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("1979-05-27".to_string()),
        Just("true".to_string()),
        any::<i64>().prop_map(|v| v.to_string()),
        any::<f64>().prop_map(|v| format!("{v:?}")),
        "[a-z\\-]{0,12}".prop_map(|s| format!("\"{s}\"")),
    ]
}

/// A mutation of `base`: one `key = value` line's value replaced, a few
/// bytes inserted, or the text cut short.
fn mutated(base: &'static str) -> impl Strategy<Value = String> {
    let lines = base.lines().count();
    prop_oneof![
        (0..lines, odd_value()).prop_map(move |(at, v)| {
            base.lines()
                .enumerate()
                .map(|(i, l)| match l.split_once(" = ") {
                    Some((k, _)) if i == at => format!("{k} = {v}"),
                    _ => l.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
        (0..base.len(), "[\\[\\]{}=\"#.,\n a-z0-9\u{feff}é]{1,6}").prop_map(move |(at, s)| {
            let at = (0..=at)
                .rev()
                .find(|&i| base.is_char_boundary(i))
                .unwrap_or(0);
            format!("{}{s}{}", &base[..at], &base[at..])
        }),
        (0..base.len()).prop_map(move |at| {
            let at = (0..=at)
                .rev()
                .find(|&i| base.is_char_boundary(i))
                .unwrap_or(0);
            base[..at].to_string()
        }),
    ]
}

/// The scenario reader on `text`: no panic; a refusal is located.
fn check_scenario(text: &str, overrides: &[Override]) {
    let started = Instant::now();
    let src = SourceText::new("fuzz.toml", text);
    if let Err(e) = scenario::from_source(&src, "fuzz", overrides) {
        assert!(e.line >= 1 && e.column >= 1, "unlocated: {e}");
        assert!(!e.message.is_empty(), "no message: {e}");
    }
    assert!(started.elapsed() < PER_CASE, "slow: {text}");
}

/// `--set` with `arg` on the default scenario.
fn check_set(arg: &str) {
    match Override::parse(arg) {
        Ok(o) => check_scenario(DEFAULT_SCENARIO, &[o]),
        Err(e) => assert!(e.origin.starts_with("--set"), "unlocated: {e}"),
    }
}

/// The `[sweep]` table `table` after the default scenario's arms.
fn check_sweep(table: &str) {
    let started = Instant::now();
    let text = format!("{DEFAULT_SCENARIO}\n[sweep]\n{table}");
    let src = SourceText::new("fuzz.toml", text.as_str());
    let arms = [
        ("blast", vec!["email-blast"]),
        ("networking", vec!["networking"]),
    ];
    if let Err(e) = grid::parse(&src, &arms, MAX_COMBINATIONS) {
        assert!(e.line >= 1 && e.column >= 1, "unlocated: {e}");
    }
    assert!(started.elapsed() < PER_CASE, "slow: {table}");
}

/// The edge-list loader on `bytes`, through a file as a user gives it.
fn check_edges(bytes: &[u8]) {
    let tmp = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(tmp.path(), bytes).unwrap();
    match edge_list::load_file(tmp.path()) {
        Ok(loaded) => assert_eq!(loaded.ids.len(), loaded.graph.len()),
        Err(edge_list::LoadFileError::Malformed { source, .. }) => {
            assert!(source.line >= 1, "unlocated: {source}")
        }
        Err(e) => panic!("reading a file that exists failed: {e}"),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fuzz_scenario_reader(text in mutated(DEFAULT_SCENARIO)) {
        check_scenario(&text, &[]);
    }

    #[test]
    fn fuzz_set(
        path in prop_oneof![
            Just("seed".to_string()),
            Just("days".to_string()),
            Just("name".to_string()),
            Just("population.size".to_string()),
            Just("arms.blast.email-blast.cadence_days".to_string()),
            Just("arms.blast.networking.conversations_per_day".to_string()),
            Just("arms.nope.email-blast.cadence_days".to_string()),
            "[a-z.\\-\"]{0,30}",
        ],
        value in odd_value(),
    ) {
        check_set(&format!("{path}={value}"));
    }

    #[test]
    fn fuzz_sweep_table(
        path in prop_oneof![
            Just("days"),
            Just("name"),
            Just("seed"),
            Just("population.initial_trust"),
            Just("arms.blast.email-blast.cadence_days"),
            Just("arms.networking.email-blast.cadence_days"),
            Just("arms.x.networking.community"),
        ],
        values in prop_oneof![
            prop::collection::vec(odd_value(), 0..6).prop_map(|v| format!("[{}]", v.join(", "))),
            (odd_value(), odd_value(), odd_value())
                .prop_map(|(a, b, c)| format!("{{ start = {a}, stop = {b}, step = {c} }}")),
            (odd_value(), odd_value()).prop_map(|(a, b)| format!("{{ start = {a}, stop = {b} }}")),
            odd_value(),
        ],
        repeat in 1usize..10,
    ) {
        // Several lines of the same shape make large grids.
        let table: String = (0..repeat)
            .map(|i| format!("\"{path}\" = {values}\n").replace("= [", &format!("= [{i}, ")))
            .collect();
        check_sweep(&table);
    }

    #[test]
    fn fuzz_edge_list(
        lines in prop::collection::vec(
            prop_oneof![
                "[0-9]{1,3} [0-9]{1,3}",
                "[a-z ]{0,5},[a-z ]{0,5}",
                "#.{0,10}",
                ".{0,12}",
                Just("\u{feff}1 2".to_string()),
            ],
            0..40,
        ),
        garbage in prop::collection::vec(any::<u8>(), 0..4),
    ) {
        let text = lines.join("\n").into_bytes();
        let at = text.len() / 2;
        let mut bytes = text[..at].to_vec();
        bytes.extend(garbage);
        bytes.extend(&text[at..]);
        check_edges(&bytes);
    }
}

/// Replays every file of tests/corpus/<reader>/: inputs that once failed.
fn corpus(reader: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new("tests/corpus").join(reader);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn corpus_of_past_failures_is_replayed() {
    for (name, bytes) in corpus("scenario") {
        let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        check_scenario(&text, &[]);
        check_scenario(&text, &[Override::parse("seed=3").unwrap()]);
    }
    for (name, bytes) in corpus("set") {
        let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        for line in text.lines().filter(|l| !l.is_empty()) {
            check_set(line);
        }
    }
    for (name, bytes) in corpus("sweep") {
        check_sweep(&String::from_utf8(bytes).unwrap_or_else(|e| panic!("{name}: {e}")));
    }
    for (_, bytes) in corpus("edges") {
        check_edges(&bytes);
    }
}
