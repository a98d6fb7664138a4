//! What sort of failure an error is, apart from its words: the one thing each program reads to choose
//! its exit status (the CLI) or its message and hint (the app), after age's `DecryptError`. Every error
//! type of the library crates says its [`Kind`]; the programs never match three enums deep. It lives here,
//! in the lowest crate whose errors have a kind, and `keyfob_core::Kind` names the same type.

/// The sort of failure, from the user's side.
/// Not `non_exhaustive`: each program's table matches every kind, so a new one cannot go unworded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// What the user gave for this request cannot be used as given (a passphrase too short, several files
    /// where one is read): fixed by asking again differently.
    Input,
    /// A value refused by one of the vault's rules (a name with control characters, a group too long, a
    /// website that is not one).
    Rejected,
    /// The vault is behind a passphrase and none was given (or the current one is needed).
    Locked,
    /// A passphrase or password was given and does not open what it should.
    WrongSecret,
    /// Data was changed or damaged after it was written: a failed integrity check, a truncated file.
    Integrity,
    /// Well formed, but of a kind or version Keyfob does not read.
    Unsupported,
    /// Over one of Keyfob's limits (accounts, paired browsers, file size, key-derivation work).
    Limit,
    /// The account, browser, login or vault asked for is not there.
    NotFound,
    /// The state is not what the request needs (a vault already there, a preview that changed).
    Conflict,
    /// The computer around Keyfob failed: files, the keychain, the network, a server.
    Environment,
}
