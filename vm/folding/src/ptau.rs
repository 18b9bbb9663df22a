//! Commitment keys from a snarkjs powers-of-tau (`.ptau`) file (BN254).
//!
//! The file (snarkjs / `@iden3/binfileutils` layout) is the magic `ptau`,
//! a version (1), a section count, then sections `(id: u32, size: u64,
//! bytes)`, all little-endian. Section 1 is the header (`n8 = 32`, the base
//! field modulus `q`, `power`, `ceremonyPower`), section 2 the
//! `2^(power+1) − 1` points `[τ^i]₁`, section 3 the `2^power` points
//! `[τ^i]₂`. Coordinates are little-endian **Montgomery** representations
//! (ffjavascript's `LEM`); G2 coordinates are `(c0, c1)`.
//!
//! The basis `G_i = [τ^i]₁` comes from the file; the blinding generator
//! `h` is hashed to the curve ([`hash_to_g1`]), so nobody knows its
//! discrete logarithm. Every point is validated; malformed input is a
//! typed error.

use ark_bn254::{Fq, Fq2, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, PrimeField};
use sha3::{Digest, Sha3_256};

use crate::{CommitmentKey, Error, G1};

/// A key read from a `.ptau` file.
#[derive(Clone, Debug)]
pub struct PtauKey {
    /// The commitment key: `n` powers `[τ^i]₁` and a hashed `h`.
    pub ck: CommitmentKey<G1>,
    /// `[1]₂` from the file.
    pub g2: G2Affine,
    /// `[τ]₂` from the file (for a KZG verifier).
    pub tau_g2: G2Affine,
    /// The file's `power` (it holds `2^(power+1) − 1` G1 powers).
    pub power: u32,
}

struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if self.b.len() < n {
            return Err(Error::Deserialization);
        }
        let (h, t) = self.b.split_at(n);
        self.b = t;
        Ok(h)
    }
    fn u32(&mut self) -> Result<u32, Error> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(a))
    }
    fn u64(&mut self) -> Result<u64, Error> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
}

/// An Fq element from 32 little-endian Montgomery bytes (canonical: below
/// `q`).
fn fq_lem(bytes: &[u8]) -> Result<Fq, Error> {
    let bits: Vec<bool> = bytes
        .iter()
        .flat_map(|b| (0..8).map(move |k| (b >> k) & 1 == 1))
        .collect();
    let v = <Fq as PrimeField>::BigInt::from_bits_le(&bits);
    if v >= <Fq as PrimeField>::MODULUS {
        return Err(Error::Deserialization);
    }
    Ok(Fq::new_unchecked(v))
}

fn g1_lem(bytes: &[u8]) -> Result<G1Affine, Error> {
    let (x, y) = bytes.split_at(32);
    let p = G1Affine::new_unchecked(fq_lem(x)?, fq_lem(y)?);
    // BN254 G1 has cofactor 1: on the curve means in the group. (0, 0),
    // the file's identity, is not on the curve and is rejected here.
    if !p.is_on_curve() {
        return Err(Error::InvalidKey);
    }
    Ok(p)
}

fn g2_lem(bytes: &[u8]) -> Result<G2Affine, Error> {
    let x = Fq2::new(fq_lem(&bytes[..32])?, fq_lem(&bytes[32..64])?);
    let y = Fq2::new(fq_lem(&bytes[64..96])?, fq_lem(&bytes[96..128])?);
    let p = G2Affine::new_unchecked(x, y);
    if !p.is_on_curve() || !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err(Error::InvalidKey);
    }
    Ok(p)
}

/// A G1 point with unknown discrete logarithm: try-and-increment on
/// `x = SHA3-256(domain ‖ label ‖ counter) mod q`, the smaller of the two
/// `y`. Public data, variable time.
///
/// # Errors
/// [`Error::InvalidKey`] if 256 counters all fail (probability `2^-256`).
pub fn hash_to_g1(label: &[u8]) -> Result<G1Affine, Error> {
    for ctr in 0u32..256 {
        let mut h = Sha3_256::new();
        h.update(b"umbra-folding/hash-to-g1/v1");
        h.update((label.len() as u64).to_le_bytes());
        h.update(label);
        h.update(ctr.to_le_bytes());
        let d: [u8; 32] = h.finalize().into();
        let x = Fq::from_le_bytes_mod_order(&d);
        if let Some(p) = G1Affine::get_point_from_x_unchecked(x, false)
            && p.is_on_curve()
            && !p.is_zero()
        {
            return Ok(p);
        }
    }
    Err(Error::InvalidKey)
}

/// Reads a snarkjs `.ptau` file and builds a commitment key of `n` powers
/// with `h = hash_to_g1(h_label)`.
///
/// # Errors
/// [`Error::Deserialization`] for a malformed file (magic, truncation,
/// section sizes, repeated sections, non-canonical coordinates),
/// [`Error::UnsupportedVersion`], [`Error::InvalidKey`] for another curve,
/// a point off the curve or out of the subgroup, or a degenerate basis, and
/// [`Error::KeyTooShort`] when the file holds fewer than `n` powers.
pub fn load_ptau(bytes: &[u8], n: usize, h_label: &[u8]) -> Result<PtauKey, Error> {
    let mut r = Reader { b: bytes };
    if r.take(4)? != b"ptau" {
        return Err(Error::Deserialization);
    }
    if r.u32()? != 1 {
        return Err(Error::UnsupportedVersion);
    }
    let n_sections = r.u32()?;
    let mut sections: Vec<(u32, &[u8])> = Vec::new();
    for _ in 0..n_sections {
        let id = r.u32()?;
        let size = usize::try_from(r.u64()?).map_err(|_| Error::Deserialization)?;
        let data = r.take(size)?;
        if sections.iter().any(|(i, _)| *i == id) {
            return Err(Error::Deserialization);
        }
        sections.push((id, data));
    }
    if !r.b.is_empty() {
        return Err(Error::Deserialization);
    }
    let section = |id: u32| {
        sections
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, d)| *d)
            .ok_or(Error::Deserialization)
    };
    let mut h = Reader { b: section(1)? };
    if h.u32()? != 32 {
        return Err(Error::InvalidKey);
    }
    let q = h.take(32)?;
    if q != <Fq as PrimeField>::MODULUS.to_bytes_le().as_slice() {
        return Err(Error::InvalidKey);
    }
    let power = h.u32()?;
    let _ceremony_power = h.u32()?;
    if power >= 40 {
        return Err(Error::Deserialization);
    }
    let n_g1 = (1usize << (power + 1)) - 1;
    let n_g2 = 1usize << power;
    let tau_g1 = section(2)?;
    let tau_g2 = section(3)?;
    if tau_g1.len() != 64 * n_g1 || tau_g2.len() != 128 * n_g2 || n_g2 < 2 {
        return Err(Error::Deserialization);
    }
    if n > n_g1 {
        return Err(Error::KeyTooShort);
    }
    let g = tau_g1
        .chunks_exact(64)
        .take(n)
        .map(g1_lem)
        .collect::<Result<Vec<_>, _>>()?;
    let g2 = g2_lem(&tau_g2[..128])?;
    let t2 = g2_lem(&tau_g2[128..256])?;
    let ck = CommitmentKey::from_parts(g, hash_to_g1(h_label)?)?;
    Ok(PtauKey {
        ck,
        g2,
        tau_g2: t2,
        power,
    })
}
