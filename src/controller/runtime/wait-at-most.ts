/** Resolves true when `done` resolves within `timeoutMs`, false when the time runs out first; no timer is left behind. */
export async function waitAtMost(done: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => { timer = setTimeout(() => { resolve(false); }, timeoutMs); });
  try {
    return await Promise.race([done.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
