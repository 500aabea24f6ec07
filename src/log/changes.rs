//! The plan's dated changes in the log (the `plan_changes` rows of schema 2): see
//! [`crate::timeline`].

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::TransactionBehavior;

use super::{Store, open, parse_iso_date};
use crate::config::ProfileValues;
use crate::exit::input_error;
use crate::timeline::{self, BEGINNING, PlanChange};

impl Store {
    /// Every recorded change of the plan's inputs, by first day then id (none before
    /// schema 2).
    pub fn plan_changes(&self) -> Result<Vec<PlanChange>> {
        if self.version < 2 {
            return Ok(Vec::new());
        }
        read(&self.conn, &self.path.to_string())
    }

    /// Records that from `from` on the plan is made from `after` (its dated keys), where it
    /// was made from `before`. The first change also records `before` as the plan's first
    /// settings; a profile edited by hand since the last change is recorded as holding
    /// from that change on, so the stretch before `from` keeps what it was planned with.
    /// Refused when `from` is before the last change: the stretch after it was planned
    /// without this one. Returns false when nothing that makes the plan changed.
    pub fn record_plan_change(
        &mut self,
        before: &ProfileValues,
        after: &ProfileValues,
        from: NaiveDate,
        recorded_on: NaiveDate,
    ) -> Result<bool> {
        if timeline::same_plan(before, after) {
            return Ok(false);
        }
        let path = self.path.to_string();
        let fail = |e: rusqlite::Error| open::write_error(&self.path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let rows = read(&tx, &path)?;
        let insert = |from: NaiveDate, v: &ProfileValues| {
            let text = serde_json::to_string(&timeline::dated(v)).expect("plain values");
            tx.execute(
                "INSERT INTO plan_changes (from_date, recorded_on, settings) VALUES (?1, ?2, ?3)",
                rusqlite::params![from.to_string(), recorded_on.to_string(), text],
            )
        };
        match rows.last() {
            Some(last) if last.from > from => {
                return Err(input_error(format!(
                    "--from {from} is before the last recorded change of the plan ({}); a change can only apply from that day on (see `vmo config history`)",
                    last.from
                )));
            }
            Some(last) if !timeline::same_plan(&last.values, before) => {
                insert(last.from, before).map_err(fail)?;
            }
            Some(_) => {}
            None => {
                insert(BEGINNING, before).map_err(fail)?;
            }
        }
        insert(from, after).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(true)
    }
}

fn read(conn: &rusqlite::Connection, path: &str) -> Result<Vec<PlanChange>> {
    let fail = |e: rusqlite::Error| anyhow::anyhow!("{path}: cannot read the plan's changes: {e}");
    let mut stmt = conn
        .prepare(
            "SELECT id, from_date, recorded_on, settings FROM plan_changes ORDER BY from_date, id",
        )
        .map_err(fail)?;
    let rows = stmt
        .query_map([], |r| {
            let text = |i: usize| -> rusqlite::Result<Option<String>> {
                Ok(r.get_ref(i)?
                    .as_str_or_null()
                    .ok()
                    .flatten()
                    .map(str::to_string))
            };
            Ok((r.get::<_, i64>(0)?, text(1)?, text(2)?, text(3)?))
        })
        .map_err(fail)?;
    rows.map(|r| {
        let (id, from, on, settings) = r.map_err(fail)?;
        let damaged = |what: &str| {
            input_error(format!(
                "{path}: plan change {id} is damaged ({what}); restore a backup, or remove it with an SQLite tool"
            ))
        };
        let day = |d: Option<String>| d.as_deref().and_then(parse_iso_date);
        let from = day(from).ok_or_else(|| damaged("its date"))?;
        let recorded_on = day(on).ok_or_else(|| damaged("the day it was recorded"))?;
        let values: ProfileValues = settings
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .ok_or_else(|| damaged("its settings"))?;
        Ok(PlanChange {
            id,
            from,
            recorded_on,
            values: timeline::dated(&values),
        })
    })
    .collect()
}
