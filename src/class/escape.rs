//! Text from users as HTML text. Team names and every other string a
//! student sends are stored as they were typed (data, never markup); a page
//! that builds HTML on the server passes them through here, and pages that
//! build it in the browser insert them with `textContent`.

/// `text` with the five characters that can open markup or end an attribute
/// value replaced by entities, so it shows as written in element content and
/// in quoted attributes alike.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_text() {
        let name = r#"<script>alert("x")</script><img src=x onerror='y'>&amp;"#;
        let shown = escape_html(name);
        assert_eq!(
            shown,
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt;&amp;amp;"
        );
        assert!(!shown.contains(['<', '>', '"', '\'']));
    }

    #[test]
    fn other_letters_pass_unchanged() {
        assert_eq!(escape_html("Équipe 日本 😀 a-b"), "Équipe 日本 😀 a-b");
    }
}
