//! The random ids sync names things by: a folder, a device, an account. The caller draws their bytes (this
//! crate reads no randomness); they are written as 32 lowercase hex digits, one spelling per id, so two
//! names in a folder on a case-insensitive disk never mean one device.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes in every id.
pub const ID_LEN: usize = 16;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name([u8; ID_LEN]);

        impl $name {
            /// The id made of these (random) bytes.
            pub const fn from_bytes(bytes: [u8; ID_LEN]) -> Self {
                Self(bytes)
            }

            /// The id's bytes.
            pub const fn as_bytes(&self) -> &[u8; ID_LEN] {
                &self.0
            }

            /// The id from its 32 lowercase hex digits; `None` for anything else (upper case included).
            pub fn from_hex(text: &str) -> Option<Self> {
                if text.len() != 2 * ID_LEN || text.bytes().any(|b| !matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                    return None;
                }
                let bytes = data_encoding::HEXLOWER.decode(text.as_bytes()).ok()?;
                Some(Self(bytes.try_into().ok()?))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&data_encoding::HEXLOWER.encode(&self.0))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::from_hex(&text).ok_or_else(|| serde::de::Error::custom("not 32 lowercase hex digits"))
            }
        }
    };
}

id!(
    /// A sync folder: binds every device file to its folder, so a file copied from another folder does
    /// not open.
    FolderId
);
id!(
    /// A computer in the group: names its file, tags its clock, keys what it has seen.
    DeviceId
);
id!(
    /// An account, the same on every device for its whole life: records merge by it, never by name or
    /// secret, so renaming or re-keying an account never makes a second one.
    Uid
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_one_spelling() {
        let id = DeviceId::from_bytes([0xab; ID_LEN]);
        assert_eq!(id.to_string(), "ab".repeat(ID_LEN));
        assert_eq!(DeviceId::from_hex(&id.to_string()), Some(id));
        assert_eq!(DeviceId::from_hex(&"AB".repeat(ID_LEN)), None, "upper case is another name");
        assert_eq!(DeviceId::from_hex(&"ab".repeat(ID_LEN - 1)), None);
        assert_eq!(DeviceId::from_hex(&format!("{}+0", "ab".repeat(ID_LEN - 1))), None);
        assert_eq!(serde_json::to_string(&Uid::from_bytes([1; ID_LEN])).unwrap(), format!("\"{}\"", "01".repeat(16)));
    }
}
