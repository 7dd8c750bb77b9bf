// What a simulated management endpoint received and concluded, in arrival order, with the
// requestId counter it answers from (the central server's authCertReg endpoint, the management
// service provider's IS).
export class RequestInbox<T> {
  readonly received: T[] = [];
  private nextRequestId: number;

  constructor(firstRequestId: number) {
    this.nextRequestId = firstRequestId;
  }

  takeRequestId(): number {
    return this.nextRequestId++;
  }

  last(): T | undefined {
    return this.received[this.received.length - 1];
  }

  clear(): void {
    this.received.length = 0;
  }
}
