// Generated from crates/tend-core by `UPDATE_BINDINGS=1 cargo test -p tend-core`. Do not edit.

export type NewCheckIn = { note: string, };

export type CheckIn = { id: number, 
/**
 * The moment it was written, RFC 3339 at the writer's offset then.
 */
created_at: string, 
/**
 * The day as lived: the local date at the offset it was written in.
 */
local_date: string, note: string, };

export type ErrorKind = "invalid_input" | "newer_database" | "storage";

export type CommandError = { kind: ErrorKind, message: string, };
