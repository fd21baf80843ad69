/** Set per stage with `pnpm sst secret set <Name> <value> --stage <stage>`. */
export const secrets = {
  GithubClientId: new sst.Secret("GithubClientId"),
  GithubClientSecret: new sst.Secret("GithubClientSecret"),
  /** Signs session tokens (HS256); the API refuses one shorter than 32 bytes. */
  JwtSecret: new sst.Secret("JwtSecret"),
};
