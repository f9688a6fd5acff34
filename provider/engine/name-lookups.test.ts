import { expect } from "@jest/globals";
import { NameLookups, type NameListing } from "./name-lookups";

// Which lookups read their own name and which a listing answers, with reads held open by the test.

/** A read the test ends: `finish(value)` settles it. */
function heldRead() {
  const reads: string[] = [];
  const pending: (() => void)[] = [];
  const read = (name: string, found?: string) => () => {
    reads.push(name);
    return new Promise<string | undefined>((resolve) => pending.push(() => resolve(found)));
  };
  const finishAll = () => pending.splice(0).forEach((f) => f());
  return { reads, read, finishAll };
}

/** A listing of `pages`, counting the pages walked and how often it ran. */
function listing(pages: string[][]) {
  const seen = { runs: 0, pages: 0 };
  const list: NameListing = async function* () {
    seen.runs++;
    for (const page of pages) {
      seen.pages++;
      await Promise.resolve();
      yield page;
    }
  };
  return { list, seen };
}

const scope = {};
const flush = () => new Promise((resolve) => setImmediate(resolve));

test("a lone lookup reads its own name and never lists", async () => {
  const lookups = new NameLookups();
  const { list, seen } = listing([["env-0"]]);
  expect(await lookups.lookup(scope, "Environment", "env-0", () => Promise.resolve("live env-0"), list)).toBe(
    "live env-0",
  );
  expect(
    await lookups.lookup(scope, "Environment", "env-1", () => Promise.resolve(undefined), list),
  ).toBeUndefined();
  expect(seen.runs).toBe(0);
});

test("lookups queued behind one in flight are answered by one listing; listed names are read in full", async () => {
  const lookups = new NameLookups();
  const { reads, read, finishAll } = heldRead();
  const { list, seen } = listing([["left-over", "other"], ["elsewhere"]]);
  const first = lookups.lookup(scope, "Environment", "env-0", read("env-0"), list);
  const queued = ["env-1", "env-2", "left-over", "env-3"].map((n) =>
    lookups.lookup(scope, "Environment", n, read(n, n === "left-over" ? "live left-over" : undefined), list),
  );
  await flush();
  expect(reads).toEqual(["env-0"]);
  finishAll();
  await flush();
  // Only the listed name is read: the others are absent from a listing taken after they asked.
  expect(reads).toEqual(["env-0", "left-over"]);
  finishAll();
  expect(await Promise.all([first, ...queued])).toEqual([
    undefined,
    undefined,
    undefined,
    "live left-over",
    undefined,
  ]);
  expect(seen).toEqual({ runs: 1, pages: 2 });
});

test("a listing longer than the reads it saves is abandoned, and not tried again by fewer names", async () => {
  const lookups = new NameLookups();
  const { reads, read, finishAll } = heldRead();
  // Three queued names may cost at most two pages; the account has three.
  const { list, seen } = listing([["a"], ["b"], ["c"]]);
  const all = ["env-0", "env-1", "env-2", "env-3"].map((n) =>
    lookups.lookup(scope, "Environment", n, read(n), list),
  );
  await flush();
  finishAll();
  await flush();
  await flush();
  expect(reads).toEqual(["env-0", "env-1", "env-2", "env-3"]);
  finishAll();
  await Promise.all(all);
  expect(seen).toEqual({ runs: 1, pages: 3 });

  // It took at least three pages: three queued names no longer try it, four do (and it takes three).
  const run = async (names: string[]) => {
    const lookups_ = names.map((n) => lookups.lookup(scope, "Environment", n, read(n), list));
    for (let i = 0; i < 4; i++) {
      await flush();
      finishAll();
    }
    return Promise.all(lookups_);
  };
  await run(["a-0", "a-1", "a-2", "a-3"]);
  expect(seen).toEqual({ runs: 1, pages: 3 });
  expect(await run(["b-0", "b-1", "b-2", "b-3", "b-4"])).toEqual([
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
  expect(seen).toEqual({ runs: 2, pages: 6 });
  expect(reads.filter((r) => r.startsWith("b-"))).toEqual(["b-0"]);
});

test("one queued lookup reads alone; a failed listing falls back to reads for good; types and scopes stay apart", async () => {
  const lookups = new NameLookups();
  const { reads, read, finishAll } = heldRead();
  const failing: NameListing = async function* () {
    await Promise.resolve();
    yield* [];
    throw Object.assign(new Error("denied"), { name: "AccessDeniedException" });
  };
  const envs = ["env-0", "env-1", "env-2"].map((n) =>
    lookups.lookup(scope, "Environment", n, read(n), failing),
  );
  const { list, seen } = listing([[]]);
  // Another type, and the same type in another scope, are not queued behind the environments.
  const service = lookups.lookup(scope, "Service", "svc-0", read("svc-0"), list);
  const otherScope = lookups.lookup({}, "Environment", "env-9", read("env-9"), list);
  await flush();
  expect(reads).toEqual(["env-0", "svc-0", "env-9"]);
  finishAll();
  await flush();
  await flush();
  expect(reads).toEqual(["env-0", "svc-0", "env-9", "env-1", "env-2"]);
  finishAll();
  await Promise.all([...envs, service, otherScope]);
  expect(seen.runs).toBe(0);
  // A failed listing is not tried again in this process: the next burst reads each name.
  const again = ["env-3", "env-4", "env-5", "env-6"].map((n) =>
    lookups.lookup(scope, "Environment", n, read(n), list),
  );
  await flush();
  finishAll();
  await flush();
  finishAll();
  await Promise.all(again);
  expect(reads.slice(-4)).toEqual(["env-3", "env-4", "env-5", "env-6"]);
  expect(seen.runs).toBe(0);

  // A single name queued behind another: its own read costs no more than a listing.
  const single = listing([["x"]]);
  const pair = ["a", "b"].map((n) => lookups.lookup(scope, "Repository", n, read(n), single.list));
  await flush();
  finishAll();
  await flush();
  finishAll();
  await Promise.all(pair);
  expect(reads.slice(-2)).toEqual(["a", "b"]);
  expect(single.seen.runs).toBe(0);
});
