/**
 * The API's wire shapes (DESIGN.md §5), as zod schemas shared by handlers, the web and the CLI.
 * Requests are validated with them; `GET /openapi.json` is generated from them.
 */
import { z } from "zod";
import { Id, Module } from "./catalog/schema";

export const ErrorResponse = z.object({
  error: z.string(),
  code: z.string(),
  requestId: z.string().optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const ExercisePathParams = z.object({ id: Id });

export const CheckSummary = z.object({ id: z.string(), title: z.string() });

export const ExerciseSummary = z.object({
  id: z.string(),
  moduleId: z.string(),
  title: z.string(),
  summary: z.string(),
  difficulty: z.string(),
  minutes: z.number(),
  version: z.number(),
  prerequisites: z.array(z.string()),
  checks: z.array(CheckSummary),
  completions: z.number().int().nonnegative(),
});
export type ExerciseSummary = z.infer<typeof ExerciseSummary>;

export const ExerciseDetail = ExerciseSummary.extend({
  instructions: z.string(),
  hints: z.array(z.string()),
  checks: z.array(CheckSummary.extend({ hint: z.string() })),
});
export type ExerciseDetail = z.infer<typeof ExerciseDetail>;

export const ExerciseList = z.object({ modules: z.array(Module), exercises: z.array(ExerciseSummary) });
export type ExerciseList = z.infer<typeof ExerciseList>;

export const HealthResponse = z.object({
  status: z.enum(["ok", "unavailable"]),
  checks: z.object({ dynamodb: z.enum(["ok", "unreachable"]) }),
  stage: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
