/** Progress rules shared by the API and the web: days are UTC, streaks count days with a verification. */
import type { Streak } from "./api";

export const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * Current streak: consecutive UTC days with a verification, ending today (or yesterday, so a
 * streak is not lost before today's work). Longest: the longest such run ever.
 */
export function streak(days: readonly string[], now: Date): Streak {
  const sorted = [...new Set(days)].sort();
  let longest = 0;
  let run = 0;
  let previous: number | undefined;
  for (const day of sorted) {
    const n = Date.parse(`${day}T00:00:00Z`) / 86_400_000;
    run = previous !== undefined && n === previous + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = n;
  }
  const today = Math.floor(now.getTime() / 86_400_000);
  const current = previous !== undefined && today - previous <= 1 ? run : 0;
  return { current, longest };
}
