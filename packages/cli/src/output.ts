/**
 * Terminal output: colours and symbols that respect NO_COLOR (picocolors), a spinner only on a
 * terminal, human text on stdout and notes on stderr, and `--json` as one document on stdout.
 */
import pc from "picocolors";
import yoctoSpinner from "yocto-spinner";

export const color = pc;

export const symbols = {
  pass: pc.green("✓"),
  fail: pc.red("✗"),
  warn: pc.yellow("!"),
  info: pc.cyan("›"),
};

export const out = (line = "") => process.stdout.write(`${line}\n`);
export const note = (line = "") => process.stderr.write(`${line}\n`);

export function printJson(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A spinner on stderr while `work` runs, when stderr is a terminal; silent otherwise. */
export async function withSpinner<T>(text: string, work: () => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work();
  const spinner = yoctoSpinner({ text, stream: process.stderr }).start();
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}
