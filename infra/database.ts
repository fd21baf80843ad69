import { tables as specs, type TableName, tableNames } from "../packages/core/src/tables";
import { isProd } from "./stage";

/**
 * One on-demand table per spec in `packages/core/src/tables.ts`, named as the spec names it (the
 * name handlers see as `Resource.<Name>`). Point-in-time recovery is set explicitly: Dynamo turns it
 * on everywhere and has no argument for it, and only prod data is worth restoring.
 */
export const tables = Object.fromEntries(
  tableNames.map((name) => [
    name,
    new sst.aws.Dynamo(name, {
      fields: specs[name].fields,
      primaryIndex: specs[name].primaryIndex,
      globalIndexes: specs[name].globalIndexes,
      ttl: specs[name].ttl,
      deletionProtection: isProd,
      transform: { table: { pointInTimeRecovery: { enabled: isProd } } },
    }),
  ]),
) as Record<TableName, sst.aws.Dynamo>;
