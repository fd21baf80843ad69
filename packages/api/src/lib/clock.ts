/**
 * The API's notion of now. Tests move it (`clock.advance`) to reach expiries without waiting;
 * nothing else changes it.
 */
let offsetMs = 0;

export const clock = {
  now: (): Date => new Date(Date.now() + offsetMs),
  advance: (ms: number): void => {
    offsetMs += ms;
  },
  reset: (): void => {
    offsetMs = 0;
  },
};

export { epochSeconds } from "@akasha/core/tables";
