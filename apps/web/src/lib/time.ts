/** "2 Nov 2026, 14:05" in the reader's locale and time zone. */
export const formatTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
