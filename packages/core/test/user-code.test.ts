import { describe, expect, it } from "vitest";
import { normalizeUserCode } from "../src/user-code";

describe("normalizeUserCode", () => {
  it.each([
    ["BDFG-HJKL", "BDFG-HJKL"],
    ["BDFGHJKL", "BDFG-HJKL"],
    ["bdfghjkl", "BDFG-HJKL"],
    ["bdfg hjkl", "BDFG-HJKL"],
    ["  bdfg-hjkl\n", "BDFG-HJKL"],
    ["B-D-F-G H-J-K-L", "BDFG-HJKL"],
    ["bcdf\tzxwv", "BCDF-ZXWV"],
  ])("accepts %j as %s", (input, code) => {
    expect(normalizeUserCode(input)).toBe(code);
  });

  it.each([
    ["a vowel", "BDFG-HJKA"],
    ["a lower-case vowel", "bdfg-hjke"],
    ["a digit", "BDFG-HJK1"],
    ["a zero for an O", "BDF0-HJKL"],
    ["too short", "BDFG-HJK"],
    ["too long", "BDFG-HJKLM"],
    ["empty", ""],
    ["only separators", " - - "],
    ["punctuation", "BDFG_HJKL"],
  ])("refuses %s (%j)", (_, input) => {
    expect(normalizeUserCode(input)).toBeNull();
  });
});
