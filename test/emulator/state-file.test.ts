import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateEnvironmentTemplateCommand, GetEnvironmentTemplateCommand } from "@aws-sdk/client-proton";
import { startProtonLocal } from "../../emulator";
import { expectError, startHarness, uniq } from "./helpers";

// --state-file faults show up at start, never as 500s later: a file of the wrong shape or a path that
// can't be written is refused with the file's name; a save that fails leaves the call with no effect
// (an error answered means nothing changed); temp files left by a killed run are removed.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "proton-local-state-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const start = (stateFile: string) => startProtonLocal({ port: 0, stateFile });
/** The error starting with `stateFile` fails with, or undefined (closing the server) when it starts. */
const startError = (stateFile: string) =>
  start(stateFile).then(
    (local) => local.close().then(() => undefined),
    (e: Error) => e,
  );

describe("a state file of the wrong shape is refused at start, naming the file and the problem", () => {
  test.each([
    ["no state at all", { format: 1 }, /must have required property 'state'/],
    ["no clock offset", { format: 1, state: {} }, /must have required property 'clockOffsetMs'/],
    ["state is a list", { format: 1, clockOffsetMs: 0, state: [] }, /state must be object/],
    ["a collection is a list", { format: 1, clockOffsetMs: 0, state: { templates: [] } }, /state\.templates/],
    [
      "a record is not an object",
      { format: 1, clockOffsetMs: 0, state: { versions: { "ENVIRONMENT/a/1.0": "x" } } },
      /state\.versions/,
    ],
    ["an unknown collection", { format: 1, clockOffsetMs: 0, state: { widgets: {} } }, /widgets/],
    ["a clock offset that is text", { format: 1, clockOffsetMs: "0", state: {} }, /clockOffsetMs/],
    ["a top-level list", [1, 2], /object/],
  ])("%s", async (_, content, problem) => {
    const stateFile = join(dir, "state.json");
    writeFileSync(stateFile, JSON.stringify(content));
    const error = await startError(stateFile);
    expect(error?.message).toContain(stateFile);
    expect(error?.message).toMatch(problem);
  });

  test("a valid file from before a collection existed still loads", async () => {
    const stateFile = join(dir, "state.json");
    writeFileSync(stateFile, JSON.stringify({ format: 1, clockOffsetMs: 5, state: { templates: {} } }));
    const local = await start(stateFile);
    await local.close();
  });
});

describe("a state file that can't be written is refused at start", () => {
  test("its parent is a regular file", async () => {
    writeFileSync(join(dir, "file"), "");
    const stateFile = join(dir, "file", "state.json");
    expect((await startError(stateFile))?.message).toMatch(`${stateFile}: the state file can't be written`);
  });

  test("it is a folder", async () => {
    const stateFile = join(dir, "state.json");
    mkdirSync(stateFile);
    expect((await startError(stateFile))?.message).toContain(stateFile);
  });
});

describe("a save that fails is atomic with the call", () => {
  test("the call answers an error and changed nothing; once saves work, calls are saved again", async () => {
    const folder = join(dir, "state");
    const stateFile = join(folder, "state.json");
    const h = await startHarness({ stateFile });
    try {
      const kept = uniq("kept");
      await h.client.send(new CreateEnvironmentTemplateCommand({ name: kept }));
      // Saves start failing: the state file's folder becomes a regular file.
      rmSync(folder, { recursive: true });
      writeFileSync(folder, "");
      const lost = uniq("lost");
      await expectError(
        h.client.send(new CreateEnvironmentTemplateCommand({ name: lost })),
        "InternalServerException",
        /could not be saved/,
      );
      await expectError(
        h.client.send(new GetEnvironmentTemplateCommand({ name: lost })),
        "ResourceNotFoundException",
      );
      const { environmentTemplate } = await h.client.send(new GetEnvironmentTemplateCommand({ name: kept }));
      expect(environmentTemplate!.name).toBe(kept);
      // The control plane's saving routes are atomic too.
      const before = (await h.control.clock()).offsetMs;
      await expect(h.control.advanceClock("1h")).rejects.toThrow(/500 .*could not be saved/);
      expect((await h.control.clock()).offsetMs).toBe(before);

      rmSync(folder);
      const later = uniq("later");
      await h.client.send(new CreateEnvironmentTemplateCommand({ name: later }));
      const saved = JSON.parse(readFileSync(stateFile, "utf8")) as { state: { templates: object } };
      expect(Object.keys(saved.state.templates).sort()).toEqual(
        [`ENVIRONMENT/${kept}`, `ENVIRONMENT/${later}`].sort(),
      );
    } finally {
      await h.close();
    }
  });
});

describe("temp files left by a killed run", () => {
  test("are removed at start; other files are left alone", async () => {
    const stateFile = join(dir, "state.json");
    // The pid of a process that has exited, as a killed proton-local's would be.
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(join(dir, `state.json.${deadPid}.tmp`), '{"format":1,"half');
    writeFileSync(join(dir, "state.json.bak"), "mine");
    writeFileSync(join(dir, "other.json.123.tmp"), "not ours");
    const local = await start(stateFile);
    try {
      expect(readdirSync(dir).sort()).toEqual(["other.json.123.tmp", "state.json", "state.json.bak"]);
    } finally {
      await local.close();
    }
  });
});
