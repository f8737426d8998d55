//! Reflection prompts, five or more for each of the nine practices in PRODUCT.md, written for
//! Tend in its own words. People can add their own and hide any; both are kept in the store.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest prompt a person can add, in characters.
pub const PROMPT_LIMIT: usize = 500;
/// The longest prompt key, in characters. Tend's keys (`tend:understand_why:4`, `own:<id>`)
/// are under 30.
pub const PROMPT_KEY_LIMIT: usize = 64;

/// The nine practices Tend is built around.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum Practice {
    OwnUp,
    GiveTime,
    TakeItSlowly,
    BeGentle,
    SomethingNew,
    BePresent,
    Listen,
    UnderstandWhy,
    MakeTime,
}

impl Practice {
    pub const ALL: [Practice; 9] = [
        Practice::OwnUp,
        Practice::GiveTime,
        Practice::TakeItSlowly,
        Practice::BeGentle,
        Practice::SomethingNew,
        Practice::BePresent,
        Practice::Listen,
        Practice::UnderstandWhy,
        Practice::MakeTime,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Practice::OwnUp => "own_up",
            Practice::GiveTime => "give_time",
            Practice::TakeItSlowly => "take_it_slowly",
            Practice::BeGentle => "be_gentle",
            Practice::SomethingNew => "something_new",
            Practice::BePresent => "be_present",
            Practice::Listen => "listen",
            Practice::UnderstandWhy => "understand_why",
            Practice::MakeTime => "make_time",
        }
    }

    pub fn parse(value: &str) -> Option<Practice> {
        Practice::ALL.into_iter().find(|p| p.as_str() == value)
    }

    /// Tend's own prompts for this practice.
    pub fn prompts(self) -> &'static [&'static str] {
        match self {
            Practice::OwnUp => &[
                "Is there something you haven't said yet that you'd like to say? What makes it hard to say?",
                "What would it feel like to have nothing left hidden?",
                "Write about a moment this week when you chose to be straightforward, even though it was uncomfortable.",
                "If you could tell your partner one more true thing, what would it be, and when might be a kind time?",
                "What are you still holding on to, and what do you think you're protecting by holding it?",
            ],
            Practice::GiveTime => &[
                "What has your partner come back to more than once lately? What might they still need to hear?",
                "How do you feel when the same conversation comes round once more? What helps you stay open?",
                "Write about a time you let your partner take all the time they needed.",
                "What does patience look like for you this week, in one small act?",
                "What would you like your partner to know about how long you're willing to keep listening?",
            ],
            Practice::TakeItSlowly => &[
                "Where might you be hoping things move faster than your partner is ready for?",
                "What is one small step that feels right for where the two of you are today?",
                "Write about a moment when slowing down helped.",
                "What signs tell you your partner is ready for more, and which tell you they need more time?",
                "What would meeting your partner where they are look like tomorrow?",
            ],
            Practice::BeGentle => &[
                "Think of a recent tense moment. What would a gentler reply have sounded like?",
                "When do you notice yourself getting defensive? What happens in your body just before?",
                "Write a few kind words you could say to your partner this week, in your own voice.",
                "How can you be gentle with yourself today while still taking responsibility?",
                "What helps you stay soft when a conversation gets hard?",
            ],
            Practice::SomethingNew => &[
                "What is different about your relationship now, and what might be worth building on?",
                "What do you miss from before, and what would you not want to go back to?",
                "Describe the relationship you'd like the two of you to have a year from now.",
                "What new habit or ritual could belong to this next chapter?",
                "What have you learned about your partner since things changed?",
            ],
            Practice::BePresent => &[
                "When were you fully there with your partner recently? What made it possible?",
                "What pulls your attention away most often when you're together?",
                "Write about one conversation you'd like to give your whole attention to this week.",
                "What could you put away, or switch off, to be more present tonight?",
                "How does your partner seem to feel when you're truly listening?",
            ],
            Practice::Listen => &[
                "What has your partner asked of you lately? How did you respond?",
                "Write down something your partner said this week that you'd like to remember.",
                "Is there a question you could ask your partner, and then simply listen to the answer?",
                "When did you last follow your partner's lead? What was that like?",
                "What do you think your partner most needs you to understand right now?",
            ],
            Practice::UnderstandWhy => &[
                "What was going on inside you before you hurt your partner? Write without judging yourself.",
                "What needs were you trying to meet, and how could you meet them differently now?",
                "What patterns from earlier in your life might be part of this story?",
                "What would help your partner believe it won't happen again, and what would help you believe it?",
                "What support — a friend, a counsellor, a book — might help you understand yourself better?",
            ],
            Practice::MakeTime => &[
                "What is something you both love doing that you haven't done in a while?",
                "Plan a small evening together. What would make it feel easy and unhurried?",
                "Write about a recent moment together that you'd like to remember.",
                "What is a new thing the two of you could try, just for the fun of it?",
                "When in your week is there room for time together, even a short one?",
            ],
        }
    }
}

/// One prompt as the journal shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Prompt {
    /// `tend:<practice>:<n>` for Tend's own, `own:<id>` for the person's.
    pub key: String,
    pub text: String,
    pub own: bool,
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PromptGroup {
    pub practice: Practice,
    pub prompts: Vec<Prompt>,
}
