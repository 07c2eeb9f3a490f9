//! The layering of docs/ARCHITECTURE.md, enforced: no module of a lower
//! layer names a higher one (`crate::…` outside comments), so scenario,
//! people, tactics and engine form no import circle.

use std::path::Path;

/// Each layer and the modules above it, which it must not name.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "population",
        &[
            "scenario", "people", "tactics", "engine", "output", "sweep", "class", "serve", "cli",
        ],
    ),
    (
        "scenario",
        &[
            "people", "tactics", "engine", "output", "sweep", "class", "serve", "cli",
        ],
    ),
    (
        "people",
        &[
            "tactics", "engine", "output", "sweep", "class", "serve", "cli",
        ],
    ),
    (
        "tactics",
        &["engine", "output", "sweep", "class", "serve", "cli"],
    ),
    ("engine", &["output", "sweep", "class", "serve", "cli"]),
    ("output", &["serve", "cli"]),
    ("sweep", &["serve", "cli"]),
    // Class mode's state sits beside output and sweep: it builds scenarios
    // and reads results, and knows nothing of commands, pages or files written.
    ("class", &["output", "sweep", "serve", "cli"]),
    ("serve", &["cli"]),
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_lower_layer_names_a_higher_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = Vec::new();
    for (layer, above) in FORBIDDEN {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "src/{layer}/ has no files");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for higher in *above {
                    if line.contains(&format!("crate::{higher}::"))
                        || line.contains(&format!("crate::{higher};"))
                        || line.contains(&format!("crate::{higher}::{{"))
                    {
                        broken.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "layers imported from above:\n{}",
        broken.join("\n")
    );
}
