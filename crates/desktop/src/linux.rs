//! The Linux desktop: X11 and the desktop portals for the screen, D-Bus (the session and system buses)
//! for the rest.

mod bus_caller;
pub mod screen;
pub mod screen_lock;
pub mod search;
pub mod single_instance;
