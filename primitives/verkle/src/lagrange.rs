//! Polynomials in evaluation (Lagrange) form over the domain `0, 1, ..., n-1`:
//! barycentric evaluation anywhere, and division by `X - i` for `i` in the
//! domain, from precomputed weights.

use alloc::vec;
use alloc::vec::Vec;
use ark_ff::PrimeField;

/// Precomputed weights of the domain `0..n`.
///
/// `A(X) = prod_j (X - j)`; `A'(i) = prod_{j != i} (i - j)`.
#[derive(Clone, Debug)]
pub struct Domain<F: PrimeField> {
    n: usize,
    /// `A'(i)`.
    a_prime: Vec<F>,
    /// `1 / A'(i)`.
    a_prime_inv: Vec<F>,
    /// `inv[k] = 1 / k` for `k` in `1..n` (`inv[0] = 0`).
    inv: Vec<F>,
}

impl<F: PrimeField> Domain<F> {
    /// Precompute the weights for the domain `0..n` (`n >= 2`).
    pub fn new(n: usize) -> Self {
        let mut a_prime = Vec::with_capacity(n);
        for i in 0..n {
            let mut acc = F::one();
            for j in 0..n {
                if i != j {
                    acc *= F::from(i as u64) - F::from(j as u64);
                }
            }
            a_prime.push(acc);
        }
        let mut a_prime_inv = a_prime.clone();
        ark_ff::batch_inversion(&mut a_prime_inv);
        let mut inv: Vec<F> = (0..n as u64).map(F::from).collect();
        ark_ff::batch_inversion(&mut inv[1..]);
        Self {
            n,
            a_prime,
            a_prime_inv,
            inv,
        }
    }

    /// Size of the domain.
    pub fn size(&self) -> usize {
        self.n
    }

    /// `1 / (i - j)` for domain points `i != j`.
    fn inv_diff(&self, i: usize, j: usize) -> F {
        if i > j {
            self.inv[i - j]
        } else {
            -self.inv[j - i]
        }
    }

    /// If `z` is a domain point, its index.
    pub fn domain_index(&self, z: &F) -> Option<usize> {
        let big = z.into_bigint();
        let small = F::from(self.n as u64).into_bigint();
        if big < small {
            // fits: read the low limb
            let bytes = ark_ff::BigInteger::to_bytes_le(&big);
            let mut v: usize = 0;
            for (k, b) in bytes.iter().take(8).enumerate() {
                v |= (*b as usize) << (8 * k);
            }
            Some(v)
        } else {
            None
        }
    }

    /// The values `L_i(z)` of the Lagrange basis polynomials at `z`.
    /// For `z` in the domain this is the unit vector at `z`.
    pub fn barycentric_coefficients(&self, z: &F) -> Vec<F> {
        if let Some(k) = self.domain_index(z) {
            let mut out = vec![F::zero(); self.n];
            out[k] = F::one();
            return out;
        }
        // A(z) and 1/(z - i)
        let mut diffs: Vec<F> = (0..self.n as u64).map(|i| *z - F::from(i)).collect();
        let a_z = diffs.iter().fold(F::one(), |acc, d| acc * d);
        ark_ff::batch_inversion(&mut diffs);
        diffs
            .iter()
            .zip(&self.a_prime_inv)
            .map(|(d_inv, w)| a_z * w * d_inv)
            .collect()
    }

    /// Evaluate the polynomial with values `f` on the domain at `z`.
    pub fn evaluate(&self, f: &[F], z: &F) -> F {
        self.barycentric_coefficients(z)
            .iter()
            .zip(f)
            .map(|(l, v)| *l * v)
            .sum()
    }

    /// Evaluation form of `(f(X) - f(k)) / (X - k)` for domain point `k`.
    pub fn divide_by_linear_vanishing(&self, f: &[F], k: usize) -> Vec<F> {
        let mut q = vec![F::zero(); self.n];
        let y = f[k];
        let mut qk = F::zero();
        for j in 0..self.n {
            if j == k {
                continue;
            }
            // q_j = (f_j - y) / (j - k)
            let qj = (f[j] - y) * self.inv_diff(j, k);
            q[j] = qj;
            // q_k = f'(k) = -sum_{j != k} q_j A'(k) / A'(j)
            qk -= qj * self.a_prime[k] * self.a_prime_inv[j];
        }
        q[k] = qk;
        q
    }

    /// `1 / A'(i)` (exposed for tests).
    pub fn weight_inv(&self, i: usize) -> F {
        self.a_prime_inv[i]
    }

    /// `1 / k` for `k` in `1..n`.
    pub fn small_inverse(&self, k: usize) -> Option<F> {
        if k == 0 || k >= self.n {
            None
        } else {
            Some(self.inv[k])
        }
    }

    /// Sanity helper: `A'(i)` is non-zero for every domain point.
    pub fn is_valid(&self) -> bool {
        self.a_prime.iter().all(|a| !a.is_zero()) && self.inv[1..].iter().all(|v| !v.is_zero())
    }
}
