//! Identities files: which identity belongs to which member, written by a person.
//!
//! A CSV file with the header `identity,member` (other columns are ignored). Each line says that
//! the identity key `identity` belongs to the member known by the key `member`: the identity is
//! merged into that member, by [`MergeRule::File`]. A line whose two keys are the same splits the
//! identity off: it becomes a member of its own again (undoing whatever merged it). Both keys must
//! exist. The whole file is checked before anything changes, and its errors name the line and the
//! field; the merges are then made in one pass over the events.
//!
//! ```text
//! identity,member
//! Weihang Lo <me@weihanglo.tw>,Weihang Lo <14314532+weihanglo@users.noreply.github.com>
//! ADD-SP <add_sp@outlook.com>,ADD-SP <add_sp@outlook.com>
//! ```

use std::io::Read;

use serde::Serialize;

use crate::error::{CopError, RecordError, Result};
use crate::model::ids::MemberId;
use crate::model::landscape::Landscape;
use crate::model::people::MergeRule;

/// What an identities file changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IdentitiesReport {
    /// Lines read (the header excluded).
    pub lines: usize,
    /// Identities merged into another member.
    pub merged: usize,
    /// Identities split off into a member of their own.
    pub split: usize,
}

enum Line {
    Merge(MemberId, MemberId),
    Split(MemberId),
}

impl Landscape {
    /// Applies an identities file (see the [module docs](self)); `source` names it in errors.
    ///
    /// ```
    /// use cop_core::{ImportOptions, Landscape};
    ///
    /// let events = "member,time,kind\nada@home,2024-01-01,ask\nada@work,2024-01-02,answer\n";
    /// let mut landscape = Landscape::new();
    /// landscape.import_csv(events.as_bytes(), &ImportOptions::default())?;
    /// let file = "identity,member\nada@work,ada@home\n";
    /// let report = landscape.import_identities(file.as_bytes(), Some("people.csv"))?;
    /// assert_eq!((report.merged, landscape.counts().members), (1, 1));
    /// let bad = "identity,member\nada@work,nobody\n";
    /// let error = landscape.import_identities(bad.as_bytes(), Some("people.csv")).unwrap_err();
    /// assert_eq!(error.to_string(), "people.csv:2:2: field `member`: unknown member `nobody`");
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
    pub fn import_identities<R: Read>(
        &mut self,
        reader: R,
        source: Option<&str>,
    ) -> Result<IdentitiesReport> {
        let lines = self.read_identities(reader, source)?;
        let mut report = IdentitiesReport { lines: lines.len(), ..Default::default() };
        let mut merges = Vec::new();
        for line in &lines {
            match *line {
                Line::Merge(identity, member) => merges.push((member, identity, MergeRule::File)),
                Line::Split(identity) => {
                    if self.members[identity.index()].merged.take().is_some() {
                        report.split += 1;
                    }
                }
            }
        }
        report.merged = self.merge_all(&merges)?;
        if report.split > 0 && report.merged == 0 {
            self.refresh_people();
        }
        Ok(report)
    }

    fn read_identities<R: Read>(&self, reader: R, source: Option<&str>) -> Result<Vec<Line>> {
        let error = |line: u64, column: Option<u32>, field: Option<&str>, message: String| {
            CopError::Record(RecordError {
                source: source.map(str::to_owned),
                line,
                column,
                field: field.map(str::to_owned),
                message,
            })
        };
        let mut csv = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(reader);
        let header = csv.headers().map_err(|e| error(1, None, None, e.to_string()))?.clone();
        let position = |name: &str| header.iter().position(|h| h.trim_start_matches('\u{feff}') == name);
        let (Some(identity_at), Some(member_at)) = (position("identity"), position("member")) else {
            return Err(error(
                1,
                None,
                None,
                "the header must name the columns `identity` and `member`".into(),
            ));
        };
        let mut lines = Vec::new();
        for (i, record) in csv.records().enumerate() {
            let line = i as u64 + 2;
            let record = record.map_err(|e| error(line, None, None, e.to_string()))?;
            let key = |at: usize, field: &str| {
                let key = record.get(at).unwrap_or_default();
                self.identity_id(key).ok_or_else(|| {
                    let message =
                        if key.is_empty() { "empty".to_owned() } else { format!("unknown member `{key}`") };
                    error(line, Some(at as u32 + 1), Some(field), message)
                })
            };
            let identity = key(identity_at, "identity")?;
            let member = key(member_at, "member")?;
            lines.push(if identity == member {
                Line::Split(identity)
            } else {
                Line::Merge(identity, member)
            });
        }
        Ok(lines)
    }
}
