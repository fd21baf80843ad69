import type { Exercise, Module } from "../schema";

export const module: Module = {
  id: "services",
  title: "Services and logs",
  summary: "Run a program like a service: configuration, logs, schedules and a supervisor.",
  order: 3,
};

export const exercises: Exercise[] = [];
