//! Raw scenario -> validated `Scenario`. Every check happens here, once, with
//! the position of the value at fault; the engine trusts what comes out.

use super::config::*;
use super::error::{ScenarioError, SourceText};
use super::params::{self as p, Param, Range, Value};
use super::raw::*;
use super::sections::ArmFacts;
use toml::Spanned;

/// Parses and validates scenario text. `default_name` names a scenario that
/// has no `name` key (the file's stem).
pub fn parse(src: &SourceText, default_name: &str) -> Result<Scenario, ScenarioError> {
    let raw: RawScenario = toml::from_str(&src.text).map_err(|e| from_toml(src, &e))?;
    Check { src, arm: None }.scenario(raw, default_name)
}

/// Turns a toml/serde error into a positioned one, with a suggestion for an
/// unknown key.
fn from_toml(src: &SourceText, e: &toml::de::Error) -> ScenarioError {
    let msg = e.message().trim().to_string();
    let mut err = ScenarioError::at(src, e.span(), "", plain_types(&msg));
    let at = e.span().map_or(0, |s| s.start);
    if let Some((message, help)) = super::error::plain_shape(&src.text, at, &plain_types(&msg)) {
        err.message = message;
        return err.help(help);
    }
    if msg.starts_with("invalid type: string") {
        err = err.help("write numbers and true/false without quotes");
    }
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split_once("expected")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        err.message = format!("unknown key `{unknown}`");
        let list = expected.join(", ");
        err = match nearest(unknown, &expected) {
            Some(k) => err.help(format!("did you mean `{k}`? Valid keys here: {list}")),
            _ if expected.is_empty() => err.help("no keys are allowed here"),
            _ => err.help(format!("valid keys here: {list}")),
        };
    }
    err
}

/// The candidate closest to a misspelt `word`, if any is close enough.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|&k| (strsim::normalized_damerau_levenshtein(word, k), k))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score >= 0.5)
        .map(|(_, k)| k)
}

/// serde names Rust types; users know numbers and words.
fn plain_types(msg: &str) -> String {
    msg.replace("expected i64", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected a boolean", "expected true or false")
}

/// Validation's context: the text (for positions) and the arm being checked.
pub(super) struct Check<'a> {
    src: &'a SourceText,
    /// The arm being checked, to name fields by path.
    arm: Option<&'a str>,
}

impl<'a> Check<'a> {
    fn path(&self, param: &Param) -> String {
        match self.arm {
            Some(arm) if param.path.starts_with("population.network.") => {
                format!("arms.{}.network.{}", quote_key(arm), param.key())
            }
            Some(arm) => param.path.replace("<arm>", &quote_key(arm)),
            None => param.path.to_string(),
        }
    }

    pub(super) fn fail(
        &self,
        span: Option<std::ops::Range<usize>>,
        param: &Param,
        message: String,
    ) -> ScenarioError {
        ScenarioError::at(self.src, span, &self.path(param), message)
    }

    fn out_of_range(
        &self,
        span: std::ops::Range<usize>,
        param: &Param,
        found: String,
    ) -> ScenarioError {
        let valid = match param.range {
            Range::Unit => "a number from 0 to 1".to_string(),
            Range::Real(lo, hi) => format!("a number from {lo} to {hi}"),
            Range::Whole(lo, hi) => format!("a whole number from {lo} to {hi}"),
            _ => param.range_text(),
        };
        self.fail(
            Some(span),
            param,
            format!("must be {valid} ({}), found {found}", param.unit),
        )
        .help(format!(
            "{} Default: {}.",
            param.meaning,
            param.default_text()
        ))
    }

    /// A row's value: its default if it is not written, else the written
    /// value if it is in range.
    pub(super) fn get<T: Value>(
        &self,
        field: &Field<T::Raw>,
        param: &Param,
    ) -> Result<T, ScenarioError>
    where
        T::Raw: std::fmt::Display,
    {
        match field {
            None => Ok(T::from_default(param)),
            Some(v) => T::from_raw(v.get_ref(), param)
                .ok_or_else(|| self.out_of_range(v.span(), param, v.get_ref().to_string())),
        }
    }

    fn scenario(&self, raw: RawScenario, default_name: &str) -> Result<Scenario, ScenarioError> {
        let name = match &raw.name {
            Some(n) => {
                let s = n.get_ref().trim();
                let ok = !s.is_empty()
                    && !s.starts_with('.')
                    && s.chars()
                        // Letters and digits of any script: the output folder's
                        // slug (`crate::output::slug`) keeps them as they are.
                        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '));
                if !ok {
                    return Err(self
                        .fail(
                            Some(n.span()),
                            &p::NAME,
                            format!("`{}` cannot name an output folder", n.get_ref()),
                        )
                        .help(
                            "use letters (of any script), digits, spaces, '-', '_' or '.', not starting with '.'",
                        ));
                }
                s.to_string()
            }
            None => default_name.to_string(),
        };
        let population = self.population(raw.population.unwrap_or_default())?;
        let behaviour = raw.behaviour.unwrap_or_default().check(self)?;
        let raw_money = raw.money.unwrap_or_default();
        let money = raw_money.check(self)?;
        let days = self.get(&raw.days, &p::DAYS)?;
        let arms = self.arms(raw.arms, &population, days)?;
        self.budget_buys_something(&money, &raw_money, &arms)?;
        let baseline = match &raw.baseline {
            None => arms[0].name.clone(),
            Some(b) if arms.iter().any(|a| a.name == *b.get_ref()) => b.get_ref().clone(),
            Some(b) => {
                let names: Vec<&str> = arms.iter().map(|a| a.name.as_str()).collect();
                let hint = match nearest(b.get_ref(), &names) {
                    Some(n) => format!("did you mean \"{n}\"? Arms: {}", names.join(", ")),
                    None => format!("name one of the arms: {}", names.join(", ")),
                };
                return Err(self
                    .fail(
                        Some(b.span()),
                        &p::BASELINE,
                        format!("there is no arm named \"{}\"", b.get_ref()),
                    )
                    .help(hint));
            }
        };
        let lesson = super::lesson::check(self.src, raw.lesson, &arms, days)?;
        let scenario = Scenario {
            name,
            days,
            seed: self.get(&raw.seed, &p::SEED)?,
            replicates: self.get(&raw.replicates, &p::REPLICATES)?,
            baseline,
            population,
            behaviour,
            money,
            arms,
            lesson,
        };
        Ok(scenario)
    }

    fn population(&self, raw: RawPopulation) -> Result<PopulationConfig, ScenarioError> {
        let raw_network = raw.network.as_ref();
        let empty = RawNetwork::default();
        let raw_network = raw_network.unwrap_or(&empty);
        let size_span = raw.size.as_ref().map(Spanned::span);
        // An edge list decides the population's size; any other network
        // is generated for the size asked for.
        let (network, size) = match self.edge_list(raw_network)? {
            Some((network, people)) => {
                if let Some(asked) = &raw.size {
                    if *asked.get_ref() != i64::from(people) {
                        return Err(self
                            .fail(Some(asked.span()), &p::SIZE, format!("the edge list has {}, not {}", crate::population::edge_list::people(people as usize), asked.get_ref()))
                            .help(format!("remove population.size (it is read from the file) or set it to {people}")));
                    }
                }
                (network, people)
            }
            None => {
                let size = self.get(&raw.size, &p::SIZE)?;
                (self.network(raw_network, size, size_span)?, size)
            }
        };
        let mut population = raw.check(self, network)?;
        // Read from the file for an edge list (`check` took the default).
        population.size = size;
        raw.rules(self, &population)?;
        Ok(population)
    }

    fn network_kind(&self, raw: &RawNetwork) -> Result<&'static str, ScenarioError> {
        let Some(k) = &raw.kind else {
            return Ok("small-world");
        };
        match p::NETWORK_KINDS.iter().find(|&&n| n == k.get_ref()) {
            Some(kind) => Ok(kind),
            None => {
                let hint = match nearest(k.get_ref(), p::NETWORK_KINDS) {
                    Some(n) => format!(
                        "did you mean \"{n}\"? Valid kinds: {}",
                        p::NETWORK_KIND.range_text()
                    ),
                    None => format!("valid kinds: {}", p::NETWORK_KIND.range_text()),
                };
                Err(self
                    .fail(
                        Some(k.span()),
                        &p::NETWORK_KIND,
                        format!("unknown network kind \"{}\"", k.get_ref()),
                    )
                    .help(hint))
            }
        }
    }

    /// Refuses keys that belong to another kind of network.
    fn only_keys_of(&self, kind: &str, raw: &RawNetwork) -> Result<(), ScenarioError> {
        let applies = p::network_keys(kind);
        for (param, span) in raw.given() {
            let other_kind =
                param.path != p::NETWORK_KIND.path && !applies.iter().any(|a| a.path == param.path);
            if span.is_some() && other_kind {
                let keys: Vec<&str> = applies.iter().map(|a| a.key()).collect();
                return Err(self
                    .fail(
                        span,
                        param,
                        format!("`{}` does not apply to a {kind} network", param.key()),
                    )
                    .help(if keys.is_empty() {
                        format!("a {kind} network takes no other keys")
                    } else {
                        format!("a {kind} network takes: {}", keys.join(", "))
                    }));
            }
        }
        Ok(())
    }

    /// A generated network for `size` people.
    fn network(
        &self,
        raw: &RawNetwork,
        size: u32,
        size_span: Option<std::ops::Range<usize>>,
    ) -> Result<NetworkConfig, ScenarioError> {
        let kind = self.network_kind(raw)?;
        self.only_keys_of(kind, raw)?;
        let degree = |even: bool| -> Result<u32, ScenarioError> {
            let d: u32 = self.get(&raw.mean_degree, &p::MEAN_DEGREE)?;
            let span = raw.mean_degree.as_ref().map(Spanned::span);
            if even && d % 2 != 0 {
                return Err(self
                    .fail(
                        span,
                        &p::MEAN_DEGREE,
                        format!("a {kind} network needs an even mean degree, found {d}"),
                    )
                    .help(format!("use {} or {}", d - 1, d + 1)));
            }
            if d >= size {
                return Err(self
                    .fail(
                        span.or(size_span.clone()),
                        &p::MEAN_DEGREE,
                        format!("a mean degree of {d} is not below the population size {size}"),
                    )
                    .help("each person can have at most size - 1 friends: lower mean_degree or raise population.size"));
            }
            Ok(d)
        };
        Ok(match kind {
            "small-world" => NetworkConfig::SmallWorld {
                mean_degree: degree(true)?,
                rewiring: self.get(&raw.rewiring, &p::REWIRING)?,
            },
            "scale-free" => NetworkConfig::ScaleFree {
                mean_degree: degree(true)?,
                triangle_closing: self.get(&raw.triangle_closing, &p::TRIANGLE_CLOSING)?,
            },
            "random" => NetworkConfig::Random {
                mean_degree: degree(false)?,
            },
            "communities" => {
                let communities: u32 = self.get(&raw.communities, &p::COMMUNITIES)?;
                if communities > size {
                    return Err(self
                        .fail(
                            raw.communities.as_ref().map(Spanned::span),
                            &p::COMMUNITIES,
                            format!("{communities} communities cannot be made of {size} people"),
                        )
                        .help("use at most one community per person"));
                }
                let (mean_degree, inside_share) = (
                    degree(false)?,
                    self.get(&raw.inside_share, &p::INSIDE_SHARE)?,
                );
                let (p_in, p_out) = crate::population::communities::community_probabilities(
                    size,
                    f64::from(mean_degree),
                    communities,
                    inside_share,
                );
                // One-person communities have no inside at all.
                let no_inside = inside_share > 0.0 && size / communities < 2;
                if p_in > 1.0 || p_out > 1.0 || no_inside {
                    let span = (raw.inside_share.as_ref().map(Spanned::span))
                        .or(raw.communities.as_ref().map(Spanned::span))
                        .or(raw.mean_degree.as_ref().map(Spanned::span));
                    return Err(self
                        .fail(
                            span,
                            &p::INSIDE_SHARE,
                            format!(
                                "{communities} communities of {} people cannot give {mean_degree} friends each with {inside_share} of them inside",
                                size / communities
                            ),
                        )
                        .help("use fewer communities, a lower inside_share or a lower mean_degree"));
                }
                NetworkConfig::Communities {
                    mean_degree,
                    communities,
                    inside_share,
                }
            }
            "social" => {
                if size < crate::population::social::MIN_PEOPLE {
                    return Err(self
                        .fail(size_span, &p::SIZE, format!("a social network needs at least {} people, found {size}", crate::population::social::MIN_PEOPLE))
                        .help("its heavy-tailed degrees (median about 100, mean about 190) need room: raise population.size"));
                }
                NetworkConfig::Social
            }
            "well-mixed" => NetworkConfig::WellMixed,
            "edge-list" => {
                // Reached only for an arm's own edge list: it must fit the population.
                let (network, people) = self.edge_list(raw)?.expect("kind is edge-list");
                if people != size {
                    return Err(self
                        .fail(
                            raw.path.as_ref().map(Spanned::span),
                            &p::PATH,
                            format!(
                                "the edge list has {} but the population has {size}",
                                crate::population::edge_list::people(people as usize)
                            ),
                        )
                        .help("an arm's network must hold the same people as the population"));
                }
                network
            }
            _ => unreachable!("kinds are listed in NETWORK_KINDS"),
        })
    }

    /// Checks an edge list if `raw` is one (reading the file): the network and its number of people.
    fn edge_list(&self, raw: &RawNetwork) -> Result<Option<(NetworkConfig, u32)>, ScenarioError> {
        if self.network_kind(raw)? != "edge-list" {
            return Ok(None);
        }
        self.only_keys_of("edge-list", raw)?;
        let Some(given) = &raw.path else {
            return Err(self
                .fail(
                    raw.kind.as_ref().map(Spanned::span),
                    &p::PATH,
                    "an edge-list network needs a `path`".into(),
                )
                .help("add path = \"friends.txt\" (relative to the scenario file)"));
        };
        let path = self.src.dir.join(given.get_ref());
        let fail = |message: String| self.fail(Some(given.span()), &p::PATH, message);
        use crate::population::edge_list::{load_file, LoadFileError};
        let loaded = load_file(&path).map_err(|e| match &e {
            LoadFileError::Read { source, .. } => fail(format!("{e}: {source}")),
            LoadFileError::Malformed { .. } => fail(e.to_string())
                .help("each line holds two ids, separated by spaces, a tab or a comma; '#' starts a comment"),
            LoadFileError::Changed { .. } => unreachable!("load_file compares with nothing"),
        })?;
        let people = loaded.graph.len();
        if people < 10 || people > u32::MAX as usize - 1 {
            return Err(fail(format!(
                "the edge list has {}; outreach needs at least 10",
                crate::population::edge_list::people(people)
            )));
        }
        let path = path.canonicalize().unwrap_or(path);
        // Only figures are kept: the graph is read again where networks are
        // built (`Scenario::load_edge_lists`), so a scenario stays a value.
        let network = NetworkConfig::EdgeList {
            path,
            figures: EdgeListFigures {
                people: people as u32,
                mean_degree: loaded.graph.mean_degree(),
                heap_bytes: loaded.graph.heap_bytes() as u64,
                // Measured (docs/RELIABILITY.md, the memory table): the
                // pairs' vector grows by doubling, but its untouched tail is
                // never resident; an id in the map takes about 48 bytes.
                read_bytes: (loaded.graph.friendships() + loaded.duplicates)
                    .saturating_mul(8)
                    .saturating_add(people as u64 * 48),
            },
        };
        Ok(Some((network, people as u32)))
    }

    /// With a budget, every tactic's action must cost something, or "as much
    /// as the budget buys" is unbounded.
    fn budget_buys_something(
        &self,
        money: &MoneyConfig,
        raw: &RawMoney,
        arms: &[ArmConfig],
    ) -> Result<(), ScenarioError> {
        if money.daily_budget <= 0.0 {
            return Ok(());
        }
        let rate = money.hourly_rate;
        for arm in arms {
            let free = [
                arm.email_blast
                    .as_ref()
                    .filter(|e| e.cost_per_email <= 0.0 || e.cost_per_address <= 0.0)
                    .map(|_| "email-blast.cost_per_email and cost_per_address"),
                arm.networking
                    .as_ref()
                    .filter(|n| n.hours_per_conversation * rate <= 0.0)
                    .map(|_| "networking.hours_per_conversation (or money.hourly_rate)"),
                arm.social_ads
                    .as_ref()
                    .filter(|a| a.cost_per_impression <= 0.0)
                    .map(|_| "social-ads.cost_per_impression"),
                arm.link_bait
                    .as_ref()
                    .filter(|b| b.hours_per_piece * rate <= 0.0)
                    .map(|_| "link-bait.hours_per_piece (or money.hourly_rate)"),
                arm.community
                    .as_ref()
                    .filter(|_| rate <= 0.0)
                    .map(|_| "money.hourly_rate"),
            ];
            if let Some(what) = free.into_iter().flatten().next() {
                return Err(self
                    .fail(
                        raw.daily_budget.as_ref().map(Spanned::span),
                        &p::DAILY_BUDGET,
                        format!(
                            "arm \"{}\" has a tactic whose action costs nothing, so a budget cannot limit it",
                            arm.name
                        ),
                    )
                    .help(format!("give {what} a cost above 0, or remove money.daily_budget")));
            }
        }
        Ok(())
    }

    fn arms(
        &self,
        raw: Option<Spanned<indexmap::IndexMap<String, Spanned<RawArm>>>>,
        population: &PopulationConfig,
        days: u32,
    ) -> Result<Vec<ArmConfig>, ScenarioError> {
        let size = population.size;
        let no_arms = || {
            ScenarioError::at(self.src, None, "arms", "the scenario has no arms to compare".into()).help(
                "add at least one arm, for example:\n   [arms.blast.email-blast]\n   [arms.networking.networking]",
            )
        };
        let Some(raw) = raw else {
            return Err(no_arms());
        };
        if raw.get_ref().is_empty() {
            return Err(no_arms());
        }
        let mut arms = Vec::new();
        for (name, arm) in raw.into_inner() {
            let span = arm.span();
            let arm = arm.into_inner();
            let check = Check {
                src: self.src,
                arm: Some(&name),
            };
            if name.trim().is_empty() || name.contains(['.', '=']) {
                return Err(ScenarioError::at(
                    self.src,
                    Some(span),
                    "arms",
                    format!("arm name \"{name}\" is not usable in paths"),
                )
                .help("name arms with letters, digits, spaces, '-' or '_'"));
            }
            if arm.email_blast.is_none()
                && arm.networking.is_none()
                && arm.social_ads.is_none()
                && arm.link_bait.is_none()
                && arm.community.is_none()
            {
                return Err(ScenarioError::at(
                    self.src,
                    Some(span),
                    &format!("arms.{}", quote_key(&name)),
                    "this arm has no tactic".into(),
                )
                .help(format!(
                    "give it one or more of [arms.{0}.email-blast], [arms.{0}.networking], [arms.{0}.social-ads], [arms.{0}.link-bait], [arms.{0}.community]",
                    quote_key(&name)
                )));
            }
            let network = (arm.network.as_ref())
                .map(|n| check.network(n.get_ref(), size, Some(n.span())))
                .transpose()?;
            // Communities double as audience segments a tactic can target.
            let segments = match network.as_ref().unwrap_or(&population.network) {
                NetworkConfig::Communities { communities, .. } => Some(*communities),
                _ => None,
            };
            let facts = ArmFacts {
                size,
                segments,
                days,
            };
            let email_blast = (arm.email_blast.as_ref())
                .map(|t| t.get_ref().validate(&check, &facts))
                .transpose()?;
            let networking = (arm.networking.as_ref())
                .map(|t| t.get_ref().validate(&check, &facts))
                .transpose()?;
            let social_ads = (arm.social_ads.as_ref())
                .map(|t| t.get_ref().validate(&check, &facts))
                .transpose()?;
            let link_bait = (arm.link_bait.as_ref())
                .map(|t| t.get_ref().validate(&check, &facts))
                .transpose()?;
            let community = (arm.community.as_ref())
                .map(|t| t.get_ref().validate(&check, &facts))
                .transpose()?;
            let config = arm.check(
                &check,
                name.clone(),
                network,
                email_blast,
                networking,
                social_ads,
                link_bait,
                community,
            )?;
            arm.rules(&check, &config, &facts)?;
            check.shares_add_up(&arm, &config)?;
            arms.push(config);
        }
        Ok(arms)
    }

    /// An arm's budget shares add up to 1, or to at most 1 when some tactic
    /// has none (it takes part of the rest). Sums of decimal shares are
    /// rarely exact (0.1 + 0.2 + 0.7), so a billionth either way is allowed.
    fn shares_add_up(&self, raw: &RawArm, arm: &ArmConfig) -> Result<(), ScenarioError> {
        const SLACK: f64 = 1e-9;
        let spans = [
            (raw.email_blast.as_ref()).and_then(|t| t.get_ref().budget_share.as_ref()),
            (raw.networking.as_ref()).and_then(|t| t.get_ref().budget_share.as_ref()),
            (raw.social_ads.as_ref()).and_then(|t| t.get_ref().budget_share.as_ref()),
            (raw.link_bait.as_ref()).and_then(|t| t.get_ref().budget_share.as_ref()),
            (raw.community.as_ref()).and_then(|t| t.get_ref().budget_share.as_ref()),
        ];
        let params = [
            &p::EMAIL_BUDGET_SHARE,
            &p::NETWORKING_BUDGET_SHARE,
            &p::ADS_BUDGET_SHARE,
            &p::BAIT_BUDGET_SHARE,
            &p::GROUP_BUDGET_SHARE,
        ];
        let shares = arm.written_shares();
        let given: Vec<(usize, f64)> = (shares.iter().enumerate())
            .filter_map(|(i, (_, s))| s.flatten().map(|s| (i, s)))
            .collect();
        let Some(&(last, _)) = given.last() else {
            return Ok(());
        };
        let unset: Vec<&str> = (shares.iter())
            .filter(|(_, s)| matches!(s, Some(None)))
            .map(|(kind, _)| *kind)
            .collect();
        let sum: f64 = given.iter().map(|(_, s)| s).sum();
        let listed = (given.iter())
            .map(|&(i, s)| format!("{} {s}", shares[i].0))
            .collect::<Vec<_>>()
            .join(" + ");
        let fail =
            |message: String| self.fail(spans[last].map(Spanned::span), params[last], message);
        if unset.is_empty() && (sum - 1.0).abs() > SLACK {
            let fix = if given.len() == 1 {
                "an arm with one tactic gives it the whole budget: set budget_share = 1 or leave it out".to_string()
            } else {
                let last_fits = 1.0 - (sum - given[given.len() - 1].1);
                if (0.0..=1.0).contains(&last_fits) {
                    format!(
                        "make them add up to 1 (for example {} = {}), or leave one out to take what the others leave",
                        shares[last].0,
                        round_share(last_fits)
                    )
                } else {
                    "make them add up to 1, or leave one out to take what the others leave"
                        .to_string()
                }
            };
            return Err(fail(format!(
                "the budget shares of arm \"{}\" add up to {} ({listed}), not 1",
                arm.name,
                round_share(sum)
            ))
            .help(fix));
        }
        if sum > 1.0 + SLACK {
            return Err(fail(format!(
                "the budget shares of arm \"{}\" add up to {} ({listed}), more than the whole budget",
                arm.name,
                round_share(sum)
            ))
            .help(format!(
                "make them add up to less than 1, so that {} can take what they leave",
                unset.join(" and ")
            )));
        }
        Ok(())
    }

    /// A target community is 0 for everyone, or one of the arm's
    /// network's communities.
    pub(super) fn community_exists(
        &self,
        field: &Field<i64>,
        param: &Param,
        k: u32,
        segments: Option<u32>,
    ) -> Result<(), ScenarioError> {
        let span = field.as_ref().map(Spanned::span);
        match segments {
            _ if k == 0 => Ok(()),
            Some(c) if k <= c => Ok(()),
            Some(c) => Err(self
                .fail(span, param, format!("there is no community {k}: the network has {c}"))
                .help(format!("use 1 to {c}, or 0 for everyone"))),
            None => Err(self
                .fail(span, param, format!("community {k} needs a communities network"))
                .help("set kind = \"communities\" in [population.network] (or the arm's own [arms.<arm>.network]), or use 0 for everyone")),
        }
    }
}

/// A share as people write it: 0.7 rather than 0.7000000000000001.
fn round_share(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// A key as it must be written in a dotted path.
pub fn quote_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        key.to_string()
    } else {
        format!("\"{key}\"")
    }
}
