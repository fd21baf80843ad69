// biome-ignore lint/suspicious/noTsIgnore: the file appears after `sst install`; expect-error would then fail.
// @ts-ignore: absent until `sst install` writes it; infra/platform.d.ts stands in until then.
/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    return {
      name: "akasha-labs",
      removal: input?.stage === "prod" ? "retain" : "remove",
      protect: input?.stage === "prod",
      home: "aws",
      providers: {
        aws: { region: "ap-south-1", defaultTags: { tags: { app: "akasha-labs", stage: input?.stage } } },
      },
    };
  },
  async run() {
    const { tables } = await import("./infra/database");
    await import("./infra/auth");
    const { api } = await import("./infra/api");
    const { web } = await import("./infra/web");
    const { alarmsTopic } = await import("./infra/monitoring");

    return {
      api: api.url,
      web: web.url,
      usersTable: tables.Users.name,
      progressTable: tables.Progress.name,
      sessionsTable: tables.Sessions.name,
      alarmsTopic: alarmsTopic?.arn,
    };
  },
});
