//! `outreach serve` from outside: the real binary on an ephemeral loopback
//! port, spoken to over plain HTTP/1.0 (one request a connection, the
//! answer ends when the connection closes), as a browser or a hostile
//! script would.

use super::support::text;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    /// Kept open: the server prints more, and a closed pipe would stop it.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server(args: &[&str]) -> Server {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("outreach"))
        .args(["serve", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    // "Live page: http://127.0.0.1:PORT/  (Ctrl-C stops the server)"
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server {
        child,
        port,
        _stdout: stdout,
    }
}

/// An answer: status, headers (lower-case names) and body.
struct Answer {
    status: u16,
    headers: String,
    body: String,
}

impl Server {
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Sends `request` (the head's lines after the request line) and reads
    /// the whole answer.
    fn send(&self, method: &str, path: &str, headers: &[String], body: &str) -> Answer {
        let mut s = self.open(method, path, headers, body);
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let raw = text(&raw);
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        Answer {
            status: head[9..12].parse().unwrap(),
            headers: head.to_ascii_lowercase(),
            body: body.to_string(),
        }
    }

    fn open(&self, method: &str, path: &str, headers: &[String], body: &str) -> TcpStream {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        let mut head = format!("{method} {path} HTTP/1.0\r\n");
        for h in headers {
            head.push_str(h);
            head.push_str("\r\n");
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body.as_bytes()).unwrap();
        s
    }

    fn get(&self, path: &str) -> Answer {
        self.send("GET", path, &[format!("Host: {}", self.host())], "")
    }

    fn post(&self, path: &str, body: &str, client: &str) -> Answer {
        self.send("POST", path, &self.post_headers(client), body)
    }

    fn post_headers(&self, client: &str) -> Vec<String> {
        vec![
            format!("Host: {}", self.host()),
            format!("Origin: http://{}", self.host()),
            "Content-Type: application/json".into(),
            format!("X-Outreach-Client: {client}"),
        ]
    }
}

/// The server-sent events of a body: (event, data as JSON).
fn events(body: &str) -> Vec<(String, serde_json::Value)> {
    body.split("\n\n")
        .filter_map(|block| {
            let mut name = None;
            let mut data = None;
            for line in block.lines() {
                if let Some(n) = line.strip_prefix("event:") {
                    name = Some(n.trim().to_string());
                }
                if let Some(d) = line.strip_prefix("data:") {
                    data = Some(serde_json::from_str(d.trim()).unwrap());
                }
            }
            Some((name?, data?))
        })
        .collect()
}

const SMALL: &str = r#"{"name": "small", "days": 30, "replicates": 3, "seed": 7,
  "population": {"size": 500},
  "arms": {"blast": {"email-blast": {"cadence_days": 2}}, "talk": {"networking": {}}}}"#;

#[test]
fn a_valid_scenario_streams_every_day_in_order_with_the_clis_numbers() {
    let server = server(&[]);
    let answer = server.post("/api/run", SMALL, "t1");
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.headers.contains("content-type: text/event-stream"));
    assert!(
        !answer.headers.contains("access-control-"),
        "no CORS headers"
    );
    let evs = events(&answer.body);
    assert_eq!(evs.first().unwrap().0, "start");
    assert_eq!(evs.last().unwrap().0, "done");
    // The page draws each arm in its tactic family's colour, as the PNGs do.
    assert_eq!(
        evs[0].1["colours"],
        serde_json::json!(["#d55e00", "#0072b2"])
    );
    let days: Vec<&serde_json::Value> = evs
        .iter()
        .filter(|(n, _)| n == "day")
        .map(|(_, d)| d)
        .collect();
    let numbers: Vec<u64> = days.iter().map(|d| d["day"].as_u64().unwrap()).collect();
    assert_eq!(numbers, (1..=30).collect::<Vec<_>>());
    // The network picture: its layout with the first day only, then each
    // arm's sampled people, one state digit each, every day.
    let layout = &days[0]["network"];
    let people = layout["samples"][0]["at"].as_array().unwrap().len();
    assert!(people > 100, "{people} people in the sample");
    assert_eq!(layout["arms"], serde_json::json!([0, 0]));
    assert_eq!(layout["legend"].as_array().unwrap().len(), 5);
    assert!(days[1..].iter().all(|d| d.get("network").is_none()));
    for d in &days {
        for arm in d["states"].as_array().unwrap() {
            let states = arm.as_str().unwrap();
            assert_eq!(states.len(), people);
            assert!(states.bytes().all(|b| (b'0'..=b'4').contains(&b)));
        }
    }
    assert_ne!(days[0]["states"], days[29]["states"], "the word spreads");

    // The same scenario, downloaded and run by the CLI, gives the same values.
    let toml = server.post("/api/export/scenario.toml", SMALL, "t1");
    assert_eq!(toml.status, 200);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("small.toml"), &toml.body).unwrap();
    super::support::outreach(dir.path())
        .args(["run", "small.toml", "--quiet", "--out", "out"])
        .assert()
        .success();
    let mut csv = csv::Reader::from_path(dir.path().join("out/timeseries.csv")).unwrap();
    let header = csv.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let charts = evs[0].1["charts"].as_array().unwrap();
    let arms = evs[0].1["arms"].as_array().unwrap();
    let mut compared = 0;
    for row in csv.records() {
        let row = row.unwrap();
        let arm = arms
            .iter()
            .position(|a| a.as_str() == Some(&row[0]))
            .unwrap();
        let replicate: usize = row[1].parse::<usize>().unwrap() - 1;
        let day: usize = row[2].parse::<usize>().unwrap() - 1;
        for (c, chart) in charts.iter().enumerate() {
            let metric = chart["metric"].as_str().unwrap();
            let streamed = days[day]["arms"][arm]["values"][c][replicate]
                .as_f64()
                .unwrap();
            let written: f64 = row[column(metric)].parse().unwrap();
            assert_eq!(
                streamed, written,
                "{metric} of {} replicate {replicate} day {day}",
                &row[0]
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 2 * 3 * 30 * charts.len());
    // The page's CSV download is the CLI's file.
    let streamed_csv = server.post("/api/export/timeseries.csv", SMALL, "t1");
    let written = std::fs::read_to_string(dir.path().join("out/timeseries.csv")).unwrap();
    assert_eq!(streamed_csv.body, written);
    // And its report is the CLI's report, byte for byte (the same spread
    // picture, drawn from the run the page showed).
    let report = server.post("/api/export/report.html", SMALL, "t1");
    assert_eq!(report.status, 200);
    assert!(report.headers.contains("content-type: text/html"));
    let written = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(written.contains("How the word spread"));
    assert_eq!(report.body, written);
}

#[test]
fn an_invalid_scenario_gets_its_located_message_and_nothing_runs() {
    let server = server(&[]);
    let bad = SMALL.replace("\"cadence_days\": 2", "\"cadence_days\": -2");
    let answer = server.post("/api/run", &bad, "t2");
    assert_eq!(answer.status, 400);
    let refusal: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(refusal["field"], "arms.blast.email-blast.cadence_days");
    assert!(refusal["text"].as_str().unwrap().starts_with("<page>:"));
    // A value that would be HTML comes back as JSON text, for the page to show as text.
    let named = SMALL.replace("\"small\"", "\"<img src=x onerror=alert(1)>\"");
    let answer = server.post("/api/run", &named, "t2");
    assert_eq!(answer.status, 400);
    assert!(answer.headers.contains("content-type: application/json"));
}

#[test]
fn a_new_run_from_the_same_page_cancels_the_old_one() {
    let server = server(&[]);
    let big = SMALL
        .replace("\"days\": 30", "\"days\": 365")
        .replace("500", "20000");
    let mut first = server.open("POST", "/api/run", &server.post_headers("same"), &big);
    // The first has started (its `start` event is out) when the second comes.
    let mut head = [0u8; 512];
    let n = first.read(&mut head).unwrap();
    assert!(text(&head[..n]).contains("200"), "{}", text(&head[..n]));
    let second = server.post("/api/run", SMALL, "same");
    assert!(events(&second.body).iter().any(|(n, _)| n == "done"));
    let mut rest = Vec::new();
    first.read_to_end(&mut rest).unwrap();
    let rest = text(&rest);
    assert!(
        !rest.contains("event: done"),
        "the replaced run went on to its end"
    );
}

#[test]
fn other_sites_and_other_host_names_are_refused() {
    let server = server(&[]);
    let host = server.host();
    let evil_host = server.send(
        "GET",
        "/api/form",
        &[format!("Host: evil.example:{}", server.port)],
        "",
    );
    assert_eq!(evil_host.status, 403, "DNS rebinding");
    let no_host = server.send("GET", "/", &[], "");
    assert_eq!(no_host.status, 403);
    let evil_origin = server.send(
        "POST",
        "/api/run",
        &[
            format!("Host: {host}"),
            "Origin: http://evil.example".into(),
            "Content-Type: application/json".into(),
        ],
        SMALL,
    );
    assert_eq!(evil_origin.status, 403, "cross-site request");
    let form_post = server.send(
        "POST",
        "/api/run",
        &[
            format!("Host: {host}"),
            "Content-Type: application/x-www-form-urlencoded".into(),
        ],
        "days=1",
    );
    assert_eq!(form_post.status, 403, "cross-site form post");
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.headers.contains("content-security-policy:"));
    assert!(page.headers.contains("x-frame-options: deny"));
    assert!(!page.headers.contains("access-control-"));
}

#[test]
fn no_file_is_served_but_the_pages_own() {
    let server = server(&[]);
    assert_eq!(server.get("/assets/app.js").status, 200);
    for path in [
        "/assets/../Cargo.toml",
        "/assets/..%2FCargo.toml",
        "/assets/%2e%2e%2fsrc%2fmain.rs",
        "/Cargo.toml",
        "/api/lessons/..%2Fcadence-sweep",
        "/api/lessons/cadence-sweep",
        "/api/lessons/%2Fetc%2Fpasswd",
    ] {
        let a = server.get(path);
        assert_eq!(a.status, 404, "{path}: {}", a.body);
    }
    assert_eq!(server.get("/api/lessons/cadence").status, 200);
    let edge = r#"{"population": {"network": {"kind": "edge-list", "path": "/etc/hostname"}}, "arms": {"a": {"networking": {}}}}"#;
    let a = server.post("/api/run", edge, "t5");
    assert_eq!(a.status, 400);
    assert!(a.body.contains("reads no files"), "{}", a.body);
}

#[test]
fn oversized_and_too_frequent_requests_are_refused() {
    let server = server(&["--max-people", "10000"]);
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(100_000));
    assert_eq!(server.post("/api/run", &huge, "t6").status, 413);
    let many = SMALL.replace("500", "20000");
    let a = server.post("/api/run", &many, "t6");
    assert_eq!(a.status, 400);
    assert!(a.body.contains("--max-people"), "{}", a.body);
    let refused = (0..200)
        .map(|_| server.get("/api/form").status)
        .filter(|&s| s == 429)
        .count();
    assert!(refused > 0, "200 requests at once were all answered");
}

#[test]
fn a_host_other_than_loopback_is_warned_about() {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("outreach"))
        .args(["serve", "--host", "0.0.0.0", "--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.starts_with("Warning: listening on 0.0.0.0:"), "{line}");
}

#[test]
fn a_starting_scenario_beyond_the_limits_is_refused() {
    let out = Command::new(assert_cmd::cargo::cargo_bin("outreach"))
        .args(["serve", "--port", "0", "--max-people", "5000"])
        .output()
        .unwrap();
    // The default scenario's 10,000 people are refused before listening.
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--max-people"),
        "{}",
        text(&out.stderr)
    );
}

/// The mixing lesson at `people` people, as the page sends it.
fn mixing(server: &Server, people: u32) -> String {
    let lesson = server.get("/api/lessons/mixing");
    assert_eq!(lesson.status, 200);
    let mut json: serde_json::Value = serde_json::from_str(&lesson.body).unwrap();
    json["population"]["size"] = serde_json::json!(people);
    json.to_string()
}

/// The lines of each `variant` event, in the order of `done`'s labels.
fn variant_lines(evs: &[(String, serde_json::Value)]) -> Vec<Vec<serde_json::Value>> {
    let done = &evs.iter().find(|(n, _)| n == "done").unwrap().1;
    let labels = done["variants"].as_array().unwrap();
    let variants: Vec<&serde_json::Value> = evs
        .iter()
        .filter(|(n, _)| n == "variant")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(variants.len(), labels.len(), "one event per variant");
    for (i, v) in variants.iter().enumerate() {
        assert_eq!(v["index"], i, "in order");
    }
    variants
        .iter()
        .map(|v| v["outcomes"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn a_lessons_variants_are_checked_after_its_run_with_the_clis_lines() {
    // The CLI's run of the lesson at 1,000 people: its variants' lines.
    let dir = tempfile::tempdir().unwrap();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/mixing.toml");
    let cli = super::support::outreach(dir.path())
        .arg("run")
        .arg(&file)
        .args(["--set", "population.size=1000", "--quiet", "--out", "out"])
        .output()
        .unwrap();
    let printed: Vec<String> = text(&cli.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| l.contains(": with "))
        .map(str::to_string)
        .collect();
    assert_eq!(printed.len(), 2, "{}", text(&cli.stdout));

    // The page's run of the same, with the server's default limits: each
    // variant is run and its lines are the CLI's, text and numbers.
    let server = server(&[]);
    let answer = server.post("/api/run", &mixing(&server, 1000), "v1");
    assert_eq!(answer.status, 200, "{}", answer.body);
    let evs = events(&answer.body);
    let done = &evs.iter().find(|(n, _)| n == "done").unwrap().1;
    assert_eq!(
        done["variants"],
        serde_json::json!([
            "behaviour.trust_negativity_ratio=1, replicates=80",
            "arms.mixed.email-blast.cadence_days=7, replicates=30"
        ])
    );
    let sent: Vec<String> = variant_lines(&evs)
        .concat()
        .iter()
        .map(|o| {
            assert_eq!(o["checked"], true);
            o["text"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(sent, printed);

    // With a lower --max-agent-days the 80-replicate variant (58 M
    // agent-days) is beyond it and not run; the 30-replicate one (22 M) is.
    // (It starts with a small scenario: the default is beyond that limit.)
    let server = self::server(&["--days", "30", "--max-agent-days", "30000000"]);
    let evs = events(&server.post("/api/run", &mixing(&server, 1000), "v2").body);
    let lines = variant_lines(&evs);
    assert_eq!(lines[0].len(), 1);
    assert_eq!(lines[0][0]["checked"], false);
    let why = lines[0][0]["text"].as_str().unwrap();
    assert!(
        why.starts_with("with behaviour.trust_negativity_ratio=1, replicates=80: not checked here: beyond this server's limits; run `outreach run FILE`"),
        "{why}"
    );
    assert_eq!(lines[1][0]["text"].as_str().unwrap(), printed[1]);
}

#[test]
fn the_pages_next_run_stops_its_variant_runs() {
    let server = server(&[]);
    // 4,000 people: the 80-replicate variant is 234 M agent-days, seconds
    // of work the next run must not wait for.
    let lesson = mixing(&server, 4000);
    let mut first = server.open("POST", "/api/run", &server.post_headers("same"), &lesson);
    let mut got = Vec::new();
    let mut chunk = [0u8; 65536];
    while !text(&got).contains("event: done") {
        let n = first.read(&mut chunk).unwrap();
        assert!(n > 0, "the run ended before its done event");
        got.extend_from_slice(&chunk[..n]);
    }
    assert!(!text(&got).contains("event: variant"));
    let second = server.post("/api/run", SMALL, "same");
    assert!(events(&second.body).iter().any(|(n, _)| n == "done"));
    // The first run's answer ends without a variant checked: its variant
    // runs stopped rather than going on to their end.
    let mut rest = Vec::new();
    first.read_to_end(&mut rest).unwrap();
    assert!(
        !text(&rest).contains("event: variant"),
        "a variant went on to its end"
    );
}
