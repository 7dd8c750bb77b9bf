// The journal's disk writer: a worker thread that appends frames and fdatasyncs them, then says
// how far the file is durable. Run from the main thread, every step of the write/fsync cycle waited
// for the event loop, which under load is busy signing and verifying in bursts of tens of ms: the
// disk sat idle between steps and each logged message waited ~30 ms for its flush (measured with
// c=48 exchanges). Here the cycle runs on its own thread, as a database's WAL writer does for
// X-Road's message log; frames queued while a flush runs share the next one (group commit).
// The worker writes through the main thread's file descriptor (same process, same fd table).
import { Worker } from 'node:worker_threads';

// Plain CommonJS: an eval'd worker needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const fs = require('node:fs');
const fd = workerData.fd;
let failed = false;
parentPort.on('message', (first) => {
  if (failed) return;
  const batch = [...first];
  for (let m = receiveMessageOnPort(parentPort); m; m = receiveMessageOnPort(parentPort)) batch.push(...m.message);
  try {
    for (const f of batch) {
      const buf = Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength);
      let off = 0;
      while (off < buf.length) {
        const n = fs.writeSync(fd, buf, off, buf.length - off, null);
        if (n <= 0) throw new Error('write made no progress');
        off += n;
      }
    }
    fs.fdatasyncSync(fd);
    parentPort.postMessage({ durable: batch[batch.length - 1].seq });
  } catch (e) {
    failed = true;
    parentPort.postMessage({ error: String(e && e.message || e) });
  }
});
`;

interface Waiting {
  seq: number;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class JournalWriter {
  private readonly worker: Worker;
  private readonly waiting: Waiting[] = [];
  private seq = 0;
  private outgoing: Array<{ seq: number; data: Buffer }> = [];
  private failure?: Error;
  private idle: Array<() => void> = [];

  /** `onFailure` hears the first write/fsync error; every waiting and later write is refused with it. */
  constructor(fd: number, private readonly onFailure: (e: Error) => Error) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { fd } });
    this.worker.unref();
    this.worker.on('message', (m: { durable?: number; error?: string }) => {
      if (m.error !== undefined) return this.fail(new Error(m.error));
      while (this.waiting.length > 0 && this.waiting[0]!.seq <= m.durable!) this.waiting.shift()!.resolve();
      this.settleIdle();
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      if (this.waiting.length > 0) this.fail(new Error(`the journal writer thread exited (${code})`));
    });
  }

  /**
   * Resolves once `data` is written and fdatasync'd, after everything written before it. `data`
   * must own its whole ArrayBuffer (Buffer.allocUnsafeSlow): the memory moves to the writer thread
   * (a structured-clone copy cost 0.1 ms per message log record) and is unusable here afterwards.
   */
  write(data: Buffer): Promise<void> {
    if (data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength) return Promise.reject(new RangeError('journal writer: data must own its ArrayBuffer'));
    if (this.failure) return Promise.reject(this.failure);
    const seq = ++this.seq;
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ seq, resolve, reject });
      // Kept alive while something waits on the disk; idle, it must not hold the process open.
      if (this.waiting.length === 1) this.worker.ref();
      this.outgoing.push({ seq, data });
      // Frames logged in the same turn of the event loop (a burst of exchanges resumed together)
      // go over in one message: a postMessage costs far more in a loaded server than the copy.
      if (this.outgoing.length === 1) setImmediate(this.post);
    });
  }

  private readonly post = (): void => {
    const frames = this.outgoing;
    this.outgoing = [];
    if (this.failure) return;
    this.worker.postMessage(frames, frames.map((f) => f.data.buffer as ArrayBuffer));
  };

  /** Waits for what is in flight, then stops the thread (the descriptor stays the caller's). */
  async close(): Promise<void> {
    if (this.waiting.length > 0) await new Promise<void>((r) => this.idle.push(r));
    await this.worker.terminate();
  }

  private fail(e: Error): void {
    this.failure ??= this.onFailure(e);
    for (const w of this.waiting.splice(0)) w.reject(this.failure);
    this.settleIdle();
  }

  private settleIdle(): void {
    if (this.waiting.length > 0) return;
    this.worker.unref();
    for (const f of this.idle.splice(0)) f();
  }
}
