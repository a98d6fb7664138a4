//! Keyfob's desktop: everything that talks to the desktop the app runs on, so that the application layer
//! (`keyfob-session`) and the programs need no D-Bus, portal or windowing system of their own.
//!
//! - [`screen`]: the whole screen for "scan the screen": the X11 root window, and the desktop portal's
//!   Screenshot where no client may read another's pixels (Wayland).
//! - [`screen_lock`]: the desktop's screen-lock and sleep signals, which lock a passphrase vault.
//! - [`single_instance`]: one Keyfob per session, a second launch handing its arguments over, and whether
//!   the running Keyfob is unlocked; each caller checked for the program it runs.
//! - [`search`]: the desktop's search (GNOME Shell's `SearchProvider2`, KDE's `krunner1`) served on the
//!   session bus, answered by a [`search::SearchProvider`] the app implements with the session.
//!
//! It sits beside `keyfob-camera`, below the application layer: it knows no vault, account or use case,
//! and depends on no Keyfob crate above it (`tests/layers.rs` checks). What is found, shown and done is
//! decided above, behind the traits and callbacks it is given; it owns the buses' names, paths and
//! interfaces (fixed: the packages and desktops name them) and whom it answers.
//!
//! The Linux implementations are in `linux`. Other systems get what the programs call on every system
//! from `unsupported` (the lock signals are not watched there yet); their own implementations (Windows'
//! session notifications and Graphics Capture, macOS's distributed notifications and ScreenCaptureKit)
//! go beside it, one module per system.

#![forbid(unsafe_code)]

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
pub use linux::{screen, screen_lock, search, single_instance};

#[cfg(not(target_os = "linux"))]
mod unsupported;
#[cfg(not(target_os = "linux"))]
pub use unsupported::screen_lock;
