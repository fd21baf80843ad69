/**
 * CLI sign-in codes as learners type them: `bdfg hjkl`, `BDFGHJKL` and `BDFG-HJKL` are the same
 * code. Codes use 20 consonants (no vowels, no look-alikes), 8 of them, shown as `XXXX-XXXX`.
 */
export const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ";

/** `XXXX-XXXX`, or null when the input cannot be a code. */
export function normalizeUserCode(input: string): string | null {
  const letters = input.toUpperCase().replace(/[\s-]/g, "");
  if (letters.length !== 8 || [...letters].some((c) => !userCodeAlphabet.includes(c))) return null;
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}
