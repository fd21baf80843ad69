/**
 * The exercise catalog, validated when first imported: a broken catalog fails every build and
 * test that touches it instead of reaching learners.
 */
import * as containers from "./modules/containers";
import * as linux from "./modules/linux";
import * as networking from "./modules/networking";
import * as services from "./modules/services";
import { type Catalog, defineCatalog, type Exercise, type Module } from "./schema";

export * from "./schema";

export const catalog: Catalog = defineCatalog({
  modules: [linux.module, networking.module, services.module, containers.module].sort(
    (a, b) => a.order - b.order,
  ),
  exercises: [...linux.exercises, ...networking.exercises, ...services.exercises, ...containers.exercises],
});

const byId = new Map(catalog.exercises.map((e) => [e.id, e]));

export const getExercise = (id: string): Exercise | undefined => byId.get(id);

export const getModule = (id: string): Module | undefined => catalog.modules.find((m) => m.id === id);

/** The exercises of one module, in authoring order. */
export const exercisesOf = (moduleId: string): Exercise[] =>
  catalog.exercises.filter((e) => e.moduleId === moduleId);
