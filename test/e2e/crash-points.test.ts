import type { CallRecord } from "../../emulator";
import { candidatePoints, DELAYS_MS, describePoint, pickPoints, pointMatcher } from "./crash-points";

// How kill points are chosen from a clean run's call log, on a small made-up log: no CLI involved.

let seq = 0;
const call = (operation: string, name: string, mutating = false): CallRecord => ({
  seq: ++seq,
  at: "2026-01-01T00:00:00Z",
  operation,
  mutating,
  status: 200,
  target: { name },
});

const LOG = [
  call("GetEnvironmentTemplate", "vpc"),
  call("CreateEnvironmentTemplate", "vpc", true),
  call("CreateEnvironment", "dev", true),
  call("GetEnvironment", "dev"),
  call("GetEnvironment", "dev"),
  call("GetEnvironment", "dev"),
  call("GetEnvironment", "dev"),
  call("CreateEnvironment", "prod", true),
  call("GetEnvironment", "prod"),
  call("GetEnvironment", "prod"),
];

test("candidates: both phases of every mutating call, and only the first re-read of a resource", () => {
  expect(candidatePoints(LOG).map(describePoint)).toEqual([
    "before CreateEnvironmentTemplate(vpc)",
    "after CreateEnvironmentTemplate(vpc)",
    "before CreateEnvironment(dev)",
    "after CreateEnvironment(dev)",
    "before GetEnvironment(dev) #2",
    "before CreateEnvironment(prod)",
    "after CreateEnvironment(prod)",
    "before GetEnvironment(prod) #2",
  ]);
});

test("the coverage set: first call of each mutating operation, first wait of each resource", () => {
  expect(pickPoints(candidatePoints(LOG), 0, 1).map(describePoint)).toEqual([
    "before CreateEnvironmentTemplate(vpc)",
    "after CreateEnvironmentTemplate(vpc)",
    "before CreateEnvironment(dev)",
    "after CreateEnvironment(dev)",
    "before GetEnvironment(dev) #2",
    "before GetEnvironment(prod) #2",
  ]);
});

test("seeded points fill up to the count, distinct, in run order, the same for the same seed", () => {
  const candidates = candidatePoints(LOG);
  const picked = pickPoints(candidates, 20, 7).map(describePoint);
  expect(picked).toHaveLength(20);
  expect(new Set(picked).size).toBe(20);
  expect(picked.slice(0, 2)).toEqual([
    "before CreateEnvironmentTemplate(vpc)",
    "after CreateEnvironmentTemplate(vpc)",
  ]);
  expect(pickPoints(candidates, 20, 7).map(describePoint)).toEqual(picked);
  expect(pickPoints(candidates, 20, 8).map(describePoint)).not.toEqual(picked);
  const delays = picked.filter((p) => / \+\d+ms$/.test(p));
  expect(delays.length).toBeGreaterThan(0);
  for (const d of delays) expect(DELAYS_MS).toContain(Number(/\+(\d+)ms$/.exec(d)![1]));
  // Every possible point when the count asks for more than there are.
  const all = pickPoints(candidates, 1000, 1);
  expect(all).toHaveLength(candidates.length + 5 * DELAYS_MS.length); // five calls in the log have candidates
});

test("a point is recognised in another run by operation, resource and occurrence", () => {
  const [point] = pickPoints(candidatePoints(LOG), 0, 1).filter((p) => p.operation === "GetEnvironment");
  const matches = pointMatcher(point);
  const seen = (name: string) => matches("received", "GetEnvironment", { name });
  expect([seen("prod"), seen("dev"), seen("prod"), seen("dev"), seen("dev")]).toEqual([
    false,
    false,
    false,
    true,
    false,
  ]);
});
