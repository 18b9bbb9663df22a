//! The emulated moduli: secp256k1's base and scalar fields, Curve25519's base
//! field and the Ed25519 group order.

use super::EmulatedModulus;

/// secp256k1 base field, `p = 2²⁵⁶ − 2³² − 977`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Secp256k1Fq;

impl EmulatedModulus for Secp256k1Fq {
    const NAME: &'static str = "secp256k1 p";
    const MODULUS: [u64; 4] = [
        0xFFFF_FFFE_FFFF_FC2F,
        0xFFFF_FFFF_FFFF_FFFF,
        0xFFFF_FFFF_FFFF_FFFF,
        0xFFFF_FFFF_FFFF_FFFF,
    ];
}

/// secp256k1 group order `n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Secp256k1Fr;

impl EmulatedModulus for Secp256k1Fr {
    const NAME: &'static str = "secp256k1 n";
    const MODULUS: [u64; 4] = [
        0xBFD2_5E8C_D036_4141,
        0xBAAE_DCE6_AF48_A03B,
        0xFFFF_FFFF_FFFF_FFFE,
        0xFFFF_FFFF_FFFF_FFFF,
    ];
}

/// Curve25519 base field, `2²⁵⁵ − 19`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Curve25519Fq;

impl EmulatedModulus for Curve25519Fq {
    const NAME: &'static str = "2^255 - 19";
    const MODULUS: [u64; 4] = [
        0xFFFF_FFFF_FFFF_FFED,
        0xFFFF_FFFF_FFFF_FFFF,
        0xFFFF_FFFF_FFFF_FFFF,
        0x7FFF_FFFF_FFFF_FFFF,
    ];
}

/// Ed25519 prime-order subgroup order `ℓ = 2²⁵² + 27742317777372353535851937790883648493`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ed25519Fr;

impl EmulatedModulus for Ed25519Fr {
    const NAME: &'static str = "Ed25519 l";
    const MODULUS: [u64; 4] = [
        0x5812_631A_5CF5_D3ED,
        0x14DE_F9DE_A2F7_9CD6,
        0x0000_0000_0000_0000,
        0x1000_0000_0000_0000,
    ];
}
