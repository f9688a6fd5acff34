import type { Proton } from "@aws-sdk/client-proton";
import type { OperationName, SdkInput } from "../../common/model";
import type { Backend } from "./backend";

// The SDK's operation shapes as proton-local handles them: a request after model validation (required
// members present) and a reply as sent on the wire (timestamps in epoch seconds, no response metadata).

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/**
 * A `*CommandInput` once the model check passed: its required members are set, at every level (the model
 * checks nested shapes too). Union members such as `TemplateVersionSourceInput` keep their variants.
 */
export type Valid<T> = T extends (infer U)[]
  ? Valid<U>[]
  : T extends object
    ? { [K in RequiredKeys<T>]: Valid<Exclude<T[K], undefined>> } & {
        [K in Exclude<keyof T, RequiredKeys<T>>]?: Valid<T[K]>;
      }
    : T;

/** A `*CommandOutput` as sent: Dates become epoch seconds and `$metadata` is the transport's. */
export type Wire<T> = T extends Date
  ? number
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T as K extends "$metadata" ? never : K]: Wire<T[K]> }
      : T;

/**
 * The SDK's output type of an operation, read off the aggregated client's last overload
 * (`method(args, options, cb: (err, data?: Output) => void)`), the one a conditional type sees.
 */
type SdkOutput<Op extends OperationName> = Proton[Uncapitalize<Op>] extends (
  args: never,
  options: never,
  cb: (err: never, data?: infer O) => void,
) => void
  ? O
  : never;

/** An operation's request as a handler receives it, and its reply as the handler returns it. */
export type OperationInput<Op extends OperationName> = Valid<SdkInput<Op>>;
export type OperationOutput<Op extends OperationName> = Wire<SdkOutput<Op>>;

/** The behaviour of one operation: its SDK input (model-validated) in, its SDK output (as sent) out. */
export type Handler<Op extends OperationName> = (
  b: Backend,
  input: OperationInput<Op>,
) => OperationOutput<Op>;

/** Operation name -> behaviour for every operation of the model: a missing or misspelt one fails to compile. */
export type Handlers = { [Op in OperationName]: Handler<Op> };
