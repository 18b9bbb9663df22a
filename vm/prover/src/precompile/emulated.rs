//! Emulated arithmetic: integers modulo a constant `m < 2²⁵⁶` other than BN254's `r`, for the
//! kinds whose precompiles work in other fields (secp256k1's two, Curve25519's two,
//! BLS12-381's scalar field, which is also Jubjub's and Banderwagon's base field).
//!
//! An element ([`Fe`]) is four limbs in base `B = 2⁶⁴`, each a linear combination of
//! 16-bit chunks range-checked on the bus (one lookup a chunk). Every limb carries a static
//! upper bound (a property of the circuit, not of the witness), so sums and differences
//! cost no row and a product takes inputs that are not reduced.
//!
//! A product `x·y = q·m + r` is checked as a polynomial identity in the limb variable `X`:
//!
//! ```text
//!     x(X)·y(X) − q(X)·m(X) − r(X) = (X − B)·c(X)
//! ```
//!
//! at the seven points `X = 0, …, 6` (both sides have degree ≤ 6): one R1CS row each, since
//! `x(t)` and `y(t)` are linear in the chunks and `q(t)·m(t)` is linear (`m` is a constant).
//! `c` holds the six column carries, signed, stored with an offset and range-checked. Seven
//! zeros make the degree-6 difference the zero polynomial over Fr, so each coefficient is
//! ≡ 0 mod r; the range checks bound every coefficient's integer below 2²⁵³ < r (checked
//! when the circuit is built: [`Field::mul`] refuses operand bounds that would break it), so
//! each coefficient is 0 over the integers, and at `X = B`, `x·y = q·m + r` holds over the
//! integers. `r` is *almost reduced* (`< 2²⁵⁶`, congruent, not necessarily `< m`);
//! [`Field::canonical`] gives the unique representative where an encoding or a comparison
//! needs it.
//!
//! The secp256k1 kinds (`pedersen_commit`, `bip340_verify`, the tECDSA kinds) and the
//! `ed25519_verify` kind are written in it. The few parts no kind uses yet (on-curve checks,
//! the Straus–Shamir double multiplication, Edwards affine conversion: what the RedJubjub
//! and Verkle kinds will need) are tested here ahead of them, hence the `dead_code`
//! allowance outside tests.
#![cfg_attr(not(test), allow(dead_code))]

use ark_bn254::Fr;
use ark_ff::{Field as _, One, Zero};
use ark_relations::gr1cs::SynthesisError;
use num_bigint::{BigInt, BigUint};

use crate::bus_circuit::Bus;
use crate::synth::{Synth, V, f, pow2};

/// Limbs of an element, base 2⁶⁴.
pub(crate) const LIMBS: usize = 4;
/// 16-bit chunks of a value below 2²⁵⁶.
const CHUNKS: usize = 16;
/// Evaluation points of the product identity: its degree is `2·(LIMBS − 1)`.
const POINTS: u64 = 2 * LIMBS as u64 - 1;
/// Every coefficient of the identity stays below `2^COEFF_BITS` in absolute value
/// (BN254's `r > 2²⁵³`).
const COEFF_BITS: u64 = 253;

fn big(x: Fr) -> BigUint {
    x.into()
}

fn fr(x: &BigUint) -> Fr {
    Fr::from(x.clone())
}

/// `2^bits − 1`.
fn ones(bits: usize) -> BigUint {
    (BigUint::one() << bits) - 1u32
}

/// `⌈a / b⌉`.
fn ceil_div(a: &BigUint, b: &BigUint) -> BigUint {
    (a + b - 1u32) / b
}

/// Chunks needed for a value at most `max` (at least one).
fn chunks_for(max: &BigUint) -> usize {
    (max.bits() as usize).div_ceil(16).max(1)
}

/// Chunk `j` of a value goes to limb `min(j / 4, 3)`: a value wider than 256 bits (a
/// quotient) keeps its high chunks in the top limb.
fn limb_of_chunk(j: usize) -> (usize, u32) {
    let l = (j / 4).min(LIMBS - 1);
    (l, 16 * (j - 4 * l) as u32)
}

/// An emulated element: little-endian limbs in base 2⁶⁴, each a non-negative integer with
/// a static inclusive upper bound.
#[derive(Clone, Debug)]
pub(crate) struct Fe {
    limbs: [V; LIMBS],
    max: [BigUint; LIMBS],
}

impl Fe {
    /// The integer the limbs hold (`Σ limb_i·2^{64i}`).
    pub(crate) fn value(&self) -> BigUint {
        self.limbs
            .iter()
            .enumerate()
            .fold(BigUint::zero(), |acc, (i, l)| {
                acc + (big(l.val) << (64 * i))
            })
    }

    /// The limbs (little-endian, base 2⁶⁴).
    pub(crate) fn limbs(&self) -> &[V; LIMBS] {
        &self.limbs
    }

    /// The static bound of the value.
    fn bound(&self) -> BigUint {
        self.max
            .iter()
            .enumerate()
            .fold(BigUint::zero(), |acc, (i, m)| acc + (m << (64 * i)))
    }

    /// The element with `limbs`, each a non-negative integer at most `max` whenever the
    /// circuit's other constraints hold (the caller's guarantee: e.g. a selection among
    /// constants by boolean bits).
    pub(crate) fn from_parts(limbs: [V; LIMBS], max: [BigUint; LIMBS]) -> Self {
        Self { limbs, max }
    }

    /// The limb polynomial at `X = t`.
    fn at(&self, t: u64) -> V {
        let pw = &powers()[t as usize];
        let mut acc = self.limbs[0].clone();
        for (l, p) in self.limbs.iter().zip(pw).skip(1) {
            acc = acc.plus(&l.scale(*p));
        }
        acc
    }
}

/// `t^i` for the evaluation points `t < POINTS` and `i` below the carries' count (the
/// largest polynomial degree + 1 the identity evaluates), computed once.
fn powers() -> &'static [[Fr; 2 * LIMBS - 2]; POINTS as usize] {
    static P: std::sync::OnceLock<[[Fr; 2 * LIMBS - 2]; POINTS as usize]> =
        std::sync::OnceLock::new();
    P.get_or_init(|| {
        core::array::from_fn(|t| {
            let mut out = [Fr::one(); 2 * LIMBS - 2];
            for i in 1..out.len() {
                out[i] = out[i - 1] * f(t as u64);
            }
            out
        })
    })
}

/// The witness of one product check: the chunks of `q` and of each offset carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ProductWitness {
    /// Chunks of the quotient.
    pub(crate) q: Vec<Fr>,
    /// Chunks of each carry plus its offset.
    pub(crate) carries: Vec<Vec<Fr>>,
}

/// The static layout of one product check, from its operands' bounds.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ProductShape {
    q_chunks: usize,
    /// Bits of the quotient's top chunk, when narrowed below 16 (a quotient wider than 256
    /// bits: its top limb would otherwise widen every coefficient it meets by 2¹⁶).
    q_top: Option<u32>,
    /// Per carry: its offset (the bound of its magnitude) and its chunks.
    carries: Vec<(BigUint, usize)>,
}

/// Arithmetic modulo the constant `m`.
#[derive(Clone, Debug)]
pub(crate) struct Field {
    m: BigUint,
    m_limbs: [BigUint; LIMBS],
    /// `m(t)` for `t = 0..POINTS`.
    m_at: Vec<Fr>,
}

impl Field {
    /// Arithmetic modulo `m < 2²⁵⁶`; `None` for a larger modulus, or one so small that the
    /// quotient of two almost-reduced operands is too wide for a sound check. [`Field::div`]
    /// needs `m` prime.
    pub(crate) fn new(m: BigUint) -> Option<Self> {
        if m.bits() > 256 {
            return None;
        }
        let m_limbs = core::array::from_fn(|i| (&m >> (64 * i)) & ones(64));
        let m_at = (0..POINTS)
            .map(|t| {
                m_limbs
                    .iter()
                    .rev()
                    .fold(Fr::zero(), |acc, l| acc * f(t) + fr(l))
            })
            .collect();
        let field = Self { m, m_limbs, m_at };
        let widest = Fe {
            limbs: core::array::from_fn(|_| V::zero()),
            max: core::array::from_fn(|_| ones(64)),
        };
        field.product_shape(&[(&widest, &widest)], &widest).ok()?;
        Some(field)
    }

    /// The modulus `m`.
    pub(crate) fn modulus(&self) -> &BigUint {
        &self.m
    }

    /// The constant `c mod m`.
    pub(crate) fn constant(&self, c: &BigUint) -> Fe {
        let c = c % &self.m;
        let max: [BigUint; LIMBS] = core::array::from_fn(|i| (&c >> (64 * i)) & ones(64));
        Fe {
            limbs: core::array::from_fn(|i| V::constant(fr(&max[i]))),
            max,
        }
    }

    /// Range-checked chunk witnesses of the given values (one lookup each).
    fn chunks(s: &mut Synth, b: &mut Bus, values: &[Fr]) -> Result<Vec<V>, SynthesisError> {
        let one = V::constant(Fr::one());
        values
            .iter()
            .map(|&v| {
                let c = s.witness(v)?;
                b.r16(s, &c, &one)?;
                Ok(c)
            })
            .collect()
    }

    /// Also check `c < 2^bits` (`bits < 16`) for a chunk `c` already checked below 2¹⁶:
    /// `c·2^{16−bits}` is then an integer below 2³², so its own 16-bit check bounds `c`.
    fn narrow(s: &mut Synth, b: &mut Bus, c: &V, bits: u32) -> Result<(), SynthesisError> {
        b.r16(s, &c.scale(pow2(16 - bits)), &V::constant(Fr::one()))
    }

    /// The element whose chunks are `chunks` (chunk `j` in limb `min(j / 4, 3)`).
    fn from_chunks(chunks: &[V]) -> Fe {
        let mut limbs: [V; LIMBS] = core::array::from_fn(|_| V::zero());
        let mut max: [BigUint; LIMBS] = core::array::from_fn(|_| BigUint::zero());
        for (j, c) in chunks.iter().enumerate() {
            let (l, shift) = limb_of_chunk(j);
            limbs[l] = limbs[l].add(&c.scale(pow2(shift)));
            max[l] += ones(16) << shift;
        }
        Fe { limbs, max }
    }

    /// The `n` low 16-bit chunks of `x`, little-endian.
    fn chunk_values(x: &BigUint, n: usize) -> Vec<Fr> {
        let digits = x.to_u64_digits();
        (0..n)
            .map(|j| {
                let d = digits.get(j / 4).copied().unwrap_or(0);
                f((d >> (16 * (j % 4))) & 0xffff)
            })
            .collect()
    }

    /// A new element holding `x mod 2²⁵⁶` (16 chunks, 16 rows); not reduced mod `m`.
    pub(crate) fn alloc(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        x: &BigUint,
    ) -> Result<Fe, SynthesisError> {
        Ok(Self::from_chunks(&Self::chunks(
            s,
            b,
            &Self::chunk_values(x, CHUNKS),
        )?))
    }

    /// `x + y` (no row).
    pub(crate) fn add(&self, x: &Fe, y: &Fe) -> Fe {
        Fe {
            limbs: core::array::from_fn(|i| x.limbs[i].add(&y.limbs[i])),
            max: core::array::from_fn(|i| &x.max[i] + &y.max[i]),
        }
    }

    /// `k·x` for a small constant `k` (no row).
    pub(crate) fn scale(&self, x: &Fe, k: u64) -> Fe {
        Fe {
            limbs: core::array::from_fn(|i| x.limbs[i].scale(f(k))),
            max: core::array::from_fn(|i| &x.max[i] * k),
        }
    }

    /// `x − y` (no row): `x + d − y` with `d` a constant multiple of `m` whose limbs are at
    /// least `y`'s bounds, so every limb stays a non-negative integer.
    pub(crate) fn sub(&self, x: &Fe, y: &Fe) -> Fe {
        let need = y.bound();
        // The least multiple of m at least `need`, less `need`, spread over the limbs.
        let d = ceil_div(&need, &self.m) * &self.m - &need;
        let pad: [BigUint; LIMBS] = core::array::from_fn(|i| {
            let limb = if i + 1 < LIMBS {
                (&d >> (64 * i)) & ones(64)
            } else {
                &d >> (64 * i)
            };
            limb + &y.max[i]
        });
        Fe {
            limbs: core::array::from_fn(|i| x.limbs[i].add_const(fr(&pad[i])).sub(&y.limbs[i])),
            max: core::array::from_fn(|i| &x.max[i] + &pad[i]),
        }
    }

    /// `y` if `bit` else `x` (`bit` boolean, checked by the caller): four rows.
    pub(crate) fn select(
        &self,
        s: &mut Synth,
        bit: &V,
        x: &Fe,
        y: &Fe,
    ) -> Result<Fe, SynthesisError> {
        let mut limbs: [V; LIMBS] = core::array::from_fn(|_| V::zero());
        for (i, l) in limbs.iter_mut().enumerate() {
            *l = x.limbs[i].add(&s.mul(bit, &y.limbs[i].sub(&x.limbs[i]))?);
        }
        Ok(Fe {
            limbs,
            max: core::array::from_fn(|i| x.max[i].clone().max(y.max[i].clone())),
        })
    }

    /// `x·y mod m`, almost reduced (a new element below 2²⁵⁶).
    ///
    /// # Errors
    /// `Unsatisfiable` when the operands' bounds are too wide for the identity to be sound
    /// (a property of the circuit, not of the witness); the constraint system's errors.
    pub(crate) fn mul(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        x: &Fe,
        y: &Fe,
    ) -> Result<Fe, SynthesisError> {
        self.mul_claim(s, b, x, y, &((x.value() * y.value()) % &self.m))
    }

    /// `Σ xᵢ·yᵢ mod m`, almost reduced: one identity for the whole sum (one remainder, one
    /// quotient, one set of carries); each product past the first adds its seven
    /// evaluations (a row and a witness each). Two products cost 78 rows against 142 as two
    /// [`Field::mul`]s; a difference of products is a sum with one factor negated
    /// ([`Field::sub`] from 0).
    ///
    /// # Errors
    /// As [`Field::mul`]; `Unsatisfiable` for no term.
    pub(crate) fn sum_of_products(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        terms: &[(&Fe, &Fe)],
    ) -> Result<Fe, SynthesisError> {
        let v = terms
            .iter()
            .fold(BigUint::zero(), |acc, (x, y)| acc + x.value() * y.value());
        let r = self.alloc(s, b, &(v % &self.m))?;
        self.check_product(s, b, terms, &r)?;
        Ok(r)
    }

    /// `−x` (no row): `0 − x`.
    pub(crate) fn neg(&self, x: &Fe) -> Fe {
        self.sub(&self.constant(&BigUint::zero()), x)
    }

    /// The product check with the claimed result `r` (below 2²⁵⁶): the rows hold only if
    /// `r ≡ x·y`.
    fn mul_claim(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        x: &Fe,
        y: &Fe,
        r: &BigUint,
    ) -> Result<Fe, SynthesisError> {
        let r = self.alloc(s, b, r)?;
        self.check_product(s, b, &[(x, y)], &r)?;
        Ok(r)
    }

    /// The unique representative of `x` in `[0, m)`: a product by one whose remainder is
    /// also checked `≤ m − 1` (eight 32-bit limbs, a borrow chain).
    ///
    /// # Errors
    /// As [`Field::mul`].
    pub(crate) fn canonical(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        x: &Fe,
    ) -> Result<Fe, SynthesisError> {
        Ok(self.canonical_chunks(s, b, x)?.0)
    }

    /// [`Field::canonical`] with its sixteen 16-bit chunks, little-endian (what an encoding
    /// is built from).
    ///
    /// # Errors
    /// As [`Field::mul`].
    pub(crate) fn canonical_chunks(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        x: &Fe,
    ) -> Result<(Fe, Vec<V>), SynthesisError> {
        self.canonical_claim(s, b, x, &(x.value() % &self.m))
    }

    /// [`Field::canonical_chunks`] with the claimed representative `r` (below 2²⁵⁶).
    fn canonical_claim(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        x: &Fe,
        r: &BigUint,
    ) -> Result<(Fe, Vec<V>), SynthesisError> {
        let chunks = Self::chunks(s, b, &Self::chunk_values(r, CHUNKS))?;
        let r = Self::from_chunks(&chunks);
        // The eight little-endian 32-bit words, each two chunks, against m − 1's.
        let words: Vec<V> = chunks
            .chunks(2)
            .map(|p| p[0].add(&p[1].scale(pow2(16))))
            .collect();
        let m1 = &self.m - 1u32;
        let limit: Vec<u64> = (0..2 * LIMBS)
            .map(|j| {
                let w: BigUint = (&m1 >> (32 * j)) & ones(32);
                w.iter_u64_digits().next().unwrap_or(0)
            })
            .collect();
        super::gadgets::borrow_above(s, b, &words, &limit, true)?;
        self.check_product(s, b, &[(x, &self.constant(&BigUint::one()))], &r)?;
        Ok((r, chunks))
    }

    /// Enforce `x ≡ y (mod m)`: `x − y = q·m`.
    ///
    /// # Errors
    /// As [`Field::mul`].
    pub(crate) fn assert_eq(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        x: &Fe,
        y: &Fe,
    ) -> Result<(), SynthesisError> {
        let d = self.sub(x, y);
        let zero = Fe {
            limbs: core::array::from_fn(|_| V::zero()),
            max: core::array::from_fn(|_| BigUint::zero()),
        };
        self.check_product(s, b, &[(&d, &self.constant(&BigUint::one()))], &zero)
    }

    /// `x / y mod m` (`0` when `y ≡ 0`, and then the check holds only for `x ≡ 0`).
    ///
    /// # Errors
    /// As [`Field::mul`].
    pub(crate) fn div(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        x: &Fe,
        y: &Fe,
    ) -> Result<Fe, SynthesisError> {
        let yv = y.value() % &self.m;
        let q = match yv.modinv(&self.m) {
            Some(inv) => (x.value() * inv) % &self.m,
            None => BigUint::zero(),
        };
        let q = self.alloc(s, b, &q)?;
        let back = self.mul(s, b, y, &q)?;
        self.assert_eq(s, b, &back, x)?;
        Ok(q)
    }

    /// A boolean: whether `x ≡ 0 (mod m)`. The canonical representative's limbs sum to 0
    /// exactly when it is 0 (the sum is below 2⁶⁶); then `z = 1 − sum·inv` with `sum·z = 0`
    /// and `z·inv = 0` (which pins `inv` to 0 when the sum is).
    ///
    /// # Errors
    /// As [`Field::mul`].
    pub(crate) fn is_zero(&self, s: &mut Synth, b: &mut Bus, x: &Fe) -> Result<V, SynthesisError> {
        let c = self.canonical(s, b, x)?;
        let sum = c.limbs.iter().fold(V::zero(), |acc, l| acc.plus(l));
        let inv = s.witness(sum.val.inverse().unwrap_or_default())?;
        let z = V::constant(Fr::one()).sub(&s.mul(&sum, &inv)?);
        s.enforce(&sum, &z, &V::zero())?;
        s.enforce(&z, &inv, &V::zero())?;
        Ok(z)
    }

    /// The layout of the check `x·y = q·m + r` for operands bounded as given.
    fn product_shape(&self, terms: &[(&Fe, &Fe)], r: &Fe) -> Result<ProductShape, SynthesisError> {
        let q_max = terms
            .iter()
            .fold(BigUint::zero(), |acc, (x, y)| acc + x.bound() * y.bound())
            / &self.m;
        let q_chunks = chunks_for(&q_max);
        let top_bits = q_max.bits() as u32 - 16 * (q_chunks as u32 - 1);
        let q_top = (q_chunks > CHUNKS && top_bits < 16).then_some(top_bits);
        let mut q_lim: [BigUint; LIMBS] = core::array::from_fn(|_| BigUint::zero());
        for j in 0..q_chunks {
            let (l, shift) = limb_of_chunk(j);
            let bits = if j + 1 == q_chunks {
                q_top.unwrap_or(16)
            } else {
                16
            };
            q_lim[l] += ones(bits as usize) << shift;
        }
        // Bound of each coefficient of Σ x·y − q·m − r: the larger of its two sides.
        let coeff = |k: usize| -> BigUint {
            let (mut pos, mut neg) = (BigUint::zero(), BigUint::zero());
            for (i, q) in q_lim.iter().enumerate() {
                if let Some(j) = k.checked_sub(i).filter(|&j| j < LIMBS) {
                    for (x, y) in terms {
                        pos += &x.max[i] * &y.max[j];
                    }
                    neg += q * &self.m_limbs[j];
                }
            }
            if k < LIMBS {
                neg += &r.max[k];
            }
            pos.max(neg)
        };
        let base = BigUint::one() << 64;
        let mut carries = Vec::with_capacity(2 * LIMBS - 2);
        let mut prev = BigUint::zero();
        // The range each carry is checked in, as a magnitude bound (for the soundness
        // check below).
        let mut prev_range = BigUint::zero();
        for k in 0..2 * LIMBS - 1 {
            let p = coeff(k);
            let range = if k < 2 * LIMBS - 2 {
                let off = ceil_div(&(&prev + &p), &base);
                let n = chunks_for(&(&off << 1));
                let range = ones(16 * n) - &off;
                carries.push((off.clone(), n));
                prev = off;
                range
            } else {
                BigUint::zero()
            };
            // |coefficient k of the whole identity| ≤ |p_k| + |c_{k−1}| + B·|c_k|.
            if (&p + &prev_range + &base * &range).bits() >= COEFF_BITS {
                return Err(SynthesisError::Unsatisfiable);
            }
            prev_range = range;
        }
        Ok(ProductShape {
            q_chunks,
            q_top,
            carries,
        })
    }

    /// The honest witness of `x·y = q·m + r`: the quotient and the carries (signed, plus
    /// their offsets) of the limb columns.
    fn product_witness(
        &self,
        shape: &ProductShape,
        terms: &[(&Fe, &Fe)],
        r: &Fe,
    ) -> ProductWitness {
        let rv = r.value();
        let prod = terms
            .iter()
            .fold(BigUint::zero(), |acc, (x, y)| acc + x.value() * y.value());
        let q = if prod >= rv {
            (prod - &rv) / &self.m
        } else {
            BigUint::zero()
        };
        let limbs = |v: &BigUint, n: usize| -> Vec<BigInt> {
            (0..n)
                .map(|i| {
                    let l = if i + 1 < n {
                        (v >> (64 * i)) & ones(64)
                    } else {
                        v >> (64 * i)
                    };
                    BigInt::from(l)
                })
                .collect()
        };
        let int_limbs =
            |e: &Fe| -> Vec<BigInt> { e.limbs.iter().map(|l| BigInt::from(big(l.val))).collect() };
        let tl: Vec<(Vec<BigInt>, Vec<BigInt>)> = terms
            .iter()
            .map(|(x, y)| (int_limbs(x), int_limbs(y)))
            .collect();
        let rl: Vec<BigInt> = r.limbs.iter().map(|l| BigInt::from(big(l.val))).collect();
        let ql = limbs(&q, LIMBS);
        let ml: Vec<BigInt> = self.m_limbs.iter().cloned().map(BigInt::from).collect();
        let base = BigInt::one() << 64;
        let mut carries = Vec::with_capacity(shape.carries.len());
        let mut c_prev = BigInt::zero();
        for (k, (off, n)) in shape.carries.iter().enumerate() {
            let mut p = BigInt::zero();
            for i in 0..LIMBS {
                if let Some(j) = k.checked_sub(i).filter(|&j| j < LIMBS) {
                    for (xl, yl) in &tl {
                        p += &xl[i] * &yl[j];
                    }
                    p -= &ql[i] * &ml[j];
                }
            }
            if k < LIMBS {
                p -= &rl[k];
            }
            // p_k = c_{k−1} − B·c_k.
            let c = (&c_prev - p) / &base;
            let w = &c + BigInt::from(off.clone());
            let modulus = BigInt::one() << (16 * n);
            let w: BigInt = ((w % &modulus) + &modulus) % &modulus;
            carries.push(Self::chunk_values(w.magnitude(), *n));
            c_prev = c;
        }
        ProductWitness {
            q: Self::chunk_values(&q, shape.q_chunks),
            carries,
        }
    }

    /// Check `x·y = q·m + r` over the integers (so `x·y ≡ r`).
    fn check_product(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        terms: &[(&Fe, &Fe)],
        r: &Fe,
    ) -> Result<(), SynthesisError> {
        let shape = self.product_shape(terms, r)?;
        let w = self.product_witness(&shape, terms, r);
        self.enforce_product(s, b, &shape, terms, r, &w)
    }

    /// The rows of the check for a given witness: the chunks' range checks and the identity
    /// at the seven points.
    fn enforce_product(
        &self,
        s: &mut Synth,
        b: &mut Bus,
        shape: &ProductShape,
        terms: &[(&Fe, &Fe)],
        r: &Fe,
        w: &ProductWitness,
    ) -> Result<(), SynthesisError> {
        let Some(((xl, yl), rest)) = terms.split_last() else {
            return Err(SynthesisError::Unsatisfiable);
        };
        let q_chunks = Self::chunks(s, b, &w.q)?;
        if let (Some(bits), Some(top)) = (shape.q_top, q_chunks.last()) {
            Self::narrow(s, b, top, bits)?;
        }
        let q = Self::from_chunks(&q_chunks);
        let mut carries = Vec::with_capacity(shape.carries.len());
        for ((off, _), chunks) in shape.carries.iter().zip(&w.carries) {
            let v = Self::chunks(s, b, chunks)?
                .iter()
                .enumerate()
                .fold(V::zero(), |acc, (j, c)| {
                    acc.plus(&c.scale(pow2(16 * j as u32)))
                });
            carries.push(v.add_const(-fr(off)));
        }
        let base = pow2(64);
        for t in 0..POINTS {
            let mut c_at = V::zero();
            for (c, p) in carries.iter().zip(&powers()[t as usize]) {
                c_at = c_at.plus(&c.scale(*p));
            }
            let mut rhs = q
                .at(t)
                .scale(self.m_at[t as usize])
                .add(&r.at(t))
                .add(&c_at.scale(f(t) - base));
            // Every product but the last is a witness of its own (one row each); the last
            // closes the identity.
            for (x, y) in rest {
                rhs = rhs.sub(&s.mul(&x.at(t), &y.at(t))?);
            }
            s.enforce(&xl.at(t), &yl.at(t), &rhs)?;
        }
        Ok(())
    }
}

pub(crate) mod edwards;
pub(crate) mod weierstrass;

#[cfg(test)]
mod tests;
