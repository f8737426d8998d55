//! The trust-repair tools: the promise ledger's moves and history, the disclosure and revisit
//! logs, their deletes with undo and purge, and the gentle refusals.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use tend_core::search::{HitKind, SearchQuery};
use tend_core::trust::{NewDisclosure, NewPromise, NewRevisit, PromiseMove, PromiseState, TRANSITIONS, allowed};
use tend_core::{Error, ErrorKind, NewCheckIn, Store};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    at(s).with_timezone(&Utc)
}

const MADE: &str = "2026-11-20T21:00:00+01:00";
const LATER: &str = "2026-11-27T08:30:00+01:00";

fn promise(committed: &str) -> NewPromise {
    NewPromise {
        asked: "To know where I am when I'm out late.".into(),
        committed: committed.into(),
        by_when: Some("2026-12-01".into()),
        check_in_id: None,
    }
}

fn step(to: &str, note: &str) -> PromiseMove {
    PromiseMove {
        to: to.into(),
        note: note.into(),
        terms: String::new(),
    }
}

fn renegotiate(note: &str, terms: &str) -> PromiseMove {
    PromiseMove {
        to: "renegotiated".into(),
        note: note.into(),
        terms: terms.into(),
    }
}

/// A disclosure of `what` alone, told the day it is written.
fn told(what: &str) -> NewDisclosure {
    NewDisclosure {
        what: what.into(),
        ..NewDisclosure::default()
    }
}

/// A revisit with only what was needed.
fn came_up(needed: &str) -> NewRevisit {
    NewRevisit {
        needed: needed.into(),
        ..NewRevisit::default()
    }
}

/// A promise moved to `state` by the shortest path from open.
fn promise_at(store: &mut Store, state: PromiseState) -> i64 {
    let id = store
        .add_promise(&promise("Text when I leave work."), at(MADE))
        .unwrap()
        .id;
    match state {
        PromiseState::Open => {}
        PromiseState::Renegotiated => {
            store
                .move_promise(id, &renegotiate("", "Call when I leave."), at(LATER))
                .unwrap();
        }
        other => {
            store.move_promise(id, &step(other.as_str(), ""), at(LATER)).unwrap();
        }
    }
    id
}

#[test]
fn states_spell_themselves_as_stored() {
    for state in PromiseState::ALL {
        assert_eq!(PromiseState::parse(state.as_str()), Some(state));
        assert_eq!(
            serde_json::to_value(state).unwrap(),
            serde_json::Value::String(state.as_str().into())
        );
    }
    assert_eq!(PromiseState::LetGo.as_str(), "let_go");
    assert_eq!(PromiseState::parse("failed"), None);
}

#[test]
fn a_new_promise_is_open_with_its_making_as_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let made = store
        .add_promise(&promise("Text when I leave work."), at("2026-11-25T00:30:00+14:00"))
        .unwrap();
    assert_eq!(made.state, PromiseState::Open);
    assert_eq!(made.committed, "Text when I leave work.");
    assert_eq!(made.asked, "To know where I am when I'm out late.");
    assert_eq!(made.by_when.as_deref(), Some("2026-12-01"));
    assert_eq!(made.local_date, "2026-11-25");
    assert_eq!(made.created_at, "2026-11-25T00:30:00.000+14:00");
    assert_eq!(made.updated_at, None);
    assert_eq!(made.history.len(), 1);
    let first = &made.history[0];
    assert_eq!(first.state, PromiseState::Open);
    assert_eq!(first.note, "");
    assert_eq!(first.at, "2026-11-25T00:30:00.000+14:00");
    assert_eq!(first.terms.as_deref(), Some("Text when I leave work."));
    assert_eq!(store.promise(made.id).unwrap(), made);
    assert_eq!(store.promises().unwrap(), vec![made]);
}

#[test]
fn every_allowed_move_is_kept_in_the_history() {
    for &(from, to) in TRANSITIONS {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let id = promise_at(&mut store, from);
        let before = store.promise(id).unwrap();
        let moment = "2026-11-29T19:45:00-05:00";
        let moved = match to {
            PromiseState::Renegotiated => store
                .move_promise(id, &renegotiate("We talked it over.", "Call when I leave."), at(moment))
                .unwrap(),
            _ => store
                .move_promise(id, &step(to.as_str(), "We talked it over."), at(moment))
                .unwrap(),
        };
        assert_eq!(moved.state, to, "{from:?} -> {to:?}");
        assert_eq!(moved.history.len(), before.history.len() + 1, "{from:?} -> {to:?}");
        assert_eq!(
            moved.history[..before.history.len()],
            before.history[..],
            "{from:?} -> {to:?}: the history before is kept as it was"
        );
        let last = moved.history.last().unwrap();
        assert_eq!(last.state, to);
        assert_eq!(last.note, "We talked it over.");
        assert_eq!(last.at, "2026-11-29T19:45:00.000-05:00");
        if to == PromiseState::Renegotiated {
            assert_eq!(last.terms.as_deref(), Some("Call when I leave."));
        } else {
            assert_eq!(last.terms, None, "{from:?} -> {to:?}");
            assert_eq!(moved.committed, before.committed, "{from:?} -> {to:?}");
        }
        assert_eq!(store.promise(id).unwrap(), moved);
    }
}

#[test]
fn every_move_outside_the_table_is_refused_and_changes_nothing() {
    let mut refused = 0;
    for from in PromiseState::ALL {
        for to in PromiseState::ALL {
            if TRANSITIONS.contains(&(from, to)) {
                assert!(allowed(from, to));
                continue;
            }
            assert!(!allowed(from, to), "{from:?} -> {to:?}");
            refused += 1;
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(dir.path()).unwrap();
            let id = promise_at(&mut store, from);
            let before = store.promise(id).unwrap();
            let attempt = PromiseMove {
                to: to.as_str().into(),
                note: "a note".into(),
                terms: "new terms".into(),
            };
            let error = store.move_promise(id, &attempt, at(LATER)).unwrap_err();
            assert!(
                matches!(error, Error::PromiseStepNotAllowed { from: f, to: t } if f == from && t == to),
                "{from:?} -> {to:?}: {error:?}"
            );
            assert_eq!(error.kind(), ErrorKind::InvalidInput);
            assert_eq!(store.promise(id).unwrap(), before, "{from:?} -> {to:?}");
        }
    }
    assert_eq!(refused, 16 - TRANSITIONS.len());
    assert_eq!(refused, 10);
}

#[test]
fn a_renegotiation_replaces_the_terms_and_keeps_the_old_ones_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let id = promise_at(&mut store, PromiseState::Open);
    let renegotiated = store
        .move_promise(
            id,
            &renegotiate(
                "Texting felt like checking in on a leash; we agreed on a call.",
                "Call when I leave.",
            ),
            at(LATER),
        )
        .unwrap();
    assert_eq!(renegotiated.committed, "Call when I leave.");
    let terms: Vec<Option<&str>> = renegotiated.history.iter().map(|e| e.terms.as_deref()).collect();
    assert_eq!(terms, [Some("Text when I leave work."), Some("Call when I leave.")]);

    // Open again under the new terms.
    let reopened = store
        .move_promise(id, &step("open", "Back to it."), at("2026-11-28T09:00:00+01:00"))
        .unwrap();
    assert_eq!(reopened.state, PromiseState::Open);
    assert_eq!(reopened.committed, "Call when I leave.");
    let states: Vec<PromiseState> = reopened.history.iter().map(|e| e.state).collect();
    assert_eq!(
        states,
        [PromiseState::Open, PromiseState::Renegotiated, PromiseState::Open]
    );
}

#[test]
fn a_renegotiation_without_new_terms_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let id = promise_at(&mut store, PromiseState::Open);
    let before = store.promise(id).unwrap();
    for terms in ["", "  \n\t "] {
        let error = store
            .move_promise(id, &renegotiate("We talked.", terms), at(LATER))
            .unwrap_err();
        assert!(matches!(error, Error::PromiseNeedsTerms), "{error:?}");
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
    }
    assert_eq!(store.promise(id).unwrap(), before);
}

#[test]
fn terms_sent_with_any_other_move_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let id = promise_at(&mut store, PromiseState::Open);
    let kept = store
        .move_promise(
            id,
            &PromiseMove {
                to: "kept".into(),
                note: String::new(),
                terms: "something else".into(),
            },
            at(LATER),
        )
        .unwrap();
    assert_eq!(kept.committed, "Text when I leave work.");
    assert_eq!(kept.history.last().unwrap().terms, None);
}

#[test]
fn an_unknown_state_is_refused_gently() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let id = promise_at(&mut store, PromiseState::Open);
    let before = store.promise(id).unwrap();
    for to in ["", "failed", "broken", "late", "Kept", "let go"] {
        let error = store.move_promise(id, &step(to, ""), at(LATER)).unwrap_err();
        assert!(matches!(error, Error::PromiseStateUnknown), "{to:?}: {error:?}");
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
    }
    assert_eq!(store.promise(id).unwrap(), before);
    // A UI sending JSON with an unknown state reaches the same gentle answer.
    let sent: PromiseMove = serde_json::from_str(r#"{"to": "failed"}"#).unwrap();
    assert!(matches!(
        store.move_promise(id, &sent, at(LATER)),
        Err(Error::PromiseStateUnknown)
    ));
}

#[test]
fn reopening_a_kept_promise_adds_to_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let id = promise_at(&mut store, PromiseState::Open);
    let kept = store
        .move_promise(id, &step("kept", "Every evening this week."), at(LATER))
        .unwrap();
    let reopened = store
        .move_promise(
            id,
            &step("open", "She asked me to keep it going."),
            at("2026-12-02T18:00:00+01:00"),
        )
        .unwrap();
    assert_eq!(reopened.state, PromiseState::Open);
    assert_eq!(reopened.history.len(), 3);
    assert_eq!(reopened.history[..2], kept.history[..], "the kept step is still there");
    assert_eq!(reopened.history[1].state, PromiseState::Kept);
    assert_eq!(reopened.history[1].note, "Every evening this week.");
    assert_eq!(reopened.history[2].note, "She asked me to keep it going.");

    // Let go, then reopened: the same.
    let let_go = store
        .move_promise(
            id,
            &step("let_go", "It stopped being what she needed."),
            at("2026-12-03T10:00:00+01:00"),
        )
        .unwrap();
    let again = store
        .move_promise(id, &step("open", ""), at("2026-12-04T10:00:00+01:00"))
        .unwrap();
    assert_eq!(again.history[..4], let_go.history[..]);
    let states: Vec<PromiseState> = again.history.iter().map(|e| e.state).collect();
    assert_eq!(
        states,
        [
            PromiseState::Open,
            PromiseState::Kept,
            PromiseState::Open,
            PromiseState::LetGo,
            PromiseState::Open
        ]
    );
}

#[test]
fn fixing_a_promises_words_adds_no_history_and_keeps_its_link() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let check_in = store
        .save_check_in(&NewCheckIn::note("She asked for a text."), at(MADE))
        .unwrap();
    let made = store
        .add_promise(
            &NewPromise {
                check_in_id: Some(check_in.id),
                ..promise("Txet when I leave.")
            },
            at(MADE),
        )
        .unwrap();
    assert_eq!(made.check_in_id, Some(check_in.id));
    let fixed = store
        .edit_promise(
            made.id,
            &NewPromise {
                asked: String::new(),
                committed: "Text when I leave.".into(),
                by_when: None,
                check_in_id: None,
            },
            utc("2026-11-21T10:00:00Z"),
        )
        .unwrap();
    assert_eq!(fixed.committed, "Text when I leave.");
    assert_eq!(fixed.asked, "");
    assert_eq!(fixed.by_when, None);
    assert_eq!(fixed.check_in_id, Some(check_in.id), "the link stays as it was");
    assert_eq!(fixed.updated_at.as_deref(), Some("2026-11-21T10:00:00.000Z"));
    assert_eq!(fixed.created_at, made.created_at);
    assert_eq!(fixed.history.len(), 1);
    assert_eq!(
        fixed.history, made.history,
        "the history keeps what it said, the first words included"
    );
    assert!(matches!(
        store.edit_promise(made.id, &promise(" "), utc("2026-11-21T10:00:00Z")),
        Err(Error::PromiseNeedsWords)
    ));
    assert!(matches!(
        store.edit_promise(9_999, &promise("x"), utc("2026-11-21T10:00:00Z")),
        Err(Error::PromiseNotFound)
    ));
}

#[test]
fn a_promise_needs_a_live_check_in_to_link_to() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let linked = |id| NewPromise {
        check_in_id: Some(id),
        ..promise("Text when I leave.")
    };
    assert!(matches!(
        store.add_promise(&linked(42), at(MADE)),
        Err(Error::CheckInNotFound)
    ));
    let check_in = store.save_check_in(&NewCheckIn::note("hm"), at(MADE)).unwrap();
    store.delete_check_in(check_in.id, utc(MADE)).unwrap();
    assert!(matches!(
        store.add_promise(&linked(check_in.id), at(MADE)),
        Err(Error::CheckInNotFound)
    ));
    assert!(store.promises().unwrap().is_empty());
}

#[test]
fn the_link_to_a_check_in_outlives_its_delete_and_purge() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let check_in = store
        .save_check_in(&NewCheckIn::note("She asked for a text."), at(MADE))
        .unwrap();
    let made = store
        .add_promise(
            &NewPromise {
                check_in_id: Some(check_in.id),
                ..promise("Text when I leave.")
            },
            at(MADE),
        )
        .unwrap();
    let deleted_at = utc(LATER);
    store.delete_check_in(check_in.id, deleted_at).unwrap();
    assert_eq!(
        store.promise(made.id).unwrap().check_in_id,
        Some(check_in.id),
        "kept while the delete can be undone"
    );
    assert_eq!(store.purge_deleted(Some(deleted_at)).unwrap(), 1);
    let after = store.promise(made.id).unwrap();
    assert_eq!(after.check_in_id, None);
    assert_eq!(after.committed, made.committed);
    assert_eq!(after.history, made.history);
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.promises().unwrap(), vec![after]);
}

#[test]
fn current_promises_come_first_then_settled_ones_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut made = Vec::new();
    for (day, words) in ["first", "second", "third", "fourth"].into_iter().enumerate() {
        let now = at(&format!("2026-11-{:02}T20:00:00+01:00", day + 10));
        made.push(store.add_promise(&promise(words), now).unwrap().id);
    }
    store.move_promise(made[3], &step("kept", ""), at(LATER)).unwrap();
    store
        .move_promise(made[0], &renegotiate("", "first, renegotiated"), at(LATER))
        .unwrap();
    store.move_promise(made[1], &step("let_go", ""), at(LATER)).unwrap();
    let order: Vec<String> = store.promises().unwrap().into_iter().map(|p| p.committed).collect();
    assert_eq!(order, ["third", "first, renegotiated", "fourth", "second"]);
    for listed in store.promises().unwrap() {
        assert_eq!(
            listed,
            store.promise(listed.id).unwrap(),
            "the list carries each history"
        );
    }
}

#[test]
fn disclosures_and_revisits_keep_their_words_and_list_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let told = store
        .add_disclosure(
            &NewDisclosure {
                told_on: "2026-11-02".into(),
                what: "That I'd kept talking to him after I said I'd stopped.".into(),
                how_taken: "Quiet, then angry; then she asked for time.".into(),
                still_unsaid: "The weekend in March.".into(),
            },
            at(MADE),
        )
        .unwrap();
    assert_eq!(told.told_on, "2026-11-02");
    assert_eq!(told.created_at, "2026-11-20T21:00:00.000+01:00");
    assert_eq!(told.still_unsaid, "The weekend in March.");
    let today = store
        .add_disclosure(
            &NewDisclosure {
                what: "The weekend in March.".into(),
                ..NewDisclosure::default()
            },
            at("2026-11-25T00:30:00+14:00"),
        )
        .unwrap();
    assert_eq!(
        today.told_on, "2026-11-25",
        "an empty day is the day as lived when written"
    );
    let earlier = store
        .add_disclosure(
            &NewDisclosure {
                told_on: "2026-10-30".into(),
                what: "Where the money went.".into(),
                ..NewDisclosure::default()
            },
            at(LATER),
        )
        .unwrap();
    let order: Vec<i64> = store.disclosures().unwrap().iter().map(|d| d.id).collect();
    assert_eq!(order, [today.id, told.id, earlier.id]);

    let fixed = store
        .edit_disclosure(
            told.id,
            &NewDisclosure {
                told_on: String::new(),
                what: told.what.clone(),
                how_taken: "Quiet, then hurt.".into(),
                still_unsaid: String::new(),
            },
            utc("2026-11-22T10:00:00Z"),
        )
        .unwrap();
    assert_eq!(fixed.told_on, "2026-11-02", "an empty day keeps the one it had");
    assert_eq!(fixed.how_taken, "Quiet, then hurt.");
    assert_eq!(fixed.still_unsaid, "");
    assert_eq!(fixed.updated_at.as_deref(), Some("2026-11-22T10:00:00.000Z"));

    let came_up = store
        .add_revisit(
            &NewRevisit {
                happened_on: "2026-11-18".into(),
                needed: "To hear it again, all of it.".into(),
                responded: "I went through it, slowly.".into(),
                next_time: "Ask what she needs before I start.".into(),
            },
            at(MADE),
        )
        .unwrap();
    assert_eq!(came_up.happened_on, "2026-11-18");
    let only_next = store
        .add_revisit(
            &NewRevisit {
                next_time: "Put the phone away first.".into(),
                ..NewRevisit::default()
            },
            at(LATER),
        )
        .unwrap();
    assert_eq!(only_next.happened_on, "2026-11-27");
    assert_eq!(only_next.needed, "");
    let order: Vec<i64> = store.revisits().unwrap().iter().map(|r| r.id).collect();
    assert_eq!(order, [only_next.id, came_up.id]);
    let fixed = store
        .edit_revisit(
            came_up.id,
            &NewRevisit {
                happened_on: "2026-11-19".into(),
                responded: "I listened.".into(),
                ..NewRevisit::default()
            },
            utc("2026-11-22T10:00:00Z"),
        )
        .unwrap();
    assert_eq!(fixed.happened_on, "2026-11-19");
    assert_eq!(fixed.needed, "");
    assert_eq!(fixed.responded, "I listened.");
    assert!(matches!(
        store.edit_revisit(
            9_999,
            &NewRevisit {
                needed: "x".into(),
                ..NewRevisit::default()
            },
            utc(LATER)
        ),
        Err(Error::RevisitNotFound)
    ));
    assert!(matches!(
        store.edit_disclosure(
            9_999,
            &NewDisclosure {
                what: "x".into(),
                ..NewDisclosure::default()
            },
            utc(LATER)
        ),
        Err(Error::DisclosureNotFound)
    ));
}

#[test]
fn everything_survives_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (promises, disclosures, revisits) = {
        let mut store = Store::open(dir.path()).unwrap();
        let id = promise_at(&mut store, PromiseState::Renegotiated);
        store
            .move_promise(id, &step("open", "Again, with the call."), at(LATER))
            .unwrap();
        promise_at(&mut store, PromiseState::Kept);
        store
            .add_disclosure(
                &NewDisclosure {
                    what: "今天我告诉了她。 🌧️".into(),
                    ..NewDisclosure::default()
                },
                at(MADE),
            )
            .unwrap();
        store
            .add_revisit(
                &NewRevisit {
                    needed: "  space kept as typed\n".into(),
                    ..NewRevisit::default()
                },
                at(MADE),
            )
            .unwrap();
        let kept = (
            store.promises().unwrap(),
            store.disclosures().unwrap(),
            store.revisits().unwrap(),
        );
        store.close().unwrap();
        kept
    };
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.promises().unwrap(), promises);
    assert_eq!(promises.len(), 2);
    assert_eq!(promises[0].history.len(), 3);
    assert_eq!(store.disclosures().unwrap(), disclosures);
    assert_eq!(store.revisits().unwrap(), revisits);
    assert_eq!(revisits[0].needed, "  space kept as typed\n");
}

#[test]
fn each_delete_can_be_undone_until_the_purge() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let promise_id = promise_at(&mut store, PromiseState::Kept);
    let disclosure = store.add_disclosure(&told("told"), at(MADE)).unwrap();
    let revisit = store.add_revisit(&came_up("time"), at(MADE)).unwrap();
    let deleted_at = utc(LATER);

    let before = store.promise(promise_id).unwrap();
    store.delete_promise(promise_id, deleted_at).unwrap();
    assert!(matches!(store.promise(promise_id), Err(Error::PromiseNotFound)));
    assert!(store.promises().unwrap().is_empty());
    assert!(matches!(
        store.delete_promise(promise_id, deleted_at),
        Err(Error::PromiseNotFound)
    ));
    assert!(matches!(
        store.move_promise(promise_id, &step("open", ""), at(LATER)),
        Err(Error::PromiseNotFound)
    ));
    assert_eq!(store.restore_promise(promise_id).unwrap(), before);
    assert!(matches!(store.restore_promise(promise_id), Err(Error::PromiseNotFound)));

    store.delete_disclosure(disclosure.id, deleted_at).unwrap();
    assert!(store.disclosures().unwrap().is_empty());
    assert_eq!(store.restore_disclosure(disclosure.id).unwrap(), disclosure);
    assert!(matches!(
        store.restore_disclosure(disclosure.id),
        Err(Error::DisclosureNotFound)
    ));

    store.delete_revisit(revisit.id, deleted_at).unwrap();
    assert!(store.revisits().unwrap().is_empty());
    assert_eq!(store.restore_revisit(revisit.id).unwrap(), revisit);
    assert!(matches!(store.restore_revisit(revisit.id), Err(Error::RevisitNotFound)));

    // Deleted again, then purged: gone for good, undo included, and the history with it.
    store.delete_promise(promise_id, deleted_at).unwrap();
    store.delete_disclosure(disclosure.id, deleted_at).unwrap();
    store.delete_revisit(revisit.id, deleted_at).unwrap();
    assert_eq!(
        store.purge_deleted(Some(deleted_at - Duration::seconds(1))).unwrap(),
        0,
        "a purge of deletes from before these leaves them undoable"
    );
    assert_eq!(store.purge_deleted(Some(deleted_at)).unwrap(), 3);
    assert!(matches!(store.restore_promise(promise_id), Err(Error::PromiseNotFound)));
    assert!(matches!(
        store.restore_disclosure(disclosure.id),
        Err(Error::DisclosureNotFound)
    ));
    assert!(matches!(store.restore_revisit(revisit.id), Err(Error::RevisitNotFound)));
    let events: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM promise_event", [], |r| r.get(0))
        .unwrap();
    assert_eq!(events, 0, "a purged promise's history goes with it");
}

/// The words of purged promises, disclosures and revisits are in none of the database's files.
#[test]
fn purged_words_leave_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let secret = "zebra-lantern-quietly-0417";
    let id = store
        .add_promise(&promise(&format!("{secret} committed")), at(MADE))
        .unwrap()
        .id;
    store
        .move_promise(
            id,
            &renegotiate(&format!("{secret} note"), &format!("{secret} terms")),
            at(LATER),
        )
        .unwrap();
    let disclosure = store
        .add_disclosure(
            &NewDisclosure {
                what: format!("{secret} told"),
                still_unsaid: format!("{secret} unsaid"),
                ..NewDisclosure::default()
            },
            at(MADE),
        )
        .unwrap();
    let revisit = store
        .add_revisit(
            &NewRevisit {
                needed: format!("{secret} needed"),
                ..NewRevisit::default()
            },
            at(MADE),
        )
        .unwrap();
    let deleted_at = utc(LATER);
    store.delete_promise(id, deleted_at).unwrap();
    store.delete_disclosure(disclosure.id, deleted_at).unwrap();
    store.delete_revisit(revisit.id, deleted_at).unwrap();
    assert_eq!(store.purge_deleted(Some(deleted_at)).unwrap(), 3);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{} still holds purged words",
                path.display()
            );
        }
    }
}

#[test]
fn sizes_words_and_dates_are_checked_and_nothing_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at(MADE);
    let long = "a".repeat(20_001);
    let fits = "🌱".repeat(20_000);
    let too_long = |error: Error| matches!(error, Error::TextTooLong { limit: 20_000 });

    assert!(matches!(
        store.add_promise(&promise(""), now),
        Err(Error::PromiseNeedsWords)
    ));
    assert!(matches!(
        store.add_promise(&promise(" \n "), now),
        Err(Error::PromiseNeedsWords)
    ));
    assert!(too_long(store.add_promise(&promise(&long), now).unwrap_err()));
    assert!(too_long(
        store
            .add_promise(
                &NewPromise {
                    asked: long.clone(),
                    ..promise("x")
                },
                now
            )
            .unwrap_err()
    ));
    for by_when in [
        "tomorrow",
        "2026-02-30",
        "2026-13-01",
        "12/01/2026",
        &"9".repeat(10_000),
    ] {
        let error = store
            .add_promise(
                &NewPromise {
                    by_when: Some(by_when.to_owned()),
                    ..promise("x")
                },
                now,
            )
            .unwrap_err();
        assert!(matches!(error, Error::DateUnreadable), "{by_when:?}: {error:?}");
    }
    assert!(store.promises().unwrap().is_empty());
    let blank_day = store
        .add_promise(
            &NewPromise {
                by_when: Some(" ".into()),
                ..promise(&fits)
            },
            now,
        )
        .unwrap();
    assert_eq!(blank_day.by_when, None);
    assert_eq!(blank_day.committed, fits, "the limit counts characters, not bytes");

    let id = blank_day.id;
    let before = store.promise(id).unwrap();
    assert!(too_long(store.move_promise(id, &step("kept", &long), now).unwrap_err()));
    assert!(too_long(
        store.move_promise(id, &renegotiate("", &long), now).unwrap_err()
    ));
    assert_eq!(store.promise(id).unwrap(), before);

    let disclosure = |what: &str, told_on: &str, how_taken: &str| NewDisclosure {
        told_on: told_on.into(),
        what: what.into(),
        how_taken: how_taken.into(),
        still_unsaid: String::new(),
    };
    assert!(matches!(
        store.add_disclosure(&disclosure("", "", "she cried"), now),
        Err(Error::DisclosureNeedsWords)
    ));
    assert!(too_long(
        store.add_disclosure(&disclosure("x", "", &long), now).unwrap_err()
    ));
    assert!(matches!(
        store.add_disclosure(&disclosure("x", "last week", ""), now),
        Err(Error::DateUnreadable)
    ));
    assert_eq!(
        store
            .add_disclosure(&disclosure("x", "2027-01-01", ""), now)
            .unwrap()
            .told_on,
        "2027-01-01",
        "a day after today is taken as written"
    );
    assert_eq!(store.disclosures().unwrap().len(), 1);

    assert!(matches!(
        store.add_revisit(&NewRevisit::default(), now),
        Err(Error::RevisitNeedsWords)
    ));
    assert!(matches!(
        store.add_revisit(
            &NewRevisit {
                happened_on: "2026-11-01".into(),
                needed: " ".into(),
                responded: "\n".into(),
                next_time: "\t".into(),
            },
            now
        ),
        Err(Error::RevisitNeedsWords)
    ));
    assert!(too_long(
        store
            .add_revisit(
                &NewRevisit {
                    needed: "x".into(),
                    next_time: long.clone(),
                    ..NewRevisit::default()
                },
                now
            )
            .unwrap_err()
    ));
    assert!(matches!(
        store.add_revisit(
            &NewRevisit {
                happened_on: "2026-11-31".into(),
                needed: "x".into(),
                ..NewRevisit::default()
            },
            now
        ),
        Err(Error::DateUnreadable)
    ));
    assert!(store.revisits().unwrap().is_empty());

    for error in [
        Error::PromiseNeedsWords,
        Error::PromiseNeedsTerms,
        Error::PromiseStateUnknown,
        Error::DisclosureNeedsWords,
        Error::RevisitNeedsWords,
        Error::TextTooLong { limit: 20_000 },
        Error::DateUnreadable,
    ] {
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error:?}");
    }
    for error in [
        Error::PromiseNotFound,
        Error::DisclosureNotFound,
        Error::RevisitNotFound,
    ] {
        assert_eq!(error.kind(), ErrorKind::NotFound, "{error:?}");
    }
}

fn found(store: &Store, text: &str) -> Vec<(HitKind, i64)> {
    store
        .search(&SearchQuery {
            text: text.into(),
            ..SearchQuery::default()
        })
        .unwrap()
        .into_iter()
        .map(|hit| (hit.kind, hit.id))
        .collect()
}

#[test]
fn search_finds_promises_disclosures_and_revisits() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let check_in = store
        .save_check_in(&NewCheckIn::note("A walk by the canal."), at(MADE))
        .unwrap();
    let promise_id = store
        .add_promise(
            &NewPromise {
                asked: "每天散步".into(),
                ..promise("Phone away at dinner.")
            },
            at(MADE),
        )
        .unwrap()
        .id;
    let disclosure = store
        .add_disclosure(
            &NewDisclosure {
                what: "The messages in spring.".into(),
                still_unsaid: "The hotel receipt.".into(),
                ..NewDisclosure::default()
            },
            at(MADE),
        )
        .unwrap();
    let revisit = store
        .add_revisit(
            &NewRevisit {
                next_time: "Sit beside her, not across.".into(),
                ..NewRevisit::default()
            },
            at(MADE),
        )
        .unwrap();
    assert_eq!(found(&store, "dinner"), [(HitKind::Promise, promise_id)]);
    assert_eq!(
        found(&store, "散步"),
        [(HitKind::Promise, promise_id)],
        "two characters: the gram index"
    );
    assert_eq!(found(&store, "receipt"), [(HitKind::Disclosure, disclosure.id)]);
    assert_eq!(found(&store, "beside"), [(HitKind::Revisit, revisit.id)]);
    assert_eq!(found(&store, "canal"), [(HitKind::CheckIn, check_in.id)]);

    // A move's note is found; a renegotiation's terms replace the old words.
    store
        .move_promise(
            promise_id,
            &renegotiate("Over tea we agreed.", "Phone in the drawer."),
            at(LATER),
        )
        .unwrap();
    assert_eq!(found(&store, "tea"), [(HitKind::Promise, promise_id)]);
    assert_eq!(found(&store, "drawer"), [(HitKind::Promise, promise_id)]);
    assert!(found(&store, "dinner").is_empty());
    // An edit, too.
    store
        .edit_disclosure(
            disclosure.id,
            &NewDisclosure {
                what: "The messages in April.".into(),
                ..NewDisclosure::default()
            },
            utc(LATER),
        )
        .unwrap();
    assert!(found(&store, "receipt").is_empty());
    assert_eq!(found(&store, "April"), [(HitKind::Disclosure, disclosure.id)]);
    store
        .edit_revisit(
            revisit.id,
            &NewRevisit {
                needed: "猫咪".into(),
                ..NewRevisit::default()
            },
            utc(LATER),
        )
        .unwrap();
    assert!(found(&store, "beside").is_empty());
    assert_eq!(found(&store, "猫咪"), [(HitKind::Revisit, revisit.id)]);

    // Deleted: not found, until undone.
    store.delete_promise(promise_id, utc(LATER)).unwrap();
    assert!(found(&store, "drawer").is_empty());
    assert!(found(&store, "散步").is_empty());
    store.restore_promise(promise_id).unwrap();
    assert_eq!(found(&store, "drawer"), [(HitKind::Promise, promise_id)]);
}

/// A purge takes the words of promises (their history's notes too), disclosures and revisits
/// out of both search indexes.
#[test]
fn a_purge_takes_their_words_out_of_both_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let kept = store.add_promise(&promise("Kept words here."), at(MADE)).unwrap();
    let id = store.add_promise(&promise("Phone away."), at(MADE)).unwrap().id;
    store.move_promise(id, &step("kept", "All week."), at(LATER)).unwrap();
    let disclosure = store.add_disclosure(&told("told"), at(MADE)).unwrap();
    let revisit = store.add_revisit(&came_up("time"), at(MADE)).unwrap();
    let rows = |store: &Store, table: &str| -> i64 {
        store
            .connection()
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE rowid >= 1 << 60"),
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(rows(&store, "search_index"), 4);
    assert_eq!(rows(&store, "search_gram"), 4);
    let now = utc(LATER);
    store.delete_promise(id, now).unwrap();
    store.delete_disclosure(disclosure.id, now).unwrap();
    store.delete_revisit(revisit.id, now).unwrap();
    assert_eq!(store.purge_deleted(Some(now)).unwrap(), 3);
    assert_eq!(rows(&store, "search_index"), 1);
    assert_eq!(rows(&store, "search_gram"), 1);
    assert_eq!(found(&store, "Kept words"), [(HitKind::Promise, kept.id)]);
    assert!(found(&store, "week").is_empty());
    assert!(found(&store, "Phone").is_empty());
}

/// A store with one of everything the trust-repair tools keep: a promise made from a check-in
/// and moved through its states, a settled one, disclosures (one deleted, in its undo window)
/// and a revisit.
fn trust_store(dir: &std::path::Path) -> Store {
    let mut store = Store::open(dir).unwrap();
    let check_in = store
        .save_check_in(
            &NewCheckIn::note("She asked for a call."),
            at("2026-03-01T23:30:00-05:00"),
        )
        .unwrap();
    let id = store
        .add_promise(
            &NewPromise {
                check_in_id: Some(check_in.id),
                ..promise("Text when I leave work.")
            },
            at(MADE),
        )
        .unwrap()
        .id;
    store
        .move_promise(
            id,
            &renegotiate("We agreed on a call.", "通话 when I leave."),
            at(LATER),
        )
        .unwrap();
    store.move_promise(id, &step("open", ""), at(LATER)).unwrap();
    store
        .edit_promise(
            id,
            &NewPromise {
                by_when: None,
                ..promise("通话 when I leave work.")
            },
            utc(LATER),
        )
        .unwrap();
    let settled = store
        .add_promise(&promise("Phone away at dinner."), at(MADE))
        .unwrap()
        .id;
    store
        .move_promise(settled, &step("let_go", "It stopped being what she needed."), at(LATER))
        .unwrap();
    store
        .add_disclosure(
            &NewDisclosure {
                told_on: "2026-02-27".into(),
                what: "The messages in spring.".into(),
                how_taken: "Quiet, then hurt.".into(),
                still_unsaid: "The hotel.".into(),
            },
            at(MADE),
        )
        .unwrap();
    let gone = store.add_disclosure(&told("Deleted words."), at(MADE)).unwrap();
    store.delete_disclosure(gone.id, utc(LATER)).unwrap();
    store
        .add_revisit(
            &NewRevisit {
                happened_on: "2026-03-05".into(),
                needed: "To hear it again.".into(),
                responded: String::new(),
                next_time: "Sit beside her.".into(),
            },
            at(LATER),
        )
        .unwrap();
    store
}

#[test]
fn the_export_carries_them_and_an_import_brings_them_back_once() {
    use tend_core::data;
    let from = tempfile::tempdir().unwrap();
    let store = trust_store(from.path());
    let exported_at = utc("2026-12-01T09:00:00Z");
    let doc = store.export_document(None, exported_at).unwrap();
    assert_eq!(doc.promises.len(), 2);
    assert_eq!(doc.disclosures.len(), 1, "the deleted one is not carried");
    assert_eq!(doc.revisits.len(), 1);
    let linked = &doc.promises[0];
    assert_eq!(linked.check_in.as_deref(), Some(doc.check_ins[0].id.as_str()));
    assert_eq!(linked.state, "open");
    assert_eq!(linked.history.len(), 3);
    // The renegotiation's step keeps the terms as agreed then; the fix later is not a step.
    assert_eq!(linked.history[1].terms.as_deref(), Some("通话 when I leave."));
    let json = data::tend_json(&doc).unwrap();

    let into = tempfile::tempdir().unwrap();
    let mut empty = Store::open(into.path()).unwrap();
    let read = data::read_tend(&json).unwrap();
    assert_eq!(read, doc);
    let preview = empty.preview_import(&read).unwrap();
    assert_eq!(
        (
            preview.promises,
            preview.disclosures,
            preview.revisits,
            preview.already_here
        ),
        (2, 1, 1, 0)
    );
    let imported = empty.import_document(&read).unwrap();
    assert_eq!((imported.promises, imported.disclosures, imported.revisits), (2, 1, 1));
    let again = empty.export_document(None, exported_at).unwrap();
    assert_eq!(data::tend_json(&again).unwrap(), json, "byte for byte");
    assert_eq!(
        empty.promises().unwrap(),
        store.promises().unwrap(),
        "the same promises, histories and link, by the check-in's id here"
    );
    assert_eq!(empty.disclosures().unwrap(), store.disclosures().unwrap());
    assert_eq!(empty.revisits().unwrap(), store.revisits().unwrap());
    let hits = |store: &Store, text: &str| found(store, text).len();
    assert_eq!(hits(&empty, "通话"), 1, "imported words are found, short ones too");
    assert_eq!(hits(&empty, "beside"), 1);

    // Twice: nothing more.
    let second = empty.import_document(&read).unwrap();
    assert_eq!((second.promises, second.disclosures, second.revisits), (0, 0, 0));
    assert_eq!(second.already_here, 2 + 1 + 1 + 1, "the check-in too");
    assert_eq!(empty.promises().unwrap().len(), 2);
}

#[test]
fn a_file_from_before_the_ledger_reads_as_before() {
    use tend_core::data;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.save_check_in(&NewCheckIn::note("hm"), at(MADE)).unwrap();
    let json = data::tend_json(&store.export_document(None, utc(LATER)).unwrap()).unwrap();
    let text = String::from_utf8(json.clone()).unwrap();
    for key in ["promises", "disclosures", "revisits"] {
        assert!(!text.contains(key), "nothing to carry, nothing written: {key}");
    }
    let doc = data::read_tend(&json).unwrap();
    assert!(doc.promises.is_empty() && doc.disclosures.is_empty() && doc.revisits.is_empty());
    assert_eq!(store.import_document(&doc).unwrap().already_here, 1);
}

#[test]
fn a_trust_record_that_cant_be_kept_is_named_and_nothing_is_added() {
    let from = tempfile::tempdir().unwrap();
    let good = trust_store(from.path())
        .export_document(None, utc("2026-12-01T09:00:00Z"))
        .unwrap();
    type Break = fn(&mut tend_core::data::Document);
    let cases: [(Break, &str, &str); 8] = [
        (|d| d.promises[1].state = "failed".into(), "promise 2", "state"),
        (|d| d.promises[0].committed = " ".into(), "promise 1", "committed"),
        (|d| d.promises[0].by_when = Some("soon".into()), "promise 1", "by_when"),
        (
            |d| d.promises[0].history[2].state = "renegotiated".into(),
            "promise 1",
            "history",
        ),
        (|d| d.promises[1].history.clear(), "promise 2", "history"),
        (|d| d.promises[1].id = d.promises[0].id.clone(), "promise 2", "id"),
        (|d| d.disclosures[0].told_on = String::new(), "disclosure 1", "told_on"),
        (
            |d| {
                d.revisits[0].needed = String::new();
                d.revisits[0].next_time = String::new();
            },
            "revisit 1",
            "needed",
        ),
    ];
    for (spoil, record, field) in cases {
        let mut doc = good.clone();
        spoil(&mut doc);
        let into = tempfile::tempdir().unwrap();
        let mut store = Store::open(into.path()).unwrap();
        let error = store.import_document(&doc).unwrap_err();
        match &error {
            Error::ImportUnreadable { record: r, field: f } => {
                assert_eq!((r.as_str(), f.as_str()), (record, field), "{error:?}");
            }
            other => panic!("{record} {field}: {other:?}"),
        }
        assert!(store.promises().unwrap().is_empty());
        assert!(store.disclosures().unwrap().is_empty());
        assert!(store.timeline(None, 10).unwrap().check_ins.is_empty(), "nothing at all");
    }
}

/// A salvage (what a damaged file's recovery copies) brings the promises back with their
/// histories, links and search words, and the disclosures and revisits with them.
#[test]
fn a_salvage_brings_them_back_whole_and_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let (promises, disclosures, revisits) = {
        let store = trust_store(dir.path());
        let kept = (
            store.promises().unwrap(),
            store.disclosures().unwrap(),
            store.revisits().unwrap(),
        );
        store.close().unwrap();
        kept
    };
    let recovered = tend_core::store::recover::salvage(dir.path(), None).unwrap();
    assert!(!recovered.unreadable);
    let store = Store::open(dir.path()).unwrap();
    let verdict: String = store
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(verdict, "ok");
    assert_eq!(store.promises().unwrap(), promises);
    assert_eq!(store.disclosures().unwrap(), disclosures);
    assert_eq!(store.revisits().unwrap(), revisits);
    assert_eq!(found(&store, "通话").len(), 1);
    assert_eq!(found(&store, "hotel").len(), 1);
    assert_eq!(found(&store, "beside").len(), 1);
}

#[test]
fn what_is_being_written_on_the_screen_is_kept_beside_the_check_ins_draft() {
    use tend_core::store::DraftKind;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = utc("2026-11-21T10:00:00Z");
    store
        .keep_draft(DraftKind::CheckIn, Some(r#"{"note":"A walk"}"#), now)
        .unwrap();
    store
        .keep_draft(
            DraftKind::Trust,
            Some(r#"{"disclosure":{"what":"Half a thought"}}"#),
            now,
        )
        .unwrap();
    drop(store);
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(
        store.draft(DraftKind::Trust).unwrap().as_deref(),
        Some(r#"{"disclosure":{"what":"Half a thought"}}"#)
    );
    store.keep_draft(DraftKind::Trust, None, now).unwrap();
    assert_eq!(store.draft(DraftKind::Trust).unwrap(), None);
    assert_eq!(
        store.draft(DraftKind::CheckIn).unwrap().as_deref(),
        Some(r#"{"note":"A walk"}"#),
        "each kind is kept apart"
    );
}
