import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliEnv, ok, start } from "./cli";
import { pulumiRoot, REPO_ROOT } from "./harness";

// Ctrl-C on the real CLI running a project directory through the language host: the CLI cancels its
// plugins (the host's Cancel interrupts the program) and stops them with SIGINT to their process group;
// the program is interrupted, the run ends with an error and nothing of it keeps running.
// test/language-host proves Cancel and SIGINT on the host alone.

let tmp: string;
let project: string;
let env: NodeJS.ProcessEnv;

const PROGRAM = `"use strict";
const fs = require("fs");
const report = (what) => fs.writeFileSync(process.env.PROGRAM_REPORT, JSON.stringify({ pid: process.pid, ...what }));
process.on("SIGINT", () => {
  report({ interrupted: true });
  process.exit(1);
});
report({ started: true });
// Keep the program running until it is interrupted.
module.exports = new Promise(() => setInterval(() => {}, 1000));
`;

beforeAll(async () => {
  const bin = join(pulumiRoot(), "bin");
  tmp = mkdtempSync(join(tmpdir(), "pulumi-proton-interrupt-"));
  project = join(tmp, "project");
  mkdirSync(project);
  mkdirSync(join(tmp, "state"));
  writeFileSync(
    join(project, "Pulumi.yaml"),
    "name: interrupt\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
  );
  writeFileSync(join(project, "index.js"), PROGRAM);
  // The program and the language host use this repository's @pulumi/pulumi.
  symlinkSync(join(REPO_ROOT, "node_modules"), join(project, "node_modules"));
  env = {
    ...cliEnv(bin, "http://127.0.0.1:1", join(tmp, "state"), join(tmp, "home")),
    PROGRAM_REPORT: join(tmp, "report.json"),
  };
  await ok("pulumi", ["stack", "init", "dev", "--non-interactive"], project, env);
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Whether `pid` has exited (and been reaped) within 10 s. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

test("SIGINT to `pulumi preview` interrupts the program, and the run fails", async () => {
  const reportFile = env.PROGRAM_REPORT!;
  const { child, result } = start("pulumi", ["preview", "--non-interactive"], project, env);
  for (let i = 0; i < 1200 && !existsSync(reportFile); i++) await new Promise((r) => setTimeout(r, 50));
  const started = JSON.parse(readFileSync(reportFile, "utf8")) as { pid: number; started?: boolean };
  expect(started.started).toBe(true);

  process.kill(child.pid!, "SIGINT");
  const run = await result;
  expect(run.code).not.toBe(0);
  expect(JSON.parse(readFileSync(reportFile, "utf8"))).toEqual({ pid: started.pid, interrupted: true });
  expect(await gone(started.pid)).toBe(true);
}, 120_000);
