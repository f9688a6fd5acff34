"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseDuration = parseDuration;
exports.formatDuration = formatDuration;
/**
 * Parses Terraform/Go-style durations ("90s", "10m", "1h30m", "250ms") into milliseconds.
 * A bare number is taken as milliseconds. Returns undefined for anything else.
 */
function parseDuration(text) {
    if (typeof text === "number")
        return Number.isFinite(text) && text >= 0 ? text : undefined;
    const trimmed = text.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed))
        return Number(trimmed);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
    const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
    if (!parts.length || parts.map((p) => p[0]).join("") !== trimmed)
        return undefined;
    return parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0);
}
/** Renders milliseconds the short way a person reads them: "850ms", "12.4s", "3m05s". */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)}s`;
    const m = Math.floor(ms / 60_000);
    const s = Math.round((ms % 60_000) / 1000);
    return `${m}m${String(s).padStart(2, "0")}s`;
}
