import { json } from "../../lib/http";
import { route } from "../../lib/route";
import { urls } from "../../lib/urls";
import { openApiDocument } from "../../openapi";
import { routes } from "../../routes";

const document = openApiDocument(routes, urls.api);

export const handler = route({}, async () => json(200, document, { "cache-control": "public, max-age=300" }));
