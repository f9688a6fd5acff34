import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliEnv, ok, run } from "./cli";
import { deploymentOf, pulumiRoot } from "./harness";
import { checkpointPath, repairCheckpoint } from "./state-files";

// A SIGKILL while the file backend saves can leave a stack unreadable ("failed to load checkpoint: EOF"):
// the checkpoint's metadata sidecar is rewritten in place and can be left empty. The crash matrix meets this
// only when a kill lands in that narrow window, so the repair it then applies is proven here on purpose,
// with the real CLI: tear the sidecar, see the CLI refuse the stack, repair, and get the newest checkpoint back.

let tmp: string;
let project: string;
let state: string;
let env: NodeJS.ProcessEnv;
const pulumi = (...args: string[]) => ok("pulumi", [...args, "--non-interactive"], project, env);
const deployment = async () => deploymentOf(await pulumi("stack", "export"));

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "pulumi-proton-torn-"));
  project = join(tmp, "project");
  state = join(tmp, "state");
  mkdirSync(project);
  mkdirSync(state);
  writeFileSync(join(project, "Pulumi.yaml"), "name: torn\nruntime: nodejs\n");
  env = cliEnv(join(pulumiRoot(), "bin"), "http://127.0.0.1:1", state, join(tmp, "home"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A stack saved twice, so that `.json.bak` holds an older checkpoint than `.json`. */
async function savedTwice(stack: string) {
  await pulumi("stack", "init", stack);
  const older = await deployment();
  const newer = { ...older, manifest: { ...older.manifest, time: "2026-11-26T00:00:00Z" } };
  const file = join(tmp, `${stack}.json`);
  writeFileSync(file, JSON.stringify({ version: 3, deployment: newer }));
  await pulumi("stack", "import", "--file", file);
  return { newer: await deployment(), checkpoint: checkpointPath(state, "torn", stack) };
}

test("a torn metadata sidecar: the sidecar goes, the newest checkpoint stays", async () => {
  const { newer, checkpoint } = await savedTwice("sidecar");
  truncateSync(`${checkpoint}.attrs`, 0);
  const refused = await run("pulumi", ["cancel", "--yes", "--non-interactive"], project, env);
  expect(refused.stderr).toContain("failed to load checkpoint: EOF");

  expect(repairCheckpoint(checkpoint)).toBe("remove torn .json.attrs");
  await pulumi("cancel", "--yes");
  expect(await deployment()).toEqual(newer);
});

test("an intact stack is not touched", async () => {
  const { checkpoint } = await savedTwice("intact");
  expect(() => repairCheckpoint(checkpoint)).toThrow(/nothing known to repair/);
});
