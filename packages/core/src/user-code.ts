/**
 * CLI sign-in codes (RFC 8628 user codes) as learners read and type them: 8 of 20 consonants (no
 * vowels, so no words; no look-alikes of digits), shown as `XXXX-XXXX`. `bdfg hjkl`, `BDFGHJKL`
 * and `BDFG-HJKL` are the same code. The API issues and matches them; the device page checks them
 * before sending.
 */
export const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ";
const userCodeFormat = new RegExp(`^[${userCodeAlphabet}]{8}$`);

/** The code's 8 letters, or undefined when the input cannot be a code. */
export function userCodeLetters(input: string): string | undefined {
  const letters = input.toUpperCase().replace(/[\s-]/g, "");
  return userCodeFormat.test(letters) ? letters : undefined;
}

/** `BDFGHJKL` → `BDFG-HJKL`. */
export const formatUserCode = (letters: string) => `${letters.slice(0, 4)}-${letters.slice(4)}`;

/** `XXXX-XXXX`, or null when the input cannot be a code. */
export function normalizeUserCode(input: string): string | null {
  const letters = userCodeLetters(input);
  return letters ? formatUserCode(letters) : null;
}
