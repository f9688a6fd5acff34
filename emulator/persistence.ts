import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Backend } from "./service/backend";
import { emptyState } from "./service/state";

// Optional persistence: the whole state and the clock offset, written atomically (temp file + rename)
// so a crash mid-write never leaves a torn file.

interface Snapshot {
  format: 1;
  clockOffsetMs: number;
  state: Backend["state"];
}

export function loadState(file: string, backend: Backend): boolean {
  if (!existsSync(file)) return false;
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  } catch (e) {
    throw new Error(`${file}: not a proton-local state file (${(e as Error).message})`);
  }
  if (snapshot.format !== 1) throw new Error(`${file}: unsupported state format ${String(snapshot.format)}`);
  // A file written before a state collection existed simply lacks it.
  backend.state = { ...emptyState(), ...snapshot.state };
  backend.clock.offsetMs = snapshot.clockOffsetMs;
  return true;
}

export function saveState(file: string, backend: Backend): void {
  const snapshot: Snapshot = { format: 1, clockOffsetMs: backend.clock.offsetMs, state: backend.state };
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(snapshot));
  renameSync(tmp, file);
}
