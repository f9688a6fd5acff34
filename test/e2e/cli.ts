import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { engineEnv } from "./harness";

// The real Pulumi CLI run as a user runs it, on a project directory (not through the Automation API),
// without blocking the event loop: proton-local answers from the test process itself.

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Environment for a CLI run against proton-local with a file backend under `stateDir`. */
export function cliEnv(binDir: string, endpoint: string, stateDir: string, home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${binDir}:${process.env.PATH}`,
    PULUMI_HOME: home,
    ...engineEnv(endpoint, stateDir),
  };
}

/** Starts a command in its own process group, so it can be killed with everything it started. */
export function start(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const result = new Promise<CliResult>((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, result };
}

export const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) =>
  start(cmd, args, cwd, env).result;

/** Runs a command and returns its stdout; a non-zero exit throws with both streams. */
export async function ok(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await run(cmd, args, cwd, env);
  if (r.code !== 0)
    throw new Error(
      `${cmd} ${args.join(" ")} exited ${r.code ?? r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
    );
  return r.stdout;
}

/** Process ids of every live descendant of `pid`, from /proc (Linux). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the command name (field 2) may hold spaces.
      const stat = readFileSync(join("/proc", entry, "stat"), "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: number[] = [];
  const walk = (p: number) =>
    (children.get(p) ?? []).forEach((c) => {
      out.push(c);
      walk(c);
    });
  walk(pid);
  return out;
}

/**
 * SIGKILLs a process started by `start`, its whole process group, and any descendant that moved to a group
 * of its own (the CLI may start plugins that way): nothing of the run survives to finish its work.
 */
export function killTree(child: ChildProcess): void {
  const pid = child.pid!;
  const all = descendants(pid);
  for (const target of [-pid, pid, ...all])
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // Already gone.
    }
}
