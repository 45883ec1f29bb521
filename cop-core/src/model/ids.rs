//! Typed ids and interned external keys.
//!
//! Outside the library, members, domains, communities and artifacts are named by string keys
//! (`"a0001"`, `"testing/performance"`). Inside, each is a dense integer id of its own type, so a
//! member id can never be passed where a domain id is expected, and the event log can hold plain
//! `u32` columns. An [`Interner`] maps keys to ids and back, both in constant time, and allocates
//! only when a key is seen for the first time.

use hashbrown::HashTable;
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
    /// A thread: the conversation a question opens, which its answers, comments and accepts join.
    ThreadId
);
typed_id!(
    /// An event: its position in the event log, in order of recording.
    EventId
);

impl EventId {
    /// The id `record` returns for an event of a member left out of analyses (a bot, by default):
    /// the event is recorded, but is not in the log analyses read.
    pub const LEFT_OUT: EventId = EventId(u32::MAX);
}

impl CommunityId {
    /// The default community, which every landscape has: events that name no community belong to it.
    pub const DEFAULT: CommunityId = CommunityId(0);
}

/// The hash of a key as the [`Interner`] computes it, so that hashing can be done ahead of
/// (and in parallel with) interning; see [`Interner::get_hashed`].
///
/// foldhash with a fixed seed: fast on short keys, well spread in every bit (the table uses the
/// top bits as tags and the low bits as positions), and the same in every run.
#[inline]
pub fn key_hash(key: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x636f_7021).hash_one(key)
}

/// One entry of the interner's table: the id, the key's length and its first eight bytes, so
/// that most comparisons (every key of at most eight bytes) never leave the table.
#[derive(Clone, Copy, Debug)]
struct Slot {
    id: u32,
    len: u32,
    head: u64,
}

/// Where key `id` lies in the interner's text.
#[inline]
fn key_range(ends: &[usize], id: usize) -> std::ops::Range<usize> {
    (if id == 0 { 0 } else { ends[id - 1] })..ends[id]
}

/// The hash of the key in slot `slot`, for the table to move it when it grows.
fn rehash(text: &str, ends: &[usize], slot: &Slot) -> u64 {
    key_hash(&text.as_bytes()[key_range(ends, slot.id as usize)])
}

#[inline]
fn head_of(key: &[u8]) -> u64 {
    let mut head = [0u8; 8];
    let n = key.len().min(8);
    head[..n].copy_from_slice(&key[..n]);
    u64::from_le_bytes(head)
}

/// Interned string keys: key → dense id and id → key, both O(1).
///
/// The keys are stored back to back in one string, so interning allocates nothing per key
/// (only when the arena grows), and a lookup touches the table only for keys of up to eight
/// bytes.
#[derive(Clone, Default)]
pub struct Interner {
    /// Every key, back to back, in id order.
    text: String,
    /// Where each key ends in `text`.
    ends: Vec<usize>,
    table: HashTable<Slot>,
}

impl std::fmt::Debug for Interner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl PartialEq for Interner {
    /// Equal when they hold the same keys with the same ids.
    fn eq(&self, other: &Self) -> bool {
        self.ends == other.ends && self.text == other.text
    }
}

impl Eq for Interner {}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    fn key_bytes(&self, id: usize) -> &[u8] {
        &self.text.as_bytes()[key_range(&self.ends, id)]
    }

    /// The id of `key`, if it was interned.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.get_hashed(key_hash(key.as_bytes()), key)
    }

    /// The id of `key` whose [`key_hash`] is `hash`, if it was interned.
    #[inline]
    pub fn get_hashed(&self, hash: u64, key: &str) -> Option<u32> {
        let bytes = key.as_bytes();
        let (len, head) = (bytes.len() as u32, head_of(bytes));
        self.table
            .find(hash, |slot| {
                slot.len == len
                    && slot.head == head
                    && (len <= 8 || self.key_bytes(slot.id as usize) == bytes)
            })
            .map(|slot| slot.id)
    }

    /// The id of `key`, interning it if it is new; the flag tells whether it was new.
    pub fn intern(&mut self, key: &str) -> (u32, bool) {
        self.intern_hashed(key_hash(key.as_bytes()), key)
    }

    /// [`Interner::intern`] with the key's [`key_hash`] computed beforehand.
    #[inline]
    pub fn intern_hashed(&mut self, hash: u64, key: &str) -> (u32, bool) {
        if let Some(id) = self.get_hashed(hash, key) {
            return (id, false);
        }
        (self.insert_new(hash, key), true)
    }

    /// Adds a key known to be absent.
    fn insert_new(&mut self, hash: u64, key: &str) -> u32 {
        let id = self.ends.len() as u32;
        self.text.push_str(key);
        self.ends.push(self.text.len());
        let slot = Slot { id, len: key.len() as u32, head: head_of(key.as_bytes()) };
        let (text, ends) = (&self.text, &self.ends);
        self.table.insert_unique(hash, slot, |s| rehash(text, ends, s));
        id
    }

    /// The key of an id.
    pub fn key(&self, id: u32) -> Option<&str> {
        let id = id as usize;
        if id >= self.ends.len() {
            return None;
        }
        Some(&self.text[key_range(&self.ends, id)])
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no key was interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Reserves room for `additional` more keys.
    pub fn reserve(&mut self, additional: usize) {
        self.ends.reserve(additional);
        let (text, ends) = (&self.text, &self.ends);
        self.table.reserve(additional, |s| rehash(text, ends, s));
    }

    /// The keys in id order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.ends.len()).map(|i| &self.text[key_range(&self.ends, i)])
    }

    /// Forget every key with an id of `len` or more (used to undo a failed import).
    pub(crate) fn truncate(&mut self, len: usize) {
        if len >= self.ends.len() {
            return;
        }
        self.table.retain(|slot| (slot.id as usize) < len);
        self.text.truncate(if len == 0 { 0 } else { self.ends[len - 1] });
        self.ends.truncate(len);
    }

    /// Releases spare capacity.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        let (text, ends) = (&self.text, &self.ends);
        self.table.shrink_to_fit(|s| rehash(text, ends, s));
    }

    /// Bytes held on the heap (keys, their ends and the table).
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.ends.capacity() * std::mem::size_of::<usize>()
            + self.table.capacity() * (std::mem::size_of::<Slot>() + 1)
    }
}

impl FromIterator<String> for Interner {
    /// Interns the keys in order; a repeated key keeps its first id (so the result is shorter).
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        let mut keys = Interner::new();
        for key in iter {
            keys.intern(&key);
        }
        keys
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
        assert_eq!(keys.intern("grace"), (1, true));
    }

    #[test]
    fn long_keys_sharing_their_first_bytes_stay_apart() {
        let mut keys = Interner::new();
        let a = keys.intern("community/testing/performance").0;
        let b = keys.intern("community/testing/perf").0;
        let c = keys.intern("community/testing/performancf").0;
        assert_eq!((a, b, c), (0, 1, 2));
        assert_eq!(keys.get("community/testing/performance"), Some(0));
        assert_eq!(keys.get("community/testing/perfx"), None);
        assert_eq!(keys.get("community"), None);
        assert_eq!(keys.key(2), Some("community/testing/performancf"));
    }

    proptest::proptest! {
        /// The interner agrees with a plain map, through growth and truncation.
        #[test]
        fn interner_agrees_with_a_map(
            words in proptest::collection::vec("[a-c]{0,12}", 0..300),
            cut in 0usize..100,
        ) {
            let mut keys = Interner::new();
            let mut map = std::collections::HashMap::new();
            for w in &words {
                let next = map.len() as u32;
                let expected = *map.entry(w.clone()).or_insert(next);
                proptest::prop_assert_eq!(keys.intern(w).0, expected);
            }
            proptest::prop_assert_eq!(keys.len(), map.len());
            for (w, &id) in &map {
                proptest::prop_assert_eq!(keys.get(w), Some(id));
                proptest::prop_assert_eq!(keys.key(id), Some(w.as_str()));
            }
            let cut = cut.min(keys.len());
            keys.truncate(cut);
            keys.shrink_to_fit();
            for (w, &id) in &map {
                let kept = (id as usize) < cut;
                proptest::prop_assert_eq!(keys.get(w), kept.then_some(id));
            }
            let again: Interner = keys.iter().map(str::to_owned).collect();
            proptest::prop_assert_eq!(&again, &keys);
        }
    }
}
