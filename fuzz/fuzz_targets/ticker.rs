#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bitcoin_central_fuzz::ticker(data));
