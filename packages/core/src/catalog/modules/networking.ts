import type { Exercise, Module } from "../schema";

export const module: Module = {
  id: "networking",
  title: "Networking",
  summary: "Ports, listening sockets, HTTP with curl and name resolution.",
  order: 2,
};

export const exercises: Exercise[] = [];
