//! The keys behind the passphrase. A random 32-byte master key is SQLCipher's raw key; it is
//! kept only wrapped, in a small versioned key file beside the database: once under a key
//! Argon2id derives from the passphrase, and once under a key HKDF derives from the recovery key
//! (itself random, so it needs no slow derivation). Wrapping is XChaCha20-Poly1305 with a fresh
//! random nonce per write, and the slot's name as associated data, so the two slots cannot be
//! swapped. Changing the passphrase rewrites the passphrase slot only, atomically.
//!
//! Every secret lives in a zeroizing type: the passphrase, the derived keys, the master key and
//! the `x'…'` string SQLCipher is given. None of them has a `Display`, and their `Debug` is
//! redacted, so a log line cannot carry one.

use std::fs;
use std::io::Write;
use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::{BASE32_NOPAD, HEXLOWER};
use secrecy::{ExposeSecret, ExposeSecretMut, SecretBox, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::failpoint::failpoint;
use crate::{Error, Result};

/// The key file's name inside the data directory. Its presence means the database is encrypted.
pub const KEY_FILE: &str = "tend.key";
/// What the name of a key file being written begins with, until it is renamed `tend.key`.
pub const KEY_TEMP_PREFIX: &str = ".tend.key.";
/// The one key file format this build writes and reads.
const FORMAT: &str = "tend-key";
const VERSION: u32 = 1;

/// A passphrase has at least this many characters…
pub const PASSPHRASE_MIN: usize = 8;
/// …and at most this many.
pub const PASSPHRASE_MAX: usize = 1024;

/// RFC 9106's second recommended option: Argon2id, 64 MiB, three passes, four lanes. Kept in
/// the key file, so a later Tend can raise them when the passphrase is next changed.
pub const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
pub const ARGON2_PASSES: u32 = 3;
pub const ARGON2_LANES: u32 = 4;

/// Random bytes in a recovery key: 160 bits, 32 base32 characters in eight groups of four.
const RECOVERY_BYTES: usize = 20;
const RECOVERY_GROUP: usize = 4;

/// The 32-byte key every connection to the database is opened with.
pub struct MasterKey(SecretBox<[u8; 32]>);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(…)")
    }
}

impl MasterKey {
    fn generate() -> Result<MasterKey> {
        let mut key = SecretBox::new(Box::new([0u8; 32]));
        fill_random(key.expose_secret_mut())?;
        Ok(MasterKey(key))
    }

    fn from_slice(bytes: &[u8]) -> Option<MasterKey> {
        let bytes: [u8; 32] = bytes.try_into().ok()?;
        Some(MasterKey(SecretBox::new(Box::new(bytes))))
    }

    /// A second copy of this key, as secret as the first.
    pub fn duplicate(&self) -> MasterKey {
        MasterKey(SecretBox::new(Box::new(*self.0.expose_secret())))
    }

    /// The value of SQLCipher's `PRAGMA key` for this key: a raw key, used as it is, with no
    /// derivation of SQLCipher's own (`"x'…'"`).
    pub fn pragma_value(&self) -> Zeroizing<String> {
        let mut value = Zeroizing::new(String::with_capacity(64 + 3));
        value.push_str("x'");
        value.push_str(&Zeroizing::new(HEXLOWER.encode(self.0.expose_secret())));
        value.push('\'');
        value
    }
}

/// What the person types. Checked for length only: any words they can remember will do.
#[derive(Debug)]
pub struct Passphrase(SecretString);

impl Passphrase {
    pub fn new(secret: SecretString) -> Result<Passphrase> {
        let length = secret.expose_secret().chars().count();
        if length < PASSPHRASE_MIN {
            return Err(Error::PassphraseTooShort { limit: PASSPHRASE_MIN });
        }
        if length > PASSPHRASE_MAX {
            return Err(Error::PassphraseTooLong { limit: PASSPHRASE_MAX });
        }
        Ok(Passphrase(secret))
    }
}

impl Passphrase {
    /// A passphrase given to open something: not checked, only compared.
    pub fn given(secret: SecretString) -> Passphrase {
        Passphrase(secret)
    }
}

impl From<&str> for Passphrase {
    /// For tests and tools: no length check.
    fn from(text: &str) -> Passphrase {
        Passphrase(SecretString::from(text))
    }
}

/// The recovery key, shown to the person exactly once: eight groups of four characters.
pub struct RecoveryKey(SecretBox<[u8; RECOVERY_BYTES]>);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}

impl RecoveryKey {
    fn generate() -> Result<RecoveryKey> {
        let mut key = SecretBox::new(Box::new([0u8; RECOVERY_BYTES]));
        fill_random(key.expose_secret_mut())?;
        Ok(RecoveryKey(key))
    }

    /// Reads a key as the person typed or pasted it: any case, with or without the dashes and
    /// spaces, and with 0, 1 and 8 read as the letters O, I and B they are easily taken for.
    pub fn parse(typed: &str) -> Result<RecoveryKey> {
        let cleaned: Zeroizing<String> = Zeroizing::new(
            typed
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| match c.to_ascii_uppercase() {
                    '0' => 'O',
                    '1' => 'I',
                    '8' => 'B',
                    c => c,
                })
                .collect(),
        );
        let bytes = Zeroizing::new(
            BASE32_NOPAD
                .decode(cleaned.as_bytes())
                .map_err(|_| Error::RecoveryKeyShape)?,
        );
        let bytes: [u8; RECOVERY_BYTES] = bytes.as_slice().try_into().map_err(|_| Error::RecoveryKeyShape)?;
        Ok(RecoveryKey(SecretBox::new(Box::new(bytes))))
    }

    /// The key as it is shown and printed: `ABCD-EFGH-…`, eight groups.
    pub fn grouped(&self) -> Zeroizing<String> {
        let plain = Zeroizing::new(BASE32_NOPAD.encode(self.0.expose_secret()));
        let mut grouped = Zeroizing::new(String::with_capacity(plain.len() + plain.len() / RECOVERY_GROUP));
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && i % RECOVERY_GROUP == 0 {
                grouped.push('-');
            }
            grouped.push(c);
        }
        grouped
    }

    fn wrapping_key(&self, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        let mut out = Zeroizing::new([0u8; 32]);
        hkdf::Hkdf::<sha2::Sha256>::new(Some(salt), self.0.expose_secret())
            .expand(b"tend recovery key v1", out.as_mut())
            .map_err(|_| Error::KeyFile("recovery key derivation"))?;
        Ok(out)
    }
}

/// Argon2id's settings for one passphrase slot, kept so they can be raised later.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Derivation {
    algorithm: String,
    memory_kib: u32,
    passes: u32,
    lanes: u32,
    salt: String,
}

impl Derivation {
    fn fresh() -> Result<Derivation> {
        Ok(Derivation {
            algorithm: "argon2id".into(),
            memory_kib: ARGON2_MEMORY_KIB,
            passes: ARGON2_PASSES,
            lanes: ARGON2_LANES,
            salt: HEXLOWER.encode(&random::<16>()?),
        })
    }

    fn key(&self, passphrase: &Passphrase) -> Result<Zeroizing<[u8; 32]>> {
        if self.algorithm != "argon2id" {
            return Err(Error::KeyFile("unknown key derivation"));
        }
        let salt = decode_hex(&self.salt)?;
        let params = Params::new(self.memory_kib, self.passes, self.lanes, Some(32))
            .map_err(|_| Error::KeyFile("key derivation settings"))?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.0.expose_secret().as_bytes(), &salt, out.as_mut())
            .map_err(|_| Error::KeyFile("key derivation"))?;
        Ok(out)
    }
}

/// The master key sealed under one wrapping key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Sealed {
    nonce: String,
    sealed: String,
}

impl Sealed {
    fn seal(wrapping: &[u8; 32], slot: &str, master: &MasterKey) -> Result<Sealed> {
        let nonce = random::<24>()?;
        let cipher = XChaCha20Poly1305::new(wrapping.into());
        let sealed = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: master.0.expose_secret(),
                    aad: aad(slot).as_bytes(),
                },
            )
            .map_err(|_| Error::KeyFile("sealing"))?;
        Ok(Sealed {
            nonce: HEXLOWER.encode(&nonce),
            sealed: HEXLOWER.encode(&sealed),
        })
    }

    /// The master key, or `None` when this wrapping key is not the one it was sealed under.
    fn open(&self, wrapping: &[u8; 32], slot: &str) -> Result<Option<MasterKey>> {
        let nonce: [u8; 24] = decode_hex(&self.nonce)?
            .try_into()
            .map_err(|_| Error::KeyFile("nonce length"))?;
        let sealed = decode_hex(&self.sealed)?;
        let cipher = XChaCha20Poly1305::new(wrapping.into());
        let Ok(plain) = cipher.decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &sealed,
                aad: aad(slot).as_bytes(),
            },
        ) else {
            return Ok(None);
        };
        let plain = Zeroizing::new(plain);
        MasterKey::from_slice(&plain)
            .map(Some)
            .ok_or(Error::KeyFile("master key length"))
    }
}

fn aad(slot: &str) -> String {
    format!("{FORMAT} v{VERSION} {slot}")
}

/// The key file: the master key, wrapped twice.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyFile {
    format: String,
    version: u32,
    derivation: Derivation,
    passphrase: Sealed,
    recovery_salt: String,
    recovery: Sealed,
}

impl KeyFile {
    /// A new master key, sealed under `passphrase` and under a new recovery key, which is
    /// returned to be shown once.
    pub fn create(passphrase: &Passphrase) -> Result<(KeyFile, MasterKey, RecoveryKey)> {
        let master = MasterKey::generate()?;
        let recovery = RecoveryKey::generate()?;
        let derivation = Derivation::fresh()?;
        let recovery_salt = random::<16>()?;
        let file = KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            passphrase: Sealed::seal(&*derivation.key(passphrase)?, "passphrase", &master)?,
            derivation,
            recovery_salt: HEXLOWER.encode(&recovery_salt),
            recovery: Sealed::seal(&*recovery.wrapping_key(&recovery_salt)?, "recovery", &master)?,
        };
        Ok((file, master, recovery))
    }

    /// The master key, if `passphrase` is the one set.
    pub fn unlock(&self, passphrase: &Passphrase) -> Result<MasterKey> {
        self.passphrase
            .open(&*self.derivation.key(passphrase)?, "passphrase")?
            .ok_or(Error::PassphraseNotAccepted)
    }

    /// The master key, if `recovery` is the key shown when the passphrase was set.
    pub fn unlock_with_recovery(&self, recovery: &RecoveryKey) -> Result<MasterKey> {
        let salt = decode_hex(&self.recovery_salt)?;
        self.recovery
            .open(&*recovery.wrapping_key(&salt)?, "recovery")?
            .ok_or(Error::RecoveryKeyNotAccepted)
    }

    /// The same master key and recovery key, under a new passphrase (with a new salt, and this
    /// build's derivation settings).
    pub fn with_passphrase(&self, master: &MasterKey, passphrase: &Passphrase) -> Result<KeyFile> {
        let derivation = Derivation::fresh()?;
        Ok(KeyFile {
            passphrase: Sealed::seal(&*derivation.key(passphrase)?, "passphrase", master)?,
            derivation,
            ..self.clone()
        })
    }

    /// The key file in `dir`, if there is one.
    pub fn read(dir: &Path) -> Result<Option<KeyFile>> {
        KeyFile::read_from(&dir.join(KEY_FILE))
    }

    /// The key file at `path` (a backup's copy, say), if there is one.
    pub fn read_from(path: &Path) -> Result<Option<KeyFile>> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error.into()),
        };
        let file: KeyFile = serde_json::from_str(&text).map_err(|_| Error::KeyFile("not a key file"))?;
        if file.format != FORMAT || file.version != VERSION {
            return Err(Error::KeyFile("a format this build doesn't know"));
        }
        Ok(Some(file))
    }

    /// Writes the key file into `dir` atomically: a temporary file, synced, renamed over the old
    /// one, and the directory synced, so a crash leaves the old file or the new, whole.
    pub fn write(&self, dir: &Path) -> Result<()> {
        self.write_as(dir, KEY_FILE)
    }

    /// As [`KeyFile::write`], under the name `name` in `dir` (a backup's copy, or a restore's
    /// staged key file). The temporary file's name begins with [`KEY_TEMP_PREFIX`] wherever it
    /// is, so what a crash leaves is recognised and cleared.
    pub fn write_as(&self, dir: &Path, name: &str) -> Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(|_| Error::KeyFile("writing"))?;
        let mut temp = tempfile::Builder::new().prefix(KEY_TEMP_PREFIX).tempfile_in(dir)?;
        temp.write_all(text.as_bytes())?;
        temp.as_file().sync_all()?;
        failpoint("key.synced")?;
        temp.persist(dir.join(name)).map_err(|e| e.error)?;
        sync_dir(dir)
    }

    /// Whether `other` wraps the same master key as this file. The recovery slot never changes
    /// for a master key (a new passphrase rewrites the other slot only), so the two files share
    /// it exactly when they share the master key; no slow derivation is needed to tell.
    pub fn same_master_key(&self, other: &KeyFile) -> bool {
        self.recovery_salt == other.recovery_salt && self.recovery == other.recovery
    }

    /// Removes the key file from `dir` (the database is no longer encrypted).
    pub fn remove(dir: &Path) -> Result<()> {
        match fs::remove_file(dir.join(KEY_FILE)) {
            Ok(()) => sync_dir(dir),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(error.into()),
        }
    }
}

/// Makes a rename or removal in `dir` durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    fill_random(&mut bytes)?;
    Ok(bytes)
}

fn fill_random(bytes: &mut [u8]) -> Result<()> {
    getrandom::fill(bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(())
}

fn decode_hex(text: &str) -> Result<Vec<u8>> {
    HEXLOWER.decode(text.as_bytes()).map_err(|_| Error::KeyFile("hex"))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Argon2id at 64 MiB takes a moment even optimised, so the tests share derivations.

    #[test]
    fn a_passphrase_and_the_recovery_key_both_open_the_same_master_key() {
        let dir = tempfile::tempdir().unwrap();
        let (file, master, recovery) = KeyFile::create(&Passphrase::from("a quiet walk home")).unwrap();
        file.write(dir.path()).unwrap();
        let read = KeyFile::read(dir.path()).unwrap().unwrap();
        assert_eq!(read, file);

        let by_passphrase = read.unlock(&Passphrase::from("a quiet walk home")).unwrap();
        assert_eq!(*by_passphrase.pragma_value(), *master.pragma_value());
        let typed = RecoveryKey::parse(&recovery.grouped().to_lowercase().replace('-', " ")).unwrap();
        let by_recovery = read.unlock_with_recovery(&typed).unwrap();
        assert_eq!(*by_recovery.pragma_value(), *master.pragma_value());

        assert!(matches!(
            read.unlock(&Passphrase::from("a quiet walk home ")),
            Err(Error::PassphraseNotAccepted)
        ));
        let other = RecoveryKey::generate().unwrap();
        assert!(matches!(
            read.unlock_with_recovery(&other),
            Err(Error::RecoveryKeyNotAccepted)
        ));

        // A new passphrase: the old one stops working, the recovery key still works.
        let changed = read
            .with_passphrase(&by_passphrase, &Passphrase::from("the long way round"))
            .unwrap();
        assert_ne!(changed.derivation.salt, read.derivation.salt);
        assert!(matches!(
            changed.unlock(&Passphrase::from("a quiet walk home")),
            Err(Error::PassphraseNotAccepted)
        ));
        let again = changed.unlock(&Passphrase::from("the long way round")).unwrap();
        assert_eq!(*again.pragma_value(), *master.pragma_value());
        assert!(changed.unlock_with_recovery(&typed).is_ok());
    }

    #[test]
    fn the_key_file_holds_no_key_in_the_clear_and_records_its_settings() {
        let (file, master, recovery) = KeyFile::create(&Passphrase::from("a quiet walk home")).unwrap();
        let text = serde_json::to_string(&file).unwrap();
        let hex = master.pragma_value();
        assert!(!text.contains(&hex[2..66]));
        assert!(!text.contains(&*BASE32_NOPAD.encode(recovery.0.expose_secret())));
        assert!(!text.contains("quiet"));
        assert_eq!(file.derivation.memory_kib, 65536);
        assert_eq!(file.derivation.passes, 3);
        assert_eq!(file.derivation.lanes, 4);
        assert_eq!(decode_hex(&file.derivation.salt).unwrap().len(), 16);
    }

    #[test]
    fn slots_cannot_be_swapped_and_a_changed_byte_is_refused() {
        let (file, _, recovery) = KeyFile::create(&Passphrase::from("a quiet walk home")).unwrap();
        let mut swapped = file.clone();
        swapped.recovery = file.passphrase.clone();
        assert!(swapped.unlock_with_recovery(&recovery).is_err());

        let mut changed = file.clone();
        let mut sealed = decode_hex(&changed.passphrase.sealed).unwrap();
        sealed[0] ^= 1;
        changed.passphrase.sealed = HEXLOWER.encode(&sealed);
        assert!(matches!(
            changed.unlock(&Passphrase::from("a quiet walk home")),
            Err(Error::PassphraseNotAccepted)
        ));
    }

    #[test]
    fn recovery_keys_read_as_people_type_them() {
        let key = RecoveryKey::generate().unwrap();
        let grouped = key.grouped();
        assert_eq!(grouped.len(), 8 * 4 + 7);
        assert!(grouped.split('-').all(|g| g.len() == 4));
        let back = RecoveryKey::parse(&format!("  {}  ", grouped.to_lowercase())).unwrap();
        assert_eq!(back.0.expose_secret(), key.0.expose_secret());
        for bad in ["", "ABCD", &grouped[..grouped.len() - 1], "!!!!-!!!!"] {
            assert!(matches!(RecoveryKey::parse(bad), Err(Error::RecoveryKeyShape)), "{bad}");
        }
    }

    #[test]
    fn a_passphrase_is_checked_for_length_in_characters() {
        assert!(matches!(
            Passphrase::new(SecretString::from("short")),
            Err(Error::PassphraseTooShort { limit: 8 })
        ));
        assert!(Passphrase::new(SecretString::from("散步散步散步散步")).is_ok());
        assert!(matches!(
            Passphrase::new(SecretString::from("a".repeat(1025))),
            Err(Error::PassphraseTooLong { limit: 1024 })
        ));
    }

    #[test]
    fn a_key_file_from_a_newer_tend_or_damaged_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(KeyFile::read(dir.path()).unwrap().is_none());
        fs::write(dir.path().join(KEY_FILE), "{ not json").unwrap();
        assert!(matches!(KeyFile::read(dir.path()), Err(Error::KeyFile(_))));
        let (mut file, _, _) = KeyFile::create(&Passphrase::from("a quiet walk home")).unwrap();
        file.version = 2;
        fs::write(dir.path().join(KEY_FILE), serde_json::to_string(&file).unwrap()).unwrap();
        assert!(matches!(KeyFile::read(dir.path()), Err(Error::KeyFile(_))));
    }
}
