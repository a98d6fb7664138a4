//! Sync through a folder the user already keeps in step (Syncthing, Nextcloud, a share, a USB stick),
//! pure: the shared state and its merge, the hybrid logical clock, the sealed device files and the
//! names in the folder (docs/sync-format.md is the specification).
//!
//! Reach for [`Replica`] first: one device's state with its clock and memory. Local changes go through
//! it ([`Replica::add`], [`Replica::edit`], [`Replica::remove`]…), [`Replica::read`] takes each entry of
//! the folder, [`Replica::prepare`] gives this device's next file and [`Replica::commit`] takes it as
//! written once the caller's rename succeeded. The merge ([`State::join`]) is a join-semilattice:
//! commutative, associative and idempotent, so devices that read the same files agree.
//!
//! ```
//! use keyfob_crypto::Key;
//! use keyfob_sync::{Algorithm, CodeType, Credential, DeviceId, Fields, FolderId, Replica, SecretBytes, SyncKey, Uid};
//! use ring::rand::SystemRandom;
//! use zeroize::Zeroizing;
//!
//! let rng = SystemRandom::new();
//! let key = SyncKey::from_root(Key::generate(&rng)?);
//! let folder = FolderId::from_bytes([7; 16]);
//! let (mut laptop, mut desktop) =
//!     (Replica::new(DeviceId::from_bytes([1; 16]), folder), Replica::new(DeviceId::from_bytes([2; 16]), folder));
//! let secret = SecretBytes::new(Zeroizing::new(b"12345678901234567890".to_vec()))?;
//! let credential = Credential {
//!     secret, code_type: CodeType::Totp, algorithm: Algorithm::Sha1, digits: 6, period: 30, created: 1_800_000_000,
//! };
//! let fields = Fields { issuer: Some("GitHub".into()), name: "alice".into(), ..Fields::default() };
//! laptop.add(1_800_000_000_000, Uid::from_bytes([9; 16]), fields, credential, 0)?;
//! let file = laptop.prepare(1_800_000_000_000, &key, &rng)?.expect("a change to write");
//! // The store writes file.bytes() to a temporary file, fsyncs it and renames it over file.name(); then:
//! laptop.commit(&file);
//! desktop.read(file.name(), file.bytes(), 1_800_000_000_500, &key)?;
//! assert_eq!(desktop.state().accounts().count(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! It sits beside the vault, below the store: it must not read a file, the clock, the environment or a
//! random source (the caller passes time as milliseconds, ids as bytes, and a `SecureRandom` for nonces),
//! and it knows no vault: the store turns records into vault entries and back.

#![forbid(unsafe_code)]

pub mod error;
pub mod file;
pub mod hlc;
pub mod id;
pub mod key;
pub mod limit;
pub mod lww;
pub mod name;
pub mod record;
pub mod replica;
pub mod secret;
pub mod state;
pub mod value;

pub use error::Error;
pub use hlc::{Clock, Hlc};
pub use id::{DeviceId, FolderId, Uid};
pub use key::{FolderFile, SyncKey};
pub use name::Name;
pub use record::Record;
pub use replica::{Memory, Outcome, Prepared, Replica};
pub use secret::{Algorithm, CodeType, Credential, SecretBytes};
pub use state::State;
pub use value::{Edit, Fields, Icon, Note, Order, Sort};
