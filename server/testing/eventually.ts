// Tests watch asynchronous work (jobs, deliveries, callbacks) settle by reading until it has.
import { AppError } from "../errors";

/** Reads until `accept` holds or the time is up; returns the last value read either way. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const began = Date.now();
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() - began > timeoutMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** "sent" when the promise resolves, else the AppError code it failed with. */
export const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "sent",
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
