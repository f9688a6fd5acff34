"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadState = loadState;
exports.saveState = saveState;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const state_1 = require("./service/state");
function loadState(file, backend) {
    if (!(0, node_fs_1.existsSync)(file))
        return false;
    let snapshot;
    try {
        snapshot = JSON.parse((0, node_fs_1.readFileSync)(file, "utf8"));
    }
    catch (e) {
        throw new Error(`${file}: not a proton-local state file (${e.message})`);
    }
    if (snapshot.format !== 1)
        throw new Error(`${file}: unsupported state format ${String(snapshot.format)}`);
    // A file written before a state collection existed simply lacks it.
    backend.state = { ...(0, state_1.emptyState)(), ...snapshot.state };
    backend.clock.offsetMs = snapshot.clockOffsetMs;
    return true;
}
function saveState(file, backend) {
    const snapshot = { format: 1, clockOffsetMs: backend.clock.offsetMs, state: backend.state };
    (0, node_fs_1.mkdirSync)((0, node_path_1.dirname)(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    (0, node_fs_1.writeFileSync)(tmp, JSON.stringify(snapshot));
    (0, node_fs_1.renameSync)(tmp, file);
}
