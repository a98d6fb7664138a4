//! The order a vault's list is shown in (format version 2): favourites pinned to the top, then by name,
//! by use, or as the user placed them. What groups and notes may hold is `crate::organise`'s.

use serde::{Deserialize, Serialize};

use super::Entry;

/// How the list is ordered. Favourites come first in every order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// The stored order, which the user arranges.
    #[default]
    Manual,
    /// By issuer, then account name, ignoring case.
    Name,
    /// Most copied first, then the stored order.
    Used,
}

impl Sort {
    pub(super) fn is_manual(&self) -> bool {
        *self == Self::Manual
    }
}

/// The entries in the order the list shows them: favourites first, then as `sort` says; the stored order
/// breaks ties.
pub(super) fn order(entries: &[Entry], sort: Sort) -> Vec<&Entry> {
    let mut ordered: Vec<&Entry> = entries.iter().collect();
    let name = |e: &Entry| (e.issuer.as_deref().unwrap_or_default().to_lowercase(), e.name.to_lowercase());
    match sort {
        Sort::Manual => {}
        Sort::Name => ordered.sort_by_cached_key(|e| name(e)),
        Sort::Used => ordered.sort_by_key(|e| std::cmp::Reverse(e.uses)),
    }
    ordered.sort_by_key(|e| !e.favourite);
    ordered
}
