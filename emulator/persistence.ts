import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import Ajv from "ajv";
import type { Backend } from "./service/backend";
import { emptyState } from "./service/state";

// Optional persistence: the whole state and the clock offset. Every fault shows at start, never later as
// a 500: the file's shape is checked when it is loaded, and a first save proves the path writable. A save
// writes a temp file, fsyncs it, renames it over the file and fsyncs the folder, so a call answered
// success is durable and a crash never leaves a torn file. A save that fails puts the state back as it was
// last saved, so the call that failed changed nothing.

interface Snapshot {
  format: 1;
  clockOffsetMs: number;
  state: Backend["state"];
}

/** Collections whose values are not records (objects). */
const SCALAR_COLLECTIONS: Record<string, object> = {
  tombstones: { type: "object", additionalProperties: { type: "number" } },
  accountSettings: { type: "object" },
};
const snapshotShape = new Ajv({ allErrors: false, strict: true }).compile({
  type: "object",
  required: ["format", "state", "clockOffsetMs"],
  properties: {
    format: {},
    clockOffsetMs: { type: "number" },
    state: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(
        Object.keys(emptyState()).map((key) => [
          key,
          SCALAR_COLLECTIONS[key] ?? { type: "object", additionalProperties: { type: "object" } },
        ]),
      ),
    },
  },
});

function shapeProblem(snapshot: unknown): string | undefined {
  if (snapshotShape(snapshot)) return undefined;
  const [error] = snapshotShape.errors ?? [];
  if (!error) return "not a state snapshot";
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, ".") : "the file";
  const extra = (error.params as { additionalProperty?: string }).additionalProperty;
  return extra !== undefined ? `${where} has an unknown member '${extra}'` : `${where} ${error.message}`;
}

/** Temp files this module writes: `<file>.<pid>.tmp`. */
const tempName = (file: string, pid: number) => `${file}.${pid}.tmp`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes `<file>.<pid>.tmp` files left by a proton-local that was killed mid-save. */
function removeStaleTemps(file: string): void {
  const folder = dirname(file);
  if (!existsSync(folder)) return;
  const prefix = `${basename(file)}.`;
  for (const entry of readdirSync(folder)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = /^(\d+)\.tmp$/.exec(entry.slice(prefix.length))?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid)))
      rmSync(join(folder, entry), { force: true });
  }
}

function writeDurably(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tempName(file, process.pid);
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const folder = openSync(dirname(file), "r");
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}

export class StateFile {
  /** The snapshot text last written, which a failed save restores. */
  private saved = "";

  constructor(readonly file: string) {}

  /**
   * Loads the file when it exists (checking its shape), removes stale temp files and saves once, so a
   * path that can't be written fails here. Every error names the file.
   */
  open(backend: Backend): void {
    if (existsSync(this.file)) this.load(backend);
    try {
      removeStaleTemps(this.file);
      this.save(backend);
    } catch (e) {
      throw new Error(`${this.file}: the state file can't be written (${(e as Error).message})`);
    }
  }

  private load(backend: Backend): void {
    let snapshot: unknown;
    try {
      snapshot = JSON.parse(readFileSync(this.file, "utf8"));
    } catch (e) {
      throw new Error(`${this.file}: not a proton-local state file (${(e as Error).message})`);
    }
    const format = (snapshot as Partial<Snapshot> | null)?.format;
    if (typeof snapshot === "object" && snapshot !== null && !Array.isArray(snapshot) && format !== 1)
      throw new Error(`${this.file}: unsupported state format ${String(format)}`);
    const problem = shapeProblem(snapshot);
    if (problem) throw new Error(`${this.file}: not a proton-local state file: ${problem}`);
    const valid = snapshot as Snapshot;
    // A file written before a state collection existed simply lacks it.
    backend.state = { ...emptyState(), ...valid.state };
    backend.clock.offsetMs = valid.clockOffsetMs;
  }

  /** Saves durably; on failure restores the state last saved and throws. */
  save(backend: Backend): void {
    const snapshot: Snapshot = { format: 1, clockOffsetMs: backend.clock.offsetMs, state: backend.state };
    const text = JSON.stringify(snapshot);
    try {
      writeDurably(this.file, text);
    } catch (e) {
      if (this.saved) {
        const last = JSON.parse(this.saved) as Snapshot;
        backend.state = last.state;
        backend.clock.offsetMs = last.clockOffsetMs;
      }
      throw e;
    }
    this.saved = text;
  }
}
