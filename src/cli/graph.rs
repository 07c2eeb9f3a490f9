//! `outreach graph`: the scenario's networks built and described, with
//! graph.csv, a degree chart and an optional edge-list export.

use super::args::SourceArgs;
use super::emit;
use crate::scenario::NetworkConfig;
use anyhow::{Context, Result};
use clap::Args;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Args, Debug)]
pub(super) struct GraphArgs {
    #[command(flatten)]
    scenario: SourceArgs,
    /// Output folder (default: output/<scenario name>-graph).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also write the population's network as an edge list the loader reads.
    #[arg(long, value_name = "FILE")]
    export: Option<PathBuf>,
}

/// `outreach graph`: each distinct network of the scenario, as built for the
/// first replicate.
pub(super) fn graph(a: GraphArgs) -> Result<()> {
    use crate::output::degree_chart;
    use crate::people::world::Friends;
    use crate::population::stats::stats;
    let s = a.scenario.load()?;
    let graphs = s.load_edge_lists()?;
    let out = a.out.clone().unwrap_or_else(|| {
        Path::new("output").join(format!("{}-graph", crate::output::slug(&s.name)))
    });
    let mut text = String::new();
    let mut rows: Vec<[String; 4]> = Vec::new();
    let mut series = Vec::new();
    for (i, net) in s.networks().into_iter().enumerate() {
        let users: Vec<&str> = s
            .arms
            .iter()
            .filter(|arm| s.network_index(arm) == i)
            .map(|arm| arm.name.as_str())
            .collect();
        let label = if i == 0 {
            "population".to_string()
        } else {
            users.join("+")
        };
        let started = Instant::now();
        let friends = Friends::new(net, &graphs, s.population.size, s.seed, 0);
        let built = started.elapsed().as_secs_f64();
        putln!(
            text,
            "Network \"{label}\": {} (arms: {}), built for replicate 1 in {built:.2} s",
            net.kind(),
            if users.is_empty() {
                "none".into()
            } else {
                users.join(", ")
            }
        );
        let Some(g) = friends.graph() else {
            if i == 0 && a.export.is_some() {
                anyhow::bail!("a well-mixed population has no friendships to export");
            }
            putln!(text, "  no fixed graph: each word of mouth goes to someone drawn at random from everyone\n");
            continue;
        };
        let st = stats(g, s.seed);
        for line in st.to_string().lines() {
            putln!(text, "  {line}");
        }
        if let NetworkConfig::EdgeList { path, .. } = net {
            let graph = graphs.get(path);
            putln!(
                text,
                "  read from {}: {} self-loops and {} repeated friendships dropped",
                path.display(),
                graph.self_loops,
                graph.duplicates
            );
        }
        putln!(text);
        let opt = |v: Option<usize>| v.map_or_else(|| "all".to_string(), |k| k.to_string());
        let figures: [(&str, String); 21] = [
            ("people", st.people.to_string()),
            ("friendships", st.friendships.to_string()),
            ("degree_min", st.degree_min.to_string()),
            ("degree_p10", st.degree_p10.to_string()),
            ("degree_p25", st.degree_p25.to_string()),
            ("degree_median", st.degree_median.to_string()),
            ("degree_mean", st.degree_mean.to_string()),
            ("degree_p75", st.degree_p75.to_string()),
            ("degree_p90", st.degree_p90.to_string()),
            ("degree_p99", st.degree_p99.to_string()),
            ("degree_max", st.degree_max.to_string()),
            ("under_10_share", st.under_10_share.to_string()),
            ("clustering", st.clustering.to_string()),
            ("clustering_sample", opt(st.clustering_sample)),
            ("clustering_se", st.clustering_se.to_string()),
            ("components", st.components.to_string()),
            ("giant_share", st.giant_share.to_string()),
            ("mean_distance", st.mean_distance.to_string()),
            ("distance_sample", opt(st.distance_sample)),
            ("distance_se", st.distance_se.to_string()),
            ("seed", s.seed.to_string()),
        ];
        for (figure, value) in figures {
            rows.push([
                label.clone(),
                net.kind().to_string(),
                figure.to_string(),
                value,
            ]);
        }
        series.push((
            format!("{label} ({})", net.kind()),
            degree_chart::degree_shares(g),
        ));
        if i == 0 {
            if let Some(file) = &a.export {
                export_edge_list(g, file)?;
                putln!(
                    text,
                    "Edge list of the population's network written to {}\n",
                    file.display()
                );
            }
        }
    }
    if !rows.is_empty() {
        let staging = crate::output::Staging::new(&out, "graph.csv")
            .with_context(|| format!("preparing output folder {}", out.display()))?;
        degree_chart::write_degree_chart(
            &staging.path(""),
            &format!("Friends per person: scenario \"{}\"", s.name),
            &series,
        )?;
        let mut w = csv::Writer::from_path(staging.path("graph.csv"))?;
        w.write_record(["network", "kind", "figure", "value"])?;
        for r in &rows {
            w.write_record(r)?;
        }
        w.flush()?;
        staging
            .commit()
            .with_context(|| format!("moving the results into {}", out.display()))?;
        putln!(text, "Figures in {}", out.join("graph.csv").display());
    }
    emit(&text)
}

/// Writes `g` as an edge list, whole or not at all.
fn export_edge_list(g: &crate::population::Graph, file: &Path) -> Result<()> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    crate::population::edge_list::export(g, None, &mut tmp)?;
    tmp.persist(file)
        .with_context(|| format!("cannot write {}", file.display()))?;
    Ok(())
}
