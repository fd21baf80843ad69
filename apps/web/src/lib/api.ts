import type { ExerciseList } from "@akasha/core/api";

/** The API's base URL: set at build time, defaulting to the local stack's gateway. */
export const apiUrl = (import.meta.env.PUBLIC_LABS_API_URL ?? "http://localhost:3000").replace(/\/$/, "");

export async function fetchExercises(fetchImpl: typeof fetch = fetch): Promise<ExerciseList> {
  const response = await fetchImpl(`${apiUrl}/exercises`, { credentials: "include" });
  if (!response.ok) throw new Error(`the labs API answered ${response.status}`);
  return (await response.json()) as ExerciseList;
}
