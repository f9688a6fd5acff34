// Progress lines from the provider (polls, adoption, retries, versions deleted with their template).

/** Prints one progress line about a resource. */
export function progress(_ctx: { what: string }, message: string): void {
  console.log(message);
}
