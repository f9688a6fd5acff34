import { expect } from "@jest/globals";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";

// scripts/ensure-node and scripts/with-node: the Node.js builds the npm registry publishes, cached, and the
// README's commands running on Node.js 22 whatever Node.js is on PATH. The first run of a fresh machine
// downloads Node.js 22 (about 50 MB); later runs use the cache.

const SCRIPTS = resolve(__dirname, "..", "..", "scripts");
let tmp: string;

beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), "node-tooling-"))));
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** A PATH whose `node` reports `version` (and otherwise runs this test's node), ahead of the real PATH. */
function pathWithNode(version: string): string {
  const dir = join(tmp, "old-node");
  mkdirSync(dir, { recursive: true });
  const script = `#!/bin/sh\n[ "$1" = --version ] && echo ${version} && exit 0\nexec "${process.execPath}" "$@"\n`;
  writeFileSync(join(dir, "node"), script);
  chmodSync(join(dir, "node"), 0o755);
  return [dir, process.env.PATH].join(delimiter);
}

const run = (script: string, args: string[], PATH = process.env.PATH) =>
  spawnSync(join(SCRIPTS, script), args, { encoding: "utf8", env: { ...process.env, PATH } });

test("with-node runs the command on Node.js 22 when the node on PATH is older", () => {
  const r = run("with-node", ["node", "-p", "process.version"], pathWithNode("v20.20.2"));
  expect(r.stderr).toContain("node on PATH is v20.20.2; running on Node.js 22");
  expect({ status: r.status, stdout: r.stdout }).toEqual({
    status: 0,
    stdout: expect.stringMatching(/^v22\./),
  });
});

test("ensure-node installs the pinned release into the cache and prints its bin directory", () => {
  const r = run("ensure-node", ["22"], pathWithNode("v20.20.2"));
  expect(r.status).toBe(0);
  const bin = r.stdout.trim().split("\n").pop() ?? "";
  expect(bin).toMatch(/pulumi-proton\/node\/v22\.\d+\.\d+\/bin$/);
  expect(execFileSync(join(bin, "node"), ["--version"], { encoding: "utf8" }).trim()).toBe(
    bin.split("/").slice(-2)[0],
  );
});

test("ensure-node uses a node on PATH of the asked major, and with-node a node at or above the floor", () => {
  const cached = run("ensure-node", ["22"], pathWithNode("v20.20.2")).stdout.trim();
  const PATH = [cached, process.env.PATH].join(delimiter);
  const r = run("ensure-node", ["22"], PATH);
  expect({ status: r.status, stdout: r.stdout.trim() }).toEqual({ status: 0, stdout: cached });
  expect(r.stderr).toContain(`using ${join(cached, "node")}`);
  const direct = run("with-node", ["node", "-p", "process.execPath"], PATH);
  expect({ status: direct.status, stdout: direct.stdout.trim(), stderr: direct.stderr }).toEqual({
    status: 0,
    stdout: join(cached, "node"),
    stderr: "",
  });
});

test("ensure-node names the majors it can install when asked for another", () => {
  const r = run("ensure-node", ["21"]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("with <major> 22 or 24");
  expect(r.stdout).toBe("");
});
