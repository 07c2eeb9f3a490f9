//! Tables and prose for the terminal, laid out to fit [`WIDTH`] columns
//! whatever the names in them: a table whose columns do not fit on one line
//! continues in a block below (repeating the row names), a long row name
//! wraps inside its column, and prose wraps between words. Widths are
//! counted in terminal cells, so names in any script line up.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The widest line printed: a terminal of 100 columns shows every table
/// without wrapping it.
pub(super) const WIDTH: usize = 100;

/// A row name wider than this wraps onto more lines.
const NAME_WIDTH: usize = 24;

/// Space between columns.
const GAP: usize = 2;

/// Rows with a name on the left and right-aligned cells under headers.
pub(super) struct Table {
    name_header: String,
    headers: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

impl Table {
    pub(super) fn new(name_header: &str, headers: Vec<String>) -> Table {
        Table {
            name_header: name_header.to_string(),
            headers,
            rows: Vec::new(),
        }
    }

    /// Adds a row; `cells` has one entry per header.
    pub(super) fn row(&mut self, name: &str, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.headers.len());
        self.rows.push((name.to_string(), cells));
    }

    /// The table as lines of at most [`WIDTH`] cells, each ending in a
    /// newline; blocks of columns are separated by an empty line.
    pub(super) fn render(&self) -> String {
        let name_width = self
            .rows
            .iter()
            .map(|(name, _)| name.width())
            .chain([self.name_header.width()])
            .max()
            .unwrap_or(0)
            .min(NAME_WIDTH);
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|c| {
                self.rows
                    .iter()
                    .map(|(_, cells)| cells[c].width())
                    .chain([self.headers[c].width()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut text = String::new();
        for (b, block) in blocks(name_width, &widths).into_iter().enumerate() {
            if b > 0 {
                text.push('\n');
            }
            let header: Vec<&str> = block.iter().map(|&c| self.headers[c].as_str()).collect();
            line(
                &mut text,
                &self.name_header,
                name_width,
                &header,
                &block,
                &widths,
            );
            for (name, cells) in &self.rows {
                let pieces = chunks(name, name_width);
                let cells: Vec<&str> = block.iter().map(|&c| cells[c].as_str()).collect();
                line(&mut text, &pieces[0], name_width, &cells, &block, &widths);
                for piece in &pieces[1..] {
                    text.push_str(piece.trim_end());
                    text.push('\n');
                }
            }
        }
        text
    }
}

/// The columns in blocks, each block as many columns as fit beside the
/// names (at least one, so a column wider than the line still shows).
fn blocks(name_width: usize, widths: &[usize]) -> Vec<Vec<usize>> {
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut used = WIDTH;
    for (c, &w) in widths.iter().enumerate() {
        match blocks.last_mut() {
            Some(block) if used + GAP + w <= WIDTH => {
                block.push(c);
                used += GAP + w;
            }
            _ => {
                blocks.push(vec![c]);
                used = name_width + GAP + w;
            }
        }
    }
    blocks
}

/// One line: `name` padded to `name_width`, then each cell right-aligned.
fn line(
    text: &mut String,
    name: &str,
    name_width: usize,
    cells: &[&str],
    block: &[usize],
    widths: &[usize],
) {
    let mut out = String::from(name);
    out.push_str(&" ".repeat(name_width.saturating_sub(name.width())));
    for (cell, &c) in cells.iter().zip(block) {
        out.push_str(&" ".repeat(GAP + widths[c].saturating_sub(cell.width())));
        out.push_str(cell);
    }
    text.push_str(out.trim_end());
    text.push('\n');
}

/// `name` cut into pieces at most `width` cells wide (one character at
/// least, so nothing is lost).
fn chunks(name: &str, width: usize) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut used = 0;
    for ch in name.chars() {
        let w = ch.width().unwrap_or(0);
        let piece = pieces.last_mut().expect("pieces start with one");
        if used + w > width && !piece.is_empty() {
            pieces.push(String::new());
            used = 0;
        }
        pieces.last_mut().expect("just pushed").push(ch);
        used += w;
    }
    pieces
}

/// `text` with its words wrapped into lines of at most [`WIDTH`] cells (a
/// single word wider than that, such as a long path, keeps a line of its
/// own); every line ends in a newline.
pub(super) fn wrap(text: &str) -> String {
    let mut out = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = word.width();
        if used > 0 && used + 1 + w > WIDTH {
            out.push('\n');
            used = 0;
        }
        if used > 0 {
            out.push(' ');
            used += 1;
        }
        out.push_str(word);
        used += w;
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widest(text: &str) -> usize {
        text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
    }

    #[test]
    fn wide_tables_continue_below_and_keep_every_cell() {
        let headers: Vec<String> = (0..12).map(|i| format!("column_{i}")).collect();
        let mut t = Table::new("arm", headers);
        let long = "an arm whose name is far longer than any column should be".to_string();
        for name in ["a", long.as_str(), "名前のある腕"] {
            t.row(name, (0..12).map(|i| format!("{}", i * 1000)).collect());
        }
        let text = t.render();
        assert!(widest(&text) <= WIDTH, "{text}");
        for i in 0..12 {
            assert!(text.contains(&format!("column_{i}")), "{text}");
        }
        // The long name is all there, across lines, in every block.
        let joined: String = text.lines().map(str::trim_end).collect();
        assert!(joined.contains("an arm whose name is far"));
        assert!(text.contains("名前のある腕"));
        assert!(
            text.contains("\n\narm"),
            "continues in a block below:\n{text}"
        );
    }

    #[test]
    fn narrow_tables_stay_on_one_block() {
        let mut t = Table::new("arm", vec!["reach".into(), "trust".into()]);
        t.row("blast", vec!["736".into(), "0.162".into()]);
        assert_eq!(t.render(), "arm    reach  trust\nblast    736  0.162\n");
    }

    #[test]
    fn prose_wraps_between_words() {
        let text = "word ".repeat(60);
        let wrapped = wrap(&text);
        assert!(widest(&wrapped) <= WIDTH);
        assert_eq!(wrapped.split_whitespace().count(), 60);
    }
}
