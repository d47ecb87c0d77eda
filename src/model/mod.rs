//! The document model: the one in-memory shape every loader produces and every later stage
//! reads (`load ─▶ model::Document ─▶ align ─▶ …`).
//!
//! It mirrors an OSCAL catalog, the canonical stored format: a tree of groups, controls,
//! parts and parameters. What a node *means* in a given framework (an AI RMF function, a
//! category, a subcategory, an SP 800-53 control or enhancement, a statement item, a
//! suggested action, a prose section) is its [`Node::class`], OSCAL's open vocabulary.

pub mod withdrawal;

pub use withdrawal::{Withdrawal, WithdrawalKind};

/// One version of a framework document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub meta: Metadata,
    /// Top-level nodes in document order.
    pub nodes: Vec<Node>,
}

/// What the document is and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    pub title: String,
    pub version: Option<String>,
    /// Publication identifier, e.g. `NIST AI 100-1`.
    pub publication: Option<String>,
    /// Publication (or last-modified) date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The name of the file this document was loaded from, without its directory, or the
    /// shipped version's name.
    pub source: String,
    /// SHA-256 (lowercase hex) of the bytes of `source`.
    pub sha256: String,
    /// For a document made by `rmfdiff import`: the publication files it was made from.
    pub imported_from: Option<Provenance>,
}

/// The sources of an imported document, kept in its stored metadata.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Provenance {
    /// The source files in the order they were imported (the first gives the document).
    pub sources: Vec<SourceFile>,
    /// The importer that made the document, e.g. `rmfdiff 0.1.0`.
    pub importer: String,
}

/// One source file of an imported document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceFile {
    /// The file's name, e.g. `NIST.AI.100-1.pdf`.
    pub file: String,
    /// SHA-256 (lowercase hex) of its bytes.
    pub sha256: String,
}

impl Metadata {
    /// Keeps a stored metadata prop that records provenance: `source-file` and
    /// `source-sha256` (once per source, in order) and `importer`; ignores others.
    pub fn set_provenance(&mut self, prop: &str, value: String) {
        if !["source-file", "source-sha256", "importer"].contains(&prop) {
            return;
        }
        let origin = self.imported_from.get_or_insert_with(Provenance::default);
        match prop {
            "source-file" => origin.sources.push(SourceFile {
                file: value,
                sha256: String::new(),
            }),
            "source-sha256" => {
                if let Some(source) = origin.sources.last_mut() {
                    source.sha256 = value;
                }
            }
            _ => origin.importer = value,
        }
    }
}

/// Which OSCAL element a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    /// A grouping: an SP 800-53 family, an AI RMF function, a prose section, back matter.
    Group,
    /// A control: an SP 800-53 control or enhancement, an AI RMF category or subcategory.
    Control,
    /// Prose inside a group or control: a statement, an item, guidance, an action, a resource.
    Part,
    /// A control parameter (`{{ insert: param, ID }}` in text refers to it).
    Param,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Group => "group",
            NodeKind::Control => "control",
            NodeKind::Part => "part",
            NodeKind::Param => "param",
        }
    }
}

/// A `name`/`value` property (OSCAL `prop`), e.g. `label = "AC-2"`, `status = "withdrawn"`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prop {
    pub name: String,
    pub value: String,
    pub class: Option<String>,
}

/// An OSCAL `link` that says where a withdrawn item went: `rel` is `incorporated-into` or
/// `moved-to`, `href` names the item (`#ac-6`). Other links (related controls, citations) are
/// not kept: nothing compares them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub rel: String,
    pub href: String,
}

/// One node of the document tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    /// OSCAL `class` of a group or control, `name` of a part: `function`, `subcategory`,
    /// `SP800-53-enhancement`, `statement`, `item`, `guidance`, `action`, `section`…
    pub class: Option<String>,
    /// Stable identifier: `GOVERN 1.1`, `ac-2.3`, `ac-2_smt.a`.
    pub id: Option<String>,
    pub title: Option<String>,
    pub props: Vec<Prop>,
    /// Where a withdrawn node went (see [`Node::withdrawal`]).
    pub links: Vec<Link>,
    /// Plain text, one entry per paragraph. Parameter references are written the OSCAL way,
    /// `{{ insert: param, ac-2_prm_1 }}`, and resolved when text is compared.
    pub paragraphs: Vec<String>,
    /// Where the text was found in the source: the page's position in a PDF (1-based), the
    /// number printed on that page when the publication numbers its pages ("23" on the 28th
    /// page of NIST AI 100-1), the line of a text file.
    pub page: Option<u32>,
    pub page_label: Option<String>,
    pub line: Option<u32>,
    pub children: Vec<Node>,
}

impl Node {
    pub fn new(kind: NodeKind) -> Node {
        Node {
            kind,
            class: None,
            id: None,
            title: None,
            props: Vec::new(),
            links: Vec::new(),
            paragraphs: Vec::new(),
            page: None,
            page_label: None,
            line: None,
            children: Vec::new(),
        }
    }

    /// The value of the first property called `name` that has no class.
    ///
    /// ```
    /// use rmfdiff::model::{Node, NodeKind, Prop};
    /// let mut node = Node::new(NodeKind::Control);
    /// node.props.push(Prop { name: "label".into(), value: "AC-02".into(), class: Some("zero-padded".into()) });
    /// node.props.push(Prop { name: "label".into(), value: "AC-2".into(), class: None });
    /// assert_eq!(node.prop("label"), Some("AC-2"));
    /// ```
    pub fn prop(&self, name: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|p| p.name == name && p.class.is_none())
            .map(|p| p.value.as_str())
    }

    /// The node's title when it says more than its id: an AI RMF subcategory titled
    /// `GOVERN 1.1` has none.
    ///
    /// ```
    /// use rmfdiff::model::{Node, NodeKind};
    /// let mut node = Node::new(NodeKind::Control);
    /// node.id = Some("GOVERN 1.1".into());
    /// node.title = Some("GOVERN 1.1".into());
    /// assert_eq!(node.own_title(), None);
    /// node.title = Some("Legal and regulatory requirements".into());
    /// assert_eq!(node.own_title(), Some("Legal and regulatory requirements"));
    /// ```
    pub fn own_title(&self) -> Option<&str> {
        let title = self.title.as_deref()?;
        (self.id.as_deref() != Some(title)).then_some(title)
    }

    /// How the node is named in a path: its id, else its label, else its title, else its
    /// class (`(untitled section)` for text before a document's first heading). A
    /// back-matter resource or a prose section is named by its title first.
    ///
    /// ```
    /// use rmfdiff::model::{Node, NodeKind};
    /// let mut node = Node::new(NodeKind::Part);
    /// node.class = Some("guidance".into());
    /// assert_eq!(node.display_name(), "guidance");
    /// node.title = Some("Discussion".into());
    /// assert_eq!(node.display_name(), "Discussion");
    /// ```
    pub fn display_name(&self) -> &str {
        // Resources have UUIDs and sections slugs for ids; their titles are what people read.
        if matches!(self.class.as_deref(), Some("resource" | "section"))
            && let Some(title) = &self.title
        {
            return title;
        }
        let unnamed = match self.class.as_deref() {
            Some("section") => "(untitled section)",
            Some(class) => class,
            None => self.kind.as_str(),
        };
        self.id
            .as_deref()
            .or(self.prop("label"))
            .or(self.title.as_deref())
            .unwrap_or(unnamed)
    }

    /// Adds `part` after this node's parts, before its child controls, where OSCAL puts a
    /// control's parts.
    pub fn insert_part(&mut self, part: Node) {
        let at = self
            .children
            .iter()
            .take_while(|c| c.kind == NodeKind::Part)
            .count();
        self.children.insert(at, part);
    }

    /// The page the node's text is printed on, as a reader cites it.
    pub fn cited_page(&self) -> Option<Page> {
        self.page.map(|index| Page {
            index,
            label: self.page_label.clone(),
        })
    }

    /// Depth-first iteration over this node and all its descendants.
    pub fn walk(&self) -> impl Iterator<Item = &Node> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let node = stack.pop()?;
            stack.extend(node.children.iter().rev());
            Some(node)
        })
    }
}

/// A page of a source: its position in the file, and the number printed on it when the
/// publication numbers its pages. It is cited by the printed number: an auditor finds
/// "p. 23" in the document, not the file's 28th page.
///
/// ```
/// use rmfdiff::model::Page;
/// let page = Page { index: 28, label: Some("23".into()) };
/// assert_eq!(page.to_string(), "23");
/// assert_eq!(Page { index: 5, label: None }.to_string(), "5");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub index: u32,
    pub label: Option<String>,
}

impl std::fmt::Display for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.label {
            Some(label) => f.write_str(label),
            None => write!(f, "{}", self.index),
        }
    }
}

impl Document {
    /// Depth-first iteration over every node of the document.
    pub fn walk(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().flat_map(Node::walk)
    }
}

/// The node of `nodes` of class `class` with id `id`, appended as a `kind` node with that
/// class, id and `title` if there is none.
pub fn child<'a>(
    nodes: &'a mut Vec<Node>,
    kind: NodeKind,
    class: &str,
    id: &str,
    title: &str,
) -> &'a mut Node {
    let found = nodes
        .iter()
        .position(|n| n.class.as_deref() == Some(class) && n.id.as_deref() == Some(id));
    let at = found.unwrap_or_else(|| {
        let mut node = Node::new(kind);
        node.class = Some(class.into());
        node.id = Some(id.into());
        node.title = Some(title.into());
        nodes.push(node);
        nodes.len() - 1
    });
    &mut nodes[at]
}
