import { describe, expect, it } from "vitest";
import { setLogLevel } from "../logger";
import { runInBackground, settleBackgroundWork } from "./background-work";

setLogLevel("silent");

/** A task that finishes when told to. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("shutdown waits for work started after an acknowledgement", () => {
  it("waits for work that work started as it settled, then says everything settled", async () => {
    const first = gate();
    const second = gate();
    const done: string[] = [];
    runInBackground(async () => {
      await first.opened;
      done.push("first");
      // Like a kf pull queueing its messages: more work, started just before this one settles.
      runInBackground(async () => {
        await second.opened;
        done.push("second");
      });
    });

    const settling = settleBackgroundWork(5_000);
    first.open();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done).toEqual(["first"]);
    second.open();

    expect(await settling).toBe(true);
    expect(done).toEqual(["first", "second"]);
  });

  it("gives up at the deadline while work is still running, and settles once it is done", async () => {
    const stuck = gate();
    runInBackground(() => stuck.opened);

    expect(await settleBackgroundWork(20)).toBe(false);
    stuck.open();
    expect(await settleBackgroundWork(5_000)).toBe(true);
  });

  it("a failure is logged, not thrown, and counts as settled", async () => {
    runInBackground(async () => {
      throw new Error("the sweep will find it");
    });
    expect(await settleBackgroundWork(5_000)).toBe(true);
  });

  it("answers at once when nothing runs", async () => {
    expect(await settleBackgroundWork(0)).toBe(true);
  });
});
