//! A deterministic generator for the tests and benches that make markets: the same
//! inputs on every machine (a linear congruential generator, Knuth's MMIX constants).

/// The generator, from its seed.
pub struct Lcg(pub u64);

impl Lcg {
    /// A number below `below`.
    pub fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}
