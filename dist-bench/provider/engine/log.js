"use strict";
// Progress lines from the provider (polls, adoption, retries, versions deleted with their template).
Object.defineProperty(exports, "__esModule", { value: true });
exports.progress = progress;
/** Prints one progress line about a resource. */
function progress(_ctx, message) {
    console.log(message);
}
