import type { Exercise, Module } from "../schema";

export const module: Module = {
  id: "containers",
  title: "Containers and images",
  summary: "Describe an image and an app stack in files that pass review, no Docker daemon needed.",
  order: 4,
};

export const exercises: Exercise[] = [];
