import type { CallRecord } from "../emulator";
import { asyncOperations, callFigures, waitedMs, type AsyncOperation } from "./metrics";

let seq = 0;
const call = (
  atMs: number,
  operation: string,
  target: Record<string, string>,
  more: Partial<CallRecord> = {},
): CallRecord => ({
  seq: ++seq,
  at: new Date(Date.UTC(2026, 0, 1) + atMs).toISOString(),
  operation,
  mutating: !/^(Get|List)/.test(operation),
  status: 200,
  target,
  ...more,
});

describe("asynchronous operations read from the call log", () => {
  it("gives each its status polls until the resource's next change, timed from the first call", () => {
    const calls = [
      call(0, "CreateEnvironmentTemplateVersion", { templateName: "vpc" }),
      call(500, "GetEnvironmentTemplateVersion", { templateName: "vpc", majorVersion: "1" }),
      // Publishing is the version's next change: the read after it belongs to no wait.
      call(600, "UpdateEnvironmentTemplateVersion", { templateName: "vpc", majorVersion: "1" }),
      call(700, "GetEnvironmentTemplateVersion", { templateName: "vpc", majorVersion: "1" }),
      call(800, "CreateEnvironment", { name: "prod" }),
      call(900, "CreateEnvironment", { name: "staging" }),
      call(5000, "GetEnvironment", { name: "prod" }),
      // A throttled poll is no poll.
      call(6000, "GetEnvironment", { name: "staging" }, { status: 400, error: "ThrottlingException" }),
      call(7000, "GetEnvironment", { name: "staging" }),
    ];
    expect(asyncOperations(calls)).toEqual([
      {
        resource: "EnvironmentTemplateVersion vpc",
        operation: "CreateEnvironmentTemplateVersion",
        startMs: 0,
        pollsMs: [500],
      },
      { resource: "Environment prod", operation: "CreateEnvironment", startMs: 800, pollsMs: [5000] },
      { resource: "Environment staging", operation: "CreateEnvironment", startMs: 900, pollsMs: [7000] },
    ]);
    expect(callFigures(calls)).toMatchObject({
      calls: 9,
      throttled: 1,
      asyncOps: 3,
      pollsMean: 1,
      pollsMax: 1,
      byOperation: { GetEnvironment: 3, CreateEnvironment: 2 },
    });
  });

  it("counts the poll that finds a deleted resource gone, and one change sent in several calls once", () => {
    const calls = [
      call(0, "UpdateServiceInstance", { serviceName: "web", name: "a" }),
      call(10, "UpdateServiceInstance", { serviceName: "web", name: "b" }),
      call(3000, "GetService", { name: "web" }),
      call(4000, "DeleteService", { name: "web" }),
      call(9000, "GetService", { name: "web" }, { status: 400, error: "ResourceNotFoundException" }),
    ];
    expect(asyncOperations(calls, Date.parse(calls[0].at) - 1000)).toEqual([
      { resource: "Service web", operation: "UpdateServiceInstance", startMs: 1000, pollsMs: [4000] },
      { resource: "Service web", operation: "DeleteService", startMs: 5000, pollsMs: [10_000] },
    ]);
  });
});

const op = (startMs: number, ...pollsMs: number[]): AsyncOperation => ({
  resource: "Environment e",
  operation: "CreateEnvironment",
  startMs,
  pollsMs,
});

describe("time some asynchronous operation was under way", () => {
  it("counts time covered by overlapping operations once, and the gaps between them not at all", () => {
    // A registration (0–5), two environments deployed together (6–40 and 7–41), then the service (42–70).
    const ops = [op(0, 2, 5), op(6, 20, 40), op(7, 41), op(42, 60, 70)];
    expect(waitedMs(ops)).toBe(5 + (41 - 6) + (70 - 42));
  });

  it("ends each operation at the poll that saw it done, and leaves out operations never polled", () => {
    expect(waitedMs([op(10, 12, 30), op(15)])).toBe(20);
    expect(waitedMs([op(3)])).toBe(0);
    expect(waitedMs([])).toBe(0);
  });

  it("takes operations in any order, and one inside another adds nothing", () => {
    expect(waitedMs([op(50, 60), op(0, 100), op(20, 30)])).toBe(100);
  });
});
