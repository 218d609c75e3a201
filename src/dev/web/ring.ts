/**
 * A fixed-capacity ring buffer: the viewer's log records are kept in one, so a long session
 * holds the newest `capacity` records and never more.
 */

/**
 * Keeps the newest `capacity` items; pushing past it overwrites the oldest.
 *
 * @example
 * const ring = new Ring<number>(2);
 * ring.push(1); ring.push(2); ring.push(3);
 * [...ring.newestFirst()]; // [3, 2]
 */
export class Ring<T> {
  private readonly _items: (T | undefined)[];
  private _next = 0;
  private _size = 0;
  /** Items pushed out by newer ones since creation. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`Ring capacity must be a positive integer, got ${capacity}`);
    }
    this._items = new Array<T | undefined>(capacity);
  }

  /** Number of items held. */
  get size(): number {
    return this._size;
  }

  /** Appends `item`, dropping the oldest when full. */
  push(item: T): void {
    if (this._size === this.capacity) this.dropped++;
    else this._size++;
    this._items[this._next] = item;
    this._next = (this._next + 1) % this.capacity;
  }

  /** The items, newest first. */
  *newestFirst(): Generator<T> {
    for (let i = 1; i <= this._size; i++) {
      yield this._items[(this._next - i + this.capacity) % this.capacity] as T;
    }
  }

  /** Forgets every item. */
  clear(): void {
    this._items.fill(undefined);
    this._next = 0;
    this._size = 0;
  }
}
