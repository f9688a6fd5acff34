import type { ResourceDescription } from "../engine/description";
import { connection } from "./connection";
import { environment } from "./environment";
import { service } from "./service";
import { templateDescription } from "./template";
import { templateVersionDescription } from "./templateVersion";

/** Every resource type the package offers, by its fixed type name. */
export const DESCRIPTIONS: Record<string, ResourceDescription> = Object.fromEntries(
  [
    templateDescription("Environment"),
    templateVersionDescription("Environment"),
    templateDescription("Service"),
    templateVersionDescription("Service"),
    environment,
    service,
    connection,
  ].map((d) => [d.type, d]),
);
