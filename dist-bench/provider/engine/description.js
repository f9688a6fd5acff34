"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.send = void 0;
/** Sends a command and returns its output as a plain record (outputs are read field by field). */
const send = (ctx, command) => ctx.client.send(command);
exports.send = send;
