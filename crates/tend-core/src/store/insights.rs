//! The queries behind [`Insights`]; the judgement-free rules live in `crate::insights`.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::{LOOK_BACK_DAYS, Store};
use crate::insights::{DayFacts, Insights, LabelUse, Pattern, PatternFactor, find_pattern};
use crate::{CheckIn, Result};

/// How many words each "most often" list shows.
const TOP: i64 = 6;
/// How many earlier months "On this day" reaches back.
const ON_THIS_DAY_MONTHS: u32 = 12;

impl Store {
    /// Insights as of `today` (the reader's local date).
    pub fn insights(&self, today: NaiveDate, on_this_day: bool) -> Result<Insights> {
        let week_start = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
        let month_start = today.with_day(1).unwrap_or(today);
        let since = today - Days::new(LOOK_BACK_DAYS);
        let uses = |kind| -> Result<Vec<LabelUse>> {
            Ok(self
                .most_used_labels(kind, since, TOP)?
                .into_iter()
                .map(|(label, uses)| LabelUse { label, uses })
                .collect())
        };
        let days = self.day_facts(since)?;
        Ok(Insights {
            together_this_week: self.together_minutes(week_start, week_start + Days::new(7))?,
            together_this_month: self.together_minutes(
                month_start,
                month_start.checked_add_months(Months::new(1)).unwrap_or(today),
            )?,
            activities: uses("activity")?,
            feelings: uses("feeling")?,
            patterns: [PatternFactor::TimeTogether, PatternFactor::FullyPresent]
                .into_iter()
                .map(|factor| Pattern {
                    factor,
                    outcome: find_pattern(&days, factor),
                })
                .collect(),
            on_this_day: if on_this_day {
                Some(self.on_this_day(today)?)
            } else {
                None
            },
        })
    }

    fn together_minutes(&self, from: NaiveDate, until: NaiveDate) -> Result<i64> {
        let minutes = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(together_minutes), 0) FROM check_in
             WHERE deleted_at IS NULL AND local_date >= ?1 AND local_date < ?2",
            )?
            .query_row([from.to_string(), until.to_string()], |row| row.get(0))?;
        Ok(minutes)
    }

    /// Facts per day that has check-ins, from `since` on.
    fn day_facts(&self, since: NaiveDate) -> Result<BTreeMap<String, DayFacts>> {
        let mut days: BTreeMap<String, DayFacts> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT local_date, coalesce(max(together_minutes > 0), 0), coalesce(max(presence = 'fully'), 0)
             FROM check_in WHERE deleted_at IS NULL AND local_date >= ?1 GROUP BY local_date",
        )?;
        let mut rows = stmt.query([since.to_string()])?;
        while let Some(row) = rows.next()? {
            days.insert(
                row.get(0)?,
                DayFacts {
                    together: row.get(1)?,
                    fully_present: row.get(2)?,
                    feelings: Default::default(),
                },
            );
        }
        let mut stmt = self.conn.prepare_cached(
            // CROSS JOIN: from the date range to the labels, as in `most_used_labels`.
            "SELECT c.local_date, l.label FROM check_in c
               CROSS JOIN check_in_label l ON l.check_in_id = c.id AND l.kind = 'feeling'
             WHERE c.deleted_at IS NULL AND c.local_date >= ?1",
        )?;
        let mut rows = stmt.query([since.to_string()])?;
        while let Some(row) = rows.next()? {
            let date: String = row.get(0)?;
            let label: String = row.get(1)?;
            if let Some(day) = days.get_mut(&date) {
                day.feelings.insert(label.to_lowercase());
            }
        }
        Ok(days)
    }

    /// Check-ins written on this day of the month in earlier months, newest first. Months
    /// without this day (the 31st in April) are skipped rather than moved.
    fn on_this_day(&self, today: NaiveDate) -> Result<Vec<CheckIn>> {
        let mut found = Vec::new();
        for back in 1..=ON_THIS_DAY_MONTHS {
            match today.checked_sub_months(Months::new(back)) {
                Some(day) if day.day() == today.day() => found.extend(self.check_ins_on(day)?),
                _ => {}
            }
        }
        Ok(found)
    }
}
