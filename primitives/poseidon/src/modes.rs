//! Hash modes built on the permutation. The state is `[capacity, rate...]`:
//! cell 0 is the capacity (as in circomlib) and holds each mode's domain
//! tag, cells `1..T` are the rate.
//!
//! | mode | width | capacity (cell 0) initialised to | input | output |
//! |---|---|---|---|---|
//! | [`Poseidon::hash`] (fixed length, circomlib) | `T` | `0` | exactly `T-1` elements in cells `1..T` | cell 0 |
//! | [`Poseidon::compress`] (2-to-1, Merkle) | 3 | [`DOMAIN_MERKLE_2_TO_1`] = 3 | `left`, `right` in cells 1, 2 | cell 0 |
//! | [`Sponge`] over elements | `T` | `2^64 * 1 + domain` | any number of elements, `10*` padded | rate cells |
//! | [`Sponge`] over bytes | `T` | `2^64 * 2 + domain` | bytes in 31-byte little-endian chunks, `0x01 0x00*` padded, then as above | rate cells |

use umbra_ct_curves::CtField;

use crate::Error;
use crate::params::Poseidon;

/// Capacity tag of [`Poseidon::compress`]: `2^arity - 1` for arity 2, the
/// Merkle-tree convention of Filecoin's `neptune`.
pub const DOMAIN_MERKLE_2_TO_1: u64 = 3;

/// Mode selector in the high part of a sponge's capacity tag.
const MODE_ELEMENTS: u64 = 1;
const MODE_BYTES: u64 = 2;

/// Bytes packed per field element by the byte sponge (`31 * 8 = 248` bits,
/// below every supported modulus).
pub const BYTES_PER_ELEMENT: usize = 31;

impl<F: CtField, const T: usize> Poseidon<F, T> {
    /// Fixed-length hash of exactly `T - 1` elements, compatible with
    /// circomlib's `Poseidon(T-1)` (and `light-poseidon`'s `new_circom`) on
    /// BN254: the state `[0, inputs...]` is permuted and cell 0 returned.
    /// The length is fixed by the width, so the zero capacity needs no
    /// length encoding; different widths are different permutations.
    ///
    /// # Errors
    /// [`Error::InvalidInputLength`] unless `inputs.len() == T - 1`.
    pub fn hash(&self, inputs: &[F]) -> Result<F, Error> {
        if inputs.len() + 1 != T {
            return Err(Error::InvalidInputLength);
        }
        let mut state = [F::ZERO; T];
        state[1..].copy_from_slice(inputs);
        Ok(self.permute_first_cell(&mut state))
    }
}

impl<F: CtField> Poseidon<F, 3> {
    /// 2-to-1 compression for Merkle trees: permutes
    /// `[DOMAIN_MERKLE_2_TO_1, left, right]` and returns cell 0.
    ///
    /// The non-zero capacity tag separates tree nodes from
    /// [`Poseidon::hash`] of two elements. For trees that must match
    /// circomlib-based tooling (Tornado Cash, Semaphore), use `hash(&[l, r])`
    /// instead.
    pub fn compress(&self, left: &F, right: &F) -> F {
        let mut state = [F::from(DOMAIN_MERKLE_2_TO_1), *left, *right];
        self.permute_first_cell(&mut state)
    }
}

/// A duplex-free sponge over `F` with rate `T - 1` and capacity 1.
///
/// Absorbing adds elements into the rate cells, permuting whenever all are
/// used. [`Sponge::squeeze`] first pads with one `1` element and zeros to
/// the end of the block (`10*`, so inputs of different lengths never
/// collide), permutes, then returns rate cells, permuting again as needed.
/// The capacity starts at `2^64 * mode + domain`, with mode 1 for
/// element input and 2 for byte input, so the two input kinds and every
/// application `domain` give unrelated functions, all distinct from
/// [`Poseidon::hash`] (capacity 0) and [`Poseidon::compress`] (capacity 3).
///
/// Mixing [`Sponge::absorb`] and [`Sponge::absorb_bytes`] on one sponge is
/// refused; absorbing after squeezing is refused. The state is wiped on drop;
/// `Debug` prints none of it.
#[derive(Clone)]
pub struct Sponge<'a, F: CtField, const T: usize> {
    params: &'a Poseidon<F, T>,
    state: [F; T],
    /// Rate cells used in the current block.
    pos: usize,
    mode: u64,
    squeezing: bool,
    /// Pending bytes of an incomplete chunk (byte mode).
    pending: [u8; BYTES_PER_ELEMENT],
    pending_len: usize,
}

impl<F: CtField, const T: usize> core::fmt::Debug for Sponge<'_, F, T> {
    /// Prints no state (the input may be secret).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Sponge")
            .field("t", &T)
            .field("squeezing", &self.squeezing)
            .finish()
    }
}

impl<'a, F: CtField, const T: usize> Sponge<'a, F, T> {
    /// A sponge for application domain `domain`.
    pub fn new(params: &'a Poseidon<F, T>, domain: u64) -> Self {
        Self {
            params,
            state: [F::ZERO; T],
            pos: 0,
            mode: 0,
            squeezing: false,
            pending: [0; BYTES_PER_ELEMENT],
            pending_len: 0,
        }
        .with_domain(domain)
    }

    fn with_domain(mut self, domain: u64) -> Self {
        // The tag is set when the first input fixes the mode; keep the
        // domain in cell 0 meanwhile.
        self.state[0] = F::from(domain);
        self
    }

    fn set_mode(&mut self, mode: u64) -> Result<(), Error> {
        if self.squeezing {
            return Err(Error::AbsorbAfterSqueeze);
        }
        if self.mode == 0 {
            self.mode = mode;
            // 2^64 * mode + domain.
            let two64 = F::from(u64::MAX).ct_add(&F::from(1u64));
            self.state[0] = self.state[0].ct_add(&two64.ct_mul(&F::from(mode)));
        } else if self.mode != mode {
            return Err(Error::MixedInputKinds);
        }
        Ok(())
    }

    fn absorb_one(&mut self, x: &F) {
        if self.pos == T - 1 {
            self.params.permute(&mut self.state);
            self.pos = 0;
        }
        self.state[1 + self.pos] = self.state[1 + self.pos].ct_add(x);
        self.pos += 1;
    }

    /// Absorbs field elements.
    ///
    /// # Errors
    /// After squeezing, or after byte input.
    pub fn absorb(&mut self, elements: &[F]) -> Result<(), Error> {
        self.set_mode(MODE_ELEMENTS)?;
        for x in elements {
            self.absorb_one(x);
        }
        Ok(())
    }

    /// Absorbs bytes, packed 31 to an element (little-endian).
    ///
    /// # Errors
    /// After squeezing, or after element input.
    pub fn absorb_bytes(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.set_mode(MODE_BYTES)?;
        for &b in bytes {
            self.pending[self.pending_len] = b;
            self.pending_len += 1;
            if self.pending_len == BYTES_PER_ELEMENT {
                let x = chunk_to_element::<F>(&self.pending);
                self.absorb_one(&x);
                self.pending = [0; BYTES_PER_ELEMENT];
                self.pending_len = 0;
            }
        }
        Ok(())
    }

    fn finish(&mut self) {
        if self.mode == 0 {
            // Nothing absorbed: an empty element input.
            let _ = self.set_mode(MODE_ELEMENTS);
        }
        if self.mode == MODE_BYTES {
            // 0x01 then zeros: the last chunk is never empty.
            self.pending[self.pending_len] = 1;
            let x = chunk_to_element::<F>(&self.pending);
            self.absorb_one(&x);
            self.pending = [0; BYTES_PER_ELEMENT];
            self.pending_len = 0;
        }
        // 10* padding on elements: a one, the rest of the block stays zero.
        self.absorb_one(&F::from(1u64));
        self.params.permute(&mut self.state);
        self.pos = 0;
        self.squeezing = true;
    }

    /// Squeezes one element (the first call pads and permutes).
    pub fn squeeze(&mut self) -> F {
        if !self.squeezing {
            self.finish();
        } else if self.pos == T - 1 {
            self.params.permute(&mut self.state);
            self.pos = 0;
        }
        let out = self.state[1 + self.pos];
        self.pos += 1;
        out
    }
}

impl<F: CtField, const T: usize> Drop for Sponge<'_, F, T> {
    /// Wipes the state and pending bytes, which hold (a function of) the input.
    fn drop(&mut self) {
        use zeroize::Zeroize;
        for x in self.state.iter_mut() {
            x.zeroize();
        }
        self.pending.zeroize();
    }
}

/// Up to 31 little-endian bytes as a field element (always below `2^248`).
fn chunk_to_element<F: CtField>(chunk: &[u8; BYTES_PER_ELEMENT]) -> F {
    let mut limbs = [0u64; 4];
    for (i, &b) in chunk.iter().enumerate() {
        limbs[i / 8] |= u64::from(b) << (8 * (i % 8));
    }
    F::ct_from_limbs_mod_order(&limbs)
}

impl<F: CtField, const T: usize> Poseidon<F, T> {
    /// One-shot sponge hash of field elements in application `domain`.
    pub fn hash_elements(&self, domain: u64, elements: &[F]) -> F {
        let mut s = Sponge::new(self, domain);
        // A fresh sponge accepts elements.
        let _ = s.absorb(elements);
        s.squeeze()
    }

    /// One-shot sponge hash of bytes in application `domain`.
    pub fn hash_bytes(&self, domain: u64, bytes: &[u8]) -> F {
        let mut s = Sponge::new(self, domain);
        let _ = s.absorb_bytes(bytes);
        s.squeeze()
    }
}
