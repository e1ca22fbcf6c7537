/**
 * A small in-process cache of strings bounded by their total length: when a new entry would go
 * over the budget, the least recently used entries leave first.
 */
export class TextCache<V extends { text: string }> {
  private entries = new Map<string, V>();
  private size = 0;

  constructor(private readonly maxChars: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Re-insert: a Map iterates in insertion order, so the front is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    if (value.text.length > this.maxChars) return;
    this.entries.set(key, value);
    this.size += value.text.length;
    for (const [oldest, old] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(oldest);
      this.size -= old.text.length;
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.size -= old.text.length;
  }

  /** Total characters held. */
  get chars(): number {
    return this.size;
  }
}
