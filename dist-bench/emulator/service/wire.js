"use strict";
// The SDK's operation shapes as proton-local handles them: a request after model validation (required
// members present) and a reply as sent on the wire (timestamps in epoch seconds, no response metadata).
Object.defineProperty(exports, "__esModule", { value: true });
