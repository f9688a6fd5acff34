import { expect } from "@jest/globals";
import { Cohorts } from "./cohort";

// Who probes and who follows, on a clock the test moves.

let now = 0;
const cohorts = () => new Cohorts(() => now);
beforeEach(() => (now = 1_000));

const settled = async (p: Promise<void> | undefined) =>
  Promise.race([p?.then(() => true), new Promise((resolve) => setImmediate(() => resolve(false)))]);

test("work of the same kind started within the window follows the first; other kinds probe on their own", async () => {
  const c = cohorts();
  const probe = c.join("Environment:create", 500);
  expect(probe.follow).toBeUndefined();
  now += 500;
  const follower = c.join("Environment:create", 500);
  const otherKind = c.join("Service:create", 500);
  expect(follower.follow).toBeDefined();
  expect(otherKind.follow).toBeUndefined();
  expect(await settled(follower.follow)).toBe(false);
  probe.end();
  expect(await settled(follower.follow)).toBe(true);
  // With the probe over, the next one probes again.
  expect(c.join("Environment:create", 500).follow).toBeUndefined();
});

test("work started after the window probes for later ones; the earlier probe ending leaves it in place", async () => {
  const c = cohorts();
  const early = c.join("Environment:create", 500);
  now += 501;
  const late = c.join("Environment:create", 500);
  expect(late.follow).toBeUndefined();
  early.end();
  now += 100;
  const follower = c.join("Environment:create", 500);
  expect(follower.follow).toBeDefined();
  late.end();
  expect(await settled(follower.follow)).toBe(true);
});
