"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.run = void 0;
exports.cliEnv = cliEnv;
exports.start = start;
exports.ok = ok;
exports.killTree = killTree;
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const harness_1 = require("./harness");
/** Environment for a CLI run against proton-local with a file backend under `stateDir`. */
function cliEnv(binDir, endpoint, stateDir, home) {
    return {
        ...process.env,
        PATH: `${binDir}:${process.env.PATH}`,
        PULUMI_HOME: home,
        ...(0, harness_1.engineEnv)(endpoint, stateDir),
    };
}
/** Starts a command in its own process group, so it can be killed with everything it started. */
function start(cmd, args, cwd, env) {
    const child = (0, node_child_process_1.spawn)(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const result = new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
    return { child, result };
}
const run = (cmd, args, cwd, env) => start(cmd, args, cwd, env).result;
exports.run = run;
/** Runs a command and returns its stdout; a non-zero exit throws with both streams. */
async function ok(cmd, args, cwd, env) {
    const r = await (0, exports.run)(cmd, args, cwd, env);
    if (r.code !== 0)
        throw new Error(`${cmd} ${args.join(" ")} exited ${r.code ?? r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    return r.stdout;
}
/** Process ids of every live descendant of `pid`, from /proc (Linux). */
function descendants(pid) {
    const children = new Map();
    for (const entry of (0, node_fs_1.readdirSync)("/proc")) {
        if (!/^\d+$/.test(entry))
            continue;
        try {
            // Field 4 of /proc/<pid>/stat is the parent pid; the command name (field 2) may hold spaces.
            const stat = (0, node_fs_1.readFileSync)((0, node_path_1.join)("/proc", entry, "stat"), "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
        }
        catch {
            // The process ended while we looked.
        }
    }
    const out = [];
    const walk = (p) => (children.get(p) ?? []).forEach((c) => {
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
function killTree(child) {
    const pid = child.pid;
    const all = descendants(pid);
    for (const target of [-pid, pid, ...all])
        try {
            process.kill(target, "SIGKILL");
        }
        catch {
            // Already gone.
        }
}
