import type { RouteConfig } from "@hono/zod-openapi";
import { z } from "zod";
import { ERROR_KIND_MEANINGS, ERROR_KINDS, HTTP_STATUS, type ErrorKind } from "../../lib/errors.js";

export const errorSchema = z
  .looseObject({
    error: z.object({
      kind: z.enum(ERROR_KINDS).meta({ description: "What went wrong, one of the kinds in docs/contributing.md#errors" }),
      message: z.string().meta({ description: "What went wrong and what to do next, for people" }),
      field: z.string().optional().meta({ description: "The input field at fault (body member, query or path parameter)" }),
    }),
  })
  .meta({
    id: "Error",
    description: "Every error of the API. When part of the work was done (a link issued but not e-mailed), the members of the result that say what was done come beside `error`.",
  });

/** Kinds every route can answer besides its own. */
const COMMON_KINDS: readonly ErrorKind[] = ["bad-input", "unauthenticated", "forbidden", "internal"];

/** One response per status, naming the kinds that give it. */
export function errorResponses(kinds: readonly ErrorKind[]): RouteConfig["responses"] {
  const byStatus = new Map<number, ErrorKind[]>();
  for (const kind of [...new Set([...COMMON_KINDS, ...kinds])]) byStatus.set(HTTP_STATUS[kind], [...(byStatus.get(HTTP_STATUS[kind]) ?? []), kind]);
  return Object.fromEntries(
    [...byStatus].sort(([a], [b]) => a - b).map(([status, of]) => [
      String(status),
      { description: of.map((kind) => `${kind}: ${ERROR_KIND_MEANINGS[kind]}`).join("; "), content: { "application/json": { schema: errorSchema } } },
    ]),
  );
}

