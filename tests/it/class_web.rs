//! `outreach serve --class` from outside (issue 15): the real binary on an
//! ephemeral loopback port, spoken to over plain HTTP/1.0 with cookies, as
//! the teacher's and students' browsers (or a hostile student's script)
//! would: who may do what, hostile names as data, plans refused with their
//! reason, a class resumed with its cookies, limits, and a downloaded round
//! that `outreach run` reproduces byte for byte.

use super::support::{outreach, text};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A small market, so a round of 20 replicates runs in a moment.
const BASE: &str = "days = 30\nseed = 7\n[population]\nsize = 1500\n\
                    [population.network]\nmean_degree = 20\n[arms.unused.networking]\n";

struct Server {
    child: Child,
    port: u16,
    /// The teacher's one-time link (path and query).
    link: String,
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `outreach serve --class` (on loopback) with `args`, in `dir`.
fn server(dir: &Path, args: &[&str]) -> Server {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("outreach"))
        .current_dir(dir)
        .args(["serve", "--host", "127.0.0.1", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    // "Teacher (...): http://127.0.0.1:PORT/teacher?key=SECRET"
    let rest = line
        .split("http://127.0.0.1:")
        .nth(1)
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let (port, link) = rest.trim().split_once('/').unwrap();
    Server {
        child,
        port: port.parse().unwrap(),
        link: format!("/{link}"),
        _stdout: stdout,
    }
}

struct Answer {
    status: u16,
    headers: String,
    body: String,
}

impl Answer {
    /// The cookie `name` this answer sets, as `name=value`.
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .lines()
            .filter_map(|l| l.strip_prefix("set-cookie: "))
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(|c| c.split(';').next().unwrap().to_string())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
}

impl Server {
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn send(&self, method: &str, path: &str, cookie: &str, host: &str, body: &str) -> Answer {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        let mut head = format!("{method} {path} HTTP/1.0\r\nHost: {host}\r\n");
        if method == "POST" {
            head.push_str(&format!(
                "Origin: http://{host}\r\nContent-Type: application/json\r\n"
            ));
        }
        if !cookie.is_empty() {
            head.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body.as_bytes()).unwrap();
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

    fn get(&self, path: &str, cookie: &str) -> Answer {
        self.send("GET", path, cookie, &self.host(), "")
    }

    fn post(&self, path: &str, cookie: &str, body: &str) -> Answer {
        self.send("POST", path, cookie, &self.host(), body)
    }

    /// The teacher's cookie, from the one-time link.
    fn teacher(&self) -> String {
        let a = self.get(&self.link, "");
        assert_eq!(a.status, 303, "{}", a.body);
        assert!(a.headers.contains("location: /teacher"));
        a.cookie("outreach_teacher")
            .expect("the link sets the cookie")
    }

    /// A new team's cookie.
    fn join(&self, name: &str) -> String {
        let body = serde_json::json!({ "name": name }).to_string();
        let a = self.post("/api/class/join", "", &body);
        assert_eq!(a.status, 200, "{}", a.body);
        a.cookie("outreach_team")
            .expect("joining sets the team's cookie")
    }

    fn state(&self, cookie: &str) -> serde_json::Value {
        let a = self.get("/api/class/state", cookie);
        assert_eq!(a.status, 200, "{}", a.body);
        a.json()
    }

    /// Waits (at most two minutes) until the current round is `state`.
    fn wait_for(&self, cookie: &str, state: &str) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let s = self.state(cookie);
            let rounds = s["rounds"].as_array().unwrap();
            if rounds.last().unwrap()["state"] == state {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "no {state}: {s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

const PLAN: &str = r#"{"tactics":{"email-blast":{"budget_share":0.3,"cadence_days":7},"networking":{"budget_share":0.7}}}"#;

fn class_in(dir: &Path, extra: &[&str]) -> Server {
    std::fs::write(dir.join("market.toml"), BASE).unwrap();
    let mut args = vec!["--class", "market.toml"];
    args.extend(extra);
    server(dir, &args)
}

#[test]
fn class_web_only_the_teachers_cookie_acts_for_the_class_and_plans_only_with_their_teams() {
    let dir = tempfile::tempdir().unwrap();
    let s = class_in(dir.path(), &[]);
    let teacher = s.teacher();
    // The link works once: a second visit gets no cookie.
    let again = s.get(&s.link, "");
    assert_eq!(again.status, 303);
    assert!(again.cookie("outreach_teacher").is_none());
    let a = s.join("Alpha");
    let b = s.join("Beta");
    assert_eq!(s.post("/api/class/plan", &a, PLAN).status, 200);
    // A student's cookie cannot lock, run, change rules or remove a team,
    // whether sent as a team's or passed off as the teacher's.
    let a_as_teacher = a.replace("outreach_team", "outreach_teacher");
    for path in ["/api/class/lock", "/api/class/run", "/api/class/unlock"] {
        for cookie in [&a, &a_as_teacher, &String::new()] {
            let r = s.post(path, cookie, "{}");
            assert!(
                r.status == 401 || r.status == 403,
                "{path} {cookie}: {}",
                r.status
            );
        }
    }
    // A link for the teacher's second device: the teacher's to ask for,
    // good once, at the students' address.
    // (Beta's cookie here: each cookie has its own rate limit, and Alpha's
    // has made many requests above.)
    let b_as_teacher = b.replace("outreach_team", "outreach_teacher");
    let r = s.post("/api/class/teacher-link", &b_as_teacher, "{}");
    assert_eq!(r.status, 403, "{}", r.body);
    let r = s.post("/api/class/teacher-link", &teacher, "{}");
    assert_eq!(r.status, 200, "{}", r.body);
    let link = r.json()["link"].as_str().unwrap().to_string();
    let path = &link[link.find("/teacher").unwrap()..];
    let second = s.get(path, "");
    assert!(second.cookie("outreach_teacher").is_some());
    assert!(s.get(path, "").cookie("outreach_teacher").is_none());
    let r = s.post("/api/class/rank", &b_as_teacher, r#"{"by":"trust"}"#);
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(
        s.post("/api/class/rank", &teacher, r#"{"by":"trust"}"#)
            .status,
        200
    );
    assert_eq!(
        s.state(&b)["by"],
        "trust",
        "every page ranks as the teacher chose"
    );
    let r = s.post("/api/class/remove", &a_as_teacher, r#"{"team":1}"#);
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.json()["error"], "only the teacher can do that");
    // No request can name another team: a plan naming one is refused.
    let r = s.post(
        "/api/class/plan",
        &a,
        r#"{"team":1,"tactics":{"networking":{}}}"#,
    );
    assert_eq!(r.status, 400, "{}", r.body);
    let seen = s.state(&teacher);
    assert_eq!(seen["role"], "teacher");
    assert_eq!(
        seen["teams"][0]["plan"]["tactics"]["networking"]["budget_share"],
        0.7
    );
    assert!(
        seen["teams"][1]["plan"].is_null(),
        "Beta's plan is untouched"
    );
    // A team sees its own plan, not another's; a guest sees none.
    let as_b = s.state(&b);
    assert_eq!(as_b["me"]["name"], "Beta");
    assert!(as_b["teams"][0]["plan"].is_null());
    assert!(s.state("")["teams"][0]["plan"].is_null());
    // The teacher can.
    assert_eq!(s.post("/api/class/lock", &teacher, "{}").status, 200);
    // Locked: a plan waits for the next round, with the reason.
    let r = s.post("/api/class/plan", &b, PLAN);
    assert_eq!(r.status, 409);
    assert!(r.json()["error"].as_str().unwrap().contains("locked"));
    // The teacher's actions need the teacher's cookie, and the LAN address
    // with its port passes the Host and Origin checks.
    let lan = format!("192.168.1.23:{}", s.port);
    let r = s.send("POST", "/api/class/unlock", &teacher, &lan, "{}");
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.send(
        "GET",
        "/api/class/state",
        "",
        &format!("evil.example:{}", s.port),
        "",
    );
    assert_eq!(r.status, 403);
}

#[test]
fn class_web_hostile_names_come_back_as_data_and_bad_shares_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let s = class_in(dir.path(), &["--max-teams", "2"]);
    let hostile = "<script>alert(1)</script><b>x</b>";
    let team = s.join(hostile);
    let st = s.state(&team);
    assert_eq!(st["me"]["name"], hostile, "kept as typed, sent as data");
    assert_eq!(
        st["me"]["arm"], "script-alert-1-script-b",
        "24 characters at most"
    );
    // Pages are fixed files: no name is ever pasted into markup.
    for page in ["/", "/teacher", "/projector"] {
        let p = s.get(page, &team);
        assert_eq!(p.status, 200);
        assert!(!p.body.contains("alert(1)"));
        assert!(p
            .headers
            .contains("content-security-policy: default-src 'self'; script-src 'self'"));
    }
    // Shares that do not add up: refused, saying why and where.
    let bad =
        r#"{"tactics":{"email-blast":{"budget_share":0.7},"networking":{"budget_share":0.5}}}"#;
    let r = s.post("/api/class/plan", &team, bad);
    assert_eq!(r.status, 422, "{}", r.body);
    let j = r.json();
    assert_eq!(j["error"], "the budget shares add up to 120 %, not 100 %");
    assert_eq!(j["tactic"], "networking");
    assert_eq!(j["key"], "budget_share");
    // A knob outside its range: refused by the scenario's own validation.
    let r = s.post(
        "/api/class/plan",
        &team,
        r#"{"tactics":{"email-blast":{"cadence_days":-3}}}"#,
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.json()["tactic"], "email-blast");
    // Malformed and oversized requests are refused; the class goes on.
    assert_eq!(s.post("/api/class/plan", &team, "{not json").status, 400);
    let huge = format!("{{\"name\":\"{}\"}}", "x".repeat(40_000));
    assert_eq!(s.post("/api/class/join", "", &huge).status, 413);
    assert_eq!(s.post("/api/class/plan", &team, PLAN).status, 200);
    // One device, one team.
    let r = s.post("/api/class/join", &team, r#"{"name":"Second"}"#);
    assert_eq!(r.status, 409);
    // At most --max-teams teams.
    s.join("Two");
    let r = s.post("/api/class/join", "", r#"{"name":"Three"}"#);
    assert_eq!(r.status, 409);
    assert!(r.json()["error"].as_str().unwrap().contains("full"));
    // A flood of submits from one team is slowed down with a message;
    // another team's device (same address) is not.
    let codes: Vec<u16> = (0..30)
        .map(|_| s.post("/api/class/plan", &team, PLAN).status)
        .collect();
    assert!(codes.contains(&429), "{codes:?}");
    assert!(codes.iter().all(|c| *c == 200 || *c == 429), "{codes:?}");
    let other = s.state("")["teams"].as_array().unwrap().len();
    assert_eq!(other, 2);
}

#[test]
fn class_web_resume_restores_the_class_with_its_cookies_and_a_round_reproduces_with_outreach_run() {
    let dir = tempfile::tempdir().unwrap();
    let (a, teacher) = {
        let s = class_in(dir.path(), &["--class-file", "class.json"]);
        let teacher = s.teacher();
        let a = s.join("Alpha");
        assert_eq!(s.post("/api/class/plan", &a, PLAN).status, 200);
        (a, teacher)
    };
    // The server stopped (dropped); the class goes on from its file.
    let s = server(dir.path(), &["--resume", "class.json"]);
    assert_eq!(s.state(&teacher)["role"], "teacher");
    let mine = s.state(&a);
    assert_eq!(mine["role"], "team");
    assert_eq!(mine["me"]["name"], "Alpha");
    assert_eq!(
        mine["me"]["plan"]["tactics"]["email-blast"]["cadence_days"],
        7
    );
    let b = s.join("Beta");
    let plan_b = r#"{"tactics":{"networking":{}}}"#;
    assert_eq!(s.post("/api/class/plan", &b, plan_b).status, 200);
    assert_eq!(s.post("/api/class/lock", &teacher, "{}").status, 200);
    assert_eq!(s.post("/api/class/run", &teacher, "{}").status, 200);
    let done = s.wait_for(&teacher, "finished");
    let board = &done["rounds"][0]["board"];
    assert_eq!(
        board["rows"].as_array().unwrap().len(),
        4,
        "two teams and two reference arms"
    );
    assert_eq!(board["replicates"], 20);
    // The race went to every page: the events stream holds it.
    let events = {
        let mut st = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        st.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let head = format!(
            "GET /api/class/events HTTP/1.0\r\nHost: {}\r\n\r\n",
            s.host()
        );
        st.write_all(head.as_bytes()).unwrap();
        let mut raw = Vec::new();
        let _ = st.read_to_end(&mut raw);
        text(&raw)
    };
    assert!(events.contains("event: start") && events.contains("event: done"));
    assert!(events.contains("\"day\":30"), "the last day is drawn");
    // Downloads are the teacher's; students get none.
    assert_eq!(s.get("/api/class/rounds/1/scenario.toml", &a).status, 403);
    let files = [
        "scenario.toml",
        "timeseries.csv",
        "summary.csv",
        "compare.csv",
    ];
    let got: Vec<String> = files
        .iter()
        .map(|f| {
            let r = s.get(&format!("/api/class/rounds/1/{f}"), &teacher);
            assert_eq!(r.status, 200, "{f}: {}", r.body);
            r.body
        })
        .collect();
    let report = s.get("/api/class/rounds/1/report.html", &teacher);
    assert_eq!(report.status, 200);
    assert!(report.body.contains("<html"));
    let spread = s.get("/api/class/spread/1/2", &teacher);
    assert_eq!(spread.status, 200);
    assert!(spread.body.starts_with("<svg"));
    // `outreach run` on the downloaded scenario writes the same tables.
    std::fs::write(dir.path().join("round.toml"), &got[0]).unwrap();
    outreach(dir.path())
        .args(["run", "round.toml", "--quiet", "--out", "again"])
        .assert()
        .success();
    for (f, body) in files.iter().zip(&got).skip(1) {
        let again = std::fs::read_to_string(dir.path().join("again").join(f)).unwrap();
        assert!(again == *body, "{f} differs from outreach run's");
    }
    // The next round carries the plans over; the history keeps round 1.
    assert_eq!(s.post("/api/class/next", &teacher, "{}").status, 200);
    let st = s.state(&a);
    assert_eq!(st["rounds"].as_array().unwrap().len(), 2);
    assert!(st["rounds"][0]["board"].is_object());
    assert!(st["me"]["plan"].is_object());
}

#[test]
fn class_web_a_lesson_named_by_class_takes_the_command_lines_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(
        dir.path(),
        &[
            "--class",
            "classic",
            "--days",
            "90",
            "--set",
            "replicates=24",
        ],
    );
    let state = s.get("/api/class/state", &s.teacher()).json();
    let rules = &state["rounds"][0]["rules"];
    assert_eq!(rules["days"], 90, "{rules}");
    assert_eq!(rules["replicates"], 24, "{rules}");
}
