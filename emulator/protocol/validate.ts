import { validationMessage, violations, type Members } from "../../common/model";
import { validation } from "./errors";

/** Validates a request body the way AWS does: a ValidationException listing every broken constraint. */
export function validateInput(members: Members, input: unknown): void {
  const found = violations(members, input);
  if (found.length > 0) throw validation(validationMessage(found));
}
