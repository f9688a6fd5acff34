"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CLIENT_TOKEN_TTL_MS = exports.ProtonLocalControl = exports.startProtonLocal = void 0;
// proton-local: a local AWS Proton API emulator. The API model it validates against is common/model.
//   protocol/  the wire: awsJson1_0, SigV4 verification, error shapes
//   service/   Proton's behaviour: state, idempotency, async state machines, dependency rules
//   control/   the control plane: call log, fault injection, clock, durations
var server_1 = require("./server");
Object.defineProperty(exports, "startProtonLocal", { enumerable: true, get: function () { return server_1.startProtonLocal; } });
var client_1 = require("./control/client");
Object.defineProperty(exports, "ProtonLocalControl", { enumerable: true, get: function () { return client_1.ProtonLocalControl; } });
var idempotency_1 = require("./service/idempotency");
Object.defineProperty(exports, "CLIENT_TOKEN_TTL_MS", { enumerable: true, get: function () { return idempotency_1.CLIENT_TOKEN_TTL_MS; } });
