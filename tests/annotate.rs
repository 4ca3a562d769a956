//! Runs the `annotate` example on fixtures: pages and index are written, self-contained and
//! escaped, every entity and quote has its element; then, where Debian's `chromium` is
//! installed (`.ci/run` installs it), renders pages headless and checks the rendered DOM and
//! a screenshot.

mod common;
use common::{example_bin, fixture, temp_dir};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use whosaid::{Analysis, Pipeline};

/// Runs `annotate` on `inputs` into `out`; asserts success.
fn annotate(inputs: &[&Path], out: &Path) {
    let o = Command::new(example_bin("annotate"))
        .args(inputs)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "annotate failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Decodes the character references that HTML serializers write.
fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// One start tag: its name and attributes (decoded).
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn get(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a start tag's inside (`span class="e" data-e="3"`), strictly: every attribute is
/// `name="value"` (or a bare name) and no value holds a raw `<`, `>` or `"`; `None` when the
/// tag is malformed, as broken escaping would make it.
fn parse_tag(inner: &str) -> Option<Tag> {
    let inner = inner.trim_end_matches('/').trim_end();
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    let mut rest = inner[name_end..].trim_start();
    let mut attrs = Vec::new();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return None;
        }
        rest = &rest[key_end..];
        if let Some(r) = rest.strip_prefix("=\"") {
            let end = r.find('"')?;
            let value = &r[..end];
            if value.contains(['<', '>']) {
                return None;
            }
            attrs.push((key.to_string(), decode(value)));
            rest = r[end + 1..].trim_start();
        } else {
            attrs.push((key.to_string(), String::new()));
            rest = rest.trim_start();
        }
    }
    Some(Tag { name, attrs })
}

/// Every start tag of a document (outside `<style>`), parsed strictly.
fn start_tags(html: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        let gt = rest.find('>').expect("a tag ends");
        let inner = &rest[1..gt];
        rest = &rest[gt + 1..];
        if inner.starts_with(['!', '/']) {
            continue;
        }
        let tag = parse_tag(inner).unwrap_or_else(|| panic!("malformed tag <{inner}>"));
        if tag.name == "style" {
            rest = &rest[rest.find("</style>").expect("style ends")..];
        }
        tags.push(tag);
    }
    tags
}

/// The text inside every element with attribute `key`, by the attribute's value: the texts
/// of all fragments of one mark, in document order. Panics on malformed markup.
fn texts_by(html: &str, key: &str) -> HashMap<String, String> {
    const VOID: [&str; 7] = ["meta", "br", "img", "hr", "input", "link", "wbr"];
    let mut out: HashMap<String, String> = HashMap::new();
    let mut stack: Vec<(String, Option<String>)> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let text = decode(&rest[..lt]);
        for (_, v) in &stack {
            if let Some(v) = v {
                out.entry(v.clone()).or_default().push_str(&text);
            }
        }
        rest = &rest[lt..];
        let gt = rest.find('>').expect("a tag ends");
        let inner = &rest[1..gt];
        rest = &rest[gt + 1..];
        if inner.starts_with('!') {
            continue;
        }
        if let Some(name) = inner.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            while let Some((open, _)) = stack.pop() {
                if open == name {
                    break;
                }
            }
            continue;
        }
        let tag = parse_tag(inner).unwrap_or_else(|| panic!("malformed tag <{inner}>"));
        if tag.name == "style" || tag.name == "script" {
            let close = format!("</{}>", tag.name);
            let end = rest.find(&close).expect("raw text element ends");
            rest = &rest[end + close.len()..];
            continue;
        }
        if !VOID.contains(&tag.name.as_str()) && !inner.ends_with('/') {
            stack.push((tag.name.clone(), tag.get(key).map(String::from)));
        }
    }
    out
}

/// Every entity and quote of `a` whose element is missing from `html` or does not hold its
/// words.
fn missing_marks(html: &str, a: &Analysis) -> Vec<String> {
    let entities = texts_by(html, "data-e");
    let quotes = texts_by(html, "data-q");
    let mut missing = Vec::new();
    for (i, e) in a.entities.iter().enumerate() {
        if entities.get(&i.to_string()) != Some(&e.text) {
            missing.push(format!("entity {i} {:?}", e.text));
        }
    }
    for (i, q) in a.quotes.iter().enumerate() {
        if quotes.get(&i.to_string()) != Some(&q.text) {
            missing.push(format!("quote {i} {:?}", q.text));
        }
    }
    missing
}

/// Strips the markup of the elements whose start tag holds `needle` (their text stays).
fn drop_elements(html: &str, needle: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find(needle) {
        let lt = rest[..at].rfind('<').unwrap();
        let gt = at + rest[at..].find('>').unwrap();
        out.push_str(&rest[..lt]);
        out.push_str("<span>");
        rest = &rest[gt + 1..];
    }
    out.push_str(rest);
    out
}

const ESCAPE_NAME: &str = "odd \"quoted\" & <name>.txt";

/// Runs annotate on the article fixtures and on the escaping fixture under an odd file name.
fn annotated(tag: &str) -> (PathBuf, PathBuf) {
    let dir = temp_dir(tag);
    let odd = dir.join(ESCAPE_NAME);
    std::fs::copy(fixture("annotate/escape.txt"), &odd).unwrap();
    let out = dir.join("out");
    annotate(&[&fixture("articles"), &odd], &out);
    (dir, out)
}

fn analysis_of(path: &Path) -> (String, Analysis) {
    let text = std::fs::read_to_string(path).unwrap();
    let a = Pipeline::default().analyze(&text);
    (text, a)
}

#[test]
fn pages_and_index_are_written_escaped_and_self_contained() {
    let (dir, out) = annotated("annotate-pages");
    let mut pages: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "01_baltic_defence.html",
            "02_eu_trade.html",
            "03_city_council.html",
            "04_tech_earnings.html",
            "05_sports_transfer.html",
            "06_health_ministry.html",
            "index.html",
            "odd__quoted_____name_.html",
        ]
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for page in &pages {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let lower = html.to_ascii_lowercase();
        // Nothing is loaded or linked from another host: no script, no external resource,
        // links only to this page's anchors or to sibling pages. (Article text may mention
        // a URL; it is text.)
        for banned in ["<script", "<link", "<img", "<iframe", "@import", "url("] {
            assert!(!lower.contains(banned), "{page} holds {banned}");
        }
        for tag in start_tags(&html) {
            for (k, v) in &tag.attrs {
                assert!(
                    !["src", "srcset", "action", "data"].contains(&k.as_str()),
                    "{page}: {k}"
                );
                if k == "href" {
                    let local = v.starts_with('#')
                        || (v.ends_with(".html") && !v.contains([':', '/', '\\']));
                    assert!(local, "{page}: href {v:?}");
                }
            }
        }
        texts_by(&html, "data-e"); // every tag well formed
        if page != "index.html" {
            assert!(
                index.contains(&format!("href=\"{page}\"")),
                "index lacks {page}"
            );
        }
    }
    // Every entity and quote has its element with its words, and the table lists each
    // speaker and the unattributed quotes.
    let odd = dir.join(ESCAPE_NAME);
    let mut any_nested = false;
    for (source, page) in [
        (
            fixture("articles/01_baltic_defence.txt"),
            "01_baltic_defence.html",
        ),
        (
            fixture("articles/03_city_council.txt"),
            "03_city_council.html",
        ),
        (fixture("articles/02_eu_trade.txt"), "02_eu_trade.html"),
        (odd.clone(), "odd__quoted_____name_.html"),
    ] {
        let (_, a) = analysis_of(&source);
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert_eq!(missing_marks(&html, &a), Vec::<String>::new(), "{page}");
        // Quotes hold entities: the nested elements keep both marks' words (checked above).
        let nested = a.quotes.iter().any(|q| {
            a.entities
                .iter()
                .any(|e| q.content.contains(e.span) && e.span != q.content)
        });
        any_nested |= nested;
        let table = &html[html.find("id=\"who\"").unwrap()..];
        for s in a.speakers() {
            assert!(
                table.contains(&format!("</span>{}</td>", html_escape(s.name))),
                "{page}: who-said-what lacks {}",
                s.name
            );
            assert!(
                index.contains(&html_escape(s.name)),
                "index lacks {}",
                s.name
            );
        }
        let unattributed = a
            .quotes
            .iter()
            .any(|q| q.speaker_name.is_none() && q.speaker_group.is_none());
        assert_eq!(table.contains("Unattributed</td>"), unattributed, "{page}");
        let items = texts_by(table, "data-item");
        assert_eq!(
            items.len(),
            a.quotes.len(),
            "{page}: each quote in the table"
        );
    }
    assert!(any_nested, "the fixtures have entities inside quotes");
    // The escaping fixture: markup in the text is text, the odd name is escaped in content
    // and in attributes.
    let html = std::fs::read_to_string(out.join("odd__quoted_____name_.html")).unwrap();
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("Smith &amp; Sons"));
    assert!(html.contains("odd &quot;quoted&quot; &amp; &lt;name&gt;.txt"));
    assert!(!html.contains("<b>") && !html.contains("<i>") && !html.contains("<everyone>"));
    let index_tags = texts_by(&index, "title");
    assert!(
        index_tags.keys().any(|t| t.ends_with(ESCAPE_NAME)),
        "the index link's title attribute holds the odd name: {:?}",
        index_tags.keys()
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Debian's chromium (or `WHOSAID_CHROMIUM`), if installed.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("WHOSAID_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| [d.join("chromium"), d.join("chromium-browser")])
        .find(|p| p.is_file())
}

/// Runs headless chromium on a local file with `args`; returns stdout. Offline and sandboxed
/// from the network: no first run, no background or component traffic, a fresh profile.
fn headless(bin: &Path, profile: &Path, args: &[String], page: &Path) -> Vec<u8> {
    let url = format!("file://{}", page.display());
    // coreutils `timeout` guards against a hung browser (not a timing check).
    let out = Command::new("timeout")
        .arg("300")
        .arg(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Pixels of a PNG that are not (near) white, and how many distinct colours they have.
fn ink(png_path: &Path) -> (usize, usize, usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(channels >= 3 && info.bit_depth == png::BitDepth::Eight);
    let mut colours = std::collections::HashSet::new();
    let mut inked = 0;
    let pixels = buf[..info.buffer_size()].chunks(channels);
    let total = pixels.len();
    for p in pixels {
        if p[..3].iter().any(|&c| c < 235) {
            inked += 1;
            colours.insert([p[0], p[1], p[2]]);
        }
    }
    (inked, total, colours.len())
}

#[test]
fn pages_render_in_headless_chromium() {
    let Some(bin) = chromium() else {
        eprintln!("skipped: no `chromium` on PATH (apt-get install chromium; .ci/run installs it)");
        return;
    };
    let (dir, out) = annotated("annotate-browser");
    let profile = dir.join("profile");
    let odd = dir.join(ESCAPE_NAME);
    for (source, page) in [
        (
            fixture("articles/01_baltic_defence.txt"),
            "01_baltic_defence.html",
        ),
        (odd, "odd__quoted_____name_.html"),
    ] {
        let (_, a) = analysis_of(&source);
        let dom = headless(&bin, &profile, &["--dump-dom".into()], &out.join(page));
        let dom = String::from_utf8(dom).unwrap();
        assert!(
            dom.contains("id=\"who\""),
            "{page}: no rendered DOM: {dom:.200}"
        );
        // Every entity and quote element is in the rendered DOM, holding its words.
        assert_eq!(missing_marks(&dom, &a), Vec::<String>::new(), "{page}");
        // The check fails when an element is missing.
        let first_e = drop_elements(&dom, "data-e=\"0\"");
        assert_eq!(
            missing_marks(&first_e, &a),
            [format!("entity 0 {:?}", a.entities[0].text)]
        );
        let last_q = a.quotes.len() - 1;
        let no_q = drop_elements(&dom, &format!("data-q=\"{last_q}\""));
        assert_eq!(
            missing_marks(&no_q, &a),
            [format!("quote {last_q} {:?}", a.quotes[last_q].text)]
        );
        // Markup in the article stays text: the browser made no element of it.
        let body = &dom[dom.find("<body").unwrap()..];
        for tag in ["<script", "<b>", "<i>", "<everyone"] {
            assert!(!body.contains(tag), "{page}: {tag} became an element");
        }
    }
    // The index renders with a link per article.
    let dom = headless(
        &bin,
        &profile,
        &["--dump-dom".into()],
        &out.join("index.html"),
    );
    let dom = String::from_utf8(dom).unwrap();
    assert_eq!(dom.matches("<a href=").count(), 7, "{dom:.300}");

    // A screenshot of a page is not blank: compare with an empty page shot the same way.
    let blank = dir.join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let shot = |page: &Path, png: &Path, size: &str| {
        let args = [
            format!("--screenshot={}", png.display()),
            format!("--window-size={size}"),
        ];
        headless(&bin, &profile, &args, page);
        assert!(png.is_file());
    };
    let (blank_png, page_png) = (dir.join("blank.png"), dir.join("page.png"));
    shot(&blank, &blank_png, "1000,900");
    shot(&out.join("01_baltic_defence.html"), &page_png, "1000,900");
    let (blank_ink, blank_total, _) = ink(&blank_png);
    let (page_ink, page_total, colours) = ink(&page_png);
    assert_eq!(blank_total, page_total);
    assert!(blank_ink * 1000 < blank_total, "the empty page is white");
    assert!(
        page_ink * 20 > page_total && colours >= 50,
        "the page shows text and highlights: {page_ink} of {page_total} pixels inked, {colours} colours"
    );
    // WHOSAID_BLESS=1 refreshes the README's screenshot (docs/annotate.png).
    if std::env::var_os("WHOSAID_BLESS").is_some() {
        let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/annotate.png");
        std::fs::create_dir_all(docs.parent().unwrap()).unwrap();
        // Named as a reader would type it, from the fixtures folder.
        let o = Command::new(example_bin("annotate"))
            .current_dir(fixture(""))
            .args(["articles/01_baltic_defence.txt", "-o"])
            .arg(dir.join("readme"))
            .output()
            .unwrap();
        assert!(o.status.success());
        shot(&dir.join("readme/01_baltic_defence.html"), &docs, "960,660");
    }
    std::fs::remove_dir_all(&dir).ok();
}
