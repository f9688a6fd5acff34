/** A numeric setting from the environment: its value when it is a positive number, else undefined. */
export function positiveSetting(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isFinite(n) && n > 0 ? n : undefined;
}
