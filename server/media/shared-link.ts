// A simulated network link of fixed bandwidth shared by all responses of one token, so that
// parallel audio and video downloads split the bandwidth as they would on a real connection.

export class SharedLink {
  private nextFreeAt = 0;

  constructor(
    readonly bytesPerSecond: number,
    private readonly now: () => number = Date.now
  ) {}

  /** Books `bytes` on the link; returns how many ms from now their transfer completes. */
  reserve(bytes: number): number {
    const now = this.now();
    const start = Math.max(now, this.nextFreeAt);
    this.nextFreeAt = start + (bytes * 1000) / this.bytesPerSecond;
    return this.nextFreeAt - now;
  }

  /** Bytes per chunk: about 50 ms of transfer, so pacing is smooth but timers stay few. */
  chunkSize(): number {
    return Math.min(64 * 1024, Math.max(512, Math.round(this.bytesPerSecond / 20)));
  }
}
