/** Polls `condition` every few ms until it returns true, failing with `what` (and the last detail) after the deadline. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000, detail?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? ` (last seen: ${detail()})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
