//! Proofs of presence and absence for sets of keys (in progress).
