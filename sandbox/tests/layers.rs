//! The sandbox's layers hold: reading its own sources (`src/`), every module imports
//! only from its own layer or the layers below, and the module graph has no cycle.
//!
//! Layers, lowest first: `domain` (plain logic, no axum or tower), `http` (helpers for
//! answers), `handlers` (the endpoints), `router` (the routes and the middleware); the
//! crate root (`lib.rs`) sits on top and nothing imports it.
//!
//! A dependency is any `crate::...` path in code (a `use`, or a path written out), and
//! a parent module's `mod` of its children; comments and string literals do not count.
//! `super::` paths are not followed, so they are refused, but for the tests'
//! `use super::*;`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: [&str; 4] = ["domain", "http", "handlers", "router"];

/// A module's layer: its index in [`LAYERS`]; the crate root is above them all.
fn layer(module: &str) -> Option<usize> {
    if module.is_empty() {
        return Some(LAYERS.len());
    }
    let top = module.split("::").next().unwrap_or("");
    LAYERS.iter().position(|l| *l == top)
}

/// `src/domain/mod.rs` → `domain`, `src/domain/book.rs` → `domain::book`, `src/lib.rs`
/// → `` (the root).
fn module_of(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts.join("::")
}

/// The code of a Rust source, with comments, string literals and char literals blanked
/// out (lifetimes are kept).
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let blank = |out: &mut String, from: &[char]| {
        for c in from {
            out.push(if *c == '\n' { '\n' } else { ' ' });
        }
    };
    while i < chars.len() {
        let rest = &chars[i..];
        let starts = |s: &str| rest.iter().take(s.len()).copied().eq(s.chars());
        let end = if starts("//") {
            i + rest.iter().position(|c| *c == '\n').unwrap_or(rest.len())
        } else if starts("/*") {
            let mut depth = 0;
            let mut j = i;
            loop {
                if j + 1 >= chars.len() {
                    break chars.len();
                }
                if chars[j] == '/' && chars[j + 1] == '*' {
                    depth += 1;
                    j += 2;
                } else if chars[j] == '*' && chars[j + 1] == '/' {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break j;
                    }
                } else {
                    j += 1;
                }
            }
        } else if let Some(end) = raw_string_end(&chars, i) {
            end
        } else if chars[i] == '"' || (chars[i] == 'b' && rest.get(1) == Some(&'"')) {
            let mut j = i + if chars[i] == 'b' { 2 } else { 1 };
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            j + 1
        } else if chars[i] == '\'' && rest.get(1) == Some(&'\\') {
            // An escape: the character after the backslash may be a quote.
            let mut j = i + 3;
            while j < chars.len() && chars[j] != '\'' {
                j += 1;
            }
            j + 1
        } else if chars[i] == '\'' && rest.get(2) == Some(&'\'') {
            i + 3
        } else {
            out.push(chars[i]);
            i += 1;
            continue;
        };
        let end = end.min(chars.len());
        blank(&mut out, &chars[i..end]);
        i = end;
    }
    out
}

/// Where a raw string (`r"…"`, `r#"…"#`, `br#"…"#`) starting at `i` ends.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let previous_is_ident = i > 0 && is_ident(chars[i - 1]);
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if previous_is_ident || chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|c| **c == '#').count();
    j += hashes;
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"' && chars[j + 1..].iter().take(hashes).all(|c| *c == '#') {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(chars.len())
}

/// Skips ` as name` after a path in a use tree.
fn skip_alias(chars: &[char], j: &mut usize) {
    let mut k = *j;
    while k < chars.len() && chars[k].is_whitespace() {
        k += 1;
    }
    let is_as = chars.get(k) == Some(&'a')
        && chars.get(k + 1) == Some(&'s')
        && chars.get(k + 2).is_some_and(|c| c.is_whitespace());
    if is_as {
        k += 2;
        while k < chars.len() && chars[k].is_whitespace() {
            k += 1;
        }
        while k < chars.len() && is_ident(chars[k]) {
            k += 1;
        }
        *j = k;
    }
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path after `crate::` in `code`, use trees expanded (`crate::a::{self, b::C}`
/// gives `a` and `a::b::C`; a glob gives the module it is in).
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut paths = Vec::new();
    let needle: Vec<char> = "crate::".chars().collect();
    let mut i = 0;
    while i + needle.len() <= chars.len() {
        let boundary = i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == ':');
        if boundary && chars[i..i + needle.len()] == needle[..] {
            let mut j = i + needle.len();
            use_tree(&chars, &mut j, &mut Vec::new(), &mut paths);
            i = j;
        } else {
            i += 1;
        }
    }
    paths
}

/// Reads a use tree at `*j` below `prefix`, pushing the paths it names.
fn use_tree(chars: &[char], j: &mut usize, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let skip_space = |j: &mut usize| {
        while *j < chars.len() && chars[*j].is_whitespace() {
            *j += 1;
        }
    };
    let depth = prefix.len();
    loop {
        skip_space(j);
        if chars.get(*j) == Some(&'{') {
            *j += 1;
            loop {
                skip_space(j);
                if chars.get(*j) == Some(&'}') {
                    *j += 1;
                    break;
                }
                use_tree(chars, j, prefix, out);
                skip_alias(chars, j);
                skip_space(j);
                match chars.get(*j) {
                    Some(',') => *j += 1,
                    Some('}') => {
                        *j += 1;
                        break;
                    }
                    _ => break,
                }
            }
            break;
        }
        if chars.get(*j) == Some(&'*') {
            *j += 1;
            out.push(prefix.clone());
            break;
        }
        let start = *j;
        while *j < chars.len() && is_ident(chars[*j]) {
            *j += 1;
        }
        let ident: String = chars[start..*j].iter().collect();
        if ident.is_empty() {
            out.push(prefix.clone());
            break;
        }
        if ident != "self" {
            prefix.push(ident);
        }
        if chars.get(*j) == Some(&':') && chars.get(*j + 1) == Some(&':') {
            *j += 2;
            continue;
        }
        out.push(prefix.clone());
        break;
    }
    prefix.truncate(depth);
}

/// The module a path names: the longest of its prefixes that is a module.
fn resolve(path: &[String], modules: &BTreeSet<String>) -> String {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| modules.contains(m))
        .unwrap_or_default()
}

/// What is wrong with the layering of `sources` (module path → source), and the
/// imports found (module → modules it imports).
fn analyse(
    sources: &BTreeMap<String, String>,
) -> (Vec<String>, BTreeMap<String, BTreeSet<String>>) {
    let modules: BTreeSet<String> = sources.keys().cloned().collect();
    let mut problems = Vec::new();
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, source) in sources {
        let code = code_only(source);
        let Some(from) = layer(module) else {
            problems.push(format!("{module} is in no layer ({LAYERS:?})"));
            continue;
        };
        for path in crate_paths(&code) {
            let target = resolve(&path, &modules);
            if target == *module {
                continue;
            }
            match layer(&target) {
                Some(to) if to <= from && !target.is_empty() => {}
                _ => problems.push(format!(
                    "{module} imports crate::{}, in {} (layer {:?}), above its layer {}",
                    path.join("::"),
                    if target.is_empty() {
                        "the crate root"
                    } else {
                        &target
                    },
                    layer(&target).map(|l| LAYERS.get(l).copied().unwrap_or("root")),
                    LAYERS.get(from).copied().unwrap_or("root"),
                )),
            }
            imports.entry(module.clone()).or_default().insert(target);
        }
        let supers = code.matches("super::").count();
        let globs = code.matches("use super::*;").count();
        if supers != globs {
            problems.push(format!(
                "{module} has a super:: path other than `use super::*;`: write crate::..."
            ));
        }
        if from == 0 {
            for word in ["axum", "tower", "tower_http"] {
                if has_word(&code, word) {
                    problems.push(format!("{module} (domain) uses {word}"));
                }
            }
        }
    }
    if let Some(cycle) = find_cycle(&modules, &imports) {
        problems.push(format!("cycle: {}", cycle.join(" -> ")));
    }
    (problems, imports)
}

fn has_word(code: &str, word: &str) -> bool {
    code.match_indices(word).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// A cycle among the modules, counting imports and each parent's `mod` of its
/// children.
fn find_cycle(
    modules: &BTreeSet<String>,
    imports: &BTreeMap<String, BTreeSet<String>>,
) -> Option<Vec<String>> {
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for module in modules {
        if !module.is_empty() {
            let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
            edges.entry(parent).or_default().insert(module);
        }
    }
    for (from, tos) in imports {
        for to in tos {
            edges.entry(from).or_default().insert(to);
        }
    }
    // Depth-first, with the path so far: a module met again on it closes a cycle.
    fn visit<'a>(
        module: &'a str,
        edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| *m == module) {
            let mut cycle: Vec<String> = path[at..].iter().map(|m| name(m)).collect();
            cycle.push(name(module));
            return Some(cycle);
        }
        if !done.insert(module) {
            return None;
        }
        path.push(module);
        for next in edges.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    fn name(module: &str) -> String {
        if module.is_empty() {
            "crate".to_owned()
        } else {
            module.to_owned()
        }
    }
    let mut done = BTreeSet::new();
    modules
        .iter()
        .find_map(|m| visit(m, &edges, &mut Vec::new(), &mut done))
}

/// The sandbox's library sources (not `main.rs`, the binary, which uses the library
/// as any crate would), by module path.
fn sandbox_sources() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src/") {
            let path: PathBuf = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
        .into_iter()
        .filter(|path| path != &src.join("main.rs"))
        .map(|path| {
            let module = module_of(path.strip_prefix(&src).expect("under src/"));
            let source = std::fs::read_to_string(&path).expect("read a source file");
            (module, source)
        })
        .collect()
}

#[test]
fn every_import_points_down_the_layers_and_none_goes_round() {
    let sources = sandbox_sources();
    let (problems, imports) = analyse(&sources);
    assert!(
        problems.is_empty(),
        "layering problems:\n{}",
        problems.join("\n")
    );
    // The check saw the sandbox as it is: every layer has modules, and known imports
    // are found (a reader that found nothing would pass vacuously).
    for layer in LAYERS {
        assert!(sources.contains_key(layer), "no src/{layer}/mod.rs");
    }
    assert!(sources.len() >= 20, "{:?}", sources.keys());
    for (from, to) in [
        ("domain::exchange", "domain::accounts"),
        ("domain::accounts", "domain::orders"),
        ("http::respond", "domain::i18n"),
        ("handlers::user", "domain::exchange"),
        ("handlers::user", "http::respond"),
        ("handlers::user", "handlers::bearer"),
        ("router", "handlers::user"),
        ("router::faults", "domain::faults"),
        ("", "router"),
    ] {
        assert!(
            imports.get(from).is_some_and(|tos| tos.contains(to)),
            "expected {from} to import {to}; found {:?}",
            imports.get(from)
        );
    }
}

#[test]
fn the_check_sees_upward_imports_cycles_and_axum_in_the_domain() {
    let sources = |files: &[(&str, &str)]| -> BTreeMap<String, String> {
        files
            .iter()
            .map(|(m, s)| ((*m).to_owned(), (*s).to_owned()))
            .collect()
    };
    let base = [
        ("", "pub mod domain; pub mod http;"),
        ("domain", "pub mod a; pub mod b;"),
        ("domain::a", ""),
        ("domain::b", ""),
        ("http", "pub mod respond;"),
        (
            "http::respond",
            "use crate::{domain::a::{self as x, A}, domain::b::*};",
        ),
    ];
    let (problems, _) = analyse(&sources(&base));
    assert!(problems.is_empty(), "{problems:?}");

    // A domain module reaching up into http, in a use tree over several lines.
    let mut files = base.to_vec();
    files.push((
        "domain::a",
        "use crate::{\n    domain::b,\n    http::respond::json,\n};",
    ));
    let (problems, _) = analyse(&sources(&files));
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("domain::a imports crate::http::respond::json")),
        "{problems:?}"
    );

    // Two domain modules importing each other; a path written out counts too.
    let mut files = base.to_vec();
    files.push(("domain::a", "fn f() { crate::domain::b::g() }"));
    files.push(("domain::b", "use crate::domain::a;"));
    let (problems, _) = analyse(&sources(&files));
    assert!(
        problems.iter().any(|p| p.starts_with("cycle:")),
        "{problems:?}"
    );

    // A child importing its parent module is a cycle with the parent's `mod`.
    let mut files = base.to_vec();
    files.push(("domain::a", "use crate::domain::helper;"));
    files.push(("domain", "pub mod a; pub mod b; pub fn helper() {}"));
    let (problems, _) = analyse(&sources(&files));
    assert!(
        problems.iter().any(|p| p.starts_with("cycle:")),
        "{problems:?}"
    );

    // Anything below the root importing the root; axum in the domain; a super:: path;
    // a module outside the layers.
    let mut files = base.to_vec();
    files.push(("domain::a", "use crate::Sandbox; use axum::Router;"));
    files.push((
        "domain::b",
        "use super::a::A;\n#[cfg(test)]\nmod tests { use super::*; }",
    ));
    files.push(("extra", ""));
    let (problems, _) = analyse(&sources(&files));
    for expected in [
        "domain::a imports crate::Sandbox, in the crate root",
        "domain::a (domain) uses axum",
        "domain::b has a super:: path",
        "extra is in no layer",
    ] {
        assert!(
            problems.iter().any(|p| p.starts_with(expected)),
            "{expected}: {problems:?}"
        );
    }

    // Comments and strings are not code.
    let mut files = base.to_vec();
    files.push((
        "domain::a",
        "//! Served by [`crate::http::respond`].\nconst S: &str = \"crate::http \\\" crate::http\"; \
         const R: &str = r#\"use axum::x\"#; /* crate::http /* nested */ axum */\n\
         fn f<'a>(c: char) -> bool { c == '\"' || c == '\\'' || c == '\\\\' }",
    ));
    let (problems, _) = analyse(&sources(&files));
    assert!(problems.is_empty(), "{problems:?}");
}
