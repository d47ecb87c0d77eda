//! Renderers: the last stage. Each reads a [`crate::report::Report`] (or
//! [`crate::report::Scan`]) and writes to a `&mut dyn io::Write`, so tests render into a
//! buffer. Whether to colour is decided once, here, by [`use_color`].

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod term;

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
