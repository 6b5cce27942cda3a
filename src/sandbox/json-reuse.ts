// A write serializes the object it stored once for its watchers and, in the same synchronous
// turn, once more for its own response. The watch side offers its text here and the response
// takes it, so each write pays for one JSON.stringify of the object instead of two. Only one
// object is held, matched by identity, and it is forgotten at the end of the turn, so an object
// changed later can never be answered with stale text.
const slot: { value: object | undefined; text: string; clearing: boolean } = { value: undefined, text: '', clearing: false };

function clear(): void {
  slot.value = undefined;
  slot.text = '';
  slot.clearing = false;
}

/** Remembers `text` as the JSON of `value` until the current synchronous turn ends. */
export function offerJson(value: object, text: string): void {
  slot.value = value;
  slot.text = text;
  if (slot.clearing) return;
  slot.clearing = true;
  queueMicrotask(clear);
}

/** JSON.stringify(value), reusing text offered for the same object during this turn. */
export function jsonText(value: unknown): string {
  if (value !== undefined && value === slot.value) return slot.text;
  return JSON.stringify(value);
}
