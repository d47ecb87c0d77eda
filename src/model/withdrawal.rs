//! Withdrawals: NIST does not always delete an item. CSF 2.0 and SP 800-53 keep a withdrawn
//! item's id as a placeholder that says where its text went, as OSCAL data (`prop status =
//! withdrawn` and `link rel = incorporated-into | moved-to`) or in words (`[Withdrawn:
//! Incorporated into GV.RR-02, GV.SC-02]`, `[Withdrawn: Moved to PR.AA-01]`). [`mark`] turns
//! the words into the data, so every loader and importer keeps a withdrawal the same way, and
//! [`Node::withdrawal`] reads it.

use super::{Document, Link, Node, NodeKind, Prop};

/// How a withdrawn item's text went elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithdrawalKind {
    /// Into other items (`incorporated-into`).
    Incorporated,
    /// Whole, under another id (`moved-to`).
    Moved,
}

impl WithdrawalKind {
    /// The OSCAL link relation.
    pub fn rel(self) -> &'static str {
        match self {
            WithdrawalKind::Incorporated => "incorporated-into",
            WithdrawalKind::Moved => "moved-to",
        }
    }

    /// As a report says it.
    pub fn phrase(self) -> &'static str {
        match self {
            WithdrawalKind::Incorporated => "incorporated into",
            WithdrawalKind::Moved => "moved to",
        }
    }

    fn from_rel(rel: &str) -> Option<WithdrawalKind> {
        match rel {
            "incorporated-into" => Some(WithdrawalKind::Incorporated),
            "moved-to" => Some(WithdrawalKind::Moved),
            _ => None,
        }
    }
}

/// NIST's statement that an item was withdrawn, and where its text went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub kind: WithdrawalKind,
    /// The items NIST names, as it names them (`GV.RR-02`, `ac-6`, `AC-2(1)`); empty when it
    /// names none ("Incorporated into other Categories and Functions").
    pub targets: Vec<String>,
}

impl Node {
    /// NIST's withdrawal of this node: its `status` is `withdrawn` (any case), its
    /// destinations are its `incorporated-into` / `moved-to` links.
    ///
    /// ```
    /// use rmfdiff::model::{Link, Node, NodeKind, Prop, WithdrawalKind};
    /// let mut node = Node::new(NodeKind::Control);
    /// assert_eq!(node.withdrawal(), None);
    /// node.props.push(Prop { name: "status".into(), value: "Withdrawn".into(), class: None });
    /// node.links.push(Link { rel: "moved-to".into(), href: "#sc-7.21".into() });
    /// let withdrawal = node.withdrawal().unwrap();
    /// assert_eq!(withdrawal.kind, WithdrawalKind::Moved);
    /// assert_eq!(withdrawal.targets, ["sc-7.21"]);
    /// ```
    pub fn withdrawal(&self) -> Option<Withdrawal> {
        if !self.prop("status")?.eq_ignore_ascii_case("withdrawn") {
            return None;
        }
        let links: Vec<(WithdrawalKind, &Link)> = self
            .links
            .iter()
            .filter_map(|l| Some((WithdrawalKind::from_rel(&l.rel)?, l)))
            .collect();
        let moved = links.iter().any(|(k, _)| *k == WithdrawalKind::Moved);
        Some(Withdrawal {
            kind: if moved {
                WithdrawalKind::Moved
            } else {
                WithdrawalKind::Incorporated
            },
            targets: links
                .iter()
                .map(|(_, l)| l.href.rsplit_once('#').map_or(&*l.href, |(_, id)| id))
                .map(String::from)
                .collect(),
        })
    }
}

/// Reads NIST's placeholder wording: `[Withdrawn: Incorporated into AC-6(1), AC-6(2), and
/// AC-6(10).]`, `Withdrawn: Moved to PR.AA-01`, `[Withdrawn]`. Only the ids it names are
/// targets: "other Categories and Functions" names none. `None` when the text is not a
/// withdrawal.
///
/// ```
/// use rmfdiff::model::withdrawal::parse;
/// use rmfdiff::model::WithdrawalKind;
/// let said = parse("[Withdrawn: Incorporated into GV.RR-02, GV.SC-02]").unwrap();
/// assert_eq!((said.kind, said.targets), (WithdrawalKind::Incorporated, vec!["GV.RR-02".into(), "GV.SC-02".into()]));
/// assert_eq!(parse("Withdrawn: Moved into GV.RM-02").unwrap().kind, WithdrawalKind::Moved);
/// assert!(parse("[Withdrawn: Incorporated into other Protect Categories]").unwrap().targets.is_empty());
/// assert_eq!(parse("Withdrawn items are listed in Appendix B."), None);
/// ```
pub fn parse(text: &str) -> Option<Withdrawal> {
    let text = text.trim_start();
    let bracketed = text.starts_with('[');
    let text = text.strip_prefix('[').unwrap_or(text);
    let word = text.get(..WITHDRAWN.len())?;
    if !word.eq_ignore_ascii_case(WITHDRAWN) {
        return None;
    }
    let rest = text[WITHDRAWN.len()..].trim_start();
    // The word must stand alone as a heading: "Withdrawn items …" is prose.
    if !(rest.is_empty() || rest.starts_with([':', '.', ']', '—', '–'])) {
        return None;
    }
    let statement = rest.trim_start_matches([':', '.', '—', '–', ' ']);
    let statement = match bracketed {
        true => statement.split(']').next().unwrap_or_default(),
        false => statement,
    };
    let lower = statement.to_ascii_lowercase();
    let (kind, list) = [
        ("incorporated into", WithdrawalKind::Incorporated),
        ("moved to", WithdrawalKind::Moved),
        ("moved into", WithdrawalKind::Moved),
    ]
    .into_iter()
    .find_map(|(verb, kind)| {
        lower
            .starts_with(verb)
            .then(|| (kind, &statement[verb.len()..]))
    })
    .unwrap_or((WithdrawalKind::Incorporated, ""));
    let targets = list
        .split([',', ';'])
        .flat_map(|item| item.split(" and "))
        .map(|item| {
            let item = item.trim().trim_end_matches(['.', ']']).trim();
            item.strip_prefix("and ").unwrap_or(item).trim()
        })
        .filter(|item| is_id(item))
        .map(String::from)
        .collect();
    Some(Withdrawal { kind, targets })
}

const WITHDRAWN: &str = "withdrawn";

/// An item id as NIST writes one in a placeholder: `GV`, `GV.OC-01`, `AC-2(1)`, `GOVERN 2.1`,
/// or a statement item of one, `AC-2k`: a capital first, at most one space, and no
/// lower-case letter but an item letter after the last number.
fn is_id(item: &str) -> bool {
    let id = without_item(item);
    id.len() <= 40
        && id.starts_with(|c: char| c.is_ascii_uppercase())
        && id.matches(' ').count() <= 1
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || ".-()_ ".contains(c))
}

/// `id` without the statement item letters after its last number: `AC-2k` is in `AC-2`.
///
/// ```
/// use rmfdiff::model::withdrawal::without_item;
/// assert_eq!(without_item("AC-2k"), "AC-2");
/// assert_eq!(without_item("SI-4(5)"), "SI-4(5)");
/// assert_eq!(without_item("other"), "other");
/// ```
pub fn without_item(id: &str) -> &str {
    let stem = id.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let after_number = stem.ends_with(|c: char| c.is_ascii_digit() || c == ')');
    if after_number && stem.len() < id.len() && id.len() - stem.len() <= 2 {
        stem
    } else {
        id
    }
}

/// Marks every group and control whose text is a withdrawal placeholder: `status =
/// withdrawn` when it has no status, and a link to each target it names when it has no such
/// links. Nodes that already say so (OSCAL catalogs) are left as they are.
pub fn mark(doc: &mut Document) {
    let mut stack: Vec<&mut Node> = doc.nodes.iter_mut().collect();
    while let Some(node) = stack.pop() {
        if matches!(node.kind, NodeKind::Group | NodeKind::Control)
            && let Some(said) = placeholder(node).and_then(parse)
        {
            if node.prop("status").is_none() {
                node.props.push(Prop {
                    name: "status".into(),
                    value: "withdrawn".into(),
                    class: None,
                });
            }
            let linked = node
                .links
                .iter()
                .any(|l| WithdrawalKind::from_rel(&l.rel).is_some());
            if !linked {
                node.links.extend(said.targets.iter().map(|t| Link {
                    rel: said.kind.rel().into(),
                    href: format!("#{t}"),
                }));
            }
        }
        stack.extend(node.children.iter_mut());
    }
}

/// The first paragraph of a node's own text: its own, else its first part's (a statement).
fn placeholder(node: &Node) -> Option<&str> {
    let first_part = || {
        let part = node.children.iter().find(|c| c.kind == NodeKind::Part)?;
        part.paragraphs.first()
    };
    node.paragraphs
        .first()
        .or_else(first_part)
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Vec<String> {
        parse(text).expect("a withdrawal").targets
    }

    /// Every form of NIST's wording: CSF 2.0's placeholders and SP 800-53's (Rev. 4 and
    /// Rev. 5 print `[Withdrawn: Incorporated into AC-6.]`, with a final period and "and").
    #[test]
    fn every_form_nist_writes_is_read() {
        assert_eq!(targets("[Withdrawn: Incorporated into GV.OC]"), ["GV.OC"]);
        assert_eq!(targets("[Withdrawn: Incorporated into GV]"), ["GV"]);
        assert_eq!(
            targets("[Withdrawn: Incorporated into PR.AA-03, PR.AA-05, PR.IR-01]"),
            ["PR.AA-03", "PR.AA-05", "PR.IR-01"]
        );
        assert_eq!(
            targets("[Withdrawn: Incorporated into ID.IM, ID.IM-03]"),
            ["ID.IM", "ID.IM-03"]
        );
        assert_eq!(
            parse("[Withdrawn: Moved to PR.AA]").unwrap().kind,
            WithdrawalKind::Moved
        );
        assert_eq!(targets("[Withdrawn: Moved into GV.RM-02]"), ["GV.RM-02"]);
        for nameless in [
            "[Withdrawn: Incorporated into other Categories and Functions]",
            "[Withdrawn: Incorporated into other Protect Categories]",
            "[Withdrawn]",
            "Withdrawn",
            "[Withdrawn: no longer needed.]",
        ] {
            assert_eq!(targets(nameless), Vec::<String>::new(), "{nameless}");
        }
        assert_eq!(targets("[Withdrawn: Incorporated into AC-6.]"), ["AC-6"]);
        assert_eq!(
            targets("[Withdrawn: Incorporated into AC-6(1), AC-6(2), and AC-6(10).]"),
            ["AC-6(1)", "AC-6(2)", "AC-6(10)"]
        );
        assert_eq!(targets("[Withdrawn: Moved to SC-7(21).]"), ["SC-7(21)"]);
        // Rev. 5 names statement items: AC-2(10) went into item k of AC-2.
        assert_eq!(targets("[Withdrawn: Incorporated into AC-2k.]"), ["AC-2k"]);
        assert_eq!(
            targets("Withdrawn: Incorporated into AC-2 and AC-3."),
            ["AC-2", "AC-3"]
        );
        assert_eq!(
            targets("[Withdrawn: Incorporated into GOVERN 2.1]"),
            ["GOVERN 2.1"]
        );
        assert_eq!(
            targets("WITHDRAWN — incorporated into MAP 1.1"),
            ["MAP 1.1"]
        );
    }

    #[test]
    fn prose_that_mentions_withdrawal_is_not_a_placeholder() {
        for prose in [
            "Withdrawn items are listed in Appendix B.",
            "Withdrawnness",
            "The control was withdrawn: see AC-6.",
            "",
        ] {
            assert_eq!(parse(prose), None, "{prose}");
        }
    }

    #[test]
    fn marking_adds_the_status_and_links_once() {
        let mut control = Node::new(NodeKind::Control);
        let mut statement = Node::new(NodeKind::Part);
        statement.paragraphs = vec!["[Withdrawn: Incorporated into GV.RR-02, GV.SC-02]".into()];
        control.children.push(statement);
        let mut doc = Document {
            nodes: vec![control],
            ..Document::default()
        };
        mark(&mut doc);
        mark(&mut doc);
        let node = &doc.nodes[0];
        assert_eq!(node.props.len(), 1);
        let said = node.withdrawal().unwrap();
        assert_eq!(said.targets, ["GV.RR-02", "GV.SC-02"]);
        assert_eq!(node.links[0].href, "#GV.RR-02");
    }
}
