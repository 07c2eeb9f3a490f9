//! A scenario sent by the page, made into a validated `Scenario` by the
//! same code and with the same located messages as a file: the page sends
//! the scenario as JSON (the shape `outreach check` prints, as a table of
//! tables), which is written out as TOML text and validated as if it had
//! been read from a file named `<page>`. Then the server's own limits: no
//! edge list (the page reads no files), the run's size, and the memory guard.

use super::limits::{Limits, MAX_KEPT_DAYS};
use crate::scenario::params::{self as p, Param};
use crate::scenario::raw::RawScenario;
use crate::scenario::{self, Scenario, ScenarioError, SourceText};
use serde::Serialize;
use toml::Spanned;

/// The name errors give as the scenario's origin.
pub const ORIGIN: &str = "<page>";

/// Why a submitted scenario was refused, as the page shows it: beside the
/// field `field` (a dotted path, empty when the fault is not one field's).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Refusal {
    pub field: String,
    pub message: String,
    pub help: Option<String>,
    /// The whole message as the command line prints it (with the line of
    /// the scenario at fault).
    pub text: String,
}

impl From<ScenarioError> for Refusal {
    fn from(e: ScenarioError) -> Self {
        Refusal {
            field: e.field.clone(),
            message: e.message.clone(),
            help: e.help.clone(),
            text: e.to_string(),
        }
    }
}

impl Refusal {
    pub(crate) fn plain(message: impl Into<String>) -> Self {
        let message = message.into();
        Refusal {
            field: String::new(),
            text: message.clone(),
            message,
            help: None,
        }
    }
}

/// The scenario in `body` (JSON), validated and within `limits`, with the
/// TOML text it was validated as.
pub fn scenario(body: &[u8], limits: &Limits) -> Result<(Scenario, SourceText), Refusal> {
    let mut value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| Refusal::plain(format!("the request is not JSON: {e}")))?;
    drop_nulls(&mut value);
    if !value.is_object() {
        return Err(Refusal::plain(
            "the request must be a scenario: a JSON object of its tables",
        ));
    }
    let text = toml::to_string(&value)
        .map_err(|e| Refusal::plain(format!("the scenario cannot be written as TOML: {e}")))?;
    let src = SourceText::new(ORIGIN, text);
    refuse_files(&src)?;
    let s = scenario::from_source(&src, "page", &[])?;
    within(&s, &src, limits)?;
    crate::engine::resources::fits_in_memory(&s, &src)?;
    Ok((s, src))
}

/// A lesson's variant of a submitted scenario (`src`, as `scenario`
/// returned it): its overrides applied as `outreach run` applies them, and
/// the result held to the same limits.
pub fn variant(src: &SourceText, set: &[String], limits: &Limits) -> Result<Scenario, Refusal> {
    let s = variant_unlimited(src, set)?;
    within_limits(&s, src, limits)?;
    Ok(s)
}

/// `variant` before the server's limits: the variant's scenario, or why
/// its overrides do not apply.
pub fn variant_unlimited(src: &SourceText, set: &[String]) -> Result<Scenario, Refusal> {
    let overrides = set
        .iter()
        .map(|o| scenario::Override::parse(o))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(scenario::from_source(src, "page", &overrides)?)
}

/// The server's size limits and the memory guard, as for a submitted
/// scenario.
pub fn within_limits(s: &Scenario, src: &SourceText, limits: &Limits) -> Result<(), Refusal> {
    within(s, src, limits)?;
    crate::engine::resources::fits_in_memory(s, src)?;
    Ok(())
}

/// A key whose value is null is not given (the scenario's JSON writes an
/// unset optional value so); TOML has no null.
fn drop_nulls(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// Validation reads an edge list's file; the page may name none (no file
/// of the server's is the browser's to read), so an edge-list network is
/// refused before validation, at its `kind`.
fn refuse_files(src: &SourceText) -> Result<(), Refusal> {
    // Text that does not parse is refused by validation, which then reads nothing.
    let Ok(raw) = toml::from_str::<RawScenario>(&src.text) else {
        return Ok(());
    };
    let refuse = |kind: &Spanned<String>, field: String| -> Refusal {
        ScenarioError::at(
            src,
            Some(kind.span()),
            &field,
            "the live page reads no files, so it cannot use an edge-list network".into(),
        )
        .help("choose another kind here; `outreach run` runs a scenario with an edge list")
        .into()
    };
    let population = raw.population.as_ref().and_then(|p| p.network.as_ref());
    if let Some(kind) = population.and_then(|n| n.kind.as_ref()) {
        if kind.get_ref() == "edge-list" {
            return Err(refuse(kind, p::NETWORK_KIND.path.into()));
        }
    }
    for (name, arm) in raw.arms.iter().flat_map(|a| a.get_ref()) {
        let network = arm.get_ref().network.as_ref();
        if let Some(kind) = network.and_then(|n| n.get_ref().kind.as_ref()) {
            if kind.get_ref() == "edge-list" {
                let quoted = scenario::validate::quote_key(name);
                return Err(refuse(kind, format!("arms.{quoted}.network.kind")));
            }
        }
    }
    Ok(())
}

/// The server's size limits, each refusal pointing at the knob to turn.
fn within(s: &Scenario, src: &SourceText, limits: &Limits) -> Result<(), Refusal> {
    let at = |param: &Param, message: String, help: String| -> Refusal {
        let raw = toml::from_str::<RawScenario>(&src.text).ok();
        let span = raw.as_ref().and_then(|r| {
            r.given()
                .into_iter()
                .chain(r.population.iter().flat_map(|p| p.given()))
                .find(|(given, _)| given.path == param.path)
                .and_then(|(_, span)| span)
        });
        ScenarioError::at(src, span, param.path, message)
            .help(help)
            .into()
    };
    if s.population.size > limits.max_people {
        return Err(at(
            &p::SIZE,
            format!(
                "{} people are more than this server runs ({} at most)",
                s.population.size, limits.max_people
            ),
            "use fewer people here, or start the server with a higher --max-people".into(),
        ));
    }
    if s.agent_days() > limits.max_agent_days {
        return Err(at(
            &p::DAYS,
            format!(
                "{} people x {} days x {} arm(s) x {} replicates are {} agent-days, more than this server runs ({} at most)",
                s.population.size,
                s.days,
                s.arms.len(),
                s.replicates,
                s.agent_days(),
                limits.max_agent_days
            ),
            "use fewer days, replicates or people, or start the server with a higher --max-agent-days".into(),
        ));
    }
    let kept = u64::from(s.days) * s.arms.len() as u64 * u64::from(s.replicates);
    if kept > MAX_KEPT_DAYS {
        return Err(at(
            &p::REPLICATES,
            format!(
                "{} days x {} arm(s) x {} replicates are {kept} arm-days to keep and stream, more than the page takes ({MAX_KEPT_DAYS})",
                s.days,
                s.arms.len(),
                s.replicates
            ),
            "use fewer replicates or days; `outreach run` has no such limit".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submit(json: serde_json::Value) -> Result<Scenario, Refusal> {
        scenario(json.to_string().as_bytes(), &Limits::default()).map(|(s, _)| s)
    }

    /// What the page sends back is what the server gave it: the default
    /// scenario round-trips through JSON and TOML unchanged.
    #[test]
    fn the_default_scenario_round_trips() {
        let s = scenario::from_str(scenario::DEFAULT_SCENARIO).unwrap();
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(submit(json).unwrap(), s);
    }

    #[test]
    fn a_value_out_of_range_is_refused_at_its_field() {
        let mut json =
            serde_json::to_value(scenario::from_str(scenario::DEFAULT_SCENARIO).unwrap()).unwrap();
        json["arms"]["blast"]["email-blast"]["open_rate"] = serde_json::json!(1.5);
        let e = submit(json).unwrap_err();
        assert_eq!(e.field, "arms.blast.email-blast.open_rate");
        assert!(e.text.starts_with("<page>:"), "{}", e.text);
    }

    #[test]
    fn an_edge_list_is_refused_before_any_file_is_read() {
        let json = serde_json::json!({
            "population": {"network": {"kind": "edge-list", "path": "/etc/passwd"}},
            "arms": {"a": {"networking": {}}}
        });
        let e = submit(json).unwrap_err();
        assert_eq!(e.field, "population.network.kind");
        assert!(e.message.contains("reads no files"), "{}", e.message);
        let json = serde_json::json!({
            "arms": {"my arm": {"network": {"kind": "edge-list", "path": "../x"}, "networking": {}}}
        });
        let e = submit(json).unwrap_err();
        assert_eq!(e.field, "arms.\"my arm\".network.kind");
    }

    #[test]
    fn runs_beyond_the_limits_are_refused_at_the_knob_to_turn() {
        let json =
            serde_json::json!({"population": {"size": 300000}, "arms": {"a": {"networking": {}}}});
        assert_eq!(submit(json).unwrap_err().field, "population.size");
        let json = serde_json::json!({"days": 36500, "replicates": 100, "arms": {"a": {"networking": {}}}});
        let e = submit(json).unwrap_err();
        assert_eq!(e.field, "days");
        assert!(e.help.unwrap().contains("--max-agent-days"));
        let json = serde_json::json!({"population": {"size": 200, "network": {"mean_degree": 10}}, "days": 36500, "replicates": 10, "arms": {"a": {"networking": {}}}});
        assert_eq!(submit(json).unwrap_err().field, "replicates");
    }

    #[test]
    fn malformed_requests_are_refused_plainly() {
        for body in ["", "[1,2]", "{\"days\": [null]}", "not json"] {
            let e = scenario(body.as_bytes(), &Limits::default()).unwrap_err();
            assert!(e.field.is_empty(), "{body}: {e:?}");
        }
    }
}
