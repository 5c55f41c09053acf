import { badRequest } from '../errors';

/** The longest period one request for download counts may cover. */
export const MAX_STATS_DAYS = 366;
const DEFAULT_DAYS = 30;

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The days to count, from the days asked for: `to` defaults to today (UTC), `from` to 29 days
 * before `to`. A period that runs backwards or is longer than MAX_STATS_DAYS is a 400.
 */
export function statsPeriod(asked: { from?: string | undefined; to?: string | undefined }, today: string): { from: string; to: string } {
  const to = asked.to ?? today;
  const from = asked.from ?? shiftDay(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw badRequest(`from (${from}) must not be after to (${to}).`, [{ field: 'from', message: 'must not be after to' }]);
  if (shiftDay(from, MAX_STATS_DAYS - 1) < to) {
    throw badRequest(`The period may cover at most ${MAX_STATS_DAYS} days.`, [
      { field: 'from', message: `at most ${MAX_STATS_DAYS} days before to` },
    ]);
  }
  return { from, to };
}
