import { validation } from "../protocol/errors";

const DEFAULT_PAGE = 100;

/** A decoded nextToken this operation issued: `{op, offset}` with a whole, non-negative offset. */
function isTokenOf(op: string, x: unknown): x is { op: string; offset: number } {
  if (typeof x !== "object" || x === null || !("op" in x) || !("offset" in x)) return false;
  return x.op === op && typeof x.offset === "number" && Number.isInteger(x.offset) && x.offset >= 0;
}

/**
 * Pages a fully sorted list. The token is an opaque base64 offset tied to the operation, so a
 * token from one list cannot be replayed against another.
 */
export function paginate<T>(
  op: string,
  items: T[],
  input: { nextToken?: string; maxResults?: number },
): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (input.nextToken) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(input.nextToken, "base64").toString("utf8"));
    } catch {
      /* reported below */
    }
    if (!isTokenOf(op, decoded)) throw validation("The nextToken is not valid for this request");
    offset = decoded.offset;
  }
  const size = input.maxResults ?? DEFAULT_PAGE;
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? offset + size : undefined;
  return {
    page,
    ...(next !== undefined
      ? { nextToken: Buffer.from(JSON.stringify({ op, offset: next })).toString("base64") }
      : {}),
  };
}
