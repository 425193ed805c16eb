//! Deterministic randomness for the simulated Jenkins: every build's plan and console come from
//! a generator seeded by the world's seed and the build's identity, so a seed reproduces the
//! same history whatever order requests arrive in.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// FNV-1a over the parts: stable across Rust releases, unlike `DefaultHasher`.
pub fn mix(seed: u64, parts: &[&str], n: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for p in parts {
        eat(p.as_bytes());
        eat(&[0xff]);
    }
    eat(&n.to_le_bytes());
    h
}

pub fn rng_for(seed: u64, parts: &[&str], n: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(mix(seed, parts, n))
}

/// `len` lowercase hex digits from a generator (commit ids, pod name suffixes).
pub fn hex(rng: &mut ChaCha8Rng, len: usize) -> String {
    use rand::Rng;
    (0..len)
        .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
        .collect()
}
