//! What a reminder says: Tend's own lines per kind, the person's own, the notification's title
//! and body. Built only from the settings, never from anything written in a check-in or journal.

use super::rules::ReminderKind;

/// A notification's title and body, in Tend's own words.
pub type Note = (&'static str, &'static str);

/// What the "send a test reminder" button shows.
pub const TEST_REMINDER: Note = (
    "A test reminder from Tend",
    "This is how Tend's reminders will look. They only ever hold gentle words of their own, never what you wrote.",
);

/// The one line the first close says, on a desktop without a tray to show where Tend went.
pub const STILL_HERE: Note = (
    "Tend is still here",
    "It keeps running so your reminders can come. Open it again from your app menu; Quit Tend is on its Reminders screen.",
);

/// The actions a reminder offers where the desktop shows them: (key, label).
pub const REMINDER_ACTIONS: [(&str, &str); 3] =
    [("default", "Open Tend"), ("check_in", "Check in"), ("snooze", "Snooze")];
use super::settings::ReminderSettings;

impl ReminderKind {
    /// The kinds the Reminders screen offers (a promise's reminder is set from the promise).
    pub const ALL: [ReminderKind; 4] = [
        ReminderKind::QualityTime,
        ReminderKind::Presence,
        ReminderKind::CheckIn,
        ReminderKind::Custom,
    ];

    /// Tend's own lines for this kind: invitations, never instructions.
    pub fn default_lines(self) -> &'static [&'static str] {
        match self {
            ReminderKind::QualityTime => &[
                "Would you like to plan an evening together this week?",
                "Is there something you both enjoy that you could do soon?",
                "A short walk together, maybe? Even twenty minutes counts.",
                "You could ask your partner what they'd enjoy doing this weekend.",
            ],
            ReminderKind::Presence => &[
                "A gentle nudge: when you're together tonight, you could put the phone in another room.",
                "Would you like to give your partner your full attention for a little while today?",
                "You could ask how their day really went, and simply listen.",
                "A moment to notice: where is your attention right now?",
            ],
            ReminderKind::CheckIn => &[
                "When you're ready, a short check-in is here for you.",
                "Would you like to note how today went? A few words are enough.",
                "A quiet moment for a check-in, if you'd like one.",
            ],
            ReminderKind::Custom => &["A gentle reminder from Tend."],
            // Nothing of the promise: a shared laptop shows notifications.
            ReminderKind::Promise => &["It's in Tend, whenever you're ready."],
        }
    }
}

impl ReminderKind {
    /// The key of this kind in [`ReminderSettings::lines`].
    pub fn key(self) -> &'static str {
        match self {
            ReminderKind::QualityTime => "quality_time",
            ReminderKind::Presence => "presence",
            ReminderKind::CheckIn => "check_in",
            ReminderKind::Custom => "custom",
            ReminderKind::Promise => "promise",
        }
    }

    /// The notification's title for this kind.
    pub fn title(self) -> &'static str {
        match self {
            ReminderKind::QualityTime => "Time together",
            ReminderKind::Presence => "Being present",
            ReminderKind::CheckIn => "A moment to check in",
            ReminderKind::Custom => "A reminder from Tend",
            ReminderKind::Promise => "Something you said you'd do",
        }
    }
}

impl ReminderSettings {
    /// The line for the `n`th reminder of `kind`: the lines take turns.
    pub fn line(&self, kind: ReminderKind, n: u64) -> String {
        // A promise's reminder keeps to Tend's own neutral words, whatever lines are set.
        let own = self.lines.get(kind.key()).filter(|_| kind != ReminderKind::Promise);
        match own.filter(|own| !own.is_empty()) {
            Some(own) => own[(n % own.len() as u64) as usize].clone(),
            None => {
                let lines = kind.default_lines();
                lines[(n % lines.len() as u64) as usize].to_owned()
            }
        }
    }

    /// The notification for `due`: a title and one gentle line per kind of reminder in it.
    /// Built only from the settings, never from anything written in a check-in or journal.
    pub fn message(&self, rules: &[i64]) -> (String, String) {
        let mut kinds: Vec<ReminderKind> = Vec::new();
        for id in rules {
            if let Some(rule) = self.rules.iter().find(|r| r.id == *id)
                && !kinds.contains(&rule.kind)
            {
                kinds.push(rule.kind);
            }
        }
        if kinds.is_empty() {
            kinds.push(ReminderKind::Custom);
        }
        let title = if kinds.len() == 1 {
            kinds[0].title().to_owned()
        } else {
            "A few gentle reminders".to_owned()
        };
        let body = kinds
            .iter()
            .map(|kind| self.line(*kind, self.state.sent))
            .collect::<Vec<_>>()
            .join("\n");
        (title, body)
    }
}
