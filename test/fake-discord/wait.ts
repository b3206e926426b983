import { EventEmitter } from "node:events";

/** Anything a condition may return: falsy means "not yet". */
export type Maybe<T> = T | undefined | null | false;

/**
 * Condition-based waiting. The fake calls `changed()` whenever its state moves (a REST call, a message
 * change, a gateway frame); waiters re-check then. A short poll also re-checks, because conditions may look
 * at things the fake cannot see change (e.g. `client.isReady()`). No waiter ever sleeps a fixed time.
 */
export class ChangeFeed {
  private readonly events = new EventEmitter();
  private closed = false;

  constructor() {
    this.events.setMaxListeners(0);
  }

  /** Wake every waiter to re-check its condition. */
  changed(): void {
    this.events.emit("change");
  }

  /** Fail every pending waiter (the fake is shutting down). */
  close(): void {
    this.closed = true;
    this.events.emit("close");
  }

  /**
   * Resolves with the first truthy value of `condition`, checked now, on every change and every 10 ms;
   * rejects after `timeoutMs` with `describe()` in the message so a failing test says what it waited for.
   */
  until<T>(condition: () => Maybe<T>, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        let value: Maybe<T>;
        try {
          value = condition();
        } catch (error) {
          finish();
          reject(error);
          return true;
        }
        if (value === undefined || value === null || value === false) return false;
        finish();
        resolve(value);
        return true;
      };
      const onClose = () => {
        finish();
        reject(new Error(`FakeDiscord was closed while waiting for: ${describe()}`));
      };
      const poll = setInterval(check, 10);
      const timer = setTimeout(() => {
        if (check()) return;
        finish();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for: ${describe()}`));
      }, timeoutMs);
      const finish = () => {
        clearInterval(poll);
        clearTimeout(timer);
        this.events.off("change", check);
        this.events.off("close", onClose);
      };
      if (this.closed) {
        onClose();
        return;
      }
      this.events.on("change", check);
      this.events.on("close", onClose);
      check();
    });
  }
}
