//! Binary Merkle paths over [`Poseidon::compress`].
//!
//! A tree node is `compress(left, right)`. A path from a leaf to the root is
//! given bottom-up by the sibling at each level and the leaf index: bit `i`
//! of the index (least significant first) is the position of the level-`i`
//! node, 0 for a left child and 1 for a right child. This is the convention
//! of the `poseidon-merkle` example guest and of the Merkle-path gadget in
//! `umbra-circuits`.

use subtle::Choice;
use umbra_ct_curves::CtField;

use crate::Error;
use crate::params::Poseidon;

/// Deepest supported path: the index is a `u64`.
pub const MAX_MERKLE_DEPTH: usize = 64;

impl<F: CtField> Poseidon<F, 3> {
    /// The root reached from `leaf` along the path `siblings` (bottom-up) at
    /// position `index`; the depth is `siblings.len()`. Bits of `index` at or
    /// above the depth are ignored.
    ///
    /// Constant-time in the leaf, the siblings and the index (the order of
    /// each pair is chosen by a masked swap); only the depth is public.
    ///
    /// # Errors
    /// [`Error::InvalidInputLength`] for more than [`MAX_MERKLE_DEPTH`]
    /// siblings.
    pub fn merkle_root(&self, leaf: &F, siblings: &[F], index: u64) -> Result<F, Error> {
        if siblings.len() > MAX_MERKLE_DEPTH {
            return Err(Error::InvalidInputLength);
        }
        let mut node = *leaf;
        for (level, sibling) in siblings.iter().enumerate() {
            let mut left = node;
            let mut right = *sibling;
            let bit = Choice::from(((index >> level) & 1) as u8);
            F::ct_swap(&mut left, &mut right, bit);
            node = self.compress(&left, &right);
        }
        Ok(node)
    }
}
