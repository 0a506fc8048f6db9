//! Wording shared by the texts dcplan writes (charts, summaries, the designer): counts with the right noun form.

/// Text for a terminal: control characters other than line feed and tab (ESC, CR, BEL...) and the bidirectional
/// overrides that can disguise text are shown as `\u{..}` escapes instead of acting on the terminal.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if unsafe_char(c) {
                    format!("\\u{{{:x}}}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// "1 step", "3 steps".
pub fn count(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

/// Joins phrases as a sentence does: "a", "a and b", "a, b and c".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The size of an estate in one line: "1 site · 2 enclosures · 10 hosts · 2 clusters · 9 VMs".
pub fn estate(project: &crate::model::Project) -> String {
    [
        count(project.sites.len(), "site", "sites"),
        count(project.enclosures.len(), "enclosure", "enclosures"),
        count(project.hosts.len(), "host", "hosts"),
        count(project.clusters.len(), "cluster", "clusters"),
        count(project.vms.len(), "VM", "VMs"),
    ]
    .join(" · ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_takes_the_singular() {
        assert_eq!(super::count(1, "step", "steps"), "1 step");
        assert_eq!(super::count(0, "step", "steps"), "0 steps");
        assert_eq!(super::count(2, "VM", "VMs"), "2 VMs");
    }

    #[test]
    fn an_estate_reads_in_one_line() {
        let mut project = crate::model::Project::default();
        project
            .sites
            .insert(crate::model::SiteId(1), crate::model::Site::default());
        assert_eq!(
            super::estate(&project),
            "1 site · 0 enclosures · 0 hosts · 0 clusters · 0 VMs"
        );
    }
}
