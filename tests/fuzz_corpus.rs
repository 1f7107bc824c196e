//! Replays the fuzz corpus kept in `fuzz/corpus/` and every input that once made a
//! target fail, kept in `fuzz/regressions/`, through the targets' own bodies
//! (`fuzz/src/lib.rs`): none may panic, and each target's invariants must hold.

#[path = "../fuzz/src/lib.rs"]
mod targets;

use std::fs;
use std::path::Path;

/// The inputs kept for `target` under `folder`, by file name.
fn inputs(folder: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder)
        .join(target);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut inputs: Vec<(String, Vec<u8>)> = entries
        .map(|entry| {
            let path = entry.expect("a corpus entry").path();
            let data = fs::read(&path).expect("a corpus file");
            (path.display().to_string(), data)
        })
        .collect();
    inputs.sort();
    inputs
}

/// Runs every kept input of every target; a failure names the file.
fn replay(folder: &str) -> usize {
    let mut count = 0;
    for (target, run) in targets::TARGETS {
        for (name, data) in inputs(folder, target) {
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target} fails on {name}");
            count += 1;
        }
    }
    count
}

#[test]
fn the_kept_corpus_decodes_without_panic_and_keeps_the_invariants() {
    assert!(replay("corpus") > 0, "fuzz/corpus/ is empty");
}

#[test]
fn every_input_that_once_failed_now_passes() {
    replay("regressions");
}

#[test]
fn every_target_has_a_corpus() {
    for (target, _) in targets::TARGETS {
        assert!(
            !inputs("corpus", target).is_empty(),
            "no corpus for {target}"
        );
    }
}

#[test]
fn every_fuzz_target_file_is_replayed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    let mut files: Vec<String> = fs::read_dir(dir)
        .expect("fuzz/fuzz_targets/")
        .map(|entry| {
            let path = entry.expect("an entry").path();
            let stem = path.file_stem().expect("a file name");
            stem.to_string_lossy().into_owned()
        })
        .collect();
    files.sort();
    let mut names: Vec<String> = targets::TARGETS
        .iter()
        .map(|(name, _)| *name)
        .chain(targets::REPLAYED_ELSEWHERE)
        .map(str::to_owned)
        .collect();
    names.sort();
    assert_eq!(files, names);
}
