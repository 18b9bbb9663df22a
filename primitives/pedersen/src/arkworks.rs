//! Helpers shared by the arkworks-backed groups (Jubjub, Grumpkin): byte and
//! limb conversions, and constant-time scalar construction (arkworks' own
//! `From<u64>` and `from_le_bytes_mod_order` are not constant time).

use subtle::{Choice, CtOption};
use umbra_ct_curves::CtField;

/// Four little-endian 64-bit limbs from 32 little-endian bytes.
pub(crate) fn limbs_from_le_bytes(bytes: &[u8; 32]) -> [u64; 4] {
    core::array::from_fn(|i| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[8 * i..8 * i + 8]);
        u64::from_le_bytes(b)
    })
}

/// 32 little-endian bytes from four little-endian limbs.
pub(crate) fn le_bytes_from_limbs(limbs: &[u64; 4]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, limb) in out.chunks_exact_mut(8).zip(limbs) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    out
}

/// The integer whose big-endian bytes `bytes` yields, reduced, in constant
/// time: Horner's rule on bits, every bit costing one doubling, one addition
/// and one masked select.
pub(crate) fn ct_scalar_from_be_bytes<'a, F: CtField>(bytes: impl Iterator<Item = &'a u8>) -> F {
    let one = F::one_ct();
    let mut acc = F::zero();
    for byte in bytes {
        for i in (0..8).rev() {
            acc = acc.ct_double();
            let bumped = acc.ct_add(&one);
            acc = F::ct_select(&acc, &bumped, Choice::from((byte >> i) & 1));
        }
    }
    acc
}

/// A canonical little-endian scalar, or none if it is not reduced.
pub(crate) fn ct_scalar_from_le_bytes<F: CtField>(bytes: &[u8; 32]) -> CtOption<F> {
    F::ct_from_canonical_limbs(&limbs_from_le_bytes(bytes))
}

/// The canonical little-endian encoding of a scalar.
pub(crate) fn ct_scalar_to_le_bytes<F: CtField>(scalar: &F) -> [u8; 32] {
    le_bytes_from_limbs(&scalar.ct_to_canonical_limbs())
}

/// The `PedersenGroup` arithmetic and scalar codecs of a group on
/// `umbra-ct-curves`: every operation constant time, scalars little-endian.
/// Expands inside an `impl PedersenGroup` whose `Point: CtGroup<Scalar = Scalar>`.
macro_rules! ct_curves_arithmetic {
    ($point:ty, $scalar:ty) => {
        fn identity() -> $point {
            <$point as umbra_ct_curves::CtGroup>::identity()
        }

        fn add(p: &$point, q: &$point) -> $point {
            umbra_ct_curves::CtGroup::ct_add(p, q)
        }

        fn neg(p: &$point) -> $point {
            umbra_ct_curves::CtGroup::ct_neg(p)
        }

        fn point_eq(p: &$point, q: &$point) -> subtle::Choice {
            subtle::ConstantTimeEq::ct_eq(p, q)
        }

        fn mul(point: &$point, scalar: &$scalar) -> $point {
            umbra_ct_curves::CtGroup::ct_mul(point, scalar)
        }

        fn scalar_add(a: &$scalar, b: &$scalar) -> $scalar {
            umbra_ct_curves::CtField::ct_add(a, b)
        }

        fn scalar_sub(a: &$scalar, b: &$scalar) -> $scalar {
            umbra_ct_curves::CtField::ct_sub(a, b)
        }

        fn scalar_mul(a: &$scalar, b: &$scalar) -> $scalar {
            umbra_ct_curves::CtField::ct_mul(a, b)
        }

        fn scalar_eq(a: &$scalar, b: &$scalar) -> subtle::Choice {
            umbra_ct_curves::CtField::ct_eq(a, b)
        }

        fn scalar_from_u64(v: u64) -> $scalar {
            $crate::arkworks::ct_scalar_from_be_bytes(v.to_be_bytes().iter())
        }

        /// The 64 bytes as a little-endian integer mod r (Zcash's `ToScalar`).
        fn scalar_from_wide(bytes: &[u8; 64]) -> $scalar {
            $crate::arkworks::ct_scalar_from_be_bytes(bytes.iter().rev())
        }

        fn scalar_from_bytes(bytes: &[u8; 32]) -> subtle::CtOption<$scalar> {
            $crate::arkworks::ct_scalar_from_le_bytes(bytes)
        }

        fn scalar_to_bytes(scalar: &$scalar) -> [u8; 32] {
            $crate::arkworks::ct_scalar_to_le_bytes(scalar)
        }
    };
}
pub(crate) use ct_curves_arithmetic;
