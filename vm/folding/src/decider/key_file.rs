//! Decider keys cached on disk, keyed and checked by digest.
//!
//! A Groth16 setup for a VM-sized decider circuit takes minutes, so the
//! keys are built once and stored under a cache directory. The file of the
//! keys for a statement is named by its **identity**: SHA3-256 of the
//! setup's inputs (the folding parameters' digests, the KZG key's digest,
//! the key source and its label). The file holds magic, version, that
//! identity, the keys (arkworks' uncompressed serialization, read without
//! curve checks for speed) and a SHA3-256 of everything before it.
//!
//! Loading checks the length, the magic, the version, the integrity hash and
//! the identity, and then the verifying key's own digest against the one
//! recomputed from the loaded parts; any failure is a typed error, and
//! [`load_or_insecure_dev_setup`] then **regenerates** the keys and replaces
//! the file, reporting why ([`KeyOrigin::Replaced`]): a corrupted or
//! mismatched file is never used. The cache directory is trusted as the
//! binary is: its files are not an input from the prover's adversary (a
//! verifier that takes keys from elsewhere checks
//! [`DeciderVerifyingKey::digest`] against a value it trusts).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ark_bn254::{G1Affine, G2Affine};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use sha3::{Digest, Sha3_256};

use super::cp_groth16::{CpProvingKey, CpVerifyingKey};
use super::{DeciderProvingKey, DeciderVerifyingKey, KzgVerifierKey};
use crate::transcript::TranscriptPoseidon;
use crate::{Error, Fr, G1, NovaParams};

/// First bytes of a key file.
pub const KEY_FILE_MAGIC: [u8; 8] = *b"UMBRADKY";
/// Version byte of a key file.
pub const KEY_FILE_VERSION: u8 = 1;

/// Where the keys [`load_or_insecure_dev_setup`] returns came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyOrigin {
    /// Read from the cache file.
    Loaded,
    /// Built; there was no cache file.
    Created,
    /// Built and written over a cache file that could not be used, for the
    /// reason given.
    Replaced(Error),
}

/// The identity of the insecure development keys of `params` under `kzg`
/// and `label`: what names and checks their file.
pub fn insecure_dev_identity(
    params: &[&NovaParams<G1>],
    kzg: &KzgVerifierKey,
    label: &[u8],
) -> [u8; 32] {
    let mut h = Sha3_256::new();
    h.update(b"umbra-folding/decider-key-identity/v1/insecure-dev");
    h.update((params.len() as u64).to_le_bytes());
    let mut buf = Vec::new();
    for p in params {
        buf.clear();
        // Writing to a Vec cannot fail.
        let _ = p.digest().serialize_compressed(&mut buf);
        h.update(&buf);
    }
    h.update(kzg.digest());
    h.update((label.len() as u64).to_le_bytes());
    h.update(label);
    h.finalize().into()
}

/// The cache file of `identity` under `dir`.
pub fn key_path(dir: &Path, identity: &[u8; 32]) -> PathBuf {
    let name: String = identity[..16].iter().map(|b| format!("{b:02x}")).collect();
    dir.join(format!("decider-{name}.key"))
}

/// The insecure development keys of `params` (see
/// [`DeciderProvingKey::insecure_dev_setup`]), from the cache file under
/// `dir` when it holds them, else built and written there.
///
/// # Errors
/// The errors of the setup; [`Error::KeyFileIo`] when the directory or
/// the file cannot be written (a file that cannot be *read* is replaced).
pub fn load_or_insecure_dev_setup(
    dir: &Path,
    params: &[&NovaParams<G1>],
    kzg: KzgVerifierKey,
    label: &[u8],
) -> Result<(DeciderProvingKey, KeyOrigin), Error> {
    let identity = insecure_dev_identity(params, &kzg, label);
    let path = key_path(dir, &identity);
    let origin = match fs::read(&path) {
        Ok(bytes) => match DeciderProvingKey::from_key_file(&bytes, &identity) {
            Ok(pk) => return Ok((pk, KeyOrigin::Loaded)),
            Err(e) => KeyOrigin::Replaced(e),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => KeyOrigin::Created,
        Err(_) => KeyOrigin::Replaced(Error::KeyFileIo),
    };
    let pk = DeciderProvingKey::insecure_dev_setup(params, kzg, label)?;
    fs::create_dir_all(dir).map_err(|_| Error::KeyFileIo)?;
    // Write beside, then rename: a reader never sees half a file.
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&pk.to_key_file(&identity))?;
        f.sync_all()?;
        fs::rename(&tmp, &path)
    };
    if write().is_err() {
        let _ = fs::remove_file(&tmp);
        return Err(Error::KeyFileIo);
    }
    Ok((pk, origin))
}

fn put<T: CanonicalSerialize>(out: &mut Vec<u8>, v: &T) {
    // Writing to a Vec cannot fail.
    let _ = v.serialize_uncompressed(out);
}

fn get<T: CanonicalDeserialize>(r: &mut &[u8]) -> Result<T, Error> {
    T::deserialize_with_mode(r, Compress::No, Validate::No).map_err(|_| Error::Deserialization)
}

impl DeciderProvingKey {
    /// The key file's bytes for `identity` (see the [module
    /// documentation](self)).
    pub fn to_key_file(&self, identity: &[u8; 32]) -> Vec<u8> {
        let mut out = KEY_FILE_MAGIC.to_vec();
        out.push(KEY_FILE_VERSION);
        out.extend_from_slice(identity);
        let g = &self.groth16;
        put(&mut out, &g.groth16);
        put(&mut out, &g.bases);
        put(&mut out, &g.blind_base);
        put(&mut out, &g.pok_bases);
        put(&mut out, &g.pok_blind_base);
        put(&mut out, &g.eta_delta);
        put(&mut out, &g.vk.g2);
        put(&mut out, &g.vk.sigma_g2);
        let k = &self.vk.kzg;
        for p in [k.g, k.h] {
            put(&mut out, &p);
        }
        for p in [k.g2, k.tau_g2] {
            put(&mut out, &p);
        }
        put(&mut out, &self.vk.params_digests);
        let num_io: Vec<u64> = self.vk.num_io.iter().map(|&n| n as u64).collect();
        put(&mut out, &num_io);
        out.extend_from_slice(&self.vk.digest);
        let check: [u8; 32] = Sha3_256::digest(&out).into();
        out.extend_from_slice(&check);
        out
    }

    /// Reads a key file written for `identity`.
    ///
    /// # Errors
    /// [`Error::Deserialization`] for a truncated, corrupted or malformed
    /// file (its integrity hash, or the verifying key's digest, does not
    /// match); [`Error::UnsupportedVersion`]; [`Error::KeyFileMismatch`] for
    /// a well-formed file of other keys.
    pub fn from_key_file(bytes: &[u8], identity: &[u8; 32]) -> Result<Self, Error> {
        if bytes.len() < 9 + 32 + 32 || bytes[..8] != KEY_FILE_MAGIC {
            return Err(Error::Deserialization);
        }
        if bytes[8] != KEY_FILE_VERSION {
            return Err(Error::UnsupportedVersion);
        }
        let (body, check) = bytes.split_at(bytes.len() - 32);
        let want: [u8; 32] = Sha3_256::digest(body).into();
        if check != want {
            return Err(Error::Deserialization);
        }
        if body[9..41] != identity[..] {
            return Err(Error::KeyFileMismatch);
        }
        let r = &mut &body[41..];
        let groth16: ark_groth16::ProvingKey<ark_bn254::Bn254> = get(r)?;
        let bases: Vec<G1Affine> = get(r)?;
        let blind_base = get(r)?;
        let pok_bases: Vec<G1Affine> = get(r)?;
        let (pok_blind_base, eta_delta) = (get(r)?, get(r)?);
        let (g2, sigma_g2): (G2Affine, G2Affine) = (get(r)?, get(r)?);
        let kzg = KzgVerifierKey {
            g: get(r)?,
            h: get(r)?,
            g2: get(r)?,
            tau_g2: get(r)?,
        };
        let params_digests: Vec<Fr> = get(r)?;
        let num_io: Vec<u64> = get(r)?;
        if r.len() != 32
            || bases.len() != pok_bases.len()
            || bases.len() > groth16.l_query.len()
            || num_io.len() != params_digests.len()
        {
            return Err(Error::Deserialization);
        }
        let mut digest = [0u8; 32];
        digest.copy_from_slice(r);
        let vk = CpVerifyingKey::from_parts(&groth16.vk, g2, sigma_g2)?;
        let cp = CpProvingKey::from_parts(
            groth16,
            (bases, blind_base),
            (pok_bases, pok_blind_base),
            eta_delta,
            vk.clone(),
        );
        let num_io = num_io
            .into_iter()
            .map(usize::try_from)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| Error::Deserialization)?;
        let poseidon = TranscriptPoseidon::new().map_err(|_| Error::InvalidKey)?;
        let out = Self {
            vk: DeciderVerifyingKey {
                groth16: vk,
                digest,
                kzg,
                params_digests,
                num_io,
                poseidon,
            },
            groth16: cp,
        };
        if out.vk.recomputed_digest() != digest {
            return Err(Error::Deserialization);
        }
        Ok(out)
    }
}
