/** Learner profiles, keyed by GitHub id; the email index is set only with a verified email. */
import type { User } from "@akasha/core/api";
import { keys } from "@akasha/core/tables";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";
import { clock } from "../lib/clock";
import { db } from "../lib/db";
import type { GithubProfile } from "../lib/github";

/** Creates or refreshes a profile at sign-in; `createdAt` is kept from the first time. */
export async function upsertUser(profile: GithubProfile): Promise<User> {
  const now = clock.now().toISOString();
  const email = profile.email;
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: Resource.Users.name,
      Key: keys.userProfile(profile.id),
      UpdateExpression: [
        "SET id = :id, login = :login, #name = :name, avatarUrl = :avatar, email = :email,",
        "updatedAt = :now, lastLoginAt = :now, createdAt = if_not_exists(createdAt, :now)",
        email ? ", gsi1pk = :gsi1pk, gsi1sk = :gsi1sk" : "REMOVE gsi1pk, gsi1sk",
      ].join(" "),
      ExpressionAttributeNames: { "#name": "name" },
      ExpressionAttributeValues: {
        ":id": profile.id,
        ":login": profile.login,
        ":name": profile.name,
        ":avatar": profile.avatarUrl,
        ":email": email,
        ":now": now,
        ...(email ? { ":gsi1pk": `EMAIL#${email.toLowerCase()}`, ":gsi1sk": `USER#${profile.id}` } : {}),
      },
      ReturnValues: "ALL_NEW",
    }),
  );
  return toUser(Attributes ?? {});
}

export async function getUser(userId: string): Promise<User | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: Resource.Users.name, Key: keys.userProfile(userId) }),
  );
  return Item ? toUser(Item) : undefined;
}

const toUser = (item: Record<string, unknown>): User => ({
  id: String(item.id),
  login: String(item.login),
  name: (item.name as string | null) ?? null,
  avatarUrl: (item.avatarUrl as string | null) ?? null,
  email: (item.email as string | null) ?? null,
});
