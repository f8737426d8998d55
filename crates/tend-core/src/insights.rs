//! Gentle insights: what the check-ins say, never how the person measures up.
//!
//! Rules that keep them kind (PRODUCT.md): no score, streak, percentage of days or "days since";
//! a day without a check-in is never counted. A pattern is computed only over days that have
//! check-ins, and offered only with at least [`PATTERN_MIN_DAYS`] days with the factor and as
//! many without; otherwise the insight says there isn't enough yet.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use ts_rs::TS;

use crate::CheckIn;

/// Days with the factor, and days without it, needed before a pattern is offered.
pub const PATTERN_MIN_DAYS: usize = 3;
/// How much more often (as a share of days) a feeling must appear with the factor to be shown.
const PATTERN_MIN_DIFFERENCE: f64 = 0.25;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Insights {
    /// Minutes of time together noted this week (Monday to Sunday).
    #[ts(type = "number")]
    pub together_this_week: i64,
    /// Minutes of time together noted this calendar month.
    #[ts(type = "number")]
    pub together_this_month: i64,
    /// Activities returned to over the past year, most used first.
    pub activities: Vec<LabelUse>,
    /// Feelings noted most often over the past year.
    pub feelings: Vec<LabelUse>,
    pub patterns: Vec<Pattern>,
    /// Check-ins from this day of the month in earlier months; `None` unless turned on.
    pub on_this_day: Option<Vec<CheckIn>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LabelUse {
    pub label: String,
    /// How many check-ins mention it.
    pub uses: u32,
}

/// Something that may go with feeling a certain way on the same day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum PatternFactor {
    /// Some time together was noted that day.
    TimeTogether,
    /// "Fully there" was noted that day.
    FullyPresent,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Pattern {
    pub factor: PatternFactor,
    pub outcome: PatternOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(tag = "kind", rename_all = "snake_case")]
pub enum PatternOutcome {
    /// Fewer than the needed days with, or without, the factor.
    NotEnoughYet,
    /// Enough days, and no feeling goes with the factor clearly more often.
    NothingStandsOut,
    /// On days with the factor, this feeling was noted more often.
    MoreOften { feeling: String },
}

/// What one day with check-ins held, for pattern finding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayFacts {
    pub together: bool,
    pub fully_present: bool,
    /// Feelings noted that day, lower-cased.
    pub feelings: BTreeSet<String>,
}

impl DayFacts {
    fn has(&self, factor: PatternFactor) -> bool {
        match factor {
            PatternFactor::TimeTogether => self.together,
            PatternFactor::FullyPresent => self.fully_present,
        }
    }
}

/// Looks for the feeling that goes with `factor` most clearly, over days that have check-ins
/// only (`days` holds nothing else). Ties go to the alphabetically first feeling.
pub fn find_pattern(days: &BTreeMap<String, DayFacts>, factor: PatternFactor) -> PatternOutcome {
    let (with, without): (Vec<&DayFacts>, Vec<&DayFacts>) = days.values().partition(|d| d.has(factor));
    if with.len() < PATTERN_MIN_DAYS || without.len() < PATTERN_MIN_DAYS {
        return PatternOutcome::NotEnoughYet;
    }
    let share = |group: &[&DayFacts], feeling: &str| {
        group.iter().filter(|d| d.feelings.contains(feeling)).count() as f64 / group.len() as f64
    };
    let feelings: BTreeSet<&String> = with.iter().flat_map(|d| d.feelings.iter()).collect();
    let mut best: Option<(&String, f64)> = None;
    for feeling in feelings {
        let together_days = with.iter().filter(|d| d.feelings.contains(feeling)).count();
        let difference = share(&with, feeling) - share(&without, feeling);
        if together_days >= 2
            && difference >= PATTERN_MIN_DIFFERENCE
            && best.is_none_or(|(_, best_difference)| difference > best_difference)
        {
            best = Some((feeling, difference));
        }
    }
    match best {
        Some((feeling, _)) => PatternOutcome::MoreOften {
            feeling: feeling.clone(),
        },
        None => PatternOutcome::NothingStandsOut,
    }
}
