"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Clock = void 0;
/** The emulated clock: wall time plus an offset that the control plane can advance (to expire client tokens). */
class Clock {
    offsetMs;
    constructor(offsetMs = 0) {
        this.offsetMs = offsetMs;
    }
    now() {
        return Date.now() + this.offsetMs;
    }
    advance(ms) {
        if (!Number.isFinite(ms) || ms < 0)
            throw new Error("the clock only moves forward");
        this.offsetMs += ms;
    }
}
exports.Clock = Clock;
