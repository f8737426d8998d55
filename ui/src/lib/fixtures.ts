// Test data shared by the UI's unit tests.
import type { CheckIn } from './bindings';
import { EMPTY_CHECK_IN } from './words';

export function checkIn(id: number, answers: Partial<CheckIn> = {}): CheckIn {
  return {
    ...EMPTY_CHECK_IN,
    id,
    created_at: '2026-11-25T21:00:00.000+00:00',
    local_date: '2026-11-25',
    updated_at: null,
    note: `note ${id}`,
    ...answers,
  };
}
