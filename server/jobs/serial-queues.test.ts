import { describe, expect, it } from "vitest";
import { createSerialQueues } from "./serial-queues";

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("one task at a time per key (a conversation's deliveries)", () => {
  it("runs a conversation's tasks in the order given, and other conversations' alongside", async () => {
    const queues = createSerialQueues();
    const order: string[] = [];
    let releaseFirst = () => {};
    const first = queues.run("c1", () =>
      new Promise<void>((resolve) => (releaseFirst = resolve)).then(() => {
        order.push("c1 first");
      }),
    );
    const second = queues.run("c1", async () => {
      order.push("c1 second");
    });
    const other = queues.run("c2", async () => {
      order.push("c2");
    });
    await other;
    expect(order).toEqual(["c2"]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(["c2", "c1 first", "c1 second"]);
  });

  it("a failed task still lets the ones behind it run, rejects only for its caller, and leaves nothing unhandled", async () => {
    const queues = createSerialQueues();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const failing = queues.run("c1", async () => {
        throw new Error("database connection reset");
      });
      const failed = failing.then(
        () => "sent",
        (error: Error) => error.message,
      );
      let ranAfter = false;
      await queues.run("c1", async () => {
        ranAfter = true;
      });
      expect(await failed).toBe("database connection reset");
      expect(ranAfter).toBe(true);
      await tick();
      await tick();
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("forgets a conversation once its last task has settled", async () => {
    const queues = createSerialQueues();
    await queues.run("c1", async () => {});
    await queues
      .run("c2", async () => {
        throw new Error("refused");
      })
      .catch(() => {});
    await tick();
    expect(queues.busyKeys()).toBe(0);
  });
});
