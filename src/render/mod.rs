//! Renderers: the last stage. Each reads a [`crate::report::Report`] (or
//! [`crate::report::Scan`]) and writes to a `&mut dyn io::Write`, so tests render into a
//! buffer. Whether to colour is decided once, here, by [`use_color`].

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod site;
pub mod term;

use std::collections::BTreeSet;

use crate::report::{Change, Report};

/// Ids the page uses for itself; no entry anchor may take them.
const PAGE_IDS: [&str; 11] = [
    "findings",
    "counts",
    "method",
    "inputs",
    "summary",
    "contents",
    "contents-title",
    "controls",
    "shown",
    "changes",
    "changes-title",
];

/// The permalink anchor of each change: its id (`GOVERN 1.1` → `GOVERN-1.1`), else its
/// path, kept to `[A-Za-z0-9._-]` and made unique in document order, so it is stable
/// across runs and safe in a URL and an attribute.
pub(crate) fn anchors(changes: &[Change]) -> Vec<String> {
    let mut used: BTreeSet<String> = PAGE_IDS.iter().map(|s| s.to_string()).collect();
    changes
        .iter()
        .map(|change| {
            let name = match change.new_id.as_ref().or(change.old_id.as_ref()) {
                Some(id) => slug(id),
                None => slug(&change.path.join(" ")),
            };
            let mut anchor = name.clone();
            let mut n = 1;
            while used.contains(&anchor) {
                n += 1;
                anchor = format!("{name}-{n}");
            }
            used.insert(anchor.clone());
            anchor
        })
        .collect()
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "entry".to_string()
    } else {
        out.to_string()
    }
}

/// What happened to the references the report looks for, in one sentence: "Of 48
/// references in the old version, 1 removed, 2 reworded, 45 retained; 0 added (dei: 1
/// removed; climate: 2 reworded)."
pub(crate) fn headline(report: &Report) -> String {
    let total = report.topic_totals();
    if total.total() == 0 {
        return "No reference to these topics in either version.".into();
    }
    let gone: Vec<String> = report
        .topics
        .iter()
        .filter(|t| t.all.removed + t.all.reworded > 0)
        .map(|t| {
            let (removed, reworded) = (t.all.removed, t.all.reworded);
            match (removed, reworded) {
                (_, 0) => format!("{}: {removed} removed", t.key),
                (0, _) => format!("{}: {reworded} reworded", t.key),
                _ => format!("{}: {removed} removed, {reworded} reworded", t.key),
            }
        })
        .collect();
    let which = if gone.is_empty() {
        String::new()
    } else {
        format!(" ({})", gone.join("; "))
    };
    let references = if total.in_old() == 1 {
        "reference"
    } else {
        "references"
    };
    format!(
        "Of {} {references} in the old version, {} removed, {} reworded, {} retained; {} added{which}.",
        total.in_old(),
        total.removed,
        total.reworded,
        total.retained,
        total.added
    )
}

/// A Method section's list of a topic's terms, each as `items` renders it: comma-separated,
/// or "none".
pub(crate) fn listed(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

/// What the four classifications mean, as every report states them.
pub(crate) const CLASSIFICATIONS: [(&str, &str); 4] = [
    (
        "removed",
        "the passage with the term is gone (its entry deleted, or the words dropped)",
    ),
    (
        "reworded",
        "the passage survives, but other words stand where the term was",
    ),
    (
        "retained",
        "the term is still there (possibly on another page)",
    ),
    ("added", "the term is new in the new version"),
];

/// `--color`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal, unless the environment says otherwise.
    #[default]
    Auto,
    Always,
    Never,
}

/// Decides whether terminal output is coloured.
///
/// `--color always|never` wins. Under `auto`, in this order: `NO_COLOR` set and non-empty
/// turns colour off; `CLICOLOR_FORCE` set and not `0` turns it on; `TERM=dumb` turns it off;
/// otherwise colour is on when the output is a terminal.
///
/// ```
/// use rmfdiff::render::{use_color, ColorChoice};
/// let env = |name: &str| (name == "NO_COLOR").then(|| "1".to_string());
/// assert!(!use_color(ColorChoice::Auto, env, true));
/// assert!(use_color(ColorChoice::Always, env, false));
/// ```
pub fn use_color(choice: ColorChoice, env: impl Fn(&str) -> Option<String>, is_tty: bool) -> bool {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR").is_some() => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto if env("TERM").as_deref() == Some("dumb") => false,
        ColorChoice::Auto => is_tty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn slugs_keep_ids_readable_and_safe() {
        assert_eq!(slug("GOVERN 1.1"), "GOVERN-1.1");
        assert_eq!(slug("ac-2.3"), "ac-2.3");
        assert_eq!(slug(r#""><script>x</script>"#), "script-x-script");
        assert_eq!(slug("javascript:alert(1)"), "javascript-alert-1");
        assert_eq!(slug("…"), "entry");
    }

    #[test]
    fn color_rules() {
        let auto = ColorChoice::Auto;
        assert!(use_color(auto, env(&[]), true));
        assert!(!use_color(auto, env(&[]), false));
        assert!(!use_color(auto, env(&[("NO_COLOR", "1")]), true));
        assert!(
            use_color(auto, env(&[("NO_COLOR", "")]), true),
            "empty NO_COLOR is unset"
        );
        assert!(use_color(auto, env(&[("CLICOLOR_FORCE", "1")]), false));
        assert!(!use_color(auto, env(&[("CLICOLOR_FORCE", "0")]), false));
        assert!(!use_color(
            auto,
            env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]),
            true
        ));
        assert!(!use_color(auto, env(&[("TERM", "dumb")]), true));
        assert!(use_color(
            auto,
            env(&[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")]),
            false
        ));
        assert!(!use_color(
            ColorChoice::Never,
            env(&[("CLICOLOR_FORCE", "1")]),
            true
        ));
        assert!(use_color(
            ColorChoice::Always,
            env(&[("NO_COLOR", "1")]),
            false
        ));
    }
}
