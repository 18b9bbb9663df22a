//! The transparent commitment keys' generators cached on disk.
//!
//! [`CommitmentKey::transparent_setup`](crate::commitment::CommitmentKey::transparent_setup)
//! hashes every generator to the curve: about 40 µs a point (a square root per try, two tries
//! on average), so the few hundred thousand generators of the VM's parameters were about half
//! of every `umbra prove` and `umbra verify` process. Each generator depends only on its
//! label and index, so one list per curve and label, extended when a longer key is needed,
//! serves every shape. With a directory set ([`set_dir`]) the process keeps that list in a
//! file there, read back by the next process.
//!
//! The file (version [`FILE_VERSION`]): magic [`FILE_MAGIC`], the version byte, the list's
//! **identity** (SHA3-256 of the curve type's name, the point size and the label), the point
//! count (`u64` little-endian), the points (arkworks' uncompressed serialization) and a
//! SHA3-256 of everything before it. A file is used only when its length, magic, version,
//! identity and integrity hash are right and its first and last points and eight more at
//! indices taken from its hash equal the generators hashed afresh; otherwise it is deleted,
//! the event says why ([`Event::Replaced`]) and the list is hashed and written anew. The
//! caller then checks every point as for any key (on the curve, in the subgroup, not the
//! identity: `CommitmentKey::from_parts`). Writes go to a temporary file renamed into place,
//! so a reader never sees half a file.
//!
//! Trust: the directory is trusted as the binary is. The checks catch corruption, truncation
//! and files of another label, curve or version, not a deliberate forgery: a list of points
//! with known discrete-log relations, put in the directory by someone who can write there,
//! would make the commitments non-binding. A verifier that cannot trust its cache directory
//! leaves it unset (every generator is then hashed afresh).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ark_ec::CurveGroup;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use sha3::{Digest, Sha3_256};

/// First bytes of a cache file.
pub const FILE_MAGIC: [u8; 8] = *b"UMBRATPK";
/// Version byte of a cache file.
pub const FILE_VERSION: u8 = 1;

/// Points checked against fresh hashing besides the first and the last.
const SPOT_CHECKS: usize = 8;

/// What the cache did for one request of generators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// `points` generators were read from the file.
    Loaded {
        /// How many.
        points: usize,
    },
    /// The file was (re)written with `points` generators.
    Written {
        /// How many.
        points: usize,
    },
    /// A file that could not be used was deleted (its list is hashed afresh), for `reason`.
    Replaced {
        /// Why.
        reason: CacheError,
    },
    /// The directory or the file could not be written (the generators are still right:
    /// they were hashed).
    Unwritable,
}

/// Why a cache file was not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheError {
    /// Shorter than its header and hash, or its length disagrees with its point count.
    Length,
    /// Not a cache file (magic).
    Magic,
    /// Another version of the format.
    Version,
    /// The list of another curve, point size or label.
    Identity,
    /// The integrity hash does not match the contents.
    Integrity,
    /// A point does not deserialise.
    Point,
    /// A checked point differs from the generator hashed afresh.
    Mismatch,
}

impl core::fmt::Display for CacheError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Length => "wrong length",
            Self::Magic => "not a key cache file",
            Self::Version => "another format version",
            Self::Identity => "the generators of another curve or label",
            Self::Integrity => "corrupted (integrity hash)",
            Self::Point => "a point does not decode",
            Self::Mismatch => "a generator differs from the hashed one",
        })
    }
}

static DIR: Mutex<Option<PathBuf>> = Mutex::new(None);
static EVENTS: Mutex<Vec<Event>> = Mutex::new(Vec::new());

/// Keep this process's transparent generators in `dir` (created when first written), or
/// stop using a directory (`None`, the default).
pub fn set_dir(dir: Option<PathBuf>) {
    *DIR.lock().unwrap_or_else(|e| e.into_inner()) = dir;
}

/// The directory set with [`set_dir`].
pub fn dir() -> Option<PathBuf> {
    DIR.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// The events since the last call, oldest first.
pub fn take_events() -> Vec<Event> {
    core::mem::take(&mut *EVENTS.lock().unwrap_or_else(|e| e.into_inner()))
}

pub(crate) fn record(e: Event) {
    EVENTS.lock().unwrap_or_else(|e| e.into_inner()).push(e);
}

/// The identity of the list of `label`'s generators on the curve `G`.
pub fn identity<G: CurveGroup>(label: &[u8]) -> [u8; 32] {
    let mut h = Sha3_256::new();
    h.update(b"umbra-folding/transparent-key-cache/v1");
    let name = core::any::type_name::<G>();
    h.update((name.len() as u64).to_le_bytes());
    h.update(name);
    h.update((G::Affine::default().uncompressed_size() as u64).to_le_bytes());
    h.update((label.len() as u64).to_le_bytes());
    h.update(label);
    h.finalize().into()
}

/// The file of `label`'s generators on `G` under `dir`.
pub fn path<G: CurveGroup>(dir: &Path, label: &[u8]) -> PathBuf {
    let id = identity::<G>(label);
    let name: String = id[..16].iter().map(|b| format!("{b:02x}")).collect();
    dir.join(format!("transparent-{name}.points"))
}

const HEADER: usize = 8 + 1 + 32 + 8;

/// The file's bytes for `points`.
pub fn encode<G: CurveGroup>(label: &[u8], points: &[G::Affine]) -> Vec<u8> {
    let size = G::Affine::default().uncompressed_size();
    let mut out = Vec::with_capacity(HEADER + points.len() * size + 32);
    out.extend_from_slice(&FILE_MAGIC);
    out.push(FILE_VERSION);
    out.extend_from_slice(&identity::<G>(label));
    out.extend_from_slice(&(points.len() as u64).to_le_bytes());
    for p in points {
        // Writing into a Vec cannot fail.
        let _ = p.serialize_uncompressed(&mut out);
    }
    let digest: [u8; 32] = Sha3_256::digest(&out).into();
    out.extend_from_slice(&digest);
    out
}

/// The points of a file's `bytes`, checked as the [module documentation](self) says;
/// `fresh(i)` is generator `i` hashed afresh.
///
/// # Errors
/// [`CacheError`] naming the first failed check.
pub fn decode<G: CurveGroup>(
    label: &[u8],
    bytes: &[u8],
    fresh: &dyn Fn(u64) -> G::Affine,
) -> Result<Vec<G::Affine>, CacheError> {
    let size = G::Affine::default().uncompressed_size();
    if bytes.len() < HEADER + 32 {
        return Err(CacheError::Length);
    }
    let (body, digest) = bytes.split_at(bytes.len() - 32);
    if body[..8] != FILE_MAGIC {
        return Err(CacheError::Magic);
    }
    if body[8] != FILE_VERSION {
        return Err(CacheError::Version);
    }
    if body[9..41] != identity::<G>(label) {
        return Err(CacheError::Identity);
    }
    let count = u64::from_le_bytes(body[41..49].try_into().map_err(|_| CacheError::Length)?);
    let expect = usize::try_from(count)
        .ok()
        .and_then(|c| c.checked_mul(size))
        .and_then(|n| n.checked_add(HEADER));
    if expect != Some(body.len()) {
        return Err(CacheError::Length);
    }
    if Sha3_256::digest(body).as_slice() != digest {
        return Err(CacheError::Integrity);
    }
    let points = body[HEADER..]
        .chunks_exact(size)
        .map(|c| G::Affine::deserialize_with_mode(c, Compress::No, Validate::No))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| CacheError::Point)?;
    let n = points.len();
    if n > 0 {
        let spots = digest
            .chunks_exact(4)
            .take(SPOT_CHECKS)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize % n);
        for i in [0, n - 1].into_iter().chain(spots) {
            if points[i] != fresh(i as u64) {
                return Err(CacheError::Mismatch);
            }
        }
    }
    Ok(points)
}

/// The cached prefix of `label`'s generators under `dir` (empty when there is no file;
/// a file that fails a check is deleted and reported).
pub(crate) fn load<G: CurveGroup>(
    dir: &Path,
    label: &[u8],
    fresh: &dyn Fn(u64) -> G::Affine,
) -> Vec<G::Affine> {
    let path = path::<G>(dir, label);
    let Ok(bytes) = std::fs::read(&path) else {
        return Vec::new();
    };
    match decode::<G>(label, &bytes, fresh) {
        Ok(points) => {
            record(Event::Loaded {
                points: points.len(),
            });
            points
        }
        Err(reason) => {
            let _ = std::fs::remove_file(&path);
            record(Event::Replaced { reason });
            Vec::new()
        }
    }
}

/// Write `points` as `label`'s list under `dir` (through a temporary file and a rename).
pub(crate) fn store<G: CurveGroup>(dir: &Path, label: &[u8], points: &[G::Affine]) {
    let path = path::<G>(dir, label);
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(&tmp, encode::<G>(label, points))?;
        std::fs::rename(&tmp, &path)
    };
    if write().is_ok() {
        record(Event::Written {
            points: points.len(),
        });
    } else {
        let _ = std::fs::remove_file(&tmp);
        record(Event::Unwritable);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commitment::hash_to_curve;
    use ark_bn254::G1Projective;
    use ark_grumpkin::Projective as GrumpkinProjective;

    const LABEL: &[u8] = b"umbra-folding/tests/key-cache";

    fn points<G: CurveGroup>(n: u64) -> Vec<G::Affine> {
        (0..n).map(|i| hash_to_curve::<G>(LABEL, i)).collect()
    }

    fn fresh(i: u64) -> ark_bn254::G1Affine {
        hash_to_curve::<G1Projective>(LABEL, i)
    }

    /// A file with its integrity hash recomputed after an edit (what a corruption that
    /// the hash cannot see would look like: only the other checks stand).
    fn rehashed(mut bytes: Vec<u8>, edit: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
        bytes.truncate(bytes.len() - 32);
        edit(&mut bytes);
        let d: [u8; 32] = Sha3_256::digest(&bytes).into();
        bytes.extend_from_slice(&d);
        bytes
    }

    #[test]
    fn a_file_is_read_back_and_every_bad_one_refused() {
        let pts = points::<G1Projective>(20);
        let file = encode::<G1Projective>(LABEL, &pts);
        assert_eq!(
            decode::<G1Projective>(LABEL, &file, &fresh),
            Ok(pts.clone())
        );
        assert_eq!(
            decode::<G1Projective>(LABEL, &encode::<G1Projective>(LABEL, &[]), &fresh),
            Ok(vec![])
        );
        let dec = |b: &[u8]| decode::<G1Projective>(LABEL, b, &fresh);
        let mut flipped = file.clone();
        flipped[HEADER + 70] ^= 1;
        assert_eq!(dec(&flipped), Err(CacheError::Integrity));
        assert_eq!(dec(&file[..file.len() - 1]), Err(CacheError::Length));
        assert_eq!(dec(&[]), Err(CacheError::Length));
        let size = ark_bn254::G1Affine::default().uncompressed_size();
        let shorter = rehashed(file.clone(), |b| b.truncate(b.len() - size));
        assert_eq!(dec(&shorter), Err(CacheError::Length));
        let recount = rehashed(file.clone(), |b| b[41] = 21);
        assert_eq!(dec(&recount), Err(CacheError::Length));
        assert_eq!(
            dec(&rehashed(file.clone(), |b| b[0] ^= 1)),
            Err(CacheError::Magic)
        );
        assert_eq!(
            dec(&rehashed(file.clone(), |b| b[8] = FILE_VERSION + 1)),
            Err(CacheError::Version)
        );
        // Another label's list, and the same label's on Grumpkin.
        let other = encode::<G1Projective>(b"another label", &pts);
        assert_eq!(dec(&other), Err(CacheError::Identity));
        let grumpkin = encode::<GrumpkinProjective>(LABEL, &points::<GrumpkinProjective>(3));
        assert_eq!(dec(&grumpkin), Err(CacheError::Identity));
        // Two generators swapped, the hash made to fit: the spot check at index 0 sees it.
        let mut swapped = pts.clone();
        swapped.swap(0, 1);
        let swapped = encode::<G1Projective>(LABEL, &swapped);
        assert_eq!(dec(&swapped), Err(CacheError::Mismatch));
        // A point that is no point (x = all ones): refused by deserialisation.
        let garbage = rehashed(file, |b| b[HEADER..HEADER + 32].fill(0xff));
        assert_eq!(dec(&garbage), Err(CacheError::Point));
    }

    #[test]
    fn load_reads_what_store_wrote_and_deletes_a_bad_file() {
        let dir = std::env::temp_dir().join(format!("umbra-key-cache-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(load::<G1Projective>(&dir, LABEL, &fresh).is_empty());
        let pts = points::<G1Projective>(12);
        store::<G1Projective>(&dir, LABEL, &pts);
        let file = path::<G1Projective>(&dir, LABEL);
        assert!(file.exists());
        assert_eq!(load::<G1Projective>(&dir, LABEL, &fresh), pts);
        // Corrupted: not used, and gone.
        let mut bytes = std::fs::read(&file).unwrap();
        bytes[HEADER + 5] ^= 0x40;
        std::fs::write(&file, bytes).unwrap();
        assert!(load::<G1Projective>(&dir, LABEL, &fresh).is_empty());
        assert!(!file.exists());
        // A directory that cannot be made (under a regular file): nothing written, no panic.
        let blocked = file.with_extension("blocker");
        std::fs::write(&blocked, b"x").unwrap();
        store::<G1Projective>(&blocked.join("sub"), LABEL, &pts);
        assert!(!blocked.join("sub").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
