/**
 * Alarms, on the stages whose rules ask for them (prod only: `alarms` in `infra/stage.ts`). Each
 * alarm notifies the `Alarms` SNS topic when it fires and again when it clears; subscribe to the
 * topic (e-mail, chat) to hear about them. Missing data never fires an alarm: a quiet API or an
 * idle table is not an incident.
 *
 * Lambda errors are alarmed per function rather than account-wide: an alarm without a
 * `FunctionName` would also count every other stage and app in the account and region, and could
 * not say which route is failing. One alarm cannot sum them either (metric math in an alarm takes
 * at most 10 metrics, and there is a function per route).
 */

import { type TableName, tableNames, tables as tableSpecs } from "../packages/core/src/tables";
import { api, routeFunctions } from "./api";
import { tables } from "./database";
import { alarms as alarmsWanted } from "./stage";

const fiveMinutes = 300;

/** `functions/auth/callback.ts` → `auth-callback`: the route's handler, as alarm names show it. */
const handlerSlug = (handler: string) =>
  handler
    .replace(/^functions\//, "")
    .replace(/\.ts$/, "")
    .replaceAll("/", "-");

/** `auth-callback` → `AuthCallback`, for resource names. */
const pascalCase = (slug: string) =>
  slug
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");

function createAlarms(topic: sst.aws.SnsTopic) {
  /** Alarm names carry the app and the stage: `akasha-labs-prod-<what>`. */
  const alarmName = (what: string) => `${$app.name}-${$app.stage}-${what}`;
  const common = {
    alarmActions: [topic.arn],
    okActions: [topic.arn],
    treatMissingData: "notBreaching" as const,
  };
  const apiMetric = (metricName: string) => ({
    namespace: "AWS/ApiGateway",
    metricName,
    dimensions: { ApiId: api.nodes.api.id },
    period: fiveMinutes,
  });

  return {
    /**
     * Per route, `lambda-errors-<handler>`: the route's function failed at least once in five
     * minutes (an uncaught exception, a timeout, running out of memory, a failed cold start).
     * Faults the handler catches are answered with a 500 and count towards `api-5xx-rate` instead.
     */
    lambdaErrors: Object.fromEntries(
      routeFunctions.map(({ spec, function: fn }) => {
        const slug = handlerSlug(spec.handler);
        const alarm = new aws.cloudwatch.MetricAlarm(`LambdaErrors${pascalCase(slug)}Alarm`, {
          alarmName: alarmName(`lambda-errors-${slug}`),
          alarmDescription: `${spec.route}: its Lambda function failed (uncaught error, timeout, out of memory or cold start) in the last 5 minutes.`,
          namespace: "AWS/Lambda",
          metricName: "Errors",
          dimensions: { FunctionName: $util.output(fn).apply((f) => f.name) },
          statistic: "Sum",
          period: fiveMinutes,
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
          ...common,
        });
        return [spec.route, alarm];
      }),
    ) as Record<string, aws.cloudwatch.MetricAlarm>,

    /**
     * `api-5xx-rate`: more than 1% of the API's responses in five minutes were 5xx, from our
     * handlers (500, 503) or from API Gateway itself (a function that failed or timed out).
     */
    api5xxRate: new aws.cloudwatch.MetricAlarm("Api5xxRateAlarm", {
      alarmName: alarmName("api-5xx-rate"),
      alarmDescription: "More than 1% of the API's responses were 5xx in the last 5 minutes.",
      metricQueries: [
        { id: "errors", metric: { ...apiMetric("5xx"), stat: "Sum" }, returnData: false },
        { id: "requests", metric: { ...apiMetric("Count"), stat: "Sum" }, returnData: false },
        {
          id: "rate",
          expression: "100 * FILL(errors, 0) / requests",
          label: "5xx responses (% of requests)",
          returnData: true,
        },
      ],
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanThreshold",
      ...common,
    }),

    /**
     * `api-p99-latency`: the slowest 1% of API responses took over a second, in each of three
     * five-minute windows in a row. One cold start on a quiet API is a p99 of its own; a quarter
     * of an hour of them is a slow API.
     */
    apiP99Latency: new aws.cloudwatch.MetricAlarm("ApiP99LatencyAlarm", {
      alarmName: alarmName("api-p99-latency"),
      alarmDescription: "The API's p99 latency was over 1000 ms for 15 minutes (three 5-minute periods).",
      ...apiMetric("Latency"),
      extendedStatistic: "p99",
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 1000,
      comparisonOperator: "GreaterThanThreshold",
      ...common,
    }),

    /**
     * Per table, `dynamodb-throttles-<Table>`: DynamoDB refused reads or writes on the table or
     * one of its indexes in the last five minutes. On-demand tables throttle only past their
     * partition or account limits, so any throttle is worth a look.
     */
    dynamoThrottles: Object.fromEntries(
      tableNames.map((name) => {
        const scopes = [
          { TableName: tables[name].name },
          ...Object.keys(tableSpecs[name].globalIndexes).map((index) => ({
            TableName: tables[name].name,
            GlobalSecondaryIndexName: index,
          })),
        ];
        const throttleEvents = scopes.flatMap((dimensions, i) =>
          ["ReadThrottleEvents", "WriteThrottleEvents"].map((metricName) => ({
            id: `${metricName.startsWith("Read") ? "reads" : "writes"}${i}`,
            metric: { namespace: "AWS/DynamoDB", metricName, dimensions, period: fiveMinutes, stat: "Sum" },
            returnData: false,
          })),
        );
        const alarm = new aws.cloudwatch.MetricAlarm(`DynamoThrottles${name}Alarm`, {
          alarmName: alarmName(`dynamodb-throttles-${name}`),
          alarmDescription: `DynamoDB throttled reads or writes on the ${name} table or its indexes in the last 5 minutes.`,
          metricQueries: [
            ...throttleEvents,
            {
              id: "throttles",
              expression: "SUM(FILL(METRICS(), 0))",
              label: `${name} throttled requests`,
              returnData: true,
            },
          ],
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
          ...common,
        });
        return [name, alarm];
      }),
    ) as Record<TableName, aws.cloudwatch.MetricAlarm>,
  };
}

/** What every alarm notifies; exists only where alarms do. */
export const alarmsTopic = alarmsWanted ? new sst.aws.SnsTopic("Alarms") : undefined;

export const alarms = alarmsTopic ? createAlarms(alarmsTopic) : undefined;
