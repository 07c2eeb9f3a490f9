//! What a scenario parameter is, and the macro that declares a section of
//! them once. Each row of `super::sections` carries its path, label, group,
//! default, unit, valid range, teaching range, source and meaning; from one
//! `section!` the macro writes the serde type that keeps positions
//! (`Raw*`), the validated type (`*Config`) and the validation of every
//! value's range, so a parameter is spelled in exactly one place. Rules
//! between parameters are plain code beside the declaration. `outreach
//! params`, `outreach check` and docs/MODEL.md's table read the rows.
//!
//! A `macro_rules!` table rather than a derive crate: it needs no second
//! crate to compile (builds are this project's bottleneck), and the rows
//! read as a table.

pub use super::sections::*;

/// What values a parameter accepts.
#[derive(Clone, Copy, Debug)]
pub enum Range {
    /// A probability or share: a finite number in [0, 1].
    Unit,
    /// A finite number in [min, max].
    Real(f64, f64),
    /// A whole number in [min, max].
    Whole(i64, i64),
    /// true or false.
    Flag,
    /// One of the listed words.
    Choice(&'static [&'static str]),
    /// A short name (letters, digits, '-', '_', '.', spaces).
    Name,
    /// A file path, relative to the scenario file's folder.
    Path,
    /// A colour written `"#rrggbb"` (`super::colour`).
    Colour,
}

/// A parameter's default value.
#[derive(Clone, Copy, Debug)]
pub enum Default {
    Real(f64),
    Whole(i64),
    Flag(bool),
    Word(&'static str),
    /// Filled in from elsewhere (the file's name for `name`).
    Derived(&'static str),
}

/// Where a default comes from.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    /// A published figure, as quoted in ../shared/MODEL.md.
    Published(&'static str),
    /// Fitted to a published figure by the model's equations.
    Fitted(&'static str),
    /// A teaching assumption: a round, plausible number to be varied in class.
    Assumption,
    /// A setting of the run, not of the model.
    Setting,
}

/// The part of the valid range worth a slider in class, and its step: the
/// valid range says what the model accepts, this what is worth trying.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Teach {
    pub min: f64,
    pub max: f64,
    pub step: f64,
}

/// A slider from `min` to `max` in steps of `step`.
pub const fn slide(min: f64, max: f64, step: f64) -> Option<Teach> {
    Some(Teach { min, max, step })
}

/// A slider over whole numbers.
pub const fn slide_whole(min: u32, max: u32, step: u32) -> Option<Teach> {
    slide(min as f64, max as f64, step as f64)
}

/// A parameter set by a choice, a tick box or text rather than a slider.
pub const NO_SLIDER: Option<Teach> = None;

#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// Dotted path; `<arm>` stands for any arm's name.
    pub path: &'static str,
    /// A short name for a form.
    pub label: &'static str,
    /// The section a form shows it under.
    pub group: &'static str,
    pub default: Default,
    pub unit: &'static str,
    pub range: Range,
    /// The slider's range and step (a sub-range of `range`), if any.
    pub teach: Option<Teach>,
    pub meaning: &'static str,
    pub source: Source,
}

impl Param {
    /// The last segment of the path: the key as written in a file.
    pub fn key(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    pub fn default_real(&self) -> f64 {
        match self.default {
            Default::Real(v) => v,
            Default::Whole(v) => v as f64,
            _ => panic!("{} has no numeric default", self.path),
        }
    }

    pub fn default_text(&self) -> String {
        match self.default {
            Default::Real(v) => format!("{v}"),
            Default::Whole(v) => format!("{v}"),
            Default::Flag(v) => format!("{v}"),
            Default::Word(w) => format!("\"{w}\""),
            Default::Derived(what) => what.to_string(),
        }
    }

    pub fn range_text(&self) -> String {
        match self.range {
            Range::Unit => "0 to 1".into(),
            Range::Real(lo, hi) => format!("{lo} to {hi}"),
            Range::Whole(lo, hi) => format!("whole number {lo} to {hi}"),
            Range::Flag => "true or false".into(),
            Range::Choice(words) => words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(", "),
            Range::Name => "letters of any script, digits, space, - _ .".into(),
            Range::Path => "a file path, relative to the scenario file".into(),
            Range::Colour => "a colour written \"#rrggbb\" (hexadecimal)".into(),
        }
    }

    /// "10 to 300 step 10", or "-" for a parameter without a slider.
    pub fn teach_text(&self) -> String {
        match self.teach {
            Some(t) => format!("{} to {} step {}", t.min, t.max, t.step),
            None => "-".into(),
        }
    }

    pub fn source_text(&self) -> String {
        match self.source {
            Source::Published(s) => format!("published: {s}"),
            Source::Fitted(s) => format!("fitted: {s}"),
            Source::Assumption => "teaching assumption".into(),
            Source::Setting => "run setting".into(),
        }
    }
}

/// A parameter's type in the validated scenario, and how it is written in a
/// file (`Raw`): whole numbers are read as i64 so a negative one is refused
/// with its position rather than by serde.
pub trait Written {
    type Raw;
}

/// A type the generated validation can check against a row's range.
pub trait Value: Written + Sized {
    fn from_default(param: &Param) -> Self;
    /// The value if it is in the row's range.
    fn from_raw(raw: &Self::Raw, param: &Param) -> Option<Self>;
    /// Left out when the scenario is written (a derived default not given):
    /// a rerun derives it again, and JSON (the live page) has no null in TOML.
    fn unset(&self) -> bool {
        false
    }
}

/// `Value::unset`, as serde's `skip_serializing_if` wants it.
pub fn unset<T: Value>(v: &T) -> bool {
    v.unset()
}

impl Written for f64 {
    type Raw = f64;
}
impl Written for u32 {
    type Raw = i64;
}
impl Written for u64 {
    type Raw = i64;
}
impl Written for bool {
    type Raw = bool;
}
/// A number whose default is worked out from other values (a `Derived`
/// default): `None` until written.
impl Written for Option<f64> {
    type Raw = f64;
}
/// Names, words and paths have rules of their own (`super::validate`), so
/// `String` has no `Value`: the generated validation cannot pass one unchecked.
impl Written for String {
    type Raw = String;
}

impl Value for f64 {
    fn from_default(param: &Param) -> Self {
        param.default_real()
    }
    fn from_raw(&x: &f64, param: &Param) -> Option<Self> {
        let ok = x.is_finite()
            && match param.range {
                Range::Unit => (0.0..=1.0).contains(&x),
                Range::Real(lo, hi) => (lo..=hi).contains(&x),
                _ => unreachable!("{} is not a real parameter", param.path),
            };
        ok.then_some(x)
    }
}

/// A whole number within the row's range (which fits the target type).
fn whole(x: i64, param: &Param) -> Option<i64> {
    match param.range {
        Range::Whole(lo, hi) => (lo..=hi).contains(&x).then_some(x),
        _ => unreachable!("{} is not a whole parameter", param.path),
    }
}

impl Value for u32 {
    fn from_default(param: &Param) -> Self {
        param.default_real() as u32
    }
    fn from_raw(&x: &i64, param: &Param) -> Option<Self> {
        whole(x, param).and_then(|x| u32::try_from(x).ok())
    }
}

impl Value for u64 {
    fn from_default(param: &Param) -> Self {
        param.default_real() as u64
    }
    fn from_raw(&x: &i64, param: &Param) -> Option<Self> {
        whole(x, param).and_then(|x| u64::try_from(x).ok())
    }
}

impl Value for Option<f64> {
    fn from_default(param: &Param) -> Self {
        match param.default {
            Default::Derived(_) => None,
            _ => unreachable!("{} has a default of its own: make it f64", param.path),
        }
    }
    fn from_raw(x: &f64, param: &Param) -> Option<Self> {
        f64::from_raw(x, param).map(Some)
    }
    fn unset(&self) -> bool {
        self.is_none()
    }
}

impl Value for bool {
    fn from_default(param: &Param) -> Self {
        match param.default {
            Default::Flag(d) => d,
            _ => unreachable!("{} is not a flag", param.path),
        }
    }
    fn from_raw(&x: &bool, _: &Param) -> Option<Self> {
        Some(x)
    }
}

/// Declares one section of the scenario: its rows, the list of them, the
/// raw serde type (every row as an optional `Spanned` value, plus the
/// section's sub-tables given under `tables`) and, with `config`, the
/// validated type (every row as its checked value, then the `tables`'
/// validated forms, which the generated `check` takes as arguments).
///
/// A row: `key: Type = CONST, "label", default, "unit", valid range,
/// teaching range, source, "meaning";`. The path is the prefix and the key.
macro_rules! section {
    (
        $(#[$raw_meta:meta])*
        raw $raw:ident, list $list:ident, group $group:literal, prefix $prefix:literal;
        tables { $( $(#[$tm:meta])* $t:ident : $tt:ty ),* $(,)? }
        config $config:ident { $( $(#[$cm:meta])* $c:ident : $ct:ty ),* $(,)? }
        $( $f:ident : $ty:ty = $id:ident, $label:literal, $default:expr, $unit:literal,
            $range:expr, $teach:expr, $source:expr, $meaning:literal; )*
    ) => {
        section! {
            $(#[$raw_meta])*
            raw $raw, list $list, group $group, prefix $prefix;
            tables { $( $(#[$tm])* $t : $tt ),* }
            $( $f : $ty = $id, $label, $default, $unit, $range, $teach, $source, $meaning; )*
        }

        #[derive(Clone, Debug, serde::Serialize, PartialEq)]
        pub struct $config {
            $(
                #[doc = $meaning]
                #[serde(skip_serializing_if = "super::params::unset")]
                pub $f: $ty,
            )*
            $( $(#[$cm])* pub $c: $ct, )*
        }

        impl $raw {
            /// Every row checked against its range, defaults filled in; the
            /// section's validated tables are passed in.
            // An arm passes its five tactics and its network: one argument each.
            #[allow(clippy::too_many_arguments)]
            pub(super) fn check(
                &self,
                c: &super::validate::Check<'_>,
                $( $c: $ct ),*
            ) -> Result<$config, super::error::ScenarioError> {
                Ok($config {
                    $( $f: c.get(&self.$f, &$id)?, )*
                    $( $c, )*
                })
            }
        }
    };
    (
        $(#[$raw_meta:meta])*
        raw $raw:ident, list $list:ident, group $group:literal, prefix $prefix:literal;
        tables { $( $(#[$tm:meta])* $t:ident : $tt:ty ),* $(,)? }
        $( $f:ident : $ty:ty = $id:ident, $label:literal, $default:expr, $unit:literal,
            $range:expr, $teach:expr, $source:expr, $meaning:literal; )*
    ) => {
        $(
            pub const $id: Param = Param {
                path: concat!($prefix, stringify!($f)),
                label: $label,
                group: $group,
                default: $default,
                unit: $unit,
                range: $range,
                teach: $teach,
                meaning: $meaning,
                source: $source,
            };
        )*

        /// This section's parameters, in the order they are listed.
        pub const $list: &[Param] = &[$($id),*];

        $(#[$raw_meta])*
        #[derive(Debug, Default, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $raw {
            $(
                #[doc = $meaning]
                pub $f: super::raw::Field<<$ty as super::params::Written>::Raw>,
            )*
            $( $(#[$tm])* pub $t: $tt, )*
        }

        impl $raw {
            /// Each parameter of this section, and where it is written if it is.
            pub fn given(&self) -> Vec<(&'static Param, Option<std::ops::Range<usize>>)> {
                vec![$( (&$id, self.$f.as_ref().map(toml::Spanned::span)) ),*]
            }
        }
    };
}
pub(super) use section;

/// `parts` end to end, at compile time.
const fn concat<const N: usize>(parts: &[&[Param]]) -> [Param; N] {
    let mut out = [NAME; N];
    let (mut i, mut k) = (0, 0);
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[k] = parts[i][j];
            k += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(k == N, "the count matches the parts");
    out
}

const fn count(parts: &[&[Param]]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < parts.len() {
        n += parts[i].len();
        i += 1;
    }
    n
}

const TOTAL: usize = count(SECTIONS);
static EVERY: [Param; TOTAL] = concat(SECTIONS);

/// Every parameter, in the order `outreach params` lists them.
pub static ALL: &[Param] = &EVERY;

/// The parameter table printed by `outreach params`.
pub fn text_table() -> String {
    let mut out = String::from("Every scenario parameter (`<arm>` is an arm's name). Set them in the file or with --set PATH=VALUE.\n\n");
    for p in ALL {
        out.push_str(&format!(
            "{}\n    {} ({})  default {}  unit {}  valid {}  teaching {}\n    {} ({})\n",
            p.path,
            p.label,
            p.group,
            p.default_text(),
            p.unit,
            p.range_text(),
            p.teach_text(),
            p.meaning,
            p.source_text()
        ));
    }
    out
}

/// The parameter table of docs/MODEL.md (a test keeps the two identical).
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| parameter | default | unit | valid | source | meaning |\n|---|---|---|---|---|---|\n",
    );
    for p in ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            p.path,
            p.default_text(),
            p.unit,
            p.range_text(),
            p.source_text(),
            p.meaning
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A slider stays inside what the model accepts and starts at the default.
    #[test]
    fn teaching_ranges_sit_inside_the_valid_ranges() {
        for p in ALL {
            let Some(t) = p.teach else { continue };
            let (lo, hi) = match p.range {
                Range::Unit => (0.0, 1.0),
                Range::Real(lo, hi) => (lo, hi),
                Range::Whole(lo, hi) => (lo as f64, hi as f64),
                _ => panic!("{} has a slider but no numeric range", p.path),
            };
            assert!(
                lo <= t.min && t.min < t.max && t.max <= hi,
                "{}: {t:?}",
                p.path
            );
            assert!(t.step > 0.0 && t.step <= t.max - t.min, "{}: {t:?}", p.path);
            // A derived default (an equal budget share) has no one value.
            if matches!(p.default, Default::Derived(_)) {
                continue;
            }
            let d = p.default_real();
            assert!(
                t.min <= d && d <= t.max,
                "{}: default {d} off {t:?}",
                p.path
            );
            if matches!(p.range, Range::Whole(..)) {
                assert!(
                    t.step.fract() == 0.0,
                    "{}: whole numbers step whole",
                    p.path
                );
            }
        }
    }

    #[test]
    fn paths_are_unique() {
        let mut paths: Vec<&str> = ALL.iter().map(|p| p.path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), ALL.len());
    }
}
