//! The one way from keys to rows: every ingest path (CSV, JSON Lines, keyed and coded batches,
//! the git and platform readers, one event by [`Landscape::record_keyed`]) turns an event named
//! by keys into a [`Row`] of ids here.
//!
//! The key columns of the event format are one table, [`KEY_COLUMNS`]: which field, which
//! entity, whether a new key is created even when strict, and where the column lies in a
//! [`KeyedEvent`], in [`CodedEvents`] and in a [`Row`]. Readers, the resolver, the coded path,
//! the errors and the export go through the table, so a new optional key column is a field of
//! [`KeyedEvent`], a field of [`CodedEvents`] and one entry of the table.
//!
//! Resolving has two steps, with one outcome:
//! - [`Lookup::known`] (read-only, so it runs on every core): the row of an event whose keys
//!   all exist and that would be recorded as it is, else `None`;
//! - [`Resolver::row`]: that row, or else the exact path: every check first (in the order of the
//!   table), then the new keys created (unless strict refuses them), so a refused event creates
//!   nothing, and its error names the entity or field at fault.

use rustc_hash::FxHashMap;

use super::coded::{CodedEvents, KeyCodes};
use super::{FIELD_COUNT, FIELDS};
use crate::error::{CopError, Entity, Result};
use crate::limits::{check_key, check_time, time_in_range};
use crate::model::event::{EventKind, KeyedEvent, check_weight};
use crate::model::ids::{CommunityId, EventId, key_hash};
use crate::model::landscape::Landscape;
use crate::model::log::{MAX_EVENTS, NONE, Row};

/// A key column of the event format.
pub(crate) struct KeyColumn {
    /// The column's name in files and errors.
    pub(crate) name: &'static str,
    /// The column's index in [`FIELDS`] (where exports write it).
    pub(crate) field: usize,
    /// What its keys name.
    pub(crate) entity: Entity,
    /// Every event has a key (`member`); else the key is optional.
    pub(crate) required: bool,
    /// A new key is created even when strict (threads).
    pub(crate) always_created: bool,
    /// Lookups are remembered: few distinct keys, repeated by almost every event.
    pub(crate) memo: bool,
    /// The id a row holds without a key.
    pub(crate) absent: u32,
    /// The column's key in a keyed event.
    pub(crate) key: for<'a> fn(&KeyedEvent<'a>) -> Option<&'a str>,
    /// Sets the column's key in a keyed event.
    pub(crate) set_key: for<'a> fn(&mut KeyedEvent<'a>, Option<&'a str>),
    /// The column in dictionary-encoded events.
    pub(crate) coded: for<'a> fn(&CodedEvents<'a>) -> Option<KeyCodes<'a>>,
    /// The column's id in a row.
    pub(crate) id: fn(&Row) -> u32,
    /// Sets the column's id in a row.
    pub(crate) set_id: fn(&mut Row, u32),
}

/// The number of key columns.
pub(crate) const KEYS: usize = 6;

/// The key columns, in the order their keys are checked (the first fault is the one reported).
pub(crate) const KEY_COLUMNS: [KeyColumn; KEYS] = [
    KeyColumn {
        name: "community",
        field: super::COMMUNITY,
        entity: Entity::Community,
        required: false,
        always_created: false,
        memo: true,
        absent: CommunityId::DEFAULT.raw(),
        key: |e| e.community,
        set_key: |e, k| e.community = k,
        coded: |c| c.community,
        id: |r| u32::from(r.community),
        set_id: |r, id| r.community = id as u16,
    },
    KeyColumn {
        name: "member",
        field: super::MEMBER,
        entity: Entity::Member,
        required: true,
        always_created: false,
        memo: false,
        absent: NONE,
        key: |e| Some(e.member),
        set_key: |e, k| e.member = k.unwrap_or_default(),
        coded: |c| Some(c.member),
        id: |r| r.member,
        set_id: |r, id| r.member = id,
    },
    KeyColumn {
        name: "target",
        field: 4,
        entity: Entity::Member,
        required: false,
        always_created: false,
        memo: false,
        absent: NONE,
        key: |e| e.target,
        set_key: |e, k| e.target = k,
        coded: |c| c.target,
        id: |r| r.target,
        set_id: |r, id| r.target = id,
    },
    KeyColumn {
        name: "domain",
        field: 3,
        entity: Entity::Domain,
        required: false,
        always_created: false,
        memo: true,
        absent: NONE,
        key: |e| e.domain,
        set_key: |e, k| e.domain = k,
        coded: |c| c.domain,
        id: |r| r.domain,
        set_id: |r, id| r.domain = id,
    },
    KeyColumn {
        name: "artifact",
        field: 6,
        entity: Entity::Artifact,
        required: false,
        always_created: false,
        memo: false,
        absent: NONE,
        key: |e| e.artifact,
        set_key: |e, k| e.artifact = k,
        coded: |c| c.artifact,
        id: |r| r.artifact,
        set_id: |r, id| r.artifact = id,
    },
    KeyColumn {
        name: "thread",
        field: 8,
        entity: Entity::Thread,
        required: false,
        always_created: true,
        memo: false,
        absent: NONE,
        key: |e| e.thread,
        set_key: |e, k| e.thread = k,
        coded: |c| c.thread,
        id: |r| r.thread,
        set_id: |r, id| r.thread = id,
    },
];

/// Runs `$body` once per key column, in the table's order, with `$c` the column's index (a
/// literal) and `$column` the column. Unrolled in place, so that the hot paths call each
/// column's accessors directly: a closure called per column would get the index at run time
/// and reach the accessors through pointers. A `?` or `return` in the body leaves the
/// enclosing function.
macro_rules! each_key_column {
    (|$c:ident, $column:ident| $body:expr) => {{
        const _: () = assert!($crate::ingest::resolve::KEYS == 6, "each_key_column lists every key column");
        each_key_column!(@ $c $column $body; 0 1 2 3 4 5)
    }};
    (@ $c:ident $column:ident $body:expr; $($i:literal)*) => {{
        $({
            let $c: usize = $i;
            let $column = &$crate::ingest::resolve::KEY_COLUMNS[$i];
            $body;
        })*
    }};
}
pub(crate) use each_key_column;

/// The order entities are created in when an event brings several new keys (as entities are
/// added one by one: the graph's nodes in this order).
const CREATION_ORDER: [Entity; 5] =
    [Entity::Community, Entity::Domain, Entity::Member, Entity::Artifact, Entity::Thread];

/// The [`key_hash`] of each member key of an event (0 for other columns and absent keys): the
/// member table is the large one, so its hashes are computed once, possibly ahead and in
/// parallel.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Hashes([u64; KEYS]);

impl Hashes {
    pub(crate) fn of(event: &KeyedEvent<'_>) -> Hashes {
        let mut hashes = [0; KEYS];
        each_key_column!(|c, column| {
            if column.entity == Entity::Member
                && let Some(key) = (column.key)(event)
            {
                hashes[c] = key_hash(key.as_bytes());
            }
        });
        Hashes(hashes)
    }
}

/// Read-only lookups of keys that exist, remembering those of the [`KeyColumn::memo`] columns
/// and of kinds.
#[derive(Debug, Default)]
pub(crate) struct Lookup {
    kinds: FxHashMap<Box<str>, EventKind>,
    keys: [FxHashMap<Box<str>, u32>; KEYS],
}

impl Lookup {
    fn kind(&mut self, landscape: &Landscape, name: &str) -> Option<EventKind> {
        if let Some(&kind) = self.kinds.get(name) {
            return Some(kind);
        }
        let kind = landscape.kind(name)?;
        self.kinds.insert(name.into(), kind);
        Some(kind)
    }

    #[inline(always)]
    fn key(&mut self, landscape: &Landscape, c: usize, key: &str, hash: u64) -> Option<u32> {
        let column = &KEY_COLUMNS[c];
        if column.memo {
            if let Some(&id) = self.keys[c].get(key) {
                return Some(id);
            }
            let id = landscape.key_id(column.entity, key)?;
            self.keys[c].insert(key.into(), id);
            Some(id)
        } else if column.entity == Entity::Member {
            landscape.member_key_id(hash, key)
        } else {
            landscape.key_id(column.entity, key)
        }
    }

    /// The row of an event whose keys all exist and that would be recorded as it is; `None`
    /// otherwise (then [`Resolver::row`] creates the keys or names the fault).
    pub(crate) fn known(
        &mut self,
        landscape: &Landscape,
        event: &KeyedEvent<'_>,
        hashes: &Hashes,
    ) -> Option<Row> {
        if event.weight.is_some_and(|w| check_weight(w).is_err())
            || landscape.log().len() >= MAX_EVENTS
            || !time_in_range(event.time)
        {
            return None;
        }
        let kind = self.kind(landscape, event.kind)?;
        let mut row = Row::keyless(event.time, kind.code(), event.weight);
        each_key_column!(|c, column| {
            let id = match (column.key)(event) {
                None => column.absent,
                Some(key) => self.key(landscape, c, key, hashes.0[c])?,
            };
            (column.set_id)(&mut row, id)
        });
        Some(row)
    }
}

/// A key of an event on the exact path: its id, or new and good to create.
#[derive(Clone, Copy)]
enum Key<'e> {
    Id(u32),
    New(&'e str),
}

/// Turns events named by keys into rows, creating new keys on first sight or, when strict,
/// refusing them (threads are created either way).
#[derive(Debug, Default)]
pub(crate) struct Resolver {
    strict: bool,
    lookup: Lookup,
}

impl Resolver {
    pub(crate) fn new(strict: bool) -> Self {
        Resolver { strict, lookup: Lookup::default() }
    }

    /// The row of an event, its new keys created (see the [module docs](self)); a refused
    /// event creates nothing.
    pub(crate) fn row(
        &mut self,
        landscape: &mut Landscape,
        event: &KeyedEvent<'_>,
        hashes: &Hashes,
    ) -> Result<Row> {
        match self.lookup.known(landscape, event, hashes) {
            Some(row) => Ok(row),
            None => self.exact(landscape, event, hashes),
        }
    }

    /// [`Resolver::row`] of an event that does not have all its keys in the landscape (or is
    /// bad), as the caller found: the lookups that would find it a row are skipped.
    pub(crate) fn new_row(
        &mut self,
        landscape: &mut Landscape,
        event: &KeyedEvent<'_>,
        hashes: &Hashes,
    ) -> Result<Row> {
        self.exact(landscape, event, hashes)
    }

    /// Every check in order, then every creation.
    fn exact(&mut self, landscape: &mut Landscape, event: &KeyedEvent<'_>, hashes: &Hashes) -> Result<Row> {
        if let Some(weight) = event.weight {
            check_weight(weight)?;
        }
        check_time("time", event.time)?;
        check_key(Entity::Member, event.member)?;
        let kind = landscape.kind(event.kind);
        if kind.is_none() {
            if self.strict {
                return Err(CopError::unknown_key(Entity::Kind, event.kind));
            }
            landscape.check_new_key(Entity::Kind, event.kind)?;
        }
        let mut keys = [Key::Id(NONE); KEYS];
        for (c, column) in KEY_COLUMNS.iter().enumerate() {
            keys[c] = match (column.key)(event) {
                None => Key::Id(column.absent),
                Some(key) => match self.lookup.key(landscape, c, key, hashes.0[c]) {
                    Some(id) => Key::Id(id),
                    None if self.strict && !column.always_created => {
                        return Err(CopError::unknown_key(column.entity, key));
                    }
                    None => {
                        landscape.check_new_key(column.entity, key).map_err(|e| named(e, column))?;
                        Key::New(key)
                    }
                },
            };
        }
        // Nothing is refused from here on (but a full log, checked with the row).
        let kind = match kind {
            Some(kind) => kind,
            None => landscape.intern_kind(event.kind)?,
        };
        for entity in CREATION_ORDER {
            for (c, column) in KEY_COLUMNS.iter().enumerate() {
                if let (true, Key::New(key)) = (column.entity == entity, keys[c]) {
                    keys[c] = Key::Id(landscape.ensure_key(entity, key, hashes.0[c])?);
                }
            }
        }
        let mut row = Row::keyless(event.time, kind.code(), event.weight);
        for (key, column) in keys.iter().zip(&KEY_COLUMNS) {
            if let Key::Id(id) = *key {
                (column.set_id)(&mut row, id);
            }
        }
        landscape.check_row(&row)?;
        Ok(row)
    }
}

/// A refused key's error, naming the column (a target's key is the `target`, not a `member`).
fn named(error: CopError, column: &KeyColumn) -> CopError {
    match error {
        CopError::InvalidValue { message, .. } => CopError::invalid(FIELDS[column.field], message),
        other => other,
    }
}

/// The key column an error of [`Resolver::row`] is about, as an index in [`FIELDS`].
pub(crate) fn field_of(error: &CopError, event: &KeyedEvent<'_>) -> Option<usize> {
    match error {
        CopError::UnknownKey { entity: Entity::Kind | Entity::Event, .. } => Some(super::KIND),
        CopError::UnknownKey { entity, key } => {
            let mut of_entity = KEY_COLUMNS.iter().filter(|c| c.entity == *entity);
            let first = of_entity.clone().next().map(|c| c.field);
            of_entity.find(|c| (c.key)(event) == Some(key.as_str())).map(|c| c.field).or(first)
        }
        CopError::InvalidValue { field, .. } => FIELDS.iter().position(|f| f == field),
        CopError::Capacity { what, .. } if what.contains("kind") => Some(super::KIND),
        CopError::Capacity { what, .. } if what.contains("communit") => Some(super::COMMUNITY),
        _ => None,
    }
}

impl Landscape {
    /// Records an event named by keys. Unknown members, domains, communities, artifacts and
    /// kinds are created on first sight, unless `strict`, which refuses them (threads are
    /// created either way). Every check runs before anything is created, so a refused event
    /// changes nothing.
    pub fn record_keyed(&mut self, event: &KeyedEvent<'_>, strict: bool) -> Result<EventId> {
        let row = Resolver::new(strict).row(self, event, &Hashes::of(event))?;
        Ok(self.append(row))
    }

    /// The text of each field of an event as the event format writes it (absent: `None`).
    pub(crate) fn event_fields(&self, event: &crate::Event) -> [Option<String>; FIELD_COUNT] {
        let mut fields: [Option<String>; FIELD_COUNT] = Default::default();
        let Ok(row) = Row::from_event(event) else { return fields };
        fields[super::TIME] = Some(crate::model::time::format_seconds(row.time));
        fields[super::KIND] = self.kind_name(event.kind).map(str::to_owned);
        fields[super::WEIGHT] = event.weight.map(|w| w.to_string());
        for column in &KEY_COLUMNS {
            let id = (column.id)(&row);
            if id != column.absent {
                fields[column.field] = self.key_of(column.entity, id).map(str::to_owned);
            }
        }
        fields
    }
}
