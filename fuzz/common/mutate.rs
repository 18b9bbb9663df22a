//! The mutation every proof-verifying target applies (included by `#[path]`, not a target).
//!
//! Random bytes are almost never a decodable proof, so a target that only decodes the
//! fuzzer's input never reaches the verifier's checks behind the header. Each target therefore
//! also XORs the input into a **valid** proof's encoding, at an offset the input chooses:
//! mutations then reach every point, scalar, length and witness, and one rule decides the
//! outcome — a proof whose bytes changed must not verify.

/// `data` decoded as a proof and verified (neither may panic); then the valid encoding
/// `valid` with `data[4..]` XORed in at offset `data[..4]` (little-endian, modulo the length;
/// whatever runs past the end is cut), decoded and verified: if any byte changed, it must not
/// verify.
///
/// # Panics
/// When a changed proof verifies (the finding this target looks for), or if `valid` is
/// empty (a broken target set-up).
pub fn decode_and_verify_mutations<P, E, T, V>(
    valid: &[u8],
    data: &[u8],
    decode: impl Fn(&[u8]) -> Result<P, E>,
    verify: impl Fn(&P) -> Result<T, V>,
) {
    if let Ok(p) = decode(data) {
        let _ = verify(&p);
    }
    if data.len() < 5 {
        return;
    }
    assert!(!valid.is_empty(), "the target's valid proof is empty");
    let off = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize % valid.len();
    let mut bytes = valid.to_vec();
    let mut changed = false;
    for (dst, src) in bytes[off..].iter_mut().zip(&data[4..]) {
        changed |= *src != 0;
        *dst ^= src;
    }
    if let Ok(p) = decode(&bytes) {
        assert!(!changed || verify(&p).is_err(), "a modified proof verified");
    }
}
