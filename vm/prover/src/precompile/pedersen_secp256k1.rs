//! `pedersen_commit` over secp256k1 (group 1): the first kind in emulated arithmetic
//! (`precompile::emulated`, crate-private), one call per fold.
//!
//! The call, its input window, reads and pages, and its output words are the Grumpkin
//! kind's ([`super::pedersen`], which this kind's step type is); what differs is the group:
//!
//! * the scalars are big-endian (`k256`'s canonical encoding), each `≤ n − 1` (a borrow
//!   chain on 32-bit limbs);
//! * the commitment `v·H + r·G` (`umbra_pedersen::Secp256k1`: `H` the Elements/Grin value
//!   generator, `G` the standard one) is a fixed-base multiplication in 4-bit windows:
//!   per window, the table `{(k + 16)·16^j·P : k < 16}` of constants (offset so that no
//!   entry is the identity), one entry selected by the window's bits for 11 rows
//!   (`emulated::weierstrass::ConstantTable`), then one complete mixed addition; 128
//!   additions in all, against 512 for a bit at a time, and one more to take the offsets'
//!   sum away;
//! * the encoding is SEC1 compressed: `02`/`03` (`y` even/odd) then `x` big-endian, 33 bytes
//!   — 33 zero bytes for the identity — so the ninth output word is written in its low
//!   byte only (its other bytes keep the old word's).

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ff::One;
use ark_relations::gr1cs::SynthesisError;
use k256::elliptic_curve::sec1::ToSec1Point;
use k256::{ProjectivePoint, Scalar};
use num_bigint::BigUint;
use umbra_abi::PedersenGroup as AbiGroup;
use umbra_pedersen::{PedersenGroup, Secp256k1};

use super::batch::{Batch, BatchedCall, SlotCircuit};
use super::emulated::weierstrass::{ConstantTable, Curve, Point};
use super::gadgets::{borrow_above, byte_bits, limbs_of_bits, parity};
use super::pedersen::PedersenStep;
use crate::bus_circuit::Bus;
use crate::synth::{Synth, V, f, low_bits, pow2};

/// Bits of a window of the fixed-base multiplication.
const WINDOW: usize = 4;

/// Windows per 256-bit scalar.
const WINDOWS: usize = 256 / WINDOW;

/// The group order `n`'s 32-bit limbs less one, little-endian.
const N_MINUS_ONE: [u64; 8] = [
    0xD036_4140,
    0xBFD2_5E8C,
    0xAF48_A03B,
    0xBAAE_DCE6,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
];

/// The affine coordinates of a k256 point (`None`: the identity).
fn affine(p: &ProjectivePoint) -> Option<(BigUint, BigUint)> {
    let enc = p.to_affine().to_sec1_point(false);
    let bytes = enc.as_bytes();
    (bytes.len() == 65).then(|| {
        (
            BigUint::from_bytes_be(&bytes[1..33]),
            BigUint::from_bytes_be(&bytes[33..]),
        )
    })
}

/// A fixed base `P` in 4-bit windows: table `j` holds `(k + 16)·16^j·P` for `k < 16` —
/// never the identity (`(k + 16)·16^j < 2n` and is no multiple of the prime `n`), so each
/// window takes a mixed addition.
pub(super) struct FixedBase {
    windows: Vec<ConstantTable>,
    /// `Σ_j 16·16^j·P`: what the offsets add.
    offset: ProjectivePoint,
}

impl FixedBase {
    /// The tables of `base` (`None` if an entry were the identity, which the arithmetic
    /// above rules out; the circuit then refuses to build rather than panic).
    fn new(base: ProjectivePoint) -> Option<Self> {
        let mut p = base;
        let mut offset = ProjectivePoint::IDENTITY;
        let windows: Vec<_> = (0..WINDOWS)
            .map(|_| {
                let entries: Vec<_> = (0..1u64 << WINDOW)
                    .map(|k| affine(&(p * Scalar::from(k + 16))))
                    .collect();
                offset += p * Scalar::from(16u64);
                for _ in 0..WINDOW {
                    p = p.double();
                }
                ConstantTable::new(&entries)
            })
            .collect();
        windows
            .iter()
            .all(ConstantTable::has_no_identity)
            .then_some(Self { windows, offset })
    }

    /// `acc + Σ_j (d_j + 16)·16^j·P` for the 4-bit windows `d_j` of the 256 little-endian
    /// `bits`: per window one selection (11 rows) and one mixed addition.
    pub(super) fn add_windows(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        mut acc: Point,
        bits: &[V],
    ) -> Result<Point, SynthesisError> {
        let c = curve();
        for (w, tw) in bits.chunks(WINDOW).zip(&self.windows) {
            let entry = c.select_constant(s, w, tw)?;
            acc = c.add_affine(s, b, &acc, (&entry.x, &entry.y))?;
        }
        Ok(acc)
    }
}

/// The window tables of `H` (value) then `G` (blinding), and `−(offset_H + offset_G)`,
/// affine: what the offsets add, taken away at the end.
struct Tables {
    bases: [FixedBase; 2],
    correction: (BigUint, BigUint),
}

/// The commitment's tables, computed once.
fn tables() -> Option<&'static Tables> {
    static T: OnceLock<Option<Tables>> = OnceLock::new();
    T.get_or_init(|| {
        let [h, g] = [
            Secp256k1::value_generator(),
            Secp256k1::blinding_generator(),
        ]
        .map(FixedBase::new);
        let (h, g) = (h?, g?);
        let correction = affine(&-(h.offset + g.offset))?;
        Some(Tables {
            bases: [h, g],
            correction,
        })
    })
    .as_ref()
}

/// The standard generator `G`'s tables and `−offset_G`, affine (for `s·G` in
/// `bip340_verify`), computed once.
pub(super) fn generator() -> Option<&'static (FixedBase, (BigUint, BigUint))> {
    static T: OnceLock<Option<(FixedBase, (BigUint, BigUint))>> = OnceLock::new();
    T.get_or_init(|| {
        let g = FixedBase::new(ProjectivePoint::GENERATOR)?;
        let correction = affine(&-g.offset)?;
        Some((g, correction))
    })
    .as_ref()
}

/// The curve, built once.
pub(super) fn curve() -> &'static Curve {
    static C: OnceLock<Curve> = OnceLock::new();
    C.get_or_init(Curve::secp256k1)
}

/// The secp256k1 commitment to the 64 input bytes (value ‖ blinding, big-endian scalars
/// below `n`): its nine output words, the ninth holding only its low byte.
pub(super) fn commitment(
    s: &mut Synth,
    b: &mut Bus,
    input: &[V],
) -> Result<Vec<V>, SynthesisError> {
    // ---- the scalars' bits, least significant first, and their canonical check.
    let mut scalars: Vec<Vec<V>> = Vec::with_capacity(2);
    for be in input.chunks(32) {
        let mut bits = Vec::with_capacity(256);
        for byte in be.iter().rev() {
            bits.extend(byte_bits(s, byte)?);
        }
        borrow_above(s, b, &limbs_of_bits(&bits), &N_MINUS_ONE, true)?;
        scalars.push(bits);
    }

    // ---- v·H + r·G, a window at a time: Σ (d_j + 16)·16^j·P, then the offsets taken away.
    s.comp = "msm";
    let c = curve();
    let t = tables().ok_or(SynthesisError::Unsatisfiable)?;
    let mut acc = c.constant(None);
    for (bits, base) in scalars.iter().zip(&t.bases) {
        acc = base.add_windows(s, b, acc, bits)?;
    }
    let (cx, cy) = &t.correction;
    let correction = (c.field.constant(cx), c.field.constant(cy));
    acc = c.add_affine(s, b, &acc, (&correction.0, &correction.1))?;

    // ---- SEC1 compressed: prefix (2 + y odd, or 0 for the identity), then x big-endian.
    s.comp = "encoding";
    let one = V::constant(Fr::one());
    let pt = c.to_affine(s, b, &acc)?;
    let y0 = &pt.y_chunks[0];
    let odd = parity(s, b, y0)?;
    // (1 − id)·(2 + odd); off the identity y is canonical, on it y = 0 and so odd = 0.
    let id_odd = s.mul(&pt.id, &odd)?;
    let prefix = odd.add_const(f(2)).sub(&pt.id.scale(f(2))).sub(&id_odd);
    let mut x_le = Vec::with_capacity(32);
    for c in &pt.x_chunks {
        let v = low_bits(c.val);
        let lo = s.witness(f(v & 0xff))?;
        let hi = s.witness(f((v >> 8) & 0xff))?;
        b.r16(s, &lo.scale(f(256)), &one)?;
        b.r16(s, &hi.scale(f(256)), &one)?;
        s.equal(c, &lo.add(&hi.scale(f(256))))?;
        x_le.push(lo);
        x_le.push(hi);
    }
    let out: Vec<V> = std::iter::once(prefix)
        .chain(x_le.into_iter().rev())
        .collect();
    Ok(out
        .chunks(4)
        .map(|w| {
            w.iter().enumerate().fold(V::zero(), |acc, (k, x)| {
                acc.plus(&x.scale(pow2(8 * k as u32)))
            })
        })
        .collect())
}

/// A secp256k1 `pedersen_commit` call: one per fold of its kind (a batch of one, so the
/// kind shares the Grumpkin kind's slot circuit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secp256k1Call(pub PedersenStep);

impl BatchedCall for Secp256k1Call {
    const BATCH: usize = 1;

    fn shape() -> Self {
        Self(PedersenStep::shape_in(AbiGroup::Secp256k1))
    }
}

impl SlotCircuit for Secp256k1Call {
    fn synthesize_call(&self, s: &mut Synth, b: &mut Bus, gate: &V) -> Result<(), SynthesisError> {
        self.0.synthesize_call(s, b, gate)
    }
}

/// The step of the secp256k1 kind (one call).
pub type Secp256k1Batch = Batch<Secp256k1Call>;
