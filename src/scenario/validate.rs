//! Raw scenario -> validated `Scenario`. Every check happens here, once, with
//! the position of the value at fault; the engine trusts what comes out.

use super::config::*;
use super::error::{ScenarioError, SourceText};
use super::params::{self as p, Param, Range};
use super::raw::*;
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
    if msg.starts_with("duplicate key") {
        return err.help("this key or table is written twice; every arm needs its own name");
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

struct Check<'a> {
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

    fn fail(
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

    fn real(&self, field: &Field<f64>, param: &Param) -> Result<f64, ScenarioError> {
        let Some(v) = field else {
            return Ok(param.default_real());
        };
        let (span, x) = (v.span(), *v.get_ref());
        let ok = x.is_finite()
            && match param.range {
                Range::Unit => (0.0..=1.0).contains(&x),
                Range::Real(lo, hi) => (lo..=hi).contains(&x),
                _ => unreachable!("{} is not a real parameter", param.path),
            };
        if ok {
            Ok(x)
        } else {
            Err(self.out_of_range(span, param, format!("{x}")))
        }
    }

    fn whole(&self, field: &Field<i64>, param: &Param) -> Result<i64, ScenarioError> {
        let Some(v) = field else {
            return Ok(param.default_real() as i64);
        };
        let (span, x) = (v.span(), *v.get_ref());
        match param.range {
            Range::Whole(lo, hi) if (lo..=hi).contains(&x) => Ok(x),
            Range::Whole(..) => Err(self.out_of_range(span, param, format!("{x}"))),
            _ => unreachable!("{} is not a whole parameter", param.path),
        }
    }

    fn flag(&self, field: &Field<bool>, param: &Param) -> bool {
        match (field, param.default) {
            (Some(v), _) => *v.get_ref(),
            (None, p::Default::Flag(d)) => d,
            _ => unreachable!("{} is not a flag", param.path),
        }
    }

    fn scenario(&self, raw: RawScenario, default_name: &str) -> Result<Scenario, ScenarioError> {
        let name = match &raw.name {
            Some(n) => {
                let s = n.get_ref().trim();
                let ok = !s.is_empty()
                    && !s.starts_with('.')
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '));
                if !ok {
                    return Err(self
                        .fail(
                            Some(n.span()),
                            &p::NAME,
                            format!("`{}` cannot name an output folder", n.get_ref()),
                        )
                        .help(
                            "use letters, digits, spaces, '-', '_' or '.', not starting with '.'",
                        ));
                }
                s.to_string()
            }
            None => default_name.to_string(),
        };
        let size_span = raw
            .population
            .as_ref()
            .and_then(|p| p.size.as_ref())
            .map(Spanned::span);
        let population = self.population(raw.population.unwrap_or_default())?;
        let behaviour = self.behaviour(raw.behaviour.unwrap_or_default())?;
        let raw_money = raw.money.unwrap_or_default();
        let money = self.money(&raw_money)?;
        let arms = self.arms(raw.arms, &population)?;
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
        let days = self.whole(&raw.days, &p::DAYS)? as u32;
        let lesson = super::lesson::check(self.src, raw.lesson, &arms, days)?;
        let scenario = Scenario {
            name,
            days,
            seed: self.whole(&raw.seed, &p::SEED)? as u64,
            replicates: self.whole(&raw.replicates, &p::REPLICATES)? as u32,
            baseline,
            population,
            behaviour,
            money,
            arms,
            lesson,
        };
        self.fits_in_memory(&scenario, size_span)?;
        Ok(scenario)
    }

    /// Refuses a run whose estimated peak memory exceeds this machine's.
    fn fits_in_memory(
        &self,
        s: &Scenario,
        span: Option<std::ops::Range<usize>>,
    ) -> Result<(), ScenarioError> {
        let Some(have) = crate::engine::resources::machine_bytes() else {
            return Ok(());
        };
        let need = crate::engine::resources::peak_bytes(s);
        if need <= have {
            return Ok(());
        }
        let per_person = need as f64 / f64::from(s.population.size);
        let max = (have as f64 / per_person) as u64;
        Err(self
            .fail(
                span,
                &p::SIZE,
                format!(
                    "{} people need about {:.1} GB, more than this machine's {:.1} GB",
                    s.population.size,
                    need as f64 / 1e9,
                    have as f64 / 1e9
                ),
            )
            .help(format!(
                "at most about {max} people fit with {} arm(s) on this {} network",
                s.arms.len(),
                s.population.network.kind()
            )))
    }

    fn population(&self, raw: RawPopulation) -> Result<PopulationConfig, ScenarioError> {
        let raw_network = raw.network.unwrap_or_default();
        let size_span = raw.size.as_ref().map(Spanned::span);
        // An edge list decides the population's size; any other network
        // is generated for the size asked for.
        let (network, size) = match self.edge_list(&raw_network)? {
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
                let size = self.whole(&raw.size, &p::SIZE)? as u32;
                (self.network(&raw_network, size, size_span)?, size)
            }
        };
        let initial_trust = self.real(&raw.initial_trust, &p::INITIAL_TRUST)?;
        let initial_trust_sd = self.real(&raw.initial_trust_sd, &p::INITIAL_TRUST_SD)?;
        // A Beta distribution needs variance below mean * (1 - mean).
        if initial_trust_sd > 0.0 {
            let max_sd = (initial_trust * (1.0 - initial_trust)).sqrt();
            if initial_trust_sd >= max_sd {
                let span = raw.initial_trust_sd.as_ref().map(Spanned::span);
                return Err(self
                    .fail(
                        span.or(raw.initial_trust.as_ref().map(Spanned::span)),
                        &p::INITIAL_TRUST_SD,
                        format!(
                            "a spread of {initial_trust_sd} is impossible around a mean trust of {initial_trust}"
                        ),
                    )
                    .help(format!(
                        "with this mean the spread must be below {:.3} (or 0 for everyone alike)",
                        max_sd
                    )));
            }
        }
        Ok(PopulationConfig {
            size,
            initial_trust,
            initial_trust_sd,
            needs_per_year: self.real(&raw.needs_per_year, &p::NEEDS_PER_YEAR)?,
            need_days: self.real(&raw.need_days, &p::NEED_DAYS)?,
            market_spread: self.real(&raw.market_spread, &p::MARKET_SPREAD)?,
            heavy_sharer_share: self.real(&raw.heavy_sharer_share, &p::HEAVY_SHARER_SHARE)?,
            heavy_sharer_factor: self.real(&raw.heavy_sharer_factor, &p::HEAVY_SHARER_FACTOR)?,
            audience_share: self.real(&raw.audience_share, &p::AUDIENCE_SHARE)?,
            outside_purchase_factor: self
                .real(&raw.outside_purchase_factor, &p::OUTSIDE_PURCHASE_FACTOR)?,
            social_preference_share: self
                .real(&raw.social_preference_share, &p::SOCIAL_PREFERENCE_SHARE)?,
            channel_preference_strength: self
                .real(&raw.channel_preference_strength, &p::CHANNEL_PREFERENCE)?,
            network,
        })
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
        let applies: &[Param] = match kind {
            "small-world" => &[p::MEAN_DEGREE, p::REWIRING],
            "scale-free" => &[p::MEAN_DEGREE, p::TRIANGLE_CLOSING],
            "random" => &[p::MEAN_DEGREE],
            "communities" => &[p::MEAN_DEGREE, p::COMMUNITIES, p::INSIDE_SHARE],
            "edge-list" => &[p::PATH],
            _ => &[],
        };
        let given = [
            (&p::MEAN_DEGREE, raw.mean_degree.as_ref().map(Spanned::span)),
            (&p::REWIRING, raw.rewiring.as_ref().map(Spanned::span)),
            (
                &p::TRIANGLE_CLOSING,
                raw.triangle_closing.as_ref().map(Spanned::span),
            ),
            (&p::COMMUNITIES, raw.communities.as_ref().map(Spanned::span)),
            (
                &p::INSIDE_SHARE,
                raw.inside_share.as_ref().map(Spanned::span),
            ),
            (&p::PATH, raw.path.as_ref().map(Spanned::span)),
        ];
        for (param, span) in given {
            if span.is_some() && !applies.iter().any(|a| a.path == param.path) {
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
            let d = self.whole(&raw.mean_degree, &p::MEAN_DEGREE)?;
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
            if d >= i64::from(size) {
                return Err(self
                    .fail(
                        span.or(size_span.clone()),
                        &p::MEAN_DEGREE,
                        format!("a mean degree of {d} is not below the population size {size}"),
                    )
                    .help("each person can have at most size - 1 friends: lower mean_degree or raise population.size"));
            }
            Ok(d as u32)
        };
        Ok(match kind {
            "small-world" => NetworkConfig::SmallWorld {
                mean_degree: degree(true)?,
                rewiring: self.real(&raw.rewiring, &p::REWIRING)?,
            },
            "scale-free" => NetworkConfig::ScaleFree {
                mean_degree: degree(true)?,
                triangle_closing: self.real(&raw.triangle_closing, &p::TRIANGLE_CLOSING)?,
            },
            "random" => NetworkConfig::Random {
                mean_degree: degree(false)?,
            },
            "communities" => {
                let communities = self.whole(&raw.communities, &p::COMMUNITIES)?;
                if communities > i64::from(size) {
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
                    self.real(&raw.inside_share, &p::INSIDE_SHARE)?,
                );
                let (p_in, p_out) = crate::population::communities::community_probabilities(
                    size,
                    f64::from(mean_degree),
                    communities as u32,
                    inside_share,
                );
                // One-person communities have no inside at all.
                let no_inside = inside_share > 0.0 && size / (communities as u32) < 2;
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
                                size / communities as u32
                            ),
                        )
                        .help("use fewer communities, a lower inside_share or a lower mean_degree"));
                }
                NetworkConfig::Communities {
                    mean_degree,
                    communities: communities as u32,
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

    /// Loads an edge list if `raw` is one: the network and its number of people.
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
        })?;
        let people = loaded.graph.len();
        if people < 10 || people > u32::MAX as usize - 1 {
            return Err(fail(format!(
                "the edge list has {}; outreach needs at least 10",
                crate::population::edge_list::people(people)
            )));
        }
        let path = path.canonicalize().unwrap_or(path);
        let network = NetworkConfig::EdgeList {
            path,
            graph: LoadedGraph {
                graph: std::sync::Arc::new(loaded.graph),
                self_loops: loaded.self_loops,
                duplicates: loaded.duplicates,
            },
        };
        Ok(Some((network, people as u32)))
    }

    fn behaviour(&self, raw: RawBehaviour) -> Result<BehaviourConfig, ScenarioError> {
        Ok(BehaviourConfig {
            awareness_half_life_days: self
                .real(&raw.awareness_half_life_days, &p::AWARENESS_HALF_LIFE)?,
            trust_negativity_ratio: self.real(&raw.trust_negativity_ratio, &p::NEGATIVITY_RATIO)?,
            ask_trust: self.real(&raw.ask_trust, &p::ASK_TRUST)?,
            need_purchase_per_day: self.real(&raw.need_purchase_per_day, &p::NEED_PURCHASE)?,
            customer_trust_gain: self.real(&raw.customer_trust_gain, &p::CUSTOMER_TRUST_GAIN)?,
            pitch_ready_trust: self.real(&raw.pitch_ready_trust, &p::PITCH_READY_TRUST)?,
            word_of_mouth: self.flag(&raw.word_of_mouth, &p::WORD_OF_MOUTH),
            tell_trust: self.real(&raw.tell_trust, &p::TELL_TRUST)?,
            tell_per_day: self.real(&raw.tell_per_day, &p::TELL_PER_DAY)?,
            listen_per_day: self.whole(&raw.listen_per_day, &p::LISTEN_PER_DAY)? as u32,
            friend_trust_gain: self.real(&raw.friend_trust_gain, &p::FRIEND_TRUST_GAIN)?,
            friend_awareness: self.real(&raw.friend_awareness, &p::FRIEND_AWARENESS)?,
            negative_word_trust_loss: self
                .real(&raw.negative_word_trust_loss, &p::NEGATIVE_TRUST_LOSS)?,
            negative_pass_on: self.real(&raw.negative_pass_on, &p::NEGATIVE_PASS_ON)?,
            complaint_tells: self.whole(&raw.complaint_tells, &p::COMPLAINT_TELLS)? as u32,
        })
    }

    fn money(&self, raw: &RawMoney) -> Result<MoneyConfig, ScenarioError> {
        Ok(MoneyConfig {
            hourly_rate: self.real(&raw.hourly_rate, &p::HOURLY_RATE)?,
            price: self.real(&raw.price, &p::PRICE)?,
            margin: self.real(&raw.margin, &p::MARGIN)?,
            referral_extra_value: self.real(&raw.referral_extra_value, &p::REFERRAL_EXTRA)?,
            daily_budget: self.real(&raw.daily_budget, &p::DAILY_BUDGET)?,
        })
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
            let network = arm
                .network
                .map(|n| check.network(n.get_ref(), size, Some(n.span())))
                .transpose()?;
            // Communities double as audience segments a tactic can target.
            let segments = match network.as_ref().unwrap_or(&population.network) {
                NetworkConfig::Communities { communities, .. } => Some(*communities),
                _ => None,
            };
            let email_blast = arm
                .email_blast
                .map(|t| check.email_blast(t.into_inner(), segments))
                .transpose()?;
            let networking = arm
                .networking
                .map(|t| check.networking(t.into_inner(), segments))
                .transpose()?;
            let social_ads = arm
                .social_ads
                .map(|t| check.social_ads(t.into_inner(), segments))
                .transpose()?;
            let link_bait = arm
                .link_bait
                .map(|t| check.link_bait(t.into_inner(), size))
                .transpose()?;
            let community = arm
                .community
                .map(|t| check.community_groups(t.into_inner(), segments))
                .transpose()?;
            let stop_day = check.whole(&arm.stop_day, &p::STOP_DAY)? as u32;
            arms.push(ArmConfig {
                name,
                stop_day,
                network,
                email_blast,
                networking,
                social_ads,
                link_bait,
                community,
            });
        }
        Ok(arms)
    }

    /// A target community: 0 for everyone, or one of the arm's network's communities.
    fn community(
        &self,
        field: &Field<i64>,
        param: &Param,
        segments: Option<u32>,
    ) -> Result<u32, ScenarioError> {
        let k = self.whole(field, param)?;
        if k == 0 {
            return Ok(0);
        }
        let span = field.as_ref().map(Spanned::span);
        match segments {
            Some(c) if k <= i64::from(c) => Ok(k as u32),
            Some(c) => Err(self
                .fail(span, param, format!("there is no community {k}: the network has {c}"))
                .help(format!("use 1 to {c}, or 0 for everyone"))),
            None => Err(self
                .fail(span, param, format!("community {k} needs a communities network"))
                .help("set kind = \"communities\" in [population.network] (or the arm's own [arms.<arm>.network]), or use 0 for everyone")),
        }
    }

    fn email_blast(
        &self,
        r: RawEmailBlast,
        segments: Option<u32>,
    ) -> Result<EmailBlastConfig, ScenarioError> {
        let helpful_opens = self.whole(&r.helpful_opens, &p::HELPFUL_OPENS)? as u32;
        let wear_out_opens = self.whole(&r.wear_out_opens, &p::WEAR_OUT_OPENS)? as u32;
        if wear_out_opens < helpful_opens {
            let span = r
                .wear_out_opens
                .as_ref()
                .or(r.helpful_opens.as_ref())
                .map(Spanned::span);
            return Err(self
                .fail(span, &p::WEAR_OUT_OPENS, format!("wear-out at {wear_out_opens} opens comes before the {helpful_opens} helpful opens end"))
                .help("wear_out_opens must be at least helpful_opens"));
        }
        let open_rate = self.real(&r.open_rate, &p::OPEN_RATE)?;
        let click_rate = self.real(&r.click_rate, &p::CLICK_RATE)?;
        if click_rate > open_rate {
            let span = r
                .click_rate
                .as_ref()
                .or(r.open_rate.as_ref())
                .map(Spanned::span);
            return Err(self
                .fail(
                    span,
                    &p::CLICK_RATE,
                    format!("a click rate of {click_rate} exceeds the open rate {open_rate}"),
                )
                .help("only opened emails are clicked: click_rate must not exceed open_rate"));
        }
        Ok(EmailBlastConfig {
            community: self.community(&r.community, &p::EMAIL_COMMUNITY, segments)?,
            list_share: self.real(&r.list_share, &p::LIST_SHARE)?,
            cadence_days: self.whole(&r.cadence_days, &p::CADENCE_DAYS)? as u32,
            reference_cadence_days: self.real(&r.reference_cadence_days, &p::REFERENCE_CADENCE)?,
            open_rate,
            click_rate,
            unsubscribe_rate: self.real(&r.unsubscribe_rate, &p::UNSUBSCRIBE_RATE)?,
            complaint_rate: self.real(&r.complaint_rate, &p::COMPLAINT_RATE)?,
            list_decay_per_month: self.real(&r.list_decay_per_month, &p::LIST_DECAY)?,
            fatigue_half_life_days: self.real(&r.fatigue_half_life_days, &p::FATIGUE_HALF_LIFE)?,
            open_fatigue_elasticity: self.real(&r.open_fatigue_elasticity, &p::OPEN_ELASTICITY)?,
            click_fatigue_elasticity: self
                .real(&r.click_fatigue_elasticity, &p::CLICK_ELASTICITY)?,
            unsubscribe_fatigue_elasticity: self.real(
                &r.unsubscribe_fatigue_elasticity,
                &p::UNSUBSCRIBE_ELASTICITY,
            )?,
            complaint_fatigue_elasticity: self
                .real(&r.complaint_fatigue_elasticity, &p::COMPLAINT_ELASTICITY)?,
            purchase_per_click: self.real(&r.purchase_per_click, &p::PURCHASE_PER_CLICK)?,
            open_awareness: self.real(&r.open_awareness, &p::OPEN_AWARENESS)?,
            helpful_opens,
            wear_out_opens,
            open_trust_gain: self.real(&r.open_trust_gain, &p::OPEN_TRUST_GAIN)?,
            wear_out_trust_loss: self.real(&r.wear_out_trust_loss, &p::WEAR_OUT_LOSS)?,
            annoyance: self.real(&r.annoyance, &p::ANNOYANCE)?,
            signup_per_visit: self.real(&r.signup_per_visit, &p::SIGNUP_PER_VISIT)?,
            complaint_threshold: self.real(&r.complaint_threshold, &p::COMPLAINT_THRESHOLD)?,
            spam_inbox_share: self.real(&r.spam_inbox_share, &p::SPAM_INBOX_SHARE)?,
            reputation_half_life_days: self
                .real(&r.reputation_half_life_days, &p::REPUTATION_HALF_LIFE)?,
            cost_per_address: self.real(&r.cost_per_address, &p::COST_PER_ADDRESS)?,
            cost_per_email: self.real(&r.cost_per_email, &p::COST_PER_EMAIL)?,
            hours_per_send: self.real(&r.hours_per_send, &p::HOURS_PER_SEND)?,
        })
    }

    fn networking(
        &self,
        r: RawNetworking,
        segments: Option<u32>,
    ) -> Result<NetworkingConfig, ScenarioError> {
        Ok(NetworkingConfig {
            community: self.community(&r.community, &p::NETWORKING_COMMUNITY, segments)?,
            conversations_per_day: self.whole(&r.conversations_per_day, &p::CONVERSATIONS)? as u32,
            new_contact_share: self.real(&r.new_contact_share, &p::NEW_CONTACT_SHARE)?,
            introduction_share: self.real(&r.introduction_share, &p::INTRODUCTION_SHARE)?,
            targeting: self.real(&r.targeting, &p::NETWORKING_TARGETING)?,
            conversation_trust_gain: self
                .real(&r.conversation_trust_gain, &p::CONVERSATION_TRUST_GAIN)?,
            pitch_trust: self.real(&r.pitch_trust, &p::PITCH_TRUST)?,
            pitch_success: self.real(&r.pitch_success, &p::PITCH_SUCCESS)?,
            pitch_success_in_need: self
                .real(&r.pitch_success_in_need, &p::PITCH_SUCCESS_IN_NEED)?,
            early_pitch_trust_loss: self.real(&r.early_pitch_trust_loss, &p::EARLY_PITCH_LOSS)?,
            early_pitch_unfollow: self.real(&r.early_pitch_unfollow, &p::EARLY_PITCH_UNFOLLOW)?,
            follow_after_conversation: self
                .real(&r.follow_after_conversation, &p::FOLLOW_AFTER_CONVERSATION)?,
            follow_after_referral: self
                .real(&r.follow_after_referral, &p::FOLLOW_AFTER_REFERRAL)?,
            posts_per_week: self.real(&r.posts_per_week, &p::POSTS_PER_WEEK)?,
            post_reach: self.real(&r.post_reach, &p::POST_REACH)?,
            post_trust_gain: self.real(&r.post_trust_gain, &p::POST_TRUST_GAIN)?,
            post_awareness: self.real(&r.post_awareness, &p::POST_AWARENESS)?,
            hours_per_conversation: self
                .real(&r.hours_per_conversation, &p::HOURS_PER_CONVERSATION)?,
            hours_per_post: self.real(&r.hours_per_post, &p::HOURS_PER_POST)?,
        })
    }

    fn social_ads(
        &self,
        r: RawSocialAds,
        segments: Option<u32>,
    ) -> Result<SocialAdsConfig, ScenarioError> {
        Ok(SocialAdsConfig {
            community: self.community(&r.community, &p::ADS_COMMUNITY, segments)?,
            reach_per_day: self.real(&r.reach_per_day, &p::ADS_REACH)?,
            targeting: self.real(&r.targeting, &p::AD_TARGETING)?,
            ad_awareness: self.real(&r.ad_awareness, &p::AD_AWARENESS)?,
            click_rate: self.real(&r.click_rate, &p::AD_CLICK)?,
            purchase_per_click: self.real(&r.purchase_per_click, &p::AD_PURCHASE)?,
            offence_rate: self.real(&r.offence_rate, &p::AD_OFFENCE)?,
            outside_offence_factor: self.real(&r.outside_offence_factor, &p::AD_OUTSIDE_OFFENCE)?,
            offence_trust_loss: self.real(&r.offence_trust_loss, &p::AD_TRUST_LOSS)?,
            intrusion: self.real(&r.intrusion, &p::AD_ANNOYANCE)?,
            cost_per_impression: self.real(&r.cost_per_impression, &p::COST_PER_IMPRESSION)?,
        })
    }

    fn link_bait(&self, r: RawLinkBait, size: u32) -> Result<LinkBaitConfig, ScenarioError> {
        let seeds = self.whole(&r.seeds, &p::BAIT_SEEDS)?;
        if seeds > i64::from(size) {
            return Err(self
                .fail(
                    r.seeds.as_ref().map(Spanned::span),
                    &p::BAIT_SEEDS,
                    format!("{seeds} seeds are more than the {size} people"),
                )
                .help("use at most population.size seeds"));
        }
        Ok(LinkBaitConfig {
            every_days: self.whole(&r.every_days, &p::BAIT_EVERY)? as u32,
            seeds: seeds as u32,
            pass_on: self.real(&r.pass_on, &p::BAIT_PASS_ON)?,
            bait_awareness: self.real(&r.bait_awareness, &p::BAIT_AWARENESS)?,
            bait_trust_gain: self.real(&r.bait_trust_gain, &p::BAIT_TRUST_GAIN)?,
            hours_per_piece: self.real(&r.hours_per_piece, &p::HOURS_PER_PIECE)?,
        })
    }

    fn community_groups(
        &self,
        r: RawCommunity,
        segments: Option<u32>,
    ) -> Result<CommunityConfig, ScenarioError> {
        Ok(CommunityConfig {
            community: self.community(&r.community, &p::GROUP_COMMUNITY, segments)?,
            group_share: self.real(&r.group_share, &p::GROUP_SHARE)?,
            contact_per_hour: self.real(&r.contact_per_hour, &p::CONTACT_PER_HOUR)?,
            hours_per_day: self.real(&r.hours_per_day, &p::COMMUNITY_HOURS)?,
            awareness: self.real(&r.awareness, &p::COMMUNITY_AWARENESS)?,
            trust_gain: self.real(&r.trust_gain, &p::COMMUNITY_TRUST_GAIN)?,
        })
    }
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
