#![no_main]

// The old serde decoder and the schema walk on the same bytes (the first byte picks
// the model): the same verdict, or a panic naming the divergence. The body is shared
// with tests/differential.rs.
#[path = "../src/differential.rs"]
mod differential;

libfuzzer_sys::fuzz_target!(|data: &[u8]| differential::fuzz(data));
