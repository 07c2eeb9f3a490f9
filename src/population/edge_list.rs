//! Friendship files: loading a list of pairs into the compact graph, and
//! writing a graph back out in the same format.
//!
//! The format: one friendship a line, two ids separated by whitespace or by
//! a comma (if the line holds a comma, it alone separates, so ids may then
//! hold spaces); blank lines and lines starting with `#` are skipped. Ids are
//! any tokens, numbered in order of first appearance. Self-loops and repeated
//! friendships (in either direction) are dropped and counted. A UTF-8
//! byte-order mark at the start (as some editors write) is skipped.
//!
//! A file is read line by line, never whole: loading holds each id once and
//! the pairs once (8 bytes per friendship) besides the graph; a file cannot
//! be re-read as cheaply as a generator can be re-run.

use super::build::from_pairs;
use super::graph::Graph;
use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A loaded friendship file.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub graph: Graph,
    /// The file's id of each person, by person number.
    pub ids: Vec<String>,
    /// Lines naming the same person twice, dropped.
    pub self_loops: u64,
    /// Lines repeating an earlier friendship (in either order), dropped.
    pub duplicates: u64,
}

/// A malformed line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for LoadError {}

/// Why a friendship file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadFileError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{}:{}: {}", path.display(), source.line, source.message)]
    Malformed { path: PathBuf, source: LoadError },
    /// The file changed between checking the scenario and running it.
    #[error("{} now has {}, but had {} when the scenario was checked", path.display(), people(*now), people(*checked))]
    Changed {
        path: PathBuf,
        now: usize,
        checked: usize,
    },
}

/// "1 person", "2 people": for messages about a list's size.
pub fn people(n: usize) -> String {
    if n == 1 {
        "1 person".to_string()
    } else {
        format!("{n} people")
    }
}

/// Parses a friendship list held in memory.
pub fn load(text: &str) -> Result<Loaded, LoadError> {
    load_reader(text.as_bytes()).map_err(|e| match e {
        ReadError::Malformed(e) => e,
        ReadError::Io(e) => unreachable!("reading from memory cannot fail: {e}"),
    })
}

/// Why reading a list from a reader stopped.
enum ReadError {
    Io(io::Error),
    Malformed(LoadError),
}

/// Parses a friendship list from `input`, one line at a time.
fn load_reader(mut input: impl BufRead) -> Result<Loaded, ReadError> {
    let mut number: HashMap<Box<str>, u32> = HashMap::new();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut self_loops = 0u64;
    let mut bytes: Vec<u8> = Vec::new();
    let mut offset = 0usize;
    let mut index = 0usize;
    loop {
        bytes.clear();
        let read = input.read_until(b'\n', &mut bytes).map_err(ReadError::Io)?;
        if read == 0 {
            break;
        }
        index += 1;
        let fail = |message: String| {
            ReadError::Malformed(LoadError {
                line: index,
                message,
            })
        };
        let raw = std::str::from_utf8(&bytes).map_err(|e| {
            fail(format!(
                "not UTF-8 text (at byte {} of the file); save the file as UTF-8",
                offset + e.valid_up_to()
            ))
        })?;
        offset += read;
        let raw = if index == 1 {
            raw.strip_prefix('\u{feff}').unwrap_or(raw)
        } else {
            raw
        };
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (a, b) = pair(line).map_err(fail)?;
        let too_many = || fail("more than 4,294,967,294 people".into());
        let a = person(&mut number, a).ok_or_else(too_many)?;
        let b = person(&mut number, b).ok_or_else(too_many)?;
        if a == b {
            self_loops += 1;
        } else {
            pairs.push((a, b));
        }
    }
    // Each id moves from the map to its place: held once, never copied.
    let mut ids: Vec<String> = vec![String::new(); number.len()];
    for (id, p) in number {
        ids[p as usize] = id.into_string();
    }
    let graph = from_pairs(ids.len() as u32, &pairs);
    let duplicates = pairs.len() as u64 - graph.friendships();
    Ok(Loaded {
        graph,
        ids,
        self_loops,
        duplicates,
    })
}

/// The number of the person with file id `id`, numbering a new one if
/// needed (`None` when the numbers run out).
fn person(number: &mut HashMap<Box<str>, u32>, id: &str) -> Option<u32> {
    if let Some(&p) = number.get(id) {
        return Some(p);
    }
    let p = u32::try_from(number.len()).ok().filter(|&p| p < u32::MAX)?;
    number.insert(id.into(), p);
    Some(p)
}

/// The two ids of a non-comment line, or what is wrong with it.
fn pair(line: &str) -> Result<(&str, &str), String> {
    let tokens: Vec<&str> = if line.contains(',') {
        line.split(',').map(str::trim).collect()
    } else {
        line.split_whitespace().collect()
    };
    match tokens[..] {
        [a, b] if !a.is_empty() && !b.is_empty() => Ok((a, b)),
        [_, _] => Err(format!("an id is empty in {line:?}")),
        [only] => Err(format!("one id where two are needed: {only:?}")),
        _ => Err(format!(
            "{} fields where two ids are needed: {line:?}",
            tokens.len()
        )),
    }
}

/// Reads and parses a friendship file, streaming.
pub fn load_file(path: &Path) -> Result<Loaded, LoadFileError> {
    let read = |source| LoadFileError::Read {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read)?;
    load_reader(BufReader::with_capacity(1 << 16, file)).map_err(|e| match e {
        ReadError::Io(source) => read(source),
        ReadError::Malformed(source) => LoadFileError::Malformed {
            path: path.to_owned(),
            source,
        },
    })
}

/// A graph read from a file, shared rather than copied (by every replicate
/// and arm that uses it), with what the loader dropped.
#[derive(Clone, Default)]
pub struct LoadedGraph {
    pub graph: std::sync::Arc<Graph>,
    pub self_loops: u64,
    pub duplicates: u64,
}

impl fmt::Debug for LoadedGraph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "LoadedGraph({} people, {} friendships)",
            self.graph.len(),
            self.graph.friendships()
        )
    }
}

/// The friendship files a scenario names, each read once, by path. Built
/// between validating a scenario and running it, so the validated scenario
/// holds only paths and the engine reads no files.
#[derive(Clone, Debug, Default)]
pub struct LoadedGraphs {
    by_path: std::collections::BTreeMap<PathBuf, LoadedGraph>,
}

impl LoadedGraphs {
    /// Reads each `(path, people the file had when checked)` once. A file
    /// whose number of people changed since is an error, not a different run.
    pub fn load<'a>(
        files: impl IntoIterator<Item = (&'a Path, usize)>,
    ) -> Result<Self, LoadFileError> {
        let mut graphs = LoadedGraphs::default();
        graphs.load_missing(files)?;
        Ok(graphs)
    }

    /// `load` for the files not read yet (a sweep's combinations share them).
    pub fn load_missing<'a>(
        &mut self,
        files: impl IntoIterator<Item = (&'a Path, usize)>,
    ) -> Result<(), LoadFileError> {
        for (path, checked) in files {
            if self.by_path.contains_key(path) {
                continue;
            }
            let loaded = load_file(path)?;
            if loaded.graph.len() != checked {
                return Err(LoadFileError::Changed {
                    path: path.to_owned(),
                    now: loaded.graph.len(),
                    checked,
                });
            }
            let graph = LoadedGraph {
                graph: std::sync::Arc::new(loaded.graph),
                self_loops: loaded.self_loops,
                duplicates: loaded.duplicates,
            };
            self.by_path.insert(path.to_owned(), graph);
        }
        Ok(())
    }

    /// The graph read from `path`.
    ///
    /// # Panics
    /// If `path` was not loaded: the caller skipped the loading step.
    pub fn get(&self, path: &Path) -> &LoadedGraph {
        self.by_path.get(path).unwrap_or_else(|| {
            panic!(
                "{} was not loaded: call Scenario::load_edge_lists before building networks",
                path.display()
            )
        })
    }
}

/// Writes every friendship once, as `a b` lines under a `#` header, in the
/// format [`load`] reads. People are written by number, or by `ids` when
/// given (then separated by a comma if an id holds whitespace). People
/// without friends cannot appear in a list of pairs: the header says how
/// many there are, and loading the file back leaves them out.
pub fn export(graph: &Graph, ids: Option<&[String]>, w: &mut impl Write) -> io::Result<()> {
    let people = graph.len() as u32;
    let mut w = BufWriter::with_capacity(1 << 16, w);
    let alone = (0..people).filter(|&i| graph.friends(i).is_empty()).count();
    writeln!(
        w,
        "# outreach friendship list: {people} people, {} friendships, one a line",
        graph.friendships()
    )?;
    if alone > 0 {
        writeln!(w, "# {alone} people without friends are not listed")?;
    }
    match ids {
        None => {
            for i in 0..people {
                for &j in graph.friends(i).iter().filter(|&&j| j > i) {
                    writeln!(w, "{i} {j}")?;
                }
            }
        }
        Some(ids) => {
            assert_eq!(ids.len(), graph.len(), "one id per person");
            let sep = if ids.iter().any(|id| id.contains(char::is_whitespace)) {
                ", "
            } else {
                " "
            };
            for i in 0..people {
                for &j in graph.friends(i).iter().filter(|&&j| j > i) {
                    writeln!(w, "{}{sep}{}", ids[i as usize], ids[j as usize])?;
                }
            }
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::population::small_world::small_world;

    /// The loaded graph renumbered back to the exported numbers.
    fn renumbered(loaded: &Loaded, people: usize) -> Graph {
        let original: Vec<u32> = loaded.ids.iter().map(|s| s.parse().unwrap()).collect();
        let pairs: Vec<(u32, u32)> = (0..loaded.graph.len() as u32)
            .flat_map(|i| loaded.graph.friends(i).iter().map(move |&j| (i, j)))
            .filter(|&(i, j)| i < j)
            .map(|(i, j)| (original[i as usize], original[j as usize]))
            .collect();
        from_pairs(people as u32, &pairs)
    }

    fn check_error(text: &str, line: usize, says: &str) {
        let e = load(text).unwrap_err();
        assert_eq!(e.line, line, "{e}");
        assert!(e.message.contains(says), "{e}");
    }

    #[test]
    fn export_then_load_gives_back_the_same_graph() {
        let g = small_world(300, 6, 0.3, 5, 0);
        let mut out = Vec::new();
        export(&g, None, &mut out).unwrap();
        let loaded = load(std::str::from_utf8(&out).unwrap()).unwrap();
        assert_eq!(loaded.graph.len(), 300);
        assert_eq!((loaded.self_loops, loaded.duplicates), (0, 0));
        assert_eq!(renumbered(&loaded, 300), g);
    }

    #[test]
    fn export_with_ids_round_trips_the_ids() {
        let text = "# a comment\nalice bob\nbob carol\n\ncarol alice\ndave alice\n";
        let loaded = load(text).unwrap();
        let mut out = Vec::new();
        export(&loaded.graph, Some(&loaded.ids), &mut out).unwrap();
        let again = load(std::str::from_utf8(&out).unwrap()).unwrap();
        assert_eq!(again.graph, loaded.graph);
        assert_eq!(again.ids, loaded.ids);
    }

    #[test]
    fn ids_are_numbered_by_first_appearance_and_repeats_counted() {
        let text = "10\t20\n20 10\n30,10\n 30 , 30 \n# 40 50\n10 20\n7 7\n";
        let loaded = load(text).unwrap();
        assert_eq!(loaded.ids, ["10", "20", "30", "7"]);
        assert_eq!(loaded.self_loops, 2);
        assert_eq!(loaded.duplicates, 2);
        assert_eq!(loaded.graph.friendships(), 2);
        assert_eq!(loaded.graph.friends(0), &[1, 2]);
        assert!(loaded.graph.friends(3).is_empty());
    }

    #[test]
    fn comma_separated_ids_may_hold_spaces() {
        let loaded = load("Ann Lee, Bo Chen\nBo Chen,Cy\n").unwrap();
        assert_eq!(loaded.ids, ["Ann Lee", "Bo Chen", "Cy"]);
        let mut out = Vec::new();
        export(&loaded.graph, Some(&loaded.ids), &mut out).unwrap();
        assert_eq!(
            load(std::str::from_utf8(&out).unwrap()).unwrap().ids,
            loaded.ids
        );
    }

    #[test]
    fn malformed_lines_are_refused_with_their_number() {
        check_error("1 2\n3\n", 2, "one id");
        check_error("1 2\n\n# c\n1 2 3\n", 4, "3 fields");
        check_error("1,2\n2,\n", 2, "empty");
        check_error(",5", 1, "empty");
        check_error("a,b,c", 1, "3 fields");
    }

    #[test]
    fn an_empty_file_is_an_empty_graph() {
        let loaded = load("# nothing\n\n").unwrap();
        assert!(loaded.graph.is_empty());
        assert!(loaded.ids.is_empty());
    }

    /// Issue 11, item 11: a byte-order mark was read as part of the first
    /// id, so ids 1 to 12 loaded as 13 people.
    #[test]
    fn item_11_a_byte_order_mark_is_skipped() {
        let mut text = String::from("\u{feff}1 2\n");
        for i in 2..12 {
            text.push_str(&format!("{i} {}\n", i + 1));
        }
        let loaded = load(&text).unwrap();
        assert_eq!(loaded.graph.len(), 12);
        assert_eq!(loaded.ids[0], "1");
    }

    /// Issue 11, item 11: the file was read whole into memory; it is now
    /// read line by line from disk, with the same result, and a line that
    /// is not UTF-8 is named with its byte offset.
    #[test]
    fn item_11_a_file_is_read_streaming_with_the_same_result() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f.txt");
        let text = "# c\nalice bob\r\nbob carol\n\ncarol alice";
        std::fs::write(&path, text).unwrap();
        let streamed = load_file(&path).unwrap();
        let whole = load(text).unwrap();
        assert_eq!(streamed.ids, whole.ids);
        assert_eq!(streamed.graph, whole.graph);
        std::fs::write(&path, b"1 2\n3 \xff4\n").unwrap();
        let e = load_file(&path).unwrap_err().to_string();
        assert!(e.contains(":2: not UTF-8") && e.contains("byte 6"), "{e}");
    }

    #[test]
    fn people_are_counted_in_words() {
        assert_eq!(people(1), "1 person");
        assert_eq!(people(0), "0 people");
        assert_eq!(people(12), "12 people");
    }

    #[test]
    fn a_missing_file_names_its_path() {
        let e = load_file(Path::new("/nonexistent/friends.txt")).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/friends.txt"), "{e}");
    }
}
