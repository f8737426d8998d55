//! An export sealed with a passphrase, as one `age` file (age-encryption.org/v1, the scrypt
//! recipient), so it can be kept anywhere and opened by any `age` — `age -d` on a machine
//! without Tend — with the passphrase alone.
//!
//! The cryptography is the `age` crate's; Tend only chooses the recipient and writes the file
//! so that it is whole or absent.

use std::io::{Read, Write};
use std::path::Path;

use age::secrecy::{ExposeSecret, SecretString};

use super::reading::unreadable;
use crate::{Error, Result};

/// Seals `plain` with `passphrase` into the file `to`, replacing it if it is there. The file
/// is written under a temp name beside it, synced and renamed, so `to` is never half written.
/// scrypt's work factor is the one `age` calibrates for about a second on this machine.
pub fn write_age(plain: &[u8], passphrase: &SecretString, to: &Path) -> Result<()> {
    let sealed = seal(plain, passphrase)?;
    let folder = match to.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".tend-sealed-")
        .suffix(".partial")
        .tempfile_in(folder)?;
    file.write_all(&sealed)?;
    file.as_file().sync_all()?;
    file.persist(to).map_err(|error| Error::Io(error.error))?;
    // The rename lives in the folder's own entry.
    std::fs::File::open(folder)?.sync_all()?;
    Ok(())
}

/// Opens an age file sealed with a passphrase. A passphrase that doesn't open it is
/// [`Error::PassphraseNotAccepted`]; a file that isn't age's, or is damaged, is
/// [`Error::ImportUnreadable`].
pub fn read_age(bytes: &[u8], passphrase: &SecretString) -> Result<Vec<u8>> {
    let decryptor = age::Decryptor::new_buffered(bytes).map_err(|_| unreadable("its age header"))?;
    if !decryptor.is_scrypt() {
        return Err(unreadable("its passphrase stanza"));
    }
    let identity = age::scrypt::Identity::new(copy(passphrase));
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|error| match error {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => Error::PassphraseNotAccepted,
            _ => unreadable("its age header"),
        })?;
    let mut plain = Vec::new();
    reader
        .read_to_end(&mut plain)
        .map_err(|_| unreadable("its sealed contents"))?;
    Ok(plain)
}

fn seal(plain: &[u8], passphrase: &SecretString) -> Result<Vec<u8>> {
    let encryptor = age::Encryptor::with_user_passphrase(copy(passphrase));
    let mut sealed = Vec::with_capacity(plain.len() + 1024);
    let mut writer = encryptor.wrap_output(&mut sealed)?;
    writer.write_all(plain)?;
    writer.finish()?;
    Ok(sealed)
}

/// age takes the passphrase by value; the copy is zeroized when age drops it.
fn copy(passphrase: &SecretString) -> SecretString {
    SecretString::from(passphrase.expose_secret().to_owned())
}
