import { describe, expect, it } from "vitest";
import { createProcessingQueue } from "./processing-queue";

/** A task that runs until released, recording when it starts. */
function heldTask(name: string, started: string[]) {
  let release = () => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    task: async () => {
      started.push(name);
      await done;
    },
    release: () => release(),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("work after an acknowledgement, a bounded number at once", () => {
  it("runs as many events as the bound allows, and the next in arrival order as each finishes", async () => {
    const queue = createProcessingQueue({ concurrency: 2, maxBacklog: 10 });
    const started: string[] = [];
    const tasks = ["a", "b", "c", "d"].map((name) => heldTask(name, started));
    const pushed = tasks.map(({ task }) => queue.push(task));
    await tick();
    expect(started).toEqual(["a", "b"]);

    tasks[1]?.release();
    await pushed[1];
    await tick();
    expect(started).toEqual(["a", "b", "c"]);

    for (const { release } of tasks) release();
    await Promise.all(pushed);
    expect(started).toEqual(["a", "b", "c", "d"]);
  });

  it("a failing event frees its place for the next and still answers whoever pushed it", async () => {
    const queue = createProcessingQueue({ concurrency: 1, maxBacklog: 10 });
    const ran: string[] = [];
    const failing = queue.push(async () => {
      throw new Error("customer lookup failed");
    });
    const next = queue.push(async () => {
      ran.push("next");
    });
    await expect(failing).resolves.toBeUndefined();
    await next;
    expect(ran).toEqual(["next"]);
  });

  it("past the backlog an event is left to the sweep job: never run here, its caller answered at once", async () => {
    const queue = createProcessingQueue({ concurrency: 1, maxBacklog: 1 });
    const started: string[] = [];
    const running = heldTask("running", started);
    const waiting = heldTask("waiting", started);
    const first = queue.push(running.task);
    const second = queue.push(waiting.task);
    let leftToSweep = false;
    const third = queue.push(async () => {
      started.push("dropped");
    });
    void third.then(() => {
      leftToSweep = true;
    });
    await tick();
    expect(leftToSweep).toBe(true);

    running.release();
    waiting.release();
    await Promise.all([first, second]);
    expect(started).toEqual(["running", "waiting"]);
  });
});
