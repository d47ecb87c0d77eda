//! The HTML page in a real browser: headless Chromium driven through chromedriver's WebDriver
//! HTTP API. Without Debian's `chromium` and `chromium-driver` these tests fail, naming
//! the packages: they never skip.

use std::fs;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use rmfdiff::frameworks;
use rmfdiff::report::classify::Status;
use rmfdiff::report::{Options, Report};
use rmfdiff::topics::Lexicon;
use serde_json::{Value, json};
use tempfile::TempDir;

use crate::html::{fixture_report, hostile_report, page};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The key under which WebDriver returns an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The chromedriver process, killed when dropped (also when a test panics).
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One headless Chromium session with a fresh profile; pages are written beside it.
struct Browser {
    agent: ureq::Agent,
    /// `http://127.0.0.1:PORT/session/ID`
    session: String,
    dir: TempDir,
    _driver: Driver,
}

impl Browser {
    fn start() -> Browser {
        Browser::launch(true)
    }

    /// A browser with the page's JavaScript on or off (WebDriver's own scripts still run).
    fn launch(javascript: bool) -> Browser {
        for path in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                Path::new(path).exists(),
                "{path} is missing: the browser tests need Debian's chromium and chromium-driver \
                 packages (apt-get install -y chromium chromium-driver)"
            );
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(Driver)
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while !agent
            .get(format!("{base}/status"))
            .call()
            .ok()
            .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
            .is_some_and(|v| v["value"]["ready"] == true)
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            thread::sleep(Duration::from_millis(100));
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let profile = dir.path().join("profile");
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "prefs": {"profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 }},
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-quic", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
            "goog:loggingPrefs": {"browser": "ALL"},
        }}});
        let created = request(
            &agent,
            "POST",
            &format!("{base}/session"),
            Some(capabilities),
        )
        .unwrap_or_else(|e| panic!("no Chromium session: {e}"));
        let id = created["sessionId"].as_str().expect("a session id");
        Browser {
            agent,
            session: format!("{base}/session/{id}"),
            dir,
            _driver: driver,
        }
    }

    /// A WebDriver command on the session; panics with the driver's message on error.
    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.session);
        request(&self.agent, method, &url, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// Writes `html` beside the profile and opens it from `file://`.
    fn open(&self, name: &str, html: &str) {
        let path = self.dir.path().join(name);
        fs::write(&path, html).expect("write page");
        let url = format!("file://{}", path.display());
        self.command("POST", "/url", Some(json!({"url": url})));
    }

    /// Writes `html` beside the profile and opens it at `#fragment`.
    fn open_at(&self, name: &str, html: &str, fragment: &str) {
        let path = self.dir.path().join(name);
        fs::write(&path, html).expect("write page");
        let url = format!("file://{}#{fragment}", path.display());
        self.command("POST", "/url", Some(json!({"url": url})));
    }

    /// Runs `body` as a function in the page and returns what it returns.
    fn js(&self, body: &str) -> Value {
        let script = json!({"script": body, "args": []});
        self.command("POST", "/execute/sync", Some(script))
    }

    fn click(&self, css: &str) {
        let found = self.command(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        let id = found[ELEMENT].as_str().expect("an element reference");
        self.command("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// The ids of the entries on screen.
    fn visible_entries(&self) -> Vec<String> {
        let ids = self.js("return [...document.querySelectorAll('article.entry')]
                .filter((e) => e.offsetParent !== null).map((e) => e.id);");
        serde_json::from_value(ids).expect("a list of ids")
    }

    /// The CSS `display` of the first element matching `css`.
    fn display(&self, css: &str) -> String {
        let script = format!(
            "return getComputedStyle(document.querySelector({})).display;",
            json!(css)
        );
        self.js(&script).as_str().unwrap_or_default().to_string()
    }

    /// Errors the page logged to the console (script errors, blocked requests, CSP reports).
    fn console_errors(&self) -> Vec<String> {
        let log = self.command("POST", "/se/log", Some(json!({"type": "browser"})));
        let entries = log.as_array().cloned().unwrap_or_default();
        entries
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = request(&self.agent, "DELETE", &self.session, None);
    }
}

/// One WebDriver request: its `value` on success, the driver's error message otherwise.
fn request(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let response = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, Some(body)) => agent.post(url).send_json(body),
        (_, None) => agent.post(url).send_empty(),
    };
    let mut response = response.map_err(|e| e.to_string())?;
    let ok = response.status().is_success();
    let reply: Value = response
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_json()
        .map_err(|e| e.to_string())?;
    let value = reply["value"].clone();
    if ok {
        Ok(value)
    } else {
        Err(format!("{} {}", value["error"], value["message"]))
    }
}

/// The filter value of a built-in topic.
fn topic_filter(key: &str) -> String {
    let topics = Lexicon::builtin().topics;
    let at = topics.iter().position(|t| t.key == key).expect("a topic");
    format!("t{at}")
}

/// The ids of the entries that `keep` selects, as the page writes them.
fn anchors(report: &Report, keep: impl Fn(&rmfdiff::report::Change) -> bool) -> Vec<String> {
    let changes = report.changes.iter().filter(|c| keep(c));
    let ids = changes.map(|c| c.new_id.as_ref().or(c.old_id.as_ref()).expect("an id"));
    ids.map(|id| id.replace(' ', "-")).collect()
}

#[test]
fn views_and_filters_work_on_a_real_report() {
    let load = |name: &str| {
        frameworks::find(name)
            .expect("shipped")
            .load()
            .expect("loads")
    };
    let report = Report::diff(
        &load("sp800-53-rev4-high"),
        &load("sp800-53-rev5-high"),
        &Lexicon::builtin(),
        &Options::default(),
    );
    let all = anchors(&report, |_| true);
    let browser = Browser::start();
    browser.open("sp800-53.html", &page(&report));

    // The controls appear once the script runs; the inline view is the default.
    assert_eq!(
        browser.js("return document.getElementById('controls').hidden;"),
        false
    );
    assert_eq!(browser.visible_entries(), all);
    assert_eq!(browser.display("article.entry .inline"), "block");
    assert_eq!(browser.display("article.entry .side"), "none");

    browser.click("input[name=view][value=side]");
    assert_eq!(browser.display("article.entry .inline"), "none");
    assert_eq!(browser.display("article.entry .side"), "grid");
    browser.click("input[name=view][value=inline]");
    assert_eq!(browser.display("article.entry .inline"), "block");
    assert_eq!(browser.display("article.entry .side"), "none");

    // A topic filter hides every entry without a reference to that topic, in the contents too.
    let dei = |c: &rmfdiff::report::Change| c.topics.iter().any(|t| t.topic == "dei");
    let expected = anchors(&report, dei);
    assert!(!expected.is_empty() && expected.len() < all.len());
    browser.click(&format!("input[name=topic][value={}]", topic_filter("dei")));
    assert_eq!(browser.visible_entries(), expected);
    let without = anchors(&report, |c| !dei(c));
    let item = format!("#contents li[data-entry='{}']", without[0]);
    assert_eq!(browser.display(&item), "none");
    let shown = browser.js("return document.getElementById('shown').textContent;");
    assert_eq!(
        shown,
        format!("Showing {} of {} entries", expected.len(), all.len())
    );

    // Classification narrows the topic: Rev. 5 keeps its DEI reference (AC-8's "demographics
    // of system users") and removes none.
    browser.click("input[name=status][value=removed]");
    assert_eq!(browser.visible_entries(), Vec::<String>::new());
    browser.click("input[name=status][value=retained]");
    let retained = |c: &rmfdiff::report::Change| {
        c.topics
            .iter()
            .any(|t| t.topic == "dei" && t.status == Status::Retained)
    };
    let expected_retained = anchors(&report, retained);
    assert!(!expected_retained.is_empty() && expected_retained.len() <= expected.len());
    assert_eq!(browser.visible_entries(), expected_retained);

    // "Show all" resets every filter; then a function filter keeps that function's entries.
    browser.click("button.show-all");
    assert_eq!(browser.visible_entries(), all);
    browser.click("select[name=function] option[value=f1]");
    let function = &report.functions[1].name;
    let expected = anchors(&report, |c| c.path.first() == Some(function));
    assert!(!expected.is_empty() && expected.len() < all.len());
    assert_eq!(browser.visible_entries(), expected);

    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn page_reads_without_javascript() {
    let browser = Browser::launch(false);
    browser.open("retained.html", &page(&fixture_report("retained")));
    // The script did not run: no count, no controls; the inline view shows old and new words.
    assert_eq!(
        browser.js("return document.getElementById('shown').textContent;"),
        ""
    );
    assert_eq!(browser.display("#controls"), "none");
    assert_eq!(browser.visible_entries(), ["MEASURE-2.12"]);
    assert_eq!(browser.display("article.entry .inline"), "block");
    assert_eq!(browser.display("article.entry .side"), "none");
    let text = browser.js("return document.querySelector('article.entry .inline').innerText;");
    let text = text.as_str().expect("the entry's text");
    assert!(
        text.contains("and sustainability") && text.contains("deployment"),
        "{text}"
    );
}

#[test]
fn changed_only_hides_unchanged_entries() {
    let browser = Browser::start();
    browser.open("unchanged.html", &page(&fixture_report("unchanged")));
    // "Changed only" is on by default, and says what it hides.
    assert_eq!(browser.visible_entries(), Vec::<String>::new());
    let shown = browser.js("return document.getElementById('shown').textContent;");
    assert_eq!(
        shown,
        "Showing 0 of 1 entries (1 unchanged hidden: untick \"Changed only\" to show them)"
    );
    browser.click("input[name=changed]");
    assert_eq!(browser.visible_entries(), ["GOVERN-1.2"]);
    browser.click("input[name=changed]");
    assert_eq!(browser.visible_entries(), Vec::<String>::new());
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn hostile_text_shows_literally_and_runs_nothing() {
    let browser = Browser::start();
    browser.open("hostile.html", &page(&hostile_report()));
    // Both views and a filter put the hostile text on screen.
    browser.click("input[name=view][value=side]");
    browser.click("input[name=view][value=inline]");
    browser.click(&format!(
        "input[name=topic][value={}]",
        topic_filter("misinformation")
    ));
    browser.click("button.show-all");

    assert_eq!(browser.js("return typeof window.pwned;"), "undefined");
    let alert = request(
        &browser.agent,
        "GET",
        &format!("{}/alert/text", browser.session),
        None,
    );
    assert!(
        alert.as_ref().is_err_and(|e| e.contains("no such alert")),
        "an alert is open: {alert:?}"
    );
    assert_eq!(browser.js("return document.scripts.length;"), 1);
    assert_eq!(browser.js("return document.images.length;"), 0);
    let text = browser.js("return document.body.innerText;");
    let text = text.as_str().expect("the page's text");
    for literal in [
        "<script>window.pwned = 1; alert(1)</script>",
        "\"><img src=x onerror=\"window.pwned=2;alert(2)\">",
        "<a href=\"javascript:window.pwned=4\">click</a>",
        "<b onmouseover=\"window.pwned=8\">valued</b>",
    ] {
        assert!(
            text.contains(literal),
            "{literal:?} does not show literally"
        );
    }
    let title = browser.js("return document.title;");
    assert!(
        title
            .as_str()
            .is_some_and(|t| t.contains("<script>window.pwned")),
        "{title}"
    );
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

/// The shipped AI RMF against a revision without GOVERN 3's "diversity, equity, inclusion,
/// and accessibility" (a test fixture made from the shipped text).
fn ai_rmf_without_dei_category() -> Report {
    use crate::revisions::{ai_rmf, reword};
    let revised = reword(
        ai_rmf(),
        "GOVERN 3",
        "Workforce diversity, equity, inclusion, and accessibility processes",
        "Workforce processes",
    );
    Report::diff(
        &ai_rmf(),
        &revised,
        &Lexicon::builtin(),
        &Options::default(),
    )
}

#[test]
fn the_removed_passage_is_the_first_thing_a_reader_meets() {
    let browser = Browser::start();
    browser.open("findings.html", &page(&ai_rmf_without_dei_category()));
    // The first list item on the page is the removed reference, above the fold at 1280×800.
    let first = browser.js("const li = document.querySelector('li');
         return [li.dataset.status, li.textContent, li.getBoundingClientRect().top < 800];");
    assert_eq!(first[0], "removed");
    let text = first[1].as_str().expect("text");
    assert!(
        text.contains("diversity, equity, inclusion, and accessibility"),
        "{text}"
    );
    assert!(
        text.contains("GOVERN 3") && text.contains("old p. 23"),
        "{text}"
    );
    assert_eq!(first[2], true);
    // It links to the reference in its entry, which is shown; from there the next finding.
    browser.click("#findings li a");
    assert_eq!(browser.js("return location.hash;"), "#finding-1");
    assert_eq!(
        browser.visible_entries().first().map(String::as_str),
        Some("GOVERN-3")
    );
    browser.click("#finding-1 a[aria-label='next finding']");
    assert_eq!(browser.js("return location.hash;"), "#finding-2");
    // A retained reference in an unchanged entry is hidden by "Changed only": following its
    // finding shows it.
    let last = browser.js("return document.querySelectorAll('#findings li').length;");
    let last = last.as_u64().expect("a count");
    browser.click(&format!("#findings li:nth-child({last}) a"));
    let target = browser.js(&format!(
        "return document.getElementById('finding-{last}').offsetParent !== null;"
    ));
    assert_eq!(target, true);
    assert!(browser.console_errors().is_empty());
}

#[test]
fn the_filters_live_in_the_url_fragment() {
    let browser = Browser::start();
    let html = page(&ai_rmf_without_dei_category());
    let dei = topic_filter("dei");
    browser.open_at(
        "filtered.html",
        &html,
        &format!("topic={dei}&status=removed&changed=0"),
    );
    let state = browser.js("const f = document.getElementById('controls').elements;
         return [f.topic.value, f.status.value, f.changed.checked];");
    assert_eq!(state, json!([dei, "removed", false]));
    assert_eq!(browser.visible_entries(), ["GOVERN-3"]);
    // Changing a filter writes it back, for a link to share.
    browser.click("input[name=status][value=retained]");
    let hash = browser.js("return location.hash;");
    assert_eq!(hash, format!("#topic={dei}&status=retained&changed=0"));
}

/// The page's width beyond the window's: 0 when nothing makes the page scroll sideways.
fn overflow(browser: &Browser) -> i64 {
    let width = browser.js("const d = document.documentElement;
         return Math.max(d.scrollWidth, document.body.scrollWidth) - d.clientWidth;");
    width.as_i64().expect("a width")
}

/// The history page of three AI RMF versions (GOVERN 3.1's "diversity" gone in v2, back in
/// v3), its versions imported from NIST's PDF: at 1280 and at 2100 px wide the page does not
/// scroll sideways (wide tables scroll in their own box), and it logs no error.
#[test]
fn history_page_fits_the_window() {
    use crate::revisions::{ai_rmf, reword};
    use rmfdiff::report::history::History;
    let reworded = reword(
        ai_rmf(),
        "GOVERN 3.1",
        "a diverse team (e.g., diversity of demographics, disciplines, experience, expertise, and backgrounds)",
        "a team with a range of disciplines, experience, and expertise",
    );
    let docs = [ai_rmf(), reworded, ai_rmf()];
    let history = History::new(&docs, &Lexicon::builtin(), &Options::default());
    let mut html = Vec::new();
    rmfdiff::render::html::write_history(&history, &mut html).expect("renders");
    let html = String::from_utf8(html).expect("UTF-8");
    let browser = Browser::start();
    for width in [1280, 2100] {
        let size = json!({"width": width, "height": 900});
        browser.command("POST", "/window/rect", Some(size));
        browser.open("history.html", &html);
        let inner = browser.js("return window.innerWidth;").as_i64();
        assert!(
            inner.is_some_and(|w| w > width - 40),
            "{inner:?} at {width}"
        );
        assert_eq!(overflow(&browser), 0, "at {width} px");
        let back = browser
            .js("return [...document.querySelectorAll('li.back')].map((li) => li.innerText);");
        let back = back.as_array().expect("a list").len();
        assert_eq!(back, 3, "at {width} px");
    }
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn site_pages_link_to_each_other_from_file_urls() {
    use crate::site::{site, versions_in};
    let browser = Browser::start();
    let out = browser.dir.path().join("site");
    let output = site(&out, &versions_in(browser.dir.path()));
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let at = |page: &str| format!("file://{}/{page}", out.display());
    let location = || browser.js("return location.href;");
    // Only the page itself was loaded: no script, style sheet, image or font from anywhere.
    let fetched = || {
        browser.js(
            "return performance.getEntriesByType('resource').map((e) => e.name)
            .filter((name) => !name.startsWith('file:'));",
        )
    };

    browser.command("POST", "/url", Some(json!({"url": at("index.html")})));
    assert_eq!(
        browser.js("return document.querySelector('meta[name=generator]').content;"),
        "rmfdiff site"
    );
    assert_eq!(fetched(), json!([]));

    browser.click("#findings a[href='diff-1-2.html']");
    assert_eq!(location(), at("diff-1-2.html"));
    // The report's own script still runs under its policy: the filters appear.
    assert_eq!(
        browser.js("return document.getElementById('controls').hidden;"),
        false
    );
    assert_eq!(fetched(), json!([]));
    browser.click("nav.site a[href='index.html']");
    assert_eq!(location(), at("index.html"));

    browser.click("a[href='history.html']");
    assert_eq!(location(), at("history.html"));
    assert_eq!(fetched(), json!([]));
    browser.click("nav.site a[href='index.html']");
    browser.click("a[href='scan-3.html']");
    assert_eq!(location(), at("scan-3.html"));
    browser.click("nav.site a[href='index.html']");
    assert_eq!(location(), at("index.html"));
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}
