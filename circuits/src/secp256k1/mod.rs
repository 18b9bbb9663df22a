//! secp256k1 gadgets.
