//! Other authenticators' files: moving into Keyfob, and out of it, must be as easy as staying. One module
//! per app, holding everything Keyfob knows of that app's format: its reader, and its writer where Keyfob
//! writes one ([`aegis`], [`google`]). [`import`] tells the formats apart and reads any of them with
//! bounds; [`payload`] finds accounts in text (links, QR codes, Google's export batches); `report` is what every
//! reader returns and `unlock` the bounded key derivations they share; [`export`] is what the writers share.
//!
//! Pure: bytes in, accounts out (and back). It must not read files, ask for passwords or decide what is
//! added: the application layer (`keyfob-session`) does, with what this crate reports. Keyfob's own
//! formats (vault, backup, portable accounts) are `keyfob-vault`'s; this crate reads Keyfob backups only
//! through it.

pub mod aegis;
pub mod andotp;
pub mod authpro;
pub mod bitwarden;
pub mod ente;
pub mod export;
pub mod freeotp;
pub mod google;
pub mod import;
pub mod keepassxc;
pub mod lastpass;
pub mod payload;
pub mod proton;
mod report;
pub mod twofas;
mod unlock;
