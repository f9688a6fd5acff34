import { waitedMs, type AsyncOperation } from "./metrics";

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
