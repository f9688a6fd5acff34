import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { assertBuilt, REPO_ROOT } from "./harness";

// `npm run demo` as a user sees it: the real CLI up, a spec change as `preview --diff`, destroy. Its output
// reads cleanly: the preview's change count and the demo's next line are not run together, the stack's
// outputs are printed once (by Pulumi), progress lines are not dumped under Diagnostics, and it does not
// end with Pulumi's hint to `pulumi stack rm` a stack whose folder the demo deletes.

let output = "";
beforeAll(async () => {
  assertBuilt();
  const { stdout } = await promisify(execFile)("node", [join(REPO_ROOT, "scripts", "demo.js")], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  output = stdout;
}, 600_000);

test("the demo deploys, previews the change and destroys to an empty proton-local", () => {
  expect(output).toContain("proton-local is empty again.");
  expect(output).toMatch(/^mutating Proton calls during the preview: 0$/m);
});

test("each line stands alone: the preview's count ends its line", () => {
  expect(output).toMatch(/^ {4}\d+ unchanged\n/m);
});

test("the stack's outputs are printed once", () => {
  expect(output.match(/^Outputs:/gm)).toHaveLength(1);
});

test("no progress lines under Diagnostics, and no hint to remove a stack the demo already removed", () => {
  expect(output).not.toContain("Diagnostics:");
  expect(output).not.toContain("pulumi stack rm");
});
