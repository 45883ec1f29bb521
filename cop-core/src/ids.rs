//! Typed ids and interned external keys.
//!
//! Outside the library, members, domains, communities and artifacts are named by string keys
//! (`"a0001"`, `"testing/performance"`). Inside, each is a dense integer id of its own type, so a
//! member id can never be passed where a domain id is expected, and the event log can hold plain
//! `u32` columns. An [`Interner`] maps keys to ids and back, both in constant time, and allocates
//! only when a key is seen for the first time.

use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub(crate) u32);

        impl $name {
            /// The id with this raw number. Whether it exists is checked where it is used.
            pub const fn from_raw(raw: u32) -> Self {
                Self(raw)
            }

            /// The raw number of this id (dense, from 0, in order of creation).
            pub const fn raw(self) -> u32 {
                self.0
            }

            /// The id as an index into dense per-entity arrays.
            pub const fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

typed_id!(
    /// A member of the landscape (a person).
    MemberId
);
typed_id!(
    /// A domain of knowledge in the taxonomy.
    DomainId
);
typed_id!(
    /// A community of the landscape.
    CommunityId
);
typed_id!(
    /// An artifact of the shared repertoire.
    ArtifactId
);
typed_id!(
    /// An event: its position in the event log, in order of recording.
    EventId
);

impl CommunityId {
    /// The default community, which every landscape has: events that name no community belong to it.
    pub const DEFAULT: CommunityId = CommunityId(0);
}

/// Interned string keys: key → dense id and id → key, both O(1).
///
/// Each key is stored once. Looking a key up does not allocate; inserting a new key allocates
/// its string once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Interner {
    keys: IndexSet<Box<str>, FxBuildHasher>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `key`, if it was interned.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.keys.get_index_of(key).map(|i| i as u32)
    }

    /// The id of `key`, interning it if it is new; the flag tells whether it was new.
    pub fn intern(&mut self, key: &str) -> (u32, bool) {
        if let Some(i) = self.keys.get_index_of(key) {
            return (i as u32, false);
        }
        let (i, _) = self.keys.insert_full(key.into());
        (i as u32, true)
    }

    /// The key of an id.
    pub fn key(&self, id: u32) -> Option<&str> {
        self.keys.get_index(id as usize).map(|k| &**k)
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key was interned.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keys in id order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> {
        self.keys.iter().map(|k| &**k)
    }

    /// Forget every key with an id of `len` or more (used to undo a failed import).
    pub(crate) fn truncate(&mut self, len: usize) {
        self.keys.truncate(len);
    }

    /// Bytes held on the heap (table and strings).
    pub fn heap_bytes(&self) -> usize {
        let strings: usize = self.keys.iter().map(|k| k.len()).sum();
        // entries (hash + Box<str>) plus the index table.
        strings + self.keys.capacity() * (std::mem::size_of::<Box<str>>() + 8 + 8)
    }
}

impl FromIterator<String> for Interner {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        Interner { keys: iter.into_iter().map(String::into_boxed_str).collect() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_stable_and_two_way() {
        let mut keys = Interner::new();
        assert_eq!(keys.intern("ada"), (0, true));
        assert_eq!(keys.intern("grace"), (1, true));
        assert_eq!(keys.intern("ada"), (0, false));
        assert_eq!(keys.get("grace"), Some(1));
        assert_eq!(keys.get("linus"), None);
        assert_eq!(keys.key(1), Some("grace"));
        assert_eq!(keys.key(2), None);
        assert_eq!(keys.iter().collect::<Vec<_>>(), ["ada", "grace"]);
        keys.truncate(1);
        assert_eq!(keys.get("grace"), None);
        assert_eq!(keys.len(), 1);
    }
}
