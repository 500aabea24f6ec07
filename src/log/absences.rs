//! Planned absences (a holiday) in the log, and whose log it is: the rows of schema 3.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, TransactionBehavior};

use super::{Store, open, parse_iso_date};
use crate::exit::input_error;
use crate::plan::adapt::Absence;

impl Store {
    /// The client this log is recorded as belonging to (`None` when nobody is, or the log
    /// is older than schema 3).
    pub fn owner(&self) -> Result<Option<String>> {
        super::owner::read(&self.conn, self.version, &self.path)
    }

    /// Every planned absence, by first day then id (none before schema 3).
    pub fn absences(&self) -> Result<Vec<Absence>> {
        if self.version < 3 {
            return Ok(Vec::new());
        }
        let fail = |e: rusqlite::Error| open::sqlite_error(&self.path, &e);
        let mut stmt = self
            .conn
            .prepare("SELECT id, from_date, to_date, reason FROM absences ORDER BY from_date, id")
            .map_err(fail)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1).ok().flatten(),
                    r.get::<_, Option<String>>(2).ok().flatten(),
                    r.get::<_, Option<String>>(3).ok().flatten(),
                ))
            })
            .map_err(fail)?;
        rows.map(|r| {
            let (id, from, to, reason) = r.map_err(fail)?;
            let day = |d: Option<String>| d.as_deref().and_then(parse_iso_date);
            match (day(from), day(to)) {
                (Some(from), Some(to)) if from <= to => Ok(Absence {
                    id,
                    from,
                    to,
                    reason,
                }),
                _ => Err(input_error(format!(
                    "{}: planned absence {id} is damaged (its dates are not a range); remove it with `vmo log rm --absence {id}`",
                    self.path
                ))),
            }
        })
        .collect()
    }

    /// Records an absence from `from` to `to` (inclusive); refused when it overlaps one
    /// already recorded (checked inside the write transaction). Returns its id.
    pub fn add_absence(
        &mut self,
        from: NaiveDate,
        to: NaiveDate,
        reason: Option<&str>,
        recorded_on: NaiveDate,
    ) -> Result<i64> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| open::write_error(&path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let overlap: Option<(i64, String, String)> = tx
            .query_row(
                "SELECT id, from_date, to_date FROM absences WHERE from_date <= ?2 AND to_date >= ?1 ORDER BY from_date LIMIT 1",
                rusqlite::params![from.to_string(), to.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(fail)?;
        if let Some((id, a, b)) = overlap {
            return Err(input_error(format!(
                "{from} to {to} overlaps the planned absence {id} ({a} to {b}); remove it first (`vmo log rm --absence {id}`) or pick other dates"
            )));
        }
        tx.execute(
            "INSERT INTO absences (from_date, to_date, reason, recorded_on) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![from.to_string(), to.to_string(), reason, recorded_on.to_string()],
        )
        .map_err(fail)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(fail)?;
        Ok(id)
    }

    /// Removes planned absence `id`; returns it, or `None` when there is none.
    pub fn remove_absence(&mut self, id: i64) -> Result<Option<Absence>> {
        let Some(a) = self.absences()?.into_iter().find(|a| a.id == id) else {
            return Ok(None);
        };
        let path = self.path.clone();
        self.conn
            .execute("DELETE FROM absences WHERE id = ?1", [id])
            .map_err(|e| open::write_error(&path, &e))?;
        Ok(Some(a))
    }
}
