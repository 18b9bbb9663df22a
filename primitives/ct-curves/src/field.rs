//! Branch-free arithmetic on arkworks 4-limb Montgomery prime fields.
//!
//! [`CtField`] is implemented for every `ark_ff::Fp<MontBackend<P, 4>, 4>`:
//! BLS12-381 Fr, BN254 Fr and Fq (= Grumpkin's base and scalar fields), the
//! Jubjub and Bandersnatch scalar fields, and any other 4-limb arkworks field.
//! The values are ordinary arkworks elements (same Montgomery representation),
//! so results interoperate with arkworks code in both directions.
//!
//! Every operation runs the same instruction sequence whatever the values:
//! carries and borrows become all-ones/all-zeros masks that select between two
//! candidates, and no limb value ever reaches a branch or an address. The
//! claim is checked under valgrind by `examples/ctgrind.rs`.

use ark_ff::{BigInt, Fp, MontBackend, MontConfig, PrimeField};
use subtle::{Choice, ConstantTimeEq, CtOption};

/// Branch-free arithmetic on a 4-limb prime field.
///
/// Every input is treated as secret, including the exponent of
/// [`CtField::ct_pow`] (only its length is public).
pub trait CtField: PrimeField + Copy {
    /// `self * other`: Montgomery multiplication with a masked final subtraction.
    fn ct_mul(&self, other: &Self) -> Self;
    /// `self^2`.
    fn ct_square(&self) -> Self;
    /// `self + other`.
    fn ct_add(&self, other: &Self) -> Self;
    /// `self - other`.
    fn ct_sub(&self, other: &Self) -> Self;
    /// `-self`.
    fn ct_neg(&self) -> Self;
    /// `2 * self`.
    fn ct_double(&self) -> Self {
        self.ct_add(self)
    }
    /// `b` if `choice` is set, else `a`.
    fn ct_select(a: &Self, b: &Self, choice: Choice) -> Self;
    /// Swaps `a` and `b` if `choice` is set.
    fn ct_swap(a: &mut Self, b: &mut Self, choice: Choice) {
        let t = Self::ct_select(a, b, choice);
        *b = Self::ct_select(b, a, choice);
        *a = t;
    }
    /// Equality as a [`Choice`].
    fn ct_eq(&self, other: &Self) -> Choice;
    /// Whether `self` is zero, as a [`Choice`].
    fn ct_is_zero(&self) -> Choice;
    /// `self^exp` for an exponent given as little-endian 64-bit limbs.
    ///
    /// Square and always multiply: every bit costs one squaring and one
    /// multiplication, and the product is kept under a mask, so neither the
    /// base nor the exponent reaches a branch (only `exp.len()` does).
    fn ct_pow(&self, exp: &[u64]) -> Self {
        let mut acc = Self::one_ct();
        for limb in exp.iter().rev() {
            for i in (0..64).rev() {
                acc = acc.ct_square();
                let prod = acc.ct_mul(self);
                let bit = Choice::from(((limb >> i) & 1) as u8);
                acc = Self::ct_select(&acc, &prod, bit);
            }
        }
        acc
    }
    /// The multiplicative inverse by Fermat's little theorem (`self^(p-2)`,
    /// a fixed exponent), none for zero.
    fn ct_inverse(&self) -> CtOption<Self>;
    /// The canonical (non-Montgomery) little-endian limbs of `self`, computed
    /// without branches (unlike arkworks' `into_bigint`).
    fn ct_to_canonical_limbs(&self) -> [u64; 4];
    /// The element with canonical little-endian limbs `limbs`; none if
    /// `limbs >= p`. The check is a mask, not a branch.
    fn ct_from_canonical_limbs(limbs: &[u64; 4]) -> CtOption<Self>;
    /// The element `limbs mod p` for any 256-bit little-endian value (a
    /// Montgomery multiplication by `R^2`, exact for inputs below `2^256`).
    fn ct_from_limbs_mod_order(limbs: &[u64; 4]) -> Self;
    /// The multiplicative identity (a constant).
    fn one_ct() -> Self;
    /// `sum_i a[i] * b[i]` over the common length of `a` and `b`.
    ///
    /// The 4-limb implementation reduces lazily: it accumulates the 512-bit
    /// products and runs one Montgomery reduction per group of terms instead
    /// of one per product (the linear layers of Poseidon are dot products).
    /// Only the lengths are public.
    fn ct_sum_of_products(a: &[Self], b: &[Self]) -> Self {
        let mut acc = Self::ZERO;
        for (x, y) in a.iter().zip(b.iter()) {
            acc = acc.ct_add(&x.ct_mul(y));
        }
        acc
    }
}

/// `a + b + carry`, returning the low word and the carry.
#[inline(always)]
const fn adc(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let t = (a as u128) + (b as u128) + (carry as u128);
    (t as u64, (t >> 64) as u64)
}

/// `a - b - borrow`, returning the low word and the borrow (0 or 1).
#[inline(always)]
const fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let t = (a as u128).wrapping_sub((b as u128) + (borrow as u128));
    (t as u64, (t >> 127) as u64)
}

/// `a + b * c + carry`, returning the low word and the carry.
#[inline(always)]
const fn mac(a: u64, b: u64, c: u64, carry: u64) -> (u64, u64) {
    let t = (a as u128) + (b as u128) * (c as u128) + (carry as u128);
    (t as u64, (t >> 64) as u64)
}

/// Selects `b` where `mask` is all ones and `a` where it is zero.
#[inline(always)]
fn select_limbs(a: &[u64; 4], b: &[u64; 4], mask: u64) -> [u64; 4] {
    [
        a[0] ^ (mask & (a[0] ^ b[0])),
        a[1] ^ (mask & (a[1] ^ b[1])),
        a[2] ^ (mask & (a[2] ^ b[2])),
        a[3] ^ (mask & (a[3] ^ b[3])),
    ]
}

/// Reduces the 5-limb value `(hi, t)` known to be `< 2p` into `[0, p)`:
/// subtracts `p` and keeps the difference unless it borrowed.
#[inline(always)]
fn reduce_once(t: &[u64; 4], hi: u64, p: &[u64; 4]) -> [u64; 4] {
    let (r0, b) = sbb(t[0], p[0], 0);
    let (r1, b) = sbb(t[1], p[1], b);
    let (r2, b) = sbb(t[2], p[2], b);
    let (r3, b) = sbb(t[3], p[3], b);
    let (_, b) = sbb(hi, 0, b);
    // b = 1 when t < p: keep t. mask = all ones then.
    let mask = 0u64.wrapping_sub(b);
    select_limbs(&[r0, r1, r2, r3], t, mask)
}

/// Montgomery multiplication (CIOS): `a * b * R^-1 mod p` for `a, b < p`,
/// with `inv = -p^-1 mod 2^64`.
#[inline(always)]
pub(crate) fn mont_mul(a: &[u64; 4], b: &[u64; 4], p: &[u64; 4], inv: u64) -> [u64; 4] {
    let mut t = [0u64; 4];
    let mut t4 = 0u64;
    let mut i = 0;
    while i < 4 {
        let (r0, c) = mac(t[0], a[0], b[i], 0);
        let (r1, c) = mac(t[1], a[1], b[i], c);
        let (r2, c) = mac(t[2], a[2], b[i], c);
        let (r3, c) = mac(t[3], a[3], b[i], c);
        let (r4, t5) = adc(t4, c, 0);
        let m = r0.wrapping_mul(inv);
        let (_, c) = mac(r0, m, p[0], 0);
        let (s0, c) = mac(r1, m, p[1], c);
        let (s1, c) = mac(r2, m, p[2], c);
        let (s2, c) = mac(r3, m, p[3], c);
        let (s3, c) = adc(r4, c, 0);
        t = [s0, s1, s2, s3];
        t4 = t5 + c;
        i += 1;
    }
    reduce_once(&t, t4, p)
}

/// Montgomery multiplication for moduli whose top limb is below
/// `2^63 - 1` (every field in use): the running value then fits in four
/// limbs and the extra carry words of [`mont_mul`] vanish (the "no-carry"
/// CIOS variant, as in gnark and arkworks). Same result, no branches.
#[inline(always)]
pub(crate) fn mont_mul_no_carry(a: &[u64; 4], b: &[u64; 4], p: &[u64; 4], inv: u64) -> [u64; 4] {
    let mut t = [0u64; 4];
    let mut i = 0;
    while i < 4 {
        let (t0, c1) = mac(t[0], a[0], b[i], 0);
        let m = t0.wrapping_mul(inv);
        let (_, c2) = mac(t0, m, p[0], 0);
        let (t1, c1) = mac(t[1], a[1], b[i], c1);
        let (r0, c2) = mac(t1, m, p[1], c2);
        let (t2, c1) = mac(t[2], a[2], b[i], c1);
        let (r1, c2) = mac(t2, m, p[2], c2);
        let (t3, c1) = mac(t[3], a[3], b[i], c1);
        let (r2, c2) = mac(t3, m, p[3], c2);
        t = [r0, r1, r2, c1 + c2];
        i += 1;
    }
    reduce_once(&t, 0, p)
}

/// Montgomery squaring: the 512-bit square (off-diagonal products computed
/// once and doubled by a shift), then a word-by-word Montgomery reduction.
/// 10 + 16 word multiplications instead of 32; branch-free.
#[inline(always)]
pub(crate) fn mont_square(a: &[u64; 4], p: &[u64; 4], inv: u64) -> [u64; 4] {
    // Off-diagonal: sum_{i<j} a_i a_j 2^(64(i+j)).
    let (w1, c) = mac(0, a[0], a[1], 0);
    let (w2, c) = mac(0, a[0], a[2], c);
    let (w3, w4) = mac(0, a[0], a[3], c);
    let (w3, c) = mac(w3, a[1], a[2], 0);
    let (w4, w5) = mac(w4, a[1], a[3], c);
    let (w5, w6) = mac(w5, a[2], a[3], 0);
    // Double.
    let w7 = w6 >> 63;
    let w6 = (w6 << 1) | (w5 >> 63);
    let w5 = (w5 << 1) | (w4 >> 63);
    let w4 = (w4 << 1) | (w3 >> 63);
    let w3 = (w3 << 1) | (w2 >> 63);
    let w2 = (w2 << 1) | (w1 >> 63);
    let w1 = w1 << 1;
    // Diagonal: a_i^2 2^(128 i).
    let (w0, c) = mac(0, a[0], a[0], 0);
    let (w1, c) = adc(w1, 0, c);
    let (w2, c) = mac(w2, a[1], a[1], c);
    let (w3, c) = adc(w3, 0, c);
    let (w4, c) = mac(w4, a[2], a[2], c);
    let (w5, c) = adc(w5, 0, c);
    let (w6, c) = mac(w6, a[3], a[3], c);
    let (w7, _) = adc(w7, 0, c);
    // a^2 < p^2: one product, so the one-subtraction path of the wide
    // reduction applies.
    redc_wide([w0, w1, w2, w3, w4, w5, w6, w7, 0], p, inv, true)
}

/// The full 512-bit product `a * b` (schoolbook; it cannot overflow 8 limbs).
#[inline(always)]
fn mul_wide(a: &[u64; 4], b: &[u64; 4]) -> [u64; 8] {
    let mut w = [0u64; 8];
    let mut i = 0;
    while i < 4 {
        let (r0, c) = mac(w[i], a[i], b[0], 0);
        let (r1, c) = mac(w[i + 1], a[i], b[1], c);
        let (r2, c) = mac(w[i + 2], a[i], b[2], c);
        let (r3, c) = mac(w[i + 3], a[i], b[3], c);
        w[i] = r0;
        w[i + 1] = r1;
        w[i + 2] = r2;
        w[i + 3] = r3;
        w[i + 4] = c;
        i += 1;
    }
    w
}

/// Adds the 512-bit `x` into the 576-bit accumulator `acc`.
#[inline(always)]
fn add_wide(acc: &mut [u64; 9], x: &[u64; 8]) {
    let mut c = 0;
    let mut i = 0;
    while i < 8 {
        let (r, c2) = adc(acc[i], x[i], c);
        acc[i] = r;
        c = c2;
        i += 1;
    }
    acc[8] = acc[8].wrapping_add(c);
}

/// How many products below `p^2` one lazy reduction can absorb: with
/// `k p < 3R` the Montgomery reduction of `T < k p^2` is below
/// `k p^2 / R + p < 4p`, which two masked subtractions bring into `[0, p)`.
const fn lazy_terms(p: &[u64; 4]) -> usize {
    // k (p3 + 1) 2^192 <= 3 * 2^256 bounds k p < 3R.
    ((3u128 << 64) / (p[3] as u128 + 1)) as usize
}

/// How many products below `p^2` one lazy reduction can absorb while
/// needing only the final subtraction: with `k p < R` the reduction is
/// below `k p^2 / R + p < 2p`.
const fn lazy_terms_one_step(p: &[u64; 4]) -> usize {
    ((1u128 << 64) / (p[3] as u128 + 1)) as usize
}

/// `2p` as five limbs.
const fn double_modulus(p: &[u64; 4]) -> [u64; 5] {
    [
        p[0] << 1,
        (p[1] << 1) | (p[0] >> 63),
        (p[2] << 1) | (p[1] >> 63),
        (p[3] << 1) | (p[2] >> 63),
        p[3] >> 63,
    ]
}

/// Montgomery reduction of a 576-bit `w < k p^2` with `k <=`
/// [`lazy_terms`]`(p)`, fully reduced into `[0, p)` without branches.
/// `one_step` (a public fact: `k <=` [`lazy_terms_one_step`]`(p)`) skips
/// the subtraction of `2p` that only larger sums need.
#[inline(always)]
fn redc_wide(mut w: [u64; 9], p: &[u64; 4], inv: u64, one_step: bool) -> [u64; 4] {
    let mut hi = 0u64;
    let mut i = 0;
    while i < 4 {
        let m = w[i].wrapping_mul(inv);
        let (_, c) = mac(w[i], m, p[0], 0);
        let (x1, c) = mac(w[i + 1], m, p[1], c);
        let (x2, c) = mac(w[i + 2], m, p[2], c);
        let (x3, c) = mac(w[i + 3], m, p[3], c);
        let (x4, c2) = adc(w[i + 4], hi, c);
        w[i + 1] = x1;
        w[i + 2] = x2;
        w[i + 3] = x3;
        w[i + 4] = x4;
        hi = c2;
        i += 1;
    }
    // r = (w + M p) / R < 4p, as five limbs.
    let r = [w[4], w[5], w[6], w[7]];
    let top = w[8] + hi;
    if one_step {
        return reduce_once(&r, top, p);
    }
    // Subtract 2p unless that borrows; then r < 2p.
    let tp = double_modulus(p);
    let (d0, b) = sbb(r[0], tp[0], 0);
    let (d1, b) = sbb(r[1], tp[1], b);
    let (d2, b) = sbb(r[2], tp[2], b);
    let (d3, b) = sbb(r[3], tp[3], b);
    let (d4, b) = sbb(top, tp[4], b);
    let mask = 0u64.wrapping_sub(b);
    let lo = select_limbs(&[d0, d1, d2, d3], &r, mask);
    let top = d4 ^ (mask & (d4 ^ top));
    reduce_once(&lo, top, p)
}

/// Whether [`mont_mul_no_carry`] applies to modulus `p`.
const fn no_carry_ok(p: &[u64; 4]) -> bool {
    p[3] < (u64::MAX >> 1) - 1
}

/// `a + b mod p` for `a, b < p`.
#[inline(always)]
fn add_mod(a: &[u64; 4], b: &[u64; 4], p: &[u64; 4]) -> [u64; 4] {
    let (s0, c) = adc(a[0], b[0], 0);
    let (s1, c) = adc(a[1], b[1], c);
    let (s2, c) = adc(a[2], b[2], c);
    let (s3, c) = adc(a[3], b[3], c);
    reduce_once(&[s0, s1, s2, s3], c, p)
}

/// `a - b mod p` for `a, b < p`.
#[inline(always)]
fn sub_mod(a: &[u64; 4], b: &[u64; 4], p: &[u64; 4]) -> [u64; 4] {
    let (d0, br) = sbb(a[0], b[0], 0);
    let (d1, br) = sbb(a[1], b[1], br);
    let (d2, br) = sbb(a[2], b[2], br);
    let (d3, br) = sbb(a[3], b[3], br);
    // Add p back under a mask when the subtraction borrowed.
    let mask = 0u64.wrapping_sub(br);
    let (r0, c) = adc(d0, p[0] & mask, 0);
    let (r1, c) = adc(d1, p[1] & mask, c);
    let (r2, c) = adc(d2, p[2] & mask, c);
    let (r3, _) = adc(d3, p[3] & mask, c);
    [r0, r1, r2, r3]
}

/// `1` where every limb of `a` is zero, else `0`, without branches.
#[inline(always)]
fn limbs_are_zero(a: &[u64; 4]) -> u8 {
    let x = a[0] | a[1] | a[2] | a[3];
    // (x | -x) has its top bit set iff x != 0.
    (1 ^ ((x | x.wrapping_neg()) >> 63)) as u8
}

/// `p - 2`, the Fermat inversion exponent.
const fn p_minus_two(p: &[u64; 4]) -> [u64; 4] {
    let (r0, b) = sbb(p[0], 2, 0);
    let (r1, b) = sbb(p[1], 0, b);
    let (r2, b) = sbb(p[2], 0, b);
    let (r3, _) = sbb(p[3], 0, b);
    [r0, r1, r2, r3]
}

type Fp4<P> = Fp<MontBackend<P, 4>, 4>;

#[inline(always)]
fn wrap<P: MontConfig<4>>(limbs: [u64; 4]) -> Fp4<P> {
    Fp4::<P>::new_unchecked(BigInt(limbs))
}

impl<P: MontConfig<4>> CtField for Fp4<P> {
    #[inline]
    fn ct_mul(&self, other: &Self) -> Self {
        // A branch on a compile-time constant of the field, not on data.
        if no_carry_ok(&P::MODULUS.0) {
            wrap(mont_mul_no_carry(
                &self.0.0,
                &other.0.0,
                &P::MODULUS.0,
                P::INV,
            ))
        } else {
            wrap(mont_mul(&self.0.0, &other.0.0, &P::MODULUS.0, P::INV))
        }
    }

    #[inline]
    fn ct_square(&self) -> Self {
        // Measured (x86-64, release): the no-carry multiplication of `a` by
        // itself is ~6% faster than the dedicated squaring, whose saved
        // word products cost more in carry handling than they save.
        if no_carry_ok(&P::MODULUS.0) {
            wrap(mont_mul_no_carry(
                &self.0.0,
                &self.0.0,
                &P::MODULUS.0,
                P::INV,
            ))
        } else {
            wrap(mont_square(&self.0.0, &P::MODULUS.0, P::INV))
        }
    }

    #[inline]
    fn ct_add(&self, other: &Self) -> Self {
        wrap(add_mod(&self.0.0, &other.0.0, &P::MODULUS.0))
    }

    #[inline]
    fn ct_sub(&self, other: &Self) -> Self {
        wrap(sub_mod(&self.0.0, &other.0.0, &P::MODULUS.0))
    }

    #[inline]
    fn ct_neg(&self) -> Self {
        wrap(sub_mod(&[0; 4], &self.0.0, &P::MODULUS.0))
    }

    #[inline]
    fn ct_select(a: &Self, b: &Self, choice: Choice) -> Self {
        let mask = 0u64.wrapping_sub(u64::from(choice.unwrap_u8()));
        wrap(select_limbs(&a.0.0, &b.0.0, mask))
    }

    #[inline]
    fn ct_eq(&self, other: &Self) -> Choice {
        // Both are reduced, so equality of limbs is equality of elements.
        self.0.0.ct_eq(&other.0.0)
    }

    #[inline]
    fn ct_is_zero(&self) -> Choice {
        Choice::from(limbs_are_zero(&self.0.0))
    }

    fn ct_inverse(&self) -> CtOption<Self> {
        let inv = self.ct_pow(&p_minus_two(&P::MODULUS.0));
        CtOption::new(inv, !self.ct_is_zero())
    }

    #[inline]
    fn ct_to_canonical_limbs(&self) -> [u64; 4] {
        // Multiplying by 1 (not in Montgomery form) divides by R.
        mont_mul(&self.0.0, &[1, 0, 0, 0], &P::MODULUS.0, P::INV)
    }

    fn ct_from_canonical_limbs(limbs: &[u64; 4]) -> CtOption<Self> {
        let p = &P::MODULUS.0;
        let (_, b) = sbb(limbs[0], p[0], 0);
        let (_, b) = sbb(limbs[1], p[1], b);
        let (_, b) = sbb(limbs[2], p[2], b);
        let (_, b) = sbb(limbs[3], p[3], b);
        // b = 1 iff limbs < p. Reduce an out-of-range value anyway (its
        // result is discarded) so the work does not depend on the check.
        let mask = 0u64.wrapping_sub(b);
        let safe = select_limbs(&[0; 4], limbs, mask);
        let mont = mont_mul(&safe, &P::R2.0, p, P::INV);
        CtOption::new(wrap(mont), Choice::from(b as u8))
    }

    #[inline]
    fn ct_from_limbs_mod_order(limbs: &[u64; 4]) -> Self {
        // a < 2^256 = R and R^2 mod p < p keep the CIOS result below 2p.
        wrap(mont_mul(limbs, &P::R2.0, &P::MODULUS.0, P::INV))
    }

    #[inline]
    fn one_ct() -> Self {
        wrap(P::R.0)
    }

    #[inline]
    fn ct_sum_of_products(a: &[Self], b: &[Self]) -> Self {
        let p = &P::MODULUS.0;
        // The group size is a constant of the field; the lengths are public.
        let group = lazy_terms(p);
        let n = a.len().min(b.len());
        let one_step = n <= lazy_terms_one_step(p);
        let group_sum = |from: usize| {
            let to = n.min(from + group);
            let mut acc = [0u64; 9];
            for (x, y) in a[from..to].iter().zip(&b[from..to]) {
                add_wide(&mut acc, &mul_wide(&x.0.0, &y.0.0));
            }
            wrap::<P>(redc_wide(acc, p, P::INV, one_step))
        };
        // One group covers every Poseidon width; longer sums add groups.
        let mut total = group_sum(0);
        let mut from = group;
        while from < n {
            total = total.ct_add(&group_sum(from));
            from += group;
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_minus_two_matches() {
        let p = ark_bn254::Fr::MODULUS.0;
        let e = p_minus_two(&p);
        assert_eq!(e[0], p[0] - 2);
        assert_eq!(&e[1..], &p[1..]);
    }

    #[test]
    fn both_montgomery_variants_agree() {
        use ark_ff::UniformRand;
        let mut rng = ark_std::test_rng();
        let p = ark_bn254::Fr::MODULUS.0;
        let inv = <ark_bn254::FrConfig as MontConfig<4>>::INV;
        assert!(no_carry_ok(&p));
        for _ in 0..1000 {
            let a = ark_bn254::Fr::rand(&mut rng).0.0;
            let b = ark_bn254::Fr::rand(&mut rng).0.0;
            assert_eq!(
                mont_mul(&a, &b, &p, inv),
                mont_mul_no_carry(&a, &b, &p, inv)
            );
            // The dedicated squaring (used only for moduli without a spare
            // top bit, so no field in use reaches it through `ct_square`).
            assert_eq!(mont_square(&a, &p, inv), mont_mul(&a, &a, &p, inv));
        }
        // Extremes: p - 1 squared.
        let mut pm1 = p;
        pm1[0] -= 1;
        assert_eq!(
            mont_mul(&pm1, &pm1, &p, inv),
            mont_mul_no_carry(&pm1, &pm1, &p, inv)
        );
        assert_eq!(mont_square(&pm1, &p, inv), mont_mul(&pm1, &pm1, &p, inv));
    }

    #[test]
    fn lazy_reduction_at_its_bound() {
        use ark_ff::Field;
        // The largest accumulator the bound admits: k (p - 1)^2 with
        // k = lazy_terms(p), on the field with the largest modulus in use.
        let p = ark_bls12_381::Fr::MODULUS.0;
        let inv = <ark_bls12_381::FrConfig as MontConfig<4>>::INV;
        let k = lazy_terms(&p);
        assert_eq!(k, 6);
        let mut pm1 = p;
        pm1[0] -= 1;
        let mut acc = [0u64; 9];
        for _ in 0..k {
            add_wide(&mut acc, &mul_wide(&pm1, &pm1));
        }
        let got = wrap::<ark_bls12_381::FrConfig>(redc_wide(acc, &p, inv, false));
        // Limbs p - 1 hold -R^-1, so the sum is k R^-2 (times R^-1 by REDC
        // in value terms, which `wrap` reinterprets as Montgomery form).
        let r_inv = ark_bls12_381::Fr::from(2u64)
            .pow([256u64])
            .inverse()
            .unwrap();
        assert_eq!(got, r_inv.square() * ark_bls12_381::Fr::from(k as u64));
        assert_eq!(lazy_terms(&ark_bn254::Fr::MODULUS.0), 15);
        // The one-step bound, at its limit on BN254 Fr.
        let p = ark_bn254::Fr::MODULUS.0;
        let inv = <ark_bn254::FrConfig as MontConfig<4>>::INV;
        let k = lazy_terms_one_step(&p);
        assert_eq!(k, 5);
        let mut pm1 = p;
        pm1[0] -= 1;
        let mut acc = [0u64; 9];
        for _ in 0..k {
            add_wide(&mut acc, &mul_wide(&pm1, &pm1));
        }
        let got = wrap::<ark_bn254::FrConfig>(redc_wide(acc, &p, inv, true));
        let r_inv = ark_bn254::Fr::from(2u64).pow([256u64]).inverse().unwrap();
        assert_eq!(got, r_inv.square() * ark_bn254::Fr::from(k as u64));
    }

    #[test]
    fn limbs_zero_flag() {
        assert_eq!(limbs_are_zero(&[0; 4]), 1);
        assert_eq!(limbs_are_zero(&[0, 0, 0, 1 << 63]), 0);
        assert_eq!(limbs_are_zero(&[1, 0, 0, 0]), 0);
    }
}
